"""The staffing schedule: when the newsroom is fully staffed and when only part-time moderators watch.

Times are written in Europe/London wall-clock time unless a test is about the UTC offset, because
that is how the newsroom states its hours; a few tests pin the UTC instant to prove the edges move
with the clock changes.
"""
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from moderation.domain.coverage import Coverage, ScheduleException, StaffingSchedule, coverage_at, next_change

LONDON = ZoneInfo("Europe/London")
SCHEDULE = StaffingSchedule()
FULL, PART = Coverage.FULL, Coverage.PART


def london(*args, fold: int = 0) -> datetime:
    return datetime(*args, tzinfo=LONDON, fold=fold)


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


# --- the 09:00 and 18:00 edges on an ordinary Wednesday -----------------------------------------


@pytest.mark.parametrize(
    ("clock", "expected"),
    [
        ((0, 0, 0), PART),
        ((8, 59, 59), PART),
        ((9, 0, 0), FULL),
        ((13, 0, 0), FULL),
        ((17, 59, 59), FULL),
        ((18, 0, 0), PART),
        ((23, 59, 59), PART),
    ],
)
def test_weekday_edges_in_local_time(clock, expected):
    assert coverage_at(SCHEDULE, london(2025, 3, 12, *clock)) is expected


def test_the_same_instant_gives_the_same_level_whatever_zone_it_is_written_in():
    # 09:00 in London in summer is 08:00 UTC and 10:00 in Paris.
    instant = london(2025, 6, 11, 9, 0)
    assert coverage_at(SCHEDULE, instant.astimezone(UTC)) is FULL
    assert coverage_at(SCHEDULE, instant.astimezone(ZoneInfo("Europe/Paris"))) is FULL
    assert coverage_at(SCHEDULE, (instant - timedelta(seconds=1)).astimezone(UTC)) is PART


@pytest.mark.parametrize("day", [15, 16])  # Saturday and Sunday, 15 and 16 March 2025
@pytest.mark.parametrize("hour", [3, 9, 12, 17])
def test_weekends_are_part_time_all_day(day, hour):
    assert coverage_at(SCHEDULE, london(2025, 3, day, hour)) is PART


def test_friday_office_hours_are_full_and_friday_evening_is_not():
    assert coverage_at(SCHEDULE, london(2025, 3, 14, 17, 59, 59)) is FULL
    assert coverage_at(SCHEDULE, london(2025, 3, 14, 18)) is PART


# --- Scottish public holidays --------------------------------------------------------------------


@pytest.mark.parametrize(
    "holiday",
    [
        (2026, 11, 30),  # St Andrew's Day on a Monday
        (2022, 11, 30),  # St Andrew's Day on a Wednesday
        (2025, 12, 1),  # substitute Monday: St Andrew's Day 2025 falls on a Sunday
        (2024, 12, 2),  # substitute Monday: St Andrew's Day 2024 falls on a Saturday
        (2025, 1, 2),  # 2 January, a Thursday: a holiday in Scotland, not in England
        (2021, 1, 4),  # substitute for 2 January 2021, a Saturday
        (2022, 1, 4),  # 2 January 2022 is a Sunday and 3 January already replaces New Year's Day
        (2025, 12, 25),
        (2025, 12, 26),  # Boxing Day
        (2026, 12, 28),  # substitute for Boxing Day 2026, a Saturday
        (2025, 4, 18),  # Good Friday
        (2025, 8, 4),  # the Scottish summer bank holiday is the first Monday in August
    ],
)
def test_public_holidays_are_part_time_during_office_hours(holiday):
    assert coverage_at(SCHEDULE, london(*holiday, 11)) is PART


@pytest.mark.parametrize(
    "working_day",
    [
        (2025, 4, 21),  # Easter Monday is a bank holiday in England but not in Scotland
        (2025, 8, 25),  # nor is the last Monday in August
        (2024, 12, 3),  # the day after St Andrew's substitute Monday
        (2025, 1, 3),  # the day after 2 January
    ],
)
def test_english_only_holidays_and_days_after_holidays_are_fully_staffed(working_day):
    assert coverage_at(SCHEDULE, london(*working_day, 11)) is FULL


def test_another_subdivision_uses_its_own_holidays():
    england = StaffingSchedule(holiday_subdivision="ENG")
    assert coverage_at(england, london(2025, 4, 21, 11)) is PART  # Easter Monday
    assert coverage_at(england, london(2025, 1, 2, 11)) is FULL  # 2 January


# --- clock changes -------------------------------------------------------------------------------


