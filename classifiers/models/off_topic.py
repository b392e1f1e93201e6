"""Off-topic: how unrelated a comment is to its article (and parent), as a probability."""

from __future__ import annotations

import numpy as np

from classifiers.models.linear_head import CalibratedLinearHead, sigmoid


def _logit(p: float) -> float:
    return float(np.log(p / (1.0 - p)))


class OffTopicModel:
    """A calibrated head over context-similarity features.

    It is trained on balanced pairs (a comment with its own thread's context, or with
    another thread's), so its raw output assumes half of all comments are off-topic.
    ``prior`` is the share expected under real articles; the output is shifted to it,
    which moves probabilities without changing the ranking.
    """

    def __init__(self, C=1.0, prior=0.15, random_state=0):
        self.C = C
        self.prior = prior
        self.random_state = random_state

    def fit(self, X, y):
        self.head_ = CalibratedLinearHead(C=self.C, random_state=self.random_state).fit(X, y)
        self.train_rate_ = float(np.mean(y))
        return self

    def predict_proba(self, X) -> np.ndarray:
        head = self.head_
        calibrated_logit = head.platt_[0] * head.decision_function(X) + head.platt_[1]
        return sigmoid(calibrated_logit + _logit(self.prior) - _logit(self.train_rate_))

    def to_arrays(self) -> dict[str, np.ndarray]:
        arrays = self.head_.to_arrays("off_topic")
        arrays["off_topic.coef"] = self.head_.coef_.astype(np.float32)
        arrays["off_topic.prior"] = np.array([self.prior, self.train_rate_])
        return arrays

    @classmethod
    def from_arrays(cls, arrays) -> "OffTopicModel":
        prior, train_rate = np.asarray(arrays["off_topic.prior"], dtype=np.float64)
        model = cls(prior=float(prior))
        model.head_ = CalibratedLinearHead.from_arrays(arrays, "off_topic")
        model.train_rate_ = float(train_rate)
        return model
