"""A signal whose precision target is out of reach still flags its likeliest cases."""
from __future__ import annotations

import numpy as np

from classifiers.training.thresholds import threshold_at_precision


def test_unreachable_target_falls_back_to_the_best_precision_score():
    rng = np.random.default_rng(0)
    y = rng.integers(0, 2, 400)
    scores = np.clip(0.5 + 0.1 * (y - 0.5) + rng.normal(0, 0.2, 400), 0, 1)  # a weak signal
    threshold = threshold_at_precision(y, scores, target=0.99)
    assert threshold < 1.0
    flagged = scores >= threshold
    assert flagged.sum() >= 10 and y[flagged].mean() > y.mean()


def test_reachable_target_is_the_lowest_score_that_meets_it():
    y = np.array([0] * 50 + [1] * 50)
    scores = np.linspace(0, 1, 100)
    assert threshold_at_precision(y, scores, target=0.9) <= 0.5 + 1e-9