def test_after_the_march_change_office_hours_start_an_hour_earlier_in_utc():
    # Clocks go forward on Sunday 30 March 2025; on Monday 31 March 09:00 BST is 08:00 UTC.
    assert coverage_at(SCHEDULE, utc(2025, 3, 31, 7, 59, 59)) is PART
    assert coverage_at(SCHEDULE, utc(2025, 3, 31, 8, 0)) is FULL
    assert coverage_at(SCHEDULE, utc(2025, 3, 31, 16, 59, 59)) is FULL
    assert coverage_at(SCHEDULE, utc(2025, 3, 31, 17, 0)) is PART


def test_before_the_march_change_office_hours_match_utc():
    assert coverage_at(SCHEDULE, utc(2025, 3, 28, 8, 59, 59)) is PART
    assert coverage_at(SCHEDULE, utc(2025, 3, 28, 9, 0)) is FULL
    assert coverage_at(SCHEDULE, utc(2025, 3, 28, 17, 59, 59)) is FULL
    assert coverage_at(SCHEDULE, utc(2025, 3, 28, 18, 0)) is PART


def test_around_the_october_change_office_hours_move_back_to_utc():
    # Clocks go back on Sunday 26 October 2025.
    friday, monday = 24, 27
    assert coverage_at(SCHEDULE, utc(2025, 10, friday, 7, 59, 59)) is PART
    assert coverage_at(SCHEDULE, utc(2025, 10, friday, 8, 0)) is FULL
    assert coverage_at(SCHEDULE, utc(2025, 10, friday, 17, 0)) is PART
    assert coverage_at(SCHEDULE, utc(2025, 10, monday, 8, 59, 59)) is PART
    assert coverage_at(SCHEDULE, utc(2025, 10, monday, 9, 0)) is FULL
    assert coverage_at(SCHEDULE, utc(2025, 10, monday, 17, 59, 59)) is FULL
    assert coverage_at(SCHEDULE, utc(2025, 10, monday, 18, 0)) is PART


def test_the_repeated_hour_of_the_october_change_is_part_time():
    # 01:30 happens twice on 26 October 2025; both are Sunday night.
    assert coverage_at(SCHEDULE, london(2025, 10, 26, 1, 30, fold=0)) is PART
    assert coverage_at(SCHEDULE, london(2025, 10, 26, 1, 30, fold=1)) is PART


# --- naive datetimes -----------------------------------------------------------------------------


def test_naive_datetimes_are_refused_rather_than_guessed():
    # Guessing UTC for a naive time would put the summer 09:00 edge an hour out.
    with pytest.raises(ValueError, match="timezone-aware"):
        coverage_at(SCHEDULE, datetime(2025, 6, 11, 9, 0))
    with pytest.raises(ValueError, match="timezone-aware"):
        next_change(SCHEDULE, datetime(2025, 6, 11, 9, 0))


# --- schedule exceptions -------------------------------------------------------------------------


ELECTION_NIGHT = ScheduleException(
    "election night", london(2025, 3, 15, 18), london(2025, 3, 16, 4), FULL  # a Saturday night
)
AWAY_DAY = ScheduleException("staff away-day", london(2025, 3, 12, 12), london(2025, 3, 12, 16), PART)


def test_an_exception_can_staff_a_weekend_night_fully():
    schedule = StaffingSchedule(exceptions=(ELECTION_NIGHT,))
    assert coverage_at(schedule, london(2025, 3, 15, 17, 59, 59)) is PART
    assert coverage_at(schedule, london(2025, 3, 15, 18)) is FULL
    assert coverage_at(schedule, london(2025, 3, 16, 3, 59, 59)) is FULL
    # The end is exclusive, like the 18:00 edge.
    assert coverage_at(schedule, london(2025, 3, 16, 4)) is PART


def test_an_exception_can_take_office_hours_down_to_part_time():
    schedule = StaffingSchedule(exceptions=(AWAY_DAY,))
    assert coverage_at(schedule, london(2025, 3, 12, 11, 59)) is FULL
    assert coverage_at(schedule, london(2025, 3, 12, 12)) is PART
    assert coverage_at(schedule, london(2025, 3, 12, 16)) is FULL


def test_an_exception_can_staff_a_public_holiday():
    boxing_day = ScheduleException("Boxing Day rota", london(2025, 12, 26, 9), london(2025, 12, 26, 18), FULL)
    schedule = StaffingSchedule(exceptions=(boxing_day,))
    assert coverage_at(schedule, london(2025, 12, 26, 12)) is FULL
    assert coverage_at(SCHEDULE, london(2025, 12, 26, 12)) is PART


def test_an_exception_written_in_utc_is_compared_as_an_instant():
    schedule = StaffingSchedule(
        exceptions=(ScheduleException("outage", utc(2025, 6, 11, 9), utc(2025, 6, 11, 10), PART),)
    )
    # 09:30 UTC is 10:30 BST: office hours, but inside the exception.
    assert coverage_at(schedule, london(2025, 6, 11, 10, 30)) is PART
    assert coverage_at(schedule, london(2025, 6, 11, 11, 0)) is FULL


