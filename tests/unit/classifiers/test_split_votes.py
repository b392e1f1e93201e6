"""Examples the annotators split on are fitted as soft targets."""

import numpy as np

from classifiers.training.build import split_votes
from classifiers.training.datasets import AbuseExample


def test_split_votes_become_two_weighted_copies_and_the_rest_stay():
    examples = [
        AbuseExample("you idiot", 1, hate=0, source="davidson", abusive_share=2 / 3),
        AbuseExample("nice day", 0, source="davidson", abusive_share=0.0),
        AbuseExample("go away", 1, source="olid"),
    ]
    out, weights = split_votes(examples)
    assert [(e.text, e.abusive) for e in out] == [("you idiot", 1), ("you idiot", 0), ("nice day", 0), ("go away", 1)]
    np.testing.assert_allclose(weights, [2 / 3, 1 / 3, 1.0, 1.0])
    assert out[1].hate == 0
