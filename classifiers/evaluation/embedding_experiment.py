"""Do sentence embeddings help the off-topic score? (needs the ``embeddings`` extra)

For each development set it reports the embedding cosine alone and, when the artifact
has one, the embedding head, next to the default head. Each distinct text is encoded
once: when a context is made of several texts (C3's "article" is the other comments
under it) their vectors are averaged, so a thread of n comments costs n encodings,
not n long ones. Throughput: ``python -m classifiers bench --model DIR`` with and
without ``CLASSIFIERS_OFF_TOPIC_EMBEDDINGS=0``.
"""

from __future__ import annotations

import numpy as np

from classifiers.features.off_topic_embeddings import SentenceEncoder, article_passages, embedding_features

BATCH = 256


def passages_of(contexts: list[dict[str, str]], context_passages: list[list[str]] | None):
    """(article passages, parent passages) per comment, as the scorer would build them."""
    if context_passages:
        articles = [[p for p in ps if p.strip()] for ps in context_passages]
    else:
        articles = [article_passages(c.get("title"), c.get("body")) for c in contexts]
    parents = [[c["parent"]] if (c.get("parent") or "").strip() else [] for c in contexts]
    return articles, parents


def set_embedding_features(encoder: SentenceEncoder, texts, contexts, context_passages=None) -> np.ndarray:
    articles, parents = passages_of(contexts, context_passages)
    blocks = [
        embedding_features(encoder, texts[s : s + BATCH], articles[s : s + BATCH], parents[s : s + BATCH])
        for s in range(0, len(texts), BATCH)
    ]
    return np.vstack(blocks)


class EmbeddingOffTopic:
    """Scores for the evaluation report: the embedding cosine alone and the embedding head."""

    def __init__(self, cache_size: int = 60_000):
        self.encoder = SentenceEncoder(cache_size=cache_size)

    def scores(self, model, X, texts, contexts, context_passages=None) -> dict[str, np.ndarray]:
        from classifiers.features.off_topic_embeddings import EMBEDDING_FEATURES

        E = set_embedding_features(self.encoder, texts, contexts, context_passages)
        out = {"embedding cosine": -E[:, EMBEDDING_FEATURES.index("emb_best_cos")]}
        if model.uses_embeddings:
            out["ours + embeddings"] = model.predict_proba(X, E)
        return out
