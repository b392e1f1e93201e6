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


def test_a_promoted_model_s_recommended_thresholds_replace_the_shipped_ones():
    thresholds, _ = recommended_thresholds()
    retrained = {signal: dict(values) if isinstance(values, dict) else values for signal, values in thresholds.items()}
    retrained["abuse"].update(flag=0.41, withhold_part=0.77, withhold_full=0.93)
    policy = default_policy((retrained, "abuse+spam+offtopic-moderated-0123abcd"))
    assert (policy.flag.abuse, policy.withhold[Coverage.PART].abuse, policy.withhold[Coverage.FULL].abuse) == (0.41, 0.77, 0.93)
    assert "moderated-0123abcd" in policy.flag.source
