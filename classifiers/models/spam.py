"""Spam: word features, surface signals and near-duplicate evidence in one calibrated head."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from classifiers.features.near_duplicates import NearDuplicateIndex
from classifiers.features.spam_signals import spam_signal_matrix
from classifiers.features.token_table import TokenTable
from classifiers.models.explanations import SHOWN_FROM, phrase_contributions, top_phrases
from classifiers.models.linear_head import CalibratedLinearHead, split_probabilities, stack_weights

DUPLICATE_FEATURES = ("duplicate_similarity", "duplicate_articles")


def duplicate_features(index: NearDuplicateIndex, texts: list[str], groups: list[str]) -> np.ndarray:
    """Similarity to remembered comments, then remember these; order matters (oldest first)."""
    similarity, other_groups = index.similarity_and_add_batch(texts, groups)
    # Only near-copies count: loosely similar texts are ordinary conversation.
    similarity = np.where(similarity >= index.match_threshold, similarity, 0.0)
    return np.column_stack([similarity, np.log1p(other_groups)]).astype(np.float32)


def spam_dense(texts: list[str], table: TokenTable, duplicates: np.ndarray) -> np.ndarray:
    """The spam model's dense columns: surface signals, then near-duplicate evidence."""
    return np.hstack([spam_signal_matrix(texts, table), duplicates])


def spam_features(hashed: sp.csr_matrix, dense: np.ndarray) -> sp.csr_matrix:
    X = sp.hstack([hashed, sp.csr_matrix(dense)], format="csr")
    X.sum_duplicates()  # one entry per column, as the solver and the explanations expect
    return X


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

    def predict_split(self, hashed: sp.csr_matrix, dense: np.ndarray) -> np.ndarray:
        """``predict_proba`` from the two feature blocks, without stacking them."""
        if "_stacked" not in self.__dict__:
            self._stacked = stack_weights([self.head_])
        return split_probabilities([self.head_], hashed, dense, self._stacked)[:, 0]

    def explain(self, featurizer, table: TokenTable, hashed: sp.csr_matrix, top: int = 3) -> list[list[str]]:
        """Per comment, the words and word pairs that pushed its spam score up most (``table``: their tokens, ``hashed``: their n-gram block)."""
        coef = self.head_.coef_[: featurizer.n_features]
        contributions = phrase_contributions(featurizer, hashed, coef, table, characters=False, floor=SHOWN_FROM)
        return [top_phrases(c, top) for c in contributions]

    def to_arrays(self) -> dict[str, np.ndarray]:
        return self.head_.to_arrays("spam")

    @classmethod
    def from_arrays(cls, arrays) -> SpamModel:
        model = cls()
        model.head_ = CalibratedLinearHead.from_arrays(arrays, "spam")
        return model
