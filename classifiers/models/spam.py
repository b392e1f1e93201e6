"""Spam: word features, surface signals and near-duplicate evidence in one calibrated head."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from classifiers.features.near_duplicates import NearDuplicateIndex
from classifiers.features.spam_signals import spam_signal_matrix
from classifiers.models.linear_head import CalibratedLinearHead

DUPLICATE_FEATURES = ("duplicate_similarity", "duplicate_articles")


def duplicate_features(index: NearDuplicateIndex, texts: list[str], groups: list[str]) -> np.ndarray:
    """Similarity to remembered comments, then remember these; order matters (oldest first)."""
    rows = np.zeros((len(texts), 2), dtype=np.float32)
    for i, (text, group) in enumerate(zip(texts, groups)):
        similarity, other_groups = index.similarity_and_add(text, group)
        # Only near-copies count: loosely similar texts are ordinary conversation.
        rows[i] = (similarity if similarity >= index.match_threshold else 0.0, np.log1p(other_groups))
    return rows


def spam_features(hashed: sp.csr_matrix, texts: list[str], token_lists: list[list[str]], duplicates: np.ndarray):
    dense = np.hstack([spam_signal_matrix(texts, token_lists), duplicates])
    return sp.hstack([hashed, sp.csr_matrix(dense)], format="csr")


class SpamModel:
    def __init__(self, C=4.0, random_state=0):
        self.C = C
        self.random_state = random_state

    def fit(self, X, y, sample_weight=None):
        self.head_ = CalibratedLinearHead(C=self.C, class_weight="balanced", random_state=self.random_state).fit(
            X, y, sample_weight
        )
        return self

    def predict_proba(self, X) -> np.ndarray:
        return self.head_.predict_proba(X)[:, 1]

    def explain(self, featurizer, X_row, tokens: list[str], top: int = 3) -> list[str]:
        coef = self.head_.coef_
        row = X_row.tocsr()
        values = dict(zip(row.indices.tolist(), row.data.tolist()))
        scored = [(phrase, coef[i] * values.get(i, 0.0)) for phrase, i in featurizer.word_features(tokens)]
        ranked = sorted(dict(scored).items(), key=lambda kv: -kv[1])
        return [phrase for phrase, value in ranked[:top] if value > 0.05]

    def to_arrays(self) -> dict[str, np.ndarray]:
        return self.head_.to_arrays("spam")

    @classmethod
    def from_arrays(cls, arrays) -> "SpamModel":
        model = cls()
        model.head_ = CalibratedLinearHead.from_arrays(arrays, "spam")
        return model
