"""Scores of a model bundle on a fixed validation set, per signal.

The same function feeds the thresholds written into the artifact and the gate that
decides whether a retrained model may replace the current one.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sklearn.metrics import average_precision_score, roc_auc_score

from classifiers.artifact import ModelBundle
from classifiers.features.near_duplicates import NearDuplicateIndex
from classifiers.training.build import (
    NEAR_DUPLICATES,
    TrainingSet,
    abuse_matrix,
    chronological,
    off_topic_matrix,
    spam_matrix,
)
from classifiers.training.datasets import AbuseExample, SpamExample
from classifiers.training.splits import CommercialSplits
from classifiers.training.written_spam import written_spam

# Pairs for the off-topic validation are drawn with their own seed so they do not
# change when the training seed does.
VALIDATION_PAIR_SEED = 12345


@dataclass
class ValidationSet:
    abuse: list[AbuseExample]
    spam: list[SpamExample]
    # Comments the near-duplicate memory has seen before the validation comments.
    spam_history: list[SpamExample]


def training_and_validation(splits: CommercialSplits) -> tuple[TrainingSet, ValidationSet]:
    """What the shipped model learns from, and the fixed validation set that gates every model."""
    training = TrainingSet(abuse=splits.abuse_train, spam=splits.spam_train, spam_extra=splits.news_ham_train + written_spam())
    return training, ValidationSet(abuse=splits.abuse_validation, spam=splits.spam_validation, spam_history=splits.spam_train)


def validation_scores(bundle: ModelBundle, validation: ValidationSet) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    X_abuse, _, _ = abuse_matrix(bundle.featurizer, [e.text for e in validation.abuse])
    abuse = (np.array([e.abusive for e in validation.abuse]), bundle.abuse.predict_proba(X_abuse))

    index = NearDuplicateIndex(**NEAR_DUPLICATES)
    spam_matrix(bundle.featurizer, chronological(validation.spam_history), index)
    ordered = chronological(validation.spam)
    X_spam = spam_matrix(bundle.featurizer, ordered, index)
    spam = (np.array([e.spam for e in ordered]), bundle.spam.predict_proba(X_spam))

    X_topic, y_topic = off_topic_matrix(bundle.featurizer, validation.spam, VALIDATION_PAIR_SEED)
    off_topic = (y_topic, bundle.off_topic.predict_proba(X_topic))
    return {"abuse": abuse, "spam": spam, "off_topic": off_topic}


def summarise(scores: dict[str, tuple[np.ndarray, np.ndarray]]) -> dict[str, dict[str, float]]:
    summary = {}
    for signal, (y, p) in scores.items():
        summary[signal] = {
            "roc_auc": round(float(roc_auc_score(y, p)), 4),
            "average_precision": round(float(average_precision_score(y, p)), 4),
            "positives": int(np.sum(y)),
            "examples": len(y),
        }
    return summary