# --- next_change ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("when", "expected"),
    [
        # During office hours the next change is 18:00 the same day.
        (london(2025, 3, 12, 9), london(2025, 3, 12, 18)),
        (london(2025, 3, 12, 17, 59, 59), london(2025, 3, 12, 18)),
        # Before office hours: 09:00 the same day.
        (london(2025, 3, 12, 3), london(2025, 3, 12, 9)),
        # Friday 18:00 -> Monday 09:00.
        (london(2025, 3, 14, 18), london(2025, 3, 17, 9)),
        (london(2025, 3, 15, 12), london(2025, 3, 17, 9)),
        # Over a bank holiday weekend: Friday 2 May 2025 -> Tuesday 6 May (May Day Monday).
        (london(2025, 5, 2, 18), london(2025, 5, 6, 9)),
        # Over Christmas: Wednesday 24 Dec 2025 -> Monday 29 Dec (25 and 26 are holidays).
        (london(2025, 12, 24, 18), london(2025, 12, 29, 9)),
        # St Andrew's Day 2025 is a Sunday, so the weekend runs on to Tuesday.
        (london(2025, 11, 28, 18), london(2025, 12, 2, 9)),
        # 2 January 2021 is a Saturday: New Year's Day Friday, then Monday 4 January is the substitute.
        (london(2020, 12, 31, 18), london(2021, 1, 5, 9)),
        # Good Friday 2025 is a holiday but Easter Monday is not, in Scotland.
        (london(2025, 4, 17, 18), london(2025, 4, 21, 9)),
    ],
)
def test_next_change(when, expected):
    assert next_change(SCHEDULE, when) == expected


def test_next_change_across_the_march_clock_change():
    # Friday 28 March 18:00 GMT -> Monday 31 March 09:00 BST, which is 08:00 UTC, not 09:00.
    change = next_change(SCHEDULE, utc(2025, 3, 28, 18))
    assert change == utc(2025, 3, 31, 8)
    assert coverage_at(SCHEDULE, change) is FULL


def test_next_change_across_the_october_clock_change():
    # Friday 24 October 18:00 BST (17:00 UTC) -> Monday 27 October 09:00 GMT (09:00 UTC).
    assert next_change(SCHEDULE, utc(2025, 10, 24, 17)) == utc(2025, 10, 27, 9)
    # The Friday end of office hours is still 18:00 local, 17:00 UTC.
    assert next_change(SCHEDULE, utc(2025, 10, 24, 12)) == utc(2025, 10, 24, 17)


def test_next_change_from_inside_an_exception_is_its_end_when_the_level_changes_there():
    schedule = StaffingSchedule(exceptions=(ELECTION_NIGHT,))
    assert next_change(schedule, london(2025, 3, 15, 22)) == london(2025, 3, 16, 4)
    schedule = StaffingSchedule(exceptions=(AWAY_DAY,))
    assert next_change(schedule, london(2025, 3, 12, 13)) == london(2025, 3, 12, 16)


def test_next_change_skips_an_exception_end_where_nothing_changes():
    # Part-time from 14:00 until 20:00 on a Wednesday: at 20:00 it is part-time anyway.
    late = ScheduleException("training", london(2025, 3, 12, 14), london(2025, 3, 12, 20), PART)
    schedule = StaffingSchedule(exceptions=(late,))
    assert next_change(schedule, london(2025, 3, 12, 15)) == london(2025, 3, 13, 9)


def test_next_change_is_the_start_of_an_exception_when_that_comes_first():
    schedule = StaffingSchedule(exceptions=(AWAY_DAY,))
    assert next_change(schedule, london(2025, 3, 12, 10)) == london(2025, 3, 12, 12)
    schedule = StaffingSchedule(exceptions=(ELECTION_NIGHT,))
    # Saturday morning: part-time until the election-night rota starts, not until Monday.
    assert next_change(schedule, london(2025, 3, 15, 10)) == london(2025, 3, 15, 18)


def test_next_change_is_none_when_coverage_never_changes():
    never_staffed = StaffingSchedule(full_weekdays=())
    assert next_change(never_staffed, london(2025, 3, 12, 10)) is None


# --- a property: next_change really is the next change -------------------------------------------

# 2024-2026 covers leap day, both clock changes each year and every substitute-holiday pattern above.
instants = st.datetimes(
    min_value=datetime(2024, 1, 1), max_value=datetime(2026, 12, 20), timezones=st.just(UTC)
)


