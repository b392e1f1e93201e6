"""The one scores record: what the classifiers answer, the service stores and the policy reads."""
import json
import math

import pytest

from classifiers.scores import Scores


def test_scores_in_range_are_accepted_and_off_topic_may_be_missing():
    assert Scores(abuse=0.0, spam=1.0).out_of_range() == []
    assert Scores(abuse=0.5, spam=0.5, off_topic=0.25).out_of_range() == []


@pytest.mark.parametrize("wrong", [math.nan, -0.01, 1.01, math.inf, None, "0.5", True])
def test_a_signal_that_is_not_a_probability_is_named(wrong):
    assert Scores(abuse=wrong, spam=0.1).out_of_range() == ["abuse"]
    assert Scores(abuse=0.1, spam=0.1, off_topic=wrong).out_of_range() == ([] if wrong is None else ["off_topic"])


def test_as_a_line_of_the_batch_command_it_is_plain_json():
    scores = Scores(abuse=0.9, spam=0.1, off_topic=None, labels={"insult": 0.8}, model="m-1")
    assert json.loads(json.dumps(scores.to_dict())) == {"abuse": 0.9, "off_topic": None, "spam": 0.1,
                                                         "labels": {"insult": 0.8}, "model": "m-1"}


def test_the_record_cannot_be_changed_once_made():
    scores = Scores(abuse=0.1, spam=0.1)
    with pytest.raises(AttributeError):
        scores.abuse = 0.9
