"""Abuse: a calibrated probability, sub-label probabilities, and the words behind them."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from classifiers.features.hashed_ngrams import HashedNgrams
from classifiers.features.lexicon import CATEGORIES
from classifiers.features.token_table import TokenTable
from classifiers.models.explanations import SHOWN_FROM, phrase_contributions, top_phrases
from classifiers.models.linear_head import CalibratedLinearHead, split_probabilities, stack_weights

SUB_LABELS = ("insult", "threat", "identity_attack", "obscenity")


def abuse_features(hashed: sp.csr_matrix, lexicon_rows: np.ndarray) -> sp.csr_matrix:
    X = sp.hstack([hashed, sp.csr_matrix(lexicon_rows)], format="csr")
    X.sum_duplicates()  # one entry per column, as the solver and the explanations expect
    return X


class AbuseModel:
    """The main abuse head plus one head per sub-label, all over the same features.

    ``fit`` takes the shared, already fitted featurizer; the heads are what it learns.
    """

    def __init__(self, C=4.0, random_state=0):
        self.C = C
        self.random_state = random_state

    def fit(self, X: sp.csr_matrix, y: np.ndarray, sub_labels: dict[str, np.ndarray], sample_weight=None):
        self.head_ = CalibratedLinearHead(C=self.C, random_state=self.random_state).fit(X, y, sample_weight)
        self.sub_heads_ = {
            name: CalibratedLinearHead(C=self.C, random_state=self.random_state).fit(X, sub_labels[name], sample_weight)
            for name in SUB_LABELS
        }
        return self

    def predict_proba(self, X) -> np.ndarray:
        return self.head_.predict_proba(X)[:, 1]

    def predict_sub_labels(self, X) -> dict[str, np.ndarray]:
        abuse = self.predict_proba(X)
        return {name: np.minimum(head.predict_proba(X)[:, 1], abuse) for name, head in self.sub_heads_.items()}

    def predict_split(self, hashed: sp.csr_matrix, lexicon_rows: np.ndarray) -> tuple[np.ndarray, dict[str, np.ndarray]]:
        """Abuse and sub-label probabilities from the two feature blocks, all heads at once."""
        heads = [self.head_, *(self.sub_heads_[name] for name in SUB_LABELS)]
        if "_stacked" not in self.__dict__:
            self._stacked = stack_weights(heads)
        p = split_probabilities(heads, hashed, lexicon_rows, self._stacked)
        abuse = p[:, 0]
        # A sub-label cannot be more likely than abuse itself; capping keeps the
        # dashboard from showing "threat 0.9" under "abuse 0.3".
        return abuse, {name: np.minimum(p[:, k + 1], abuse) for k, name in enumerate(SUB_LABELS)}

    def explain(
        self, featurizer: HashedNgrams, table: TokenTable, hashed: sp.csr_matrix, lexicon: np.ndarray, hits: list[dict], top: int = 5
    ) -> list[list[str]]:
        """Per comment, the words and phrases whose features pushed its abuse score up most.

        ``table`` holds the comments' tokens, ``hashed`` and ``lexicon`` their two feature
        blocks (see ``abuse_features``), ``hits`` their lexicon matches (``category_hits``).
        """
        coef = self.head_.coef_
        n_hashed = featurizer.n_features
        explained = []
        matched = [{word for words in h.values() for word in words} for h in hits]
        contributions_of = phrase_contributions(featurizer, hashed, coef, table, characters=True, floor=SHOWN_FROM, keep=matched)
        for k, contributions in enumerate(contributions_of):
            for c, name in enumerate(CATEGORIES):
                weight = coef[n_hashed + c] * lexicon[k, c]
                for word in hits[k][name]:
                    contributions[word] = contributions.get(word, 0.0) + weight / len(hits[k][name])
            explained.append(top_phrases(contributions, top))
        return explained

    # -- persistence -------------------------------------------------------------
    def to_arrays(self) -> dict[str, np.ndarray]:
        arrays = self.head_.to_arrays("abuse")
        for name, head in self.sub_heads_.items():
            arrays.update(head.to_arrays(f"abuse.{name}"))
        return arrays

    @classmethod
    def from_arrays(cls, arrays) -> AbuseModel:
        model = cls()
        model.head_ = CalibratedLinearHead.from_arrays(arrays, "abuse")
        model.sub_heads_ = {name: CalibratedLinearHead.from_arrays(arrays, f"abuse.{name}") for name in SUB_LABELS}
        return model
