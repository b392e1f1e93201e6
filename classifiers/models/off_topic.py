"""Off-topic: how unrelated a comment is to its article (and parent), as a probability."""

from __future__ import annotations

import numpy as np

from classifiers.features.context_similarity import columns
from classifiers.features.off_topic_embeddings import EMBEDDING_FEATURES
from classifiers.models.linear_head import CalibratedLinearHead, sigmoid

# The only training threads are a few videos' comments, so a head with many weights
# learns their quirks (how long a promotion is, how a title was simulated) rather than
# relevance. The default head therefore sees one measure of relevance — the total
# evidence the comment's words give for the best-matching context part — plus which
# parts exist and how long they are, which sets how much evidence to expect.
LIGHT_FEATURES = ("best_evidence_total", "context_length", "has_title", "has_body", "has_parent")
# Of the embedding similarities, the embedding head adds only the best one, for the
# same reason: on three video threads, per-part cosines separate the videos perfectly
# and the head would lean on them at the expense of everything else.
LIGHT_EMBEDDING_FEATURES = ("emb_best_cos",)
# Artifacts written before features were named used all of these, in this order.
LEGACY_FEATURES = (
    *(f"{kind}_{part}" for part in ("title", "body", "parent") for kind in ("word_cos", "char_cos", "coverage")),
    "has_title",
    "has_body",
    "has_parent",
    "best_word_cos",
    "best_char_cos",
    "best_coverage",
    "comment_length",
    "context_length",
    "short_and_unrelated",
)


def _logit(p: float) -> float:
    return float(np.log(p / (1.0 - p)))


class OffTopicModel:
    """A calibrated head over context-similarity features, and optionally a second one
    that also sees sentence-embedding similarities.

    It is trained on balanced pairs (a comment with its own thread's context, or with
    another thread's), so its raw output assumes half of all comments are off-topic.
    ``prior`` is the share expected under real articles; the output is shifted to it,
    which moves probabilities without changing the ranking. The embedding head is
    fitted only when ``fit`` gets embedding features; scoring falls back to the plain
    head whenever they are not supplied (the extra is not installed, or switched off).
    """

    def __init__(self, C=1.0, prior=0.15, features=LIGHT_FEATURES, embedding_features=LIGHT_EMBEDDING_FEATURES, random_state=0):
        self.C = C
        self.prior = prior
        self.features = features
        self.embedding_features = embedding_features
        self.random_state = random_state

    def _head(self):
        return CalibratedLinearHead(C=self.C, random_state=self.random_state)

    def fit(self, X, y, E=None):
        """``X``: context-similarity features (all columns); ``E``: embedding features (all) or None."""
        X = np.asarray(X)[:, columns(self.features)]
        self.head_ = self._head().fit(X, y)
        if E is not None:
            self.embedding_head_ = self._head().fit(np.hstack([X, self._embedding_columns(E)]), y)
        self.train_rate_ = float(np.mean(y))
        return self

    def _embedding_columns(self, E) -> np.ndarray:
        return np.asarray(E)[:, [EMBEDDING_FEATURES.index(n) for n in self.embedding_features]]

    @property
    def uses_embeddings(self) -> bool:
        return getattr(self, "embedding_head_", None) is not None

    def _shifted(self, head: CalibratedLinearHead, Z) -> np.ndarray:
        calibrated_logit = head.platt_[0] * head.decision_function(Z) + head.platt_[1]
        return sigmoid(calibrated_logit + _logit(self.prior) - _logit(self.train_rate_))

    def predict_proba(self, X, E=None) -> np.ndarray:
        """Probability of off-topic; uses the embedding head when ``E`` is given and one was fitted."""
        X = np.asarray(X)[:, columns(self.features)]
        if E is not None and self.uses_embeddings:
            return self._shifted(self.embedding_head_, np.hstack([X, self._embedding_columns(E)]))
        return self._shifted(self.head_, X)

    def to_arrays(self) -> dict[str, np.ndarray]:
        arrays = self.head_.to_arrays("off_topic")
        arrays["off_topic.coef"] = self.head_.coef_.astype(np.float32)
        arrays["off_topic.prior"] = np.array([self.prior, self.train_rate_])
        arrays["off_topic.features"] = np.array(self.features)
        if self.uses_embeddings:
            arrays.update(self.embedding_head_.to_arrays("off_topic_embedding"))
            arrays["off_topic_embedding.coef"] = self.embedding_head_.coef_.astype(np.float32)
            arrays["off_topic_embedding.features"] = np.array(self.embedding_features)
        return arrays

    @classmethod
    def from_arrays(cls, arrays) -> OffTopicModel:
        prior, train_rate = np.asarray(arrays["off_topic.prior"], dtype=np.float64)
        features = tuple(str(n) for n in arrays["off_topic.features"]) if "off_topic.features" in arrays else LEGACY_FEATURES
        model = cls(prior=float(prior), features=features)
        if "off_topic_embedding.features" in arrays:
            model.embedding_features = tuple(str(n) for n in arrays["off_topic_embedding.features"])
        model.head_ = CalibratedLinearHead.from_arrays(arrays, "off_topic")
        model.train_rate_ = float(train_rate)
        if "off_topic_embedding.coef" in arrays:
            model.embedding_head_ = CalibratedLinearHead.from_arrays(arrays, "off_topic_embedding")
        return model


def off_topic_card_line(manifest: dict) -> str:
    """The model card's description of the off-topic model in ``manifest``'s artifact."""
    line = (
        "- **off_topic**: calibrated logistic regression over the total evidence the comment's words give for its "
        "best-matching context part (Dirichlet-smoothed likelihood ratios of word stems against background rates, "
        "common words ignored), which "
        "context parts exist (title, body, parent) and their length. Trained on comment/thread pairs from YouTube "
        "comments (own thread = on-topic, another thread = off-topic; spam left to the spam signal); outputs are "
        f"shifted to an expected off-topic share of {manifest.get('off_topic_prior', 0.15)}."
    )
    if manifest.get("off_topic_embeddings"):
        line += (
            " A second head adds the cosine between the comment's and its context's all-MiniLM-L6-v2 embeddings; "
            "it is used only when the `embeddings` extra is installed (`CLASSIFIERS_OFF_TOPIC_EMBEDDINGS=0` turns it off)."
        )
    return line
