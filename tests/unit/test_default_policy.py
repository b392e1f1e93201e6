"""The policy a new installation starts with takes its thresholds from the shipped model's evaluation."""
from __future__ import annotations

from moderation.adapters.model_thresholds import recommended_thresholds
from moderation.domain.coverage import Coverage
from moderation.services.policy_settings import default_policy


def test_default_policy_takes_thresholds_from_the_shipped_model():
    thresholds, version = recommended_thresholds()
    policy = default_policy()
    assert policy.flag.abuse == thresholds["abuse"]["flag"]
    assert policy.flag.off_topic == thresholds["off_topic"]["flag"]
    assert policy.flag.spam == thresholds["spam"]["flag"]
    assert policy.withhold[Coverage.PART].abuse == thresholds["abuse"]["withhold_part"]
    assert policy.withhold[Coverage.FULL].abuse == thresholds["abuse"]["withhold_full"]
    assert version in policy.flag.source
    assert policy.validate() == []
