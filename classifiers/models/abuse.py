"""Abuse: a calibrated probability, sub-label probabilities, and the words behind them."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from classifiers.features.hashed_ngrams import HashedNgrams
from classifiers.features.lexicon import CATEGORIES, category_hits, lexicon_matrix
from classifiers.models.linear_head import CalibratedLinearHead

SUB_LABELS = ("insult", "threat", "identity_attack", "obscenity")
# Which lexicon categories count as evidence for each sub-label in explanations.
_LEXICON_EVIDENCE = {"insult": ("insult", "disparaging"), "threat": ("threat",), "identity_attack": ("identity_slur",), "obscenity": ("obscenity",)}


def abuse_features(hashed: sp.csr_matrix, token_lists: list[list[str]], normalised: list[str]) -> sp.csr_matrix:
    return sp.hstack([hashed, sp.csr_matrix(lexicon_matrix(token_lists, normalised))], format="csr")


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
        # A sub-label cannot be more likely than abuse itself; capping keeps the
        # dashboard from showing "threat 0.9" under "abuse 0.3".
        abuse = self.predict_proba(X)
        return {name: np.minimum(head.predict_proba(X)[:, 1], abuse) for name, head in self.sub_heads_.items()}

    def explain(self, featurizer: HashedNgrams, X_row: sp.csr_matrix, tokens: list[str], normalised: str, top: int = 5) -> list[str]:
        """Words and phrases whose features pushed this comment's abuse score up most."""
        coef = self.head_.coef_
        n_hashed = featurizer.n_features
        row = X_row.tocsr()
        values = dict(zip(row.indices.tolist(), row.data.tolist()))
        contributions: dict[str, float] = {}
        for phrase, index in featurizer.word_features(tokens):
            contributions[phrase] = contributions.get(phrase, 0.0) + coef[index] * values.get(index, 0.0)
        dense_row = np.zeros(X_row.shape[1], dtype=np.float32)
        dense_row[row.indices] = row.data
        for token in set(tokens):
            chars = featurizer.char_features(token)
            contributions[token] = contributions.get(token, 0.0) + float(coef[chars] @ dense_row[chars])
        hits = category_hits(tokens, normalised)
        for k, name in enumerate(CATEGORIES):
            weight = coef[n_hashed + k] * values.get(n_hashed + k, 0.0)
            for word in hits[name]:
                contributions[word] = contributions.get(word, 0.0) + weight / len(hits[name])
        ranked = sorted(contributions.items(), key=lambda kv: -kv[1])
        return [phrase for phrase, value in ranked[:top] if value > 0.05]

    # -- persistence -------------------------------------------------------------
    def to_arrays(self) -> dict[str, np.ndarray]:
        arrays = self.head_.to_arrays("abuse")
        for name, head in self.sub_heads_.items():
            arrays.update(head.to_arrays(f"abuse.{name}"))
        return arrays

    @classmethod
    def from_arrays(cls, arrays) -> "AbuseModel":
        model = cls()
        model.head_ = CalibratedLinearHead.from_arrays(arrays, "abuse")
        model.sub_heads_ = {name: CalibratedLinearHead.from_arrays(arrays, f"abuse.{name}") for name in SUB_LABELS}
        return model
