"""Small synthetic data so training, round trips and the gate run in seconds."""

from __future__ import annotations

import random

import pytest

from classifiers.training.build import TrainingSet
from classifiers.training.datasets import AbuseExample, SpamExample
from classifiers.training.validation import ValidationSet

NEUTRAL = ["the council", "bus routes", "the budget", "this policy", "the new school", "local parks", "the election"]
VERBS = ["should fund", "will change", "needs", "could improve", "debated", "ignored"]
INSULTS = ["you idiot", "stupid moron", "shut up loser", "pathetic clown", "you are a fool", "what an imbecile"]
TOPICS = {
    "football": ["goal", "striker", "league", "match", "referee", "penalty", "keeper"],
    "cooking": ["recipe", "oven", "flour", "butter", "bake", "sauce", "pasta"],
    "weather": ["rain", "storm", "forecast", "wind", "snow", "cloud", "sunshine"],
}
SPAM = ["check out my channel http://promo.example.com", "SUBSCRIBE NOW!!! free money $500 per day", "visit www.cheap-pills.example.net now"]


def _abuse_examples(rng: random.Random, n: int) -> list[AbuseExample]:
    out = []
    for i in range(n):
        base = f"{rng.choice(NEUTRAL)} {rng.choice(VERBS)} {rng.choice(NEUTRAL)}"
        if i % 2:
            out.append(AbuseExample(f"{rng.choice(INSULTS)}, {base}", 1, targeted_individual=1, source="olid"))
        else:
            out.append(AbuseExample(base, 0, source="olid"))
    return out


def _spam_examples(rng: random.Random, per_topic: int, day: int) -> list[SpamExample]:
    out = []
    for t, (topic, words) in enumerate(sorted(TOPICS.items())):
        for i in range(per_topic):
            date = f"2024-01-{day + i % 20:02d}T{t:02d}:{i:02d}:00"
            if i % 3 == 0:
                out.append(SpamExample(f"{rng.choice(SPAM)} {i}", 1, topic, date))
            else:
                out.append(SpamExample(" ".join(rng.sample(words, 4)), 0, topic, date))
    return out


@pytest.fixture(scope="session")
def synthetic_training() -> TrainingSet:
    rng = random.Random(1)
    return TrainingSet(abuse=_abuse_examples(rng, 120), spam=_spam_examples(rng, 30, 1))


@pytest.fixture(scope="session")
def synthetic_validation(synthetic_training) -> ValidationSet:
    rng = random.Random(2)
    return ValidationSet(abuse=_abuse_examples(rng, 60), spam=_spam_examples(rng, 15, 5), spam_history=synthetic_training.spam)


@pytest.fixture(scope="session")
def synthetic_bundle(synthetic_training):
    from classifiers.training.build import fit_bundle

    return fit_bundle(synthetic_training, seed=0)