@settings(max_examples=60, deadline=None)
@given(when=instants)
def test_coverage_holds_steady_until_next_change_and_differs_there(when):
    change = next_change(SCHEDULE, when)
    assert change is not None and change > when
    now = coverage_at(SCHEDULE, when)
    assert coverage_at(SCHEDULE, change) is not now
    # Nothing changes in between: check every quarter hour and the last second before.
    probe = when
    while probe < change:
        assert coverage_at(SCHEDULE, probe) is now
        probe += timedelta(minutes=15)
    assert coverage_at(SCHEDULE, change - timedelta(seconds=1)) is now


@settings(max_examples=60, deadline=None)
@given(when=instants)
def test_full_coverage_only_ever_within_office_hours_on_working_days(when):
    local = when.astimezone(LONDON)
    if coverage_at(SCHEDULE, when) is FULL:
        assert local.weekday() < 5
        assert 9 <= local.hour < 18
        assert not SCHEDULE.is_holiday(local.date())


# --- validation ----------------------------------------------------------------------------------


def test_the_default_schedule_is_valid():
    assert SCHEDULE.validate() == []


@pytest.mark.parametrize(
    ("schedule", "complaint"),
    [
        (StaffingSchedule(timezone="Europe/Edinburgh-ish"), "time zone"),
        (StaffingSchedule(full_start=SCHEDULE.full_end, full_end=SCHEDULE.full_start), "start before it ends"),
        (StaffingSchedule(full_weekdays=(0, 7)), "weekdays"),
        (StaffingSchedule(holiday_country="XX"), "holiday calendar"),
        (
            StaffingSchedule(
                exceptions=(ScheduleException("x", datetime(2025, 1, 1), datetime(2025, 1, 2), FULL),)
            ),
            "timezone-aware",
        ),
        (
            StaffingSchedule(exceptions=(ScheduleException("x", utc(2025, 1, 2), utc(2025, 1, 1), FULL),)),
            "start before it ends",
        ),
    ],
)
def test_nonsense_schedules_are_refused(schedule, complaint):
    problems = schedule.validate()
    assert any(complaint in p for p in problems), problems


# --- overlapping exceptions ----------------------------------------------------------------------


def test_two_overlapping_exceptions_are_refused_naming_both():
    # An election night and a staff party on the same evening: which one is in force at 20:00 must
    # not depend on the order they happen to be listed in.
    party = ScheduleException("staff party", london(2025, 3, 15, 19), london(2025, 3, 15, 23), PART)
    problems = StaffingSchedule(exceptions=(ELECTION_NIGHT, party)).validate()
    assert problems == [
        "exceptions 'election night' (15 March 2025 18:00 to 16 March 2025 04:00) and 'staff party' "
        "(15 March 2025 19:00 to 23:00) overlap: a moment can only have one coverage level"
    ]


def test_overlapping_exceptions_are_refused_even_when_they_agree_on_the_level():
    extension = ScheduleException("results overrun", london(2025, 3, 16, 3), london(2025, 3, 16, 6), FULL)
    problems = StaffingSchedule(exceptions=(extension, ELECTION_NIGHT)).validate()
    assert len(problems) == 1 and "'election night'" in problems[0] and "'results overrun'" in problems[0]


def test_every_overlapping_pair_is_named():
    a = ScheduleException("a", london(2025, 3, 10, 9), london(2025, 3, 10, 12), PART)
    b = ScheduleException("b", london(2025, 3, 10, 11), london(2025, 3, 10, 14), PART)
    c = ScheduleException("c", london(2025, 3, 10, 10), london(2025, 3, 10, 13), FULL)
    problems = StaffingSchedule(exceptions=(a, b, c)).validate()
    assert len(problems) == 3
    assert all("overlap" in p for p in problems)


def test_exceptions_that_meet_end_to_start_are_accepted():
    # The away-day ends at 16:00 and an evening shift begins then: one follows the other.
    evening = ScheduleException("evening cover", london(2025, 3, 12, 16), london(2025, 3, 12, 22), FULL)
    schedule = StaffingSchedule(exceptions=(AWAY_DAY, evening))
    assert schedule.validate() == []
    assert coverage_at(schedule, london(2025, 3, 12, 15, 59)) is PART
    assert coverage_at(schedule, london(2025, 3, 12, 16)) is FULL


def test_overlap_is_judged_on_instants_whatever_the_zone_written_in():
    # 17:30 UTC is 18:30 in London summer time: inside an exception written in London time.
    summer = ScheduleException("match", london(2025, 6, 11, 18), london(2025, 6, 11, 21), FULL)
    in_utc = ScheduleException("outage", utc(2025, 6, 11, 17, 30), utc(2025, 6, 11, 18), PART)
    assert len(StaffingSchedule(exceptions=(summer, in_utc)).validate()) == 1
    before = ScheduleException("outage", utc(2025, 6, 11, 16, 30), utc(2025, 6, 11, 17), PART)
    assert StaffingSchedule(exceptions=(summer, before)).validate() == []
