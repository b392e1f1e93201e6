"""Flag and withhold thresholds chosen from validation scores, not by hand.

A threshold is the lowest score at which the comments scoring at or above it were
positive at least ``target`` of the time on the validation set: the lowest bar that
keeps moderators' queues (or withholding) at that precision.
"""

from __future__ import annotations

import numpy as np
from sklearn.metrics import precision_recall_curve

# Precision wanted at each action: flagging only costs a moderator's look; withholding
# hides a subscriber's comment, and under full coverage someone will look soon anyway.
PRECISION_TARGETS = {
    "abuse": {"flag": 0.75, "withhold_part": 0.9, "withhold_full": 0.95},
    "off_topic": {"flag": 0.75},
    "spam": {"flag": 0.9},
}


def threshold_at_precision(y_true, scores, target: float, min_support: int = 10) -> float:
    precision, recall, thresholds = precision_recall_curve(y_true, scores)
    support = np.asarray(recall[:-1]) * int(np.sum(y_true))
    ok = (precision[:-1] >= target) & (support >= min_support)
    if not ok.any():
        return 1.0
    return float(round(thresholds[np.argmax(ok)], 4))


def choose_thresholds(validation: dict[str, tuple[np.ndarray, np.ndarray]]) -> dict:
    chosen = {}
    for signal, targets in PRECISION_TARGETS.items():
        y, p = validation[signal]
        chosen[signal] = {action: threshold_at_precision(y, p, target) for action, target in targets.items()}
    chosen["method"] = (
        "lowest score whose validation precision (share of comments at or above it that were "
        f"positive) reaches the target: {PRECISION_TARGETS}; validation sets are held-out "
        "parts of the training sources, whose positive rate is far higher than on a news site, "
        "so real-world precision at these thresholds is lower"
    )
    return chosen


def recall_at(y_true, scores, threshold: float) -> float:
    y_true = np.asarray(y_true)
    positives = max(int(y_true.sum()), 1)
    return float(((np.asarray(scores) >= threshold) & (y_true == 1)).sum() / positives)
