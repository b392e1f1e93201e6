"""Small synthetic data so training, round trips and the gate run in seconds."""

from __future__ import annotations

import random

import pytest

from classifiers.training.build import TrainingSet
from classifiers.training.validation import ValidationSet
from support.training_data import abuse_examples, spam_examples


@pytest.fixture(scope="session")
def synthetic_training() -> TrainingSet:
    rng = random.Random(1)
    return TrainingSet(abuse=abuse_examples(rng, 120), spam=spam_examples(rng, 30, 1))


@pytest.fixture(scope="session")
def synthetic_validation(synthetic_training) -> ValidationSet:
    rng = random.Random(2)
    return ValidationSet(abuse=abuse_examples(rng, 60), spam=spam_examples(rng, 15, 5), spam_history=synthetic_training.spam)


@pytest.fixture(scope="session")
def synthetic_bundle(synthetic_training):
    from classifiers.training.build import fit_bundle

    return fit_bundle(synthetic_training, seed=0)
