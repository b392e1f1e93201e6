import numpy as np
import pytest

from classifiers.artifact import weights_digest
from classifiers.training.build import fit_bundle

pytestmark = pytest.mark.slow  # trains or loads a model: the slow tier


def test_training_with_a_fixed_seed_is_deterministic(synthetic_training, synthetic_bundle):
    again = fit_bundle(synthetic_training, seed=0)
    assert weights_digest(again) == weights_digest(synthetic_bundle)
    np.testing.assert_array_equal(again.abuse.head_.coef_, synthetic_bundle.abuse.head_.coef_)


def test_trained_models_separate_the_synthetic_classes(synthetic_bundle):
    from classifiers.api import CommentInput, Scorer

    scorer = Scorer(synthetic_bundle)
    rude, polite = scorer.score_batch(
        [CommentInput("a", "you idiot, the budget needs the council"), CommentInput("b", "the budget needs the council")]
    )
    assert rude.abuse > polite.abuse
