"""The policy configuration as JSON: what an admin edits and what the configuration history keeps.

A round trip must give back the same policy (a history entry that restores differently would be a
silent policy change), and anything malformed must come back as one clear `invalid_policy` error,
never a crash that the API would turn into a 500.
"""
import copy
import json
import math
from dataclasses import replace
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from moderation.domain.coverage import Coverage, ScheduleException, StaffingSchedule, coverage_at
from moderation.domain.model import InvalidInput, Reason
from moderation.domain.policy import Deadlines, FlagThresholds, PolicyConfig, WithholdBars
from moderation.domain.policy_codec import config_from_dict, config_to_dict

FULL, PART = Coverage.FULL, Coverage.PART
LONDON = ZoneInfo("Europe/London")

CUSTOM = PolicyConfig(
    flag=FlagThresholds(abuse=0.62, off_topic=0.71, spam=0.8, source="abuse-v3 model card, 2025-03"),
    withhold={
        FULL: WithholdBars(abuse=0.95, complaint_weight=5.0, min_complainants=3),
        PART: WithholdBars(abuse=0.85, complaint_weight=2.5, min_complainants=2),
    },
    deadlines={
        FULL: Deadlines(complaint=timedelta(minutes=45), flag=timedelta(hours=1, minutes=30)),
        PART: Deadlines(complaint=timedelta(hours=3), flag=timedelta(hours=6)),
    },
    complaint_weight={r: w for r, w in zip(Reason, (1.5, 0.4, 1.2, 0.9, 2.5, 0.6))},
    schedule=StaffingSchedule(
        full_start=time(8, 30),
        full_end=time(17, 45, 30),
        exceptions=(
            ScheduleException(
                "general election night",
                datetime(2025, 7, 4, 18, tzinfo=LONDON),
                datetime(2025, 7, 5, 6, tzinfo=LONDON),
                FULL,
            ),
        ),
    ),
)


def through_json(config: PolicyConfig) -> PolicyConfig:
    # The service stores and serves the dict as JSON text, so the dict must survive that too.
    return config_from_dict(json.loads(json.dumps(config_to_dict(config))))


def test_the_default_configuration_round_trips():
    assert through_json(PolicyConfig()) == PolicyConfig()


def test_a_customised_configuration_round_trips():
    restored = through_json(CUSTOM)
    assert restored == CUSTOM
    # The exception comes back as the same instants, and so the same coverage.
    moment = datetime(2025, 7, 4, 23, tzinfo=UTC)
    assert coverage_at(restored.schedule, moment) is coverage_at(CUSTOM.schedule, moment) is FULL


def test_the_json_is_readable_by_an_admin():
    data = config_to_dict(PolicyConfig())
    assert data["schedule"]["full_start"] == "09:00" and data["schedule"]["full_end"] == "18:00"
    assert data["deadlines_minutes"] == {"full": {"complaint": 60, "flag": 120}, "part": {"complaint": 240, "flag": 480}}
    assert data["complaint_weight"]["legal"] == 2.0
    assert data["schedule"]["holiday_subdivision"] == "SCT"


def test_severity_comes_first_unless_the_policy_says_otherwise():
    data = config_to_dict(PolicyConfig())
    assert data["priority"] == {"severity_first": True}
    data["priority"]["severity_first"] = False
    assert config_from_dict(data).severity_first is False
    # A configuration saved before the setting existed orders by severity first.
    del data["priority"]
    assert config_from_dict(data).severity_first is True


def test_a_severity_setting_that_is_not_true_or_false_is_refused():
    data = config_to_dict(PolicyConfig())
    data["priority"]["severity_first"] = "no"
    with pytest.raises(InvalidInput, match="severity_first must be true or false"):
        config_from_dict(data)


def test_overlapping_exceptions_are_refused_naming_both():
    data = config_to_dict(CUSTOM)
    data["schedule"]["exceptions"].append(
        {"name": "count overnight", "start": "2025-07-05T02:00:00+01:00", "end": "2025-07-05T09:00:00+01:00", "coverage": "part"}
    )
    with pytest.raises(InvalidInput) as refused:
        config_from_dict(data)
    assert refused.value.code == "invalid_policy"
    assert "'general election night'" in refused.value.message and "'count overnight'" in refused.value.message
    assert "overlap" in refused.value.message


def test_a_stored_configuration_is_read_back_as_it_was_saved_even_if_rules_were_added_since():
    # Versions saved before overlapping exceptions were refused must still load: the service runs on them.
    data = config_to_dict(CUSTOM)
    data["schedule"]["exceptions"].append(
        {"name": "count overnight", "start": "2025-07-05T02:00:00+01:00", "end": "2025-07-05T09:00:00+01:00", "coverage": "part"}
    )
    stored = config_from_dict(data, validate=False)
    assert [e.name for e in stored.schedule.exceptions] == ["general election night", "count overnight"]
    with pytest.raises(InvalidInput):
        config_from_dict({"flag": {}}, validate=False)  # what cannot be read at all is still refused


