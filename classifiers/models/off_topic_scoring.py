"""Off-topic scores for a batch: context features, optional embeddings, the model.

The scorer uses sentence embeddings only when three things hold: the artifact has an
embedding head, the ``embeddings`` extra is installed, and the environment does not
switch them off (``CLASSIFIERS_OFF_TOPIC_EMBEDDINGS=0``). Otherwise it scores with
the plain head, so the default install never needs torch.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import numpy as np

from classifiers.features.context_similarity import COLUMN, ContextMemory, context_features
from classifiers.features.hashed_ngrams import HashedNgrams
from classifiers.models.off_topic import OffTopicModel

if TYPE_CHECKING:  # imported when first used: it brings in torch
    from classifiers.features.off_topic_embeddings import SentenceEncoder

SWITCH = "CLASSIFIERS_OFF_TOPIC_EMBEDDINGS"
# Scaled total evidence below which a comment shares at most a common word or two with
# its context (one shared distinctive word alone scores well above it).
FEW_SHARED = 0.2


def embeddings_wanted(model: OffTopicModel) -> bool:
    if not model.uses_embeddings or os.environ.get(SWITCH, "1").strip().lower() in ("0", "false", "no", "off"):
        return False
    from classifiers.features.off_topic_embeddings import embeddings_available

    return embeddings_available()


class OffTopicScorer:
    """Scores comments against their contexts; holds the sentence encoder once loaded."""

    def __init__(self, featurizer: HashedNgrams, model: OffTopicModel):
        self.featurizer = featurizer
        self.model = model
        self.use_embeddings = embeddings_wanted(model)
        self._encoder: SentenceEncoder | None = None
        self._contexts = ContextMemory()

    def _embedding_features(self, texts: list[str], contexts: list[dict[str, str | None]]) -> np.ndarray:
        from classifiers.features.off_topic_embeddings import (
            SentenceEncoder,
            article_passages,
            embedding_features,
        )

        if self._encoder is None:
            self._encoder = SentenceEncoder()
        articles = [article_passages(c.get("title"), c.get("body")) for c in contexts]
        parents = [[parent] if (parent := (c.get("parent") or "").strip()) else [] for c in contexts]
        return embedding_features(self._encoder, texts, articles, parents)

    def score(self, texts: list[str], contexts: list[dict[str, str | None]]) -> tuple[np.ndarray, list[list[str]]]:
        """Probabilities and, per comment, the reasons a moderator sees."""
        X, tokens = context_features(self.featurizer, texts, contexts, names=self.model.features, memory=self._contexts)
        E = self._embedding_features(texts, contexts) if self.use_embeddings else None
        return self.model.predict_proba(X, E), [reasons(row, t) for row, t in zip(X, tokens)]


def reasons(features: np.ndarray, tokens: list[str]) -> list[str]:
    out = []
    if features[COLUMN["best_evidence_total"]] < FEW_SHARED:
        out.append("shares almost no distinctive words with the article or parent")
    if len(tokens) < 5:
        out.append("very short comment (weak evidence)")
    return out
