"""Flag and withhold thresholds chosen from validation scores, not by hand.

A threshold is the lowest score at which the comments scoring at or above it were
positive at least ``target`` of the time on the validation set: the lowest bar that
keeps moderators' queues (or withholding) at that precision.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from sklearn.metrics import precision_recall_curve

# Precision wanted at each action: flagging only costs a moderator's look; withholding
# hides a subscriber's comment, and under full coverage someone will look soon anyway.
PRECISION_TARGETS = {
    "abuse": {"flag": 0.75, "withhold_part": 0.9, "withhold_full": 0.95},
    "off_topic": {"flag": 0.75},
    "spam": {"flag": 0.9},
}


# Share of comments on a news site assumed to be positive. Validation sets drawn from
# the training sources are far richer in positives (two thirds of the abuse set), and
# precision depends on that share, so validation examples are re-weighted to it.
ASSUMED_PREVALENCE = {"abuse": 0.10, "off_topic": 0.15, "spam": 0.05}


def prevalence_weights(y_true, prevalence: float) -> np.ndarray:
    y_true = np.asarray(y_true)
    positives, negatives = max(int(y_true.sum()), 1), max(int((1 - y_true).sum()), 1)
    return np.where(y_true == 1, prevalence / positives, (1.0 - prevalence) / negatives)


def threshold_at_precision(y_true, scores, target: float, min_support: int = 10, prevalence: float | None = None) -> float:
    weights = None if prevalence is None else prevalence_weights(y_true, prevalence)
    precision, _, thresholds = precision_recall_curve(y_true, scores, sample_weight=weights)
    _, recall, _ = precision_recall_curve(y_true, scores)
    support = np.asarray(recall[:-1]) * int(np.sum(y_true))
    supported = support >= min_support
    ok = (precision[:-1] >= target) & supported
    if ok.any():
        return float(round(thresholds[np.argmax(ok)], 4))
    if not supported.any():
        return 1.0
    # The target is out of reach: flag where precision is best rather than never, so the signal
    # still brings its most likely cases to a moderator.
    best = np.flatnonzero(supported)[np.argmax(precision[:-1][supported])]
    return float(round(thresholds[best], 4))


def choose_thresholds(validation: dict[str, tuple[np.ndarray, np.ndarray]]) -> dict[str, Any]:
    chosen: dict[str, Any] = {}
    for signal, targets in PRECISION_TARGETS.items():
        y, p = validation[signal]
        prevalence = ASSUMED_PREVALENCE[signal]
        chosen[signal] = {action: threshold_at_precision(y, p, t, prevalence=prevalence) for action, t in targets.items()}
    chosen["method"] = (
        "lowest score whose precision on the validation set (share of comments at or above it "
        f"that were positive) reaches the target {PRECISION_TARGETS}, with validation examples "
        f"re-weighted so positives make up the assumed share on a news site {ASSUMED_PREVALENCE} "
        "(where no score reaches the target: the score with the best precision); validation sets are held-out parts of the training sources, so precision on news "
        "comments will differ"
    )
    return chosen


def recall_at(y_true, scores, threshold: float) -> float:
    y_true = np.asarray(y_true)
    positives = max(int(y_true.sum()), 1)
    return float(((np.asarray(scores) >= threshold) & (y_true == 1)).sum() / positives)