def test_a_configuration_without_a_flag_source_is_marked_as_edited_by_hand():
    data = config_to_dict(PolicyConfig())
    del data["flag"]["source"]
    assert config_from_dict(data).flag.source == "edited by an admin"


# --- malformed input -----------------------------------------------------------------------------


def _edited(edit):
    data = copy.deepcopy(config_to_dict(PolicyConfig()))
    edit(data)
    return data


def _set(path, value):
    def edit(data):
        target = data
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return edit


def _delete(path):
    def edit(data):
        target = data
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]

    return edit


MALFORMED = {
    "not an object": None,
    "a list": [],
    "a string": "{}",
    "empty object": {},
    "no flag section": _edited(_delete(["flag"])),
    "flag section is a list": _edited(_set(["flag"], [0.5, 0.5, 0.5])),
    "threshold is a word": _edited(_set(["flag", "abuse"], "high")),
    "threshold is null": _edited(_set(["flag", "spam"], None)),
    "unknown coverage level": _edited(_set(["withhold", "overnight"], {"abuse": 0.9, "complaint_weight": 3, "min_complainants": 2})),
    "bars missing a field": _edited(_delete(["withhold", "part", "min_complainants"])),
    "complainants not a number": _edited(_set(["withhold", "part", "min_complainants"], "two")),
    "infinite complainants": _edited(_set(["withhold", "part", "min_complainants"], math.inf)),
    "deadline is a word": _edited(_set(["deadlines_minutes", "full", "complaint"], "an hour")),
    # Too large for a timedelta at all: must be refused, not raise OverflowError.
    "astronomical deadline": _edited(_set(["deadlines_minutes", "part", "flag"], 1e20)),
    "NaN deadline": _edited(_set(["deadlines_minutes", "part", "flag"], math.nan)),
    "unknown reason": _edited(_set(["complaint_weight", "rude"], 1.0)),
    "no schedule": _edited(_delete(["schedule"])),
    "schedule is a string": _edited(_set(["schedule"], "office hours")),
    "impossible clock time": _edited(_set(["schedule", "full_start"], "25:00")),
    "weekday is a name": _edited(_set(["schedule", "full_weekdays"], ["Mon", "Tue"])),
    "exception with a bad date": _edited(
        _set(["schedule", "exceptions"], [{"name": "x", "start": "tomorrow", "end": "2025-01-01T00:00:00+00:00", "coverage": "full"}])
    ),
    "exception with an unknown coverage": _edited(
        _set(
            ["schedule", "exceptions"],
            [{"name": "x", "start": "2025-01-01T00:00:00+00:00", "end": "2025-01-02T00:00:00+00:00", "coverage": "half"}],
        )
    ),
}


@pytest.mark.parametrize("data", MALFORMED.values(), ids=MALFORMED.keys())
def test_malformed_configuration_is_refused_as_invalid_policy(data):
    with pytest.raises(InvalidInput) as refused:
        config_from_dict(data)
    assert refused.value.code == "invalid_policy"
    assert refused.value.message


NONSENSE = {
    "part bars above full": (_set(["withhold", "part", "abuse"], 0.99), "part-time withholding bars must not be higher"),
    "threshold above 1": (_set(["flag", "abuse"], 1.5), "flag threshold for abuse"),
    "threshold below 0": (_set(["flag", "off_topic"], -0.2), "flag threshold for off_topic"),
    # json.loads accepts NaN, so an edited document can carry one.
    "NaN threshold": (_set(["flag", "spam"], math.nan), "flag threshold for spam"),
    "NaN complaint bar": (_set(["withhold", "part", "complaint_weight"], math.nan), "complaint bar must be positive"),
    "negative deadline": (_set(["deadlines_minutes", "full", "complaint"], -60), "deadlines must be positive"),
    "zero deadline": (_set(["deadlines_minutes", "part", "flag"], 0), "deadlines must be positive"),
    "year-long deadline": (_set(["deadlines_minutes", "part", "flag"], 525600), "must not exceed"),
    "unknown time zone": (_set(["schedule", "timezone"], "Europe/Atlantis"), "unknown time zone"),
    "unknown holiday calendar": (_set(["schedule", "holiday_country"], "XX"), "unknown holiday calendar"),
    "missing reason weight": (_delete(["complaint_weight", "legal"]), "complaint weight for legal"),
    "missing coverage level": (_delete(["deadlines_minutes", "part"]), "deadlines for part coverage are missing"),
    "naive exception": (
        _set(["schedule", "exceptions"], [{"name": "x", "start": "2025-01-01T00:00:00", "end": "2025-01-02T00:00:00", "coverage": "full"}]),
        "timezone-aware",
    ),
}


