"""A calibrated logistic-regression head whose state is plain arrays.

sklearn's LogisticRegression does the fitting; what is kept afterwards is only the
weight vector, the intercept and a Platt scaling fitted on out-of-fold scores, so the
head can be stored as numbers and evaluated with one sparse dot product.
"""

from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-np.clip(z, -35.0, 35.0)))


class CalibratedLinearHead(ClassifierMixin, BaseEstimator):
    """Binary logistic regression plus Platt calibration on out-of-fold scores.

    Calibrating on scores the model produced for examples it had not seen gives
    probabilities that are not over-confident, so a threshold of 0.8 means roughly
    "80% of comments scored here were positive" on data like the training data.
    """

    def __init__(self, C=4.0, class_weight=None, calibration_folds=3, max_iter=300, random_state=0):
        self.C = C
        self.class_weight = class_weight
        self.calibration_folds = calibration_folds
        self.max_iter = max_iter
        self.random_state = random_state

    def _fit_linear(self, X, y, sample_weight):
        model = LogisticRegression(
            C=self.C, class_weight=self.class_weight, max_iter=self.max_iter, solver="liblinear", random_state=0
        )
        model.fit(X, y, sample_weight=sample_weight)
        return model.coef_.ravel().astype(np.float32), float(model.intercept_[0])

    def fit(self, X, y, sample_weight=None):
        y = np.asarray(y, dtype=int)
        self.classes_ = np.array([0, 1])
        if np.bincount(y, minlength=2).min() < self.calibration_folds:
            return self._fit_constant(X, y)
        out_of_fold = np.zeros(len(y))
        folds = StratifiedKFold(self.calibration_folds, shuffle=True, random_state=self.random_state)
        for train, held in folds.split(np.zeros(len(y)), y):
            weights = None if sample_weight is None else np.asarray(sample_weight)[train]
            coef, intercept = self._fit_linear(X[train], y[train], weights)
            out_of_fold[held] = X[held] @ coef + intercept
        self.coef_, self.intercept_ = self._fit_linear(X, y, sample_weight)
        platt = LogisticRegression(C=1e4, solver="lbfgs")
        platt.fit(out_of_fold.reshape(-1, 1), y)
        self.platt_ = np.array([platt.coef_[0, 0], platt.intercept_[0]], dtype=np.float64)
        return self

    def _fit_constant(self, X, y):
        # Too few examples of one class to learn or calibrate anything (a small
        # moderator batch, a rare sub-label): predict the smoothed base rate.
        rate = (y.sum() + 0.5) / (len(y) + 1.0)
        self.coef_ = np.zeros(X.shape[1], dtype=np.float32)
        self.intercept_ = float(np.log(rate / (1.0 - rate)))
        self.platt_ = np.array([1.0, 0.0])
        return self

    def decision_function(self, X):
        return np.asarray(X @ self.coef_).ravel() + self.intercept_

    def predict_proba(self, X):
        p = sigmoid(self.platt_[0] * self.decision_function(X) + self.platt_[1])
        return np.column_stack([1.0 - p, p])

    def predict(self, X):
        return (self.predict_proba(X)[:, 1] >= 0.5).astype(int)

    # -- persistence -------------------------------------------------------------
    def to_arrays(self, prefix: str) -> dict[str, np.ndarray]:
        # float16 halves the artifact; the weights' relative error (~1e-3) is far below
        # anything that moves a probability in the second decimal.
        return {
            f"{prefix}.coef": self.coef_.astype(np.float16),
            f"{prefix}.bias": np.array([self.intercept_, *self.platt_], dtype=np.float64),
        }

    @classmethod
    def from_arrays(cls, arrays, prefix: str) -> CalibratedLinearHead:
        head = cls()
        head.classes_ = np.array([0, 1])
        head.coef_ = np.asarray(arrays[f"{prefix}.coef"], dtype=np.float32)
        bias = np.asarray(arrays[f"{prefix}.bias"], dtype=np.float64)
        head.intercept_ = float(bias[0])
        head.platt_ = bias[1:3]
        return head


def split_probabilities(heads: list[CalibratedLinearHead], sparse, dense: np.ndarray, stacked: np.ndarray | None = None) -> np.ndarray:
    """Probabilities of several heads over the columns ``[sparse | dense]``, one column per head.

    Equal to ``head.predict_proba(hstack([sparse, dense]))[:, 1]`` for each head, without
    building the stacked matrix: one sparse product for all heads, one small dense one.
    ``stacked`` is the heads' weights side by side, if the caller keeps them.
    """
    if stacked is None:
        stacked = stack_weights(heads)
    n = sparse.shape[1]
    logits = np.asarray(sparse @ stacked[:n]) + dense @ stacked[n:]
    intercept = np.array([h.intercept_ for h in heads])
    slope = np.array([h.platt_[0] for h in heads])
    offset = np.array([h.platt_[1] for h in heads])
    return sigmoid(slope * (logits + intercept) + offset)


def stack_weights(heads: list[CalibratedLinearHead]) -> np.ndarray:
    return np.column_stack([h.coef_ for h in heads]).astype(np.float32)