@pytest.mark.parametrize(("edit", "problem"), NONSENSE.values(), ids=NONSENSE.keys())
def test_well_formed_nonsense_is_refused_with_the_problem_named(edit, problem):
    with pytest.raises(InvalidInput) as refused:
        config_from_dict(_edited(edit))
    assert refused.value.code == "invalid_policy"
    assert problem in refused.value.message


def test_every_problem_is_named_at_once():
    # An admin fixing a form should not discover the problems one save at a time.
    data = _edited(_set(["flag", "abuse"], 2.0))
    data["schedule"]["timezone"] = "Nowhere/Special"
    with pytest.raises(InvalidInput) as refused:
        config_from_dict(data)
    assert "flag threshold for abuse" in refused.value.message
    assert "unknown time zone" in refused.value.message


# --- property: every valid configuration survives the round trip --------------------------------

unit = st.floats(min_value=0.0, max_value=1.0)
# Whole seconds: the JSON carries minutes as floats, which cannot carry every microsecond exactly.
durations = st.integers(min_value=1, max_value=30 * 24 * 3600).map(lambda s: timedelta(seconds=s))
clock_times = st.times(min_value=time(0, 0), max_value=time(23, 59, 59)).map(lambda t: t.replace(microsecond=0))
instants = st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2027, 1, 1), timezones=st.sampled_from([UTC, LONDON]))


@st.composite
def valid_configs(draw) -> PolicyConfig:
    flag = FlagThresholds(abuse=draw(unit), off_topic=draw(unit), spam=draw(unit), source=draw(st.text(max_size=20)))
    abuse_bars = sorted(draw(st.lists(st.floats(min_value=max(flag.abuse, 0.001), max_value=1.0), min_size=2, max_size=2)))
    weight_bars = sorted(draw(st.lists(st.floats(min_value=0.1, max_value=20.0), min_size=2, max_size=2)))
    reader_bars = sorted(draw(st.lists(st.integers(min_value=1, max_value=6), min_size=2, max_size=2)))
    start, end = sorted(draw(st.lists(clock_times, min_size=2, max_size=2, unique=True)))
    names = draw(st.lists(st.text(min_size=1, max_size=10), max_size=3))
    # Exceptions may not overlap: the edges of all of them, in order, taken in pairs.
    edges = sorted(draw(st.lists(instants, min_size=2 * len(names), max_size=2 * len(names),
                                 unique_by=lambda d: d.astimezone(UTC))), key=lambda d: d.astimezone(UTC))
    exceptions = [ScheduleException(name, edges[2 * i], edges[2 * i + 1], draw(st.sampled_from(list(Coverage))))
                  for i, name in enumerate(names)]
    config = PolicyConfig(
        flag=flag,
        withhold={
            PART: WithholdBars(abuse_bars[0], weight_bars[0], reader_bars[0]),
            FULL: WithholdBars(abuse_bars[1], weight_bars[1], reader_bars[1]),
        },
        deadlines={level: Deadlines(draw(durations), draw(durations)) for level in Coverage},
        complaint_weight={r: draw(st.floats(min_value=0.0, max_value=5.0)) for r in Reason},
        severity_first=draw(st.booleans()),
        schedule=StaffingSchedule(
            timezone=draw(st.sampled_from(["Europe/London", "Europe/Dublin", "America/New_York"])),
            full_weekdays=tuple(draw(st.lists(st.integers(0, 6), unique=True, max_size=7))),
            full_start=start,
            full_end=end,
            holiday_subdivision=draw(st.sampled_from(["SCT", "ENG", "NIR", None])),
            exceptions=tuple(exceptions),
        ),
    )
    assert config.validate() == []
    return config


def _in_utc(config: PolicyConfig) -> PolicyConfig:
    # Python never counts a local time that the clocks skip or repeat as equal to the same instant
    # written in another zone (PEP 495), so exceptions are compared as UTC instants.
    exceptions = tuple(
        replace(e, start=e.start.astimezone(UTC), end=e.end.astimezone(UTC)) for e in config.schedule.exceptions
    )
    return replace(config, schedule=replace(config.schedule, exceptions=exceptions))


@settings(deadline=None)  # timing varies on a busy CI machine; correctness does not
@given(valid_configs())
def test_every_valid_configuration_round_trips_through_json(config):
    assert _in_utc(through_json(config)) == _in_utc(config)
