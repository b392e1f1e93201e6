"""What a policy change means before it is saved and after: its effect on the open queue, on
coverage in the coming days and over a year, and the history's sentences for each version."""
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from moderation.domain.coverage import Coverage, ScheduleException
from moderation.domain.model import Reason
from moderation.domain.policy import (
    CommentFacts,
    ComplaintFact,
    Deadlines,
    PolicyConfig,
    Scores,
    WithholdBars,
)
from moderation.domain.policy_changes import (
    coverage_calendar,
    coverage_differences,
    describe_changes,
    full_time_hours_per_week,
    queue_impact,
)
from moderation.domain.policy_codec import config_to_dict

LONDON = ZoneInfo("Europe/London")
# Wednesday 25 November 2026, 22:00 in Edinburgh: part-time cover.
NIGHT = datetime(2026, 11, 25, 22, 0, tzinfo=LONDON)
CONFIG = PolicyConfig()


def flagged(abuse: float, withheld: bool = False, due_in: timedelta | None = None) -> CommentFacts:
    return CommentFacts(created_at=NIGHT - timedelta(minutes=10), scores=Scores(abuse=abuse, spam=0.0, off_topic=0.0),
                        withheld=withheld, queued_due_at=NIGHT + due_in if due_in else None)


def with_part_bar(abuse: float) -> PolicyConfig:
    withhold = dict(CONFIG.withhold)
    withhold[Coverage.PART] = replace(withhold[Coverage.PART], abuse=abuse)
    return replace(CONFIG, withhold=withhold)


def test_lowering_the_part_time_abuse_bar_counts_the_visible_items_it_would_hide_and_only_those():
    items = [("just-under", flagged(0.88)), ("far-under", flagged(0.6)), ("hidden-already", flagged(0.95, withheld=True))]
    impact = queue_impact(items, CONFIG, with_part_bar(0.85), NIGHT)
    assert impact.examined == 3
    assert impact.newly_withheld == ["just-under"]
    assert impact.no_longer_withheld == []
    assert impact.kept_hidden == 1


def test_raising_the_bar_names_the_items_the_bars_in_force_would_hide_but_the_new_ones_would_not():
    impact = queue_impact([("at-0.92", flagged(0.92))], CONFIG, with_part_bar(0.95), NIGHT)
    assert impact.no_longer_withheld == ["at-0.92"] and impact.newly_withheld == []


def test_a_shorter_deadline_brings_waiting_items_forward_and_a_longer_one_never_pushes_them_back():
    shorter = replace(CONFIG, deadlines={**CONFIG.deadlines, Coverage.PART: Deadlines(timedelta(hours=1), timedelta(hours=2))})
    longer = replace(CONFIG, deadlines={**CONFIG.deadlines, Coverage.PART: Deadlines(timedelta(hours=9), timedelta(hours=12))})
    waiting = [("due-in-6h", flagged(0.6, due_in=timedelta(hours=6)))]
    assert queue_impact(waiting, CONFIG, shorter, NIGHT).due_earlier == ["due-in-6h"]
    # A deadline once set is only ever brought forward (the policy's own rule), so nothing moves later.
    assert queue_impact(waiting, CONFIG, longer, NIGHT).unchanged


def test_a_higher_flag_threshold_names_the_items_nothing_would_queue_any_more():
    higher = replace(CONFIG, flag=replace(CONFIG.flag, abuse=0.7))
    impact = queue_impact([("at-0.6", flagged(0.6)), ("at-0.8", flagged(0.8))], CONFIG, higher, NIGHT)
    assert impact.no_longer_flagged == ["at-0.6"]


def test_an_unchanged_policy_changes_nothing():
    complaint = CommentFacts(created_at=NIGHT, complaints=(ComplaintFact("ann", Reason.LEGAL),))
    assert queue_impact([("a", flagged(0.95)), ("b", complaint)], CONFIG, CONFIG, NIGHT).unchanged


def test_working_saturdays_shows_only_the_saturday_hours_as_changed_coverage():
    saturdays = replace(CONFIG.schedule, full_weekdays=(0, 1, 2, 3, 4, 5))
    found = coverage_differences(CONFIG.schedule, saturdays, NIGHT, days=7)
    assert [(d.start, d.end, d.before, d.after) for d in found] == [
        (datetime(2026, 11, 28, 9, tzinfo=LONDON), datetime(2026, 11, 28, 18, tzinfo=LONDON), Coverage.PART, Coverage.FULL)
    ]


def test_a_night_exception_spanning_midnight_is_one_change_and_outside_the_window_is_none():
    night = ScheduleException("Election night", datetime(2026, 11, 26, 22, tzinfo=LONDON),
                              datetime(2026, 11, 27, 6, tzinfo=LONDON), Coverage.FULL)
    found = coverage_differences(CONFIG.schedule, replace(CONFIG.schedule, exceptions=(night,)), NIGHT, days=7)
    assert [(d.start, d.end, d.after) for d in found] == [(night.start, night.end, Coverage.FULL)]
    assert coverage_differences(CONFIG.schedule, replace(CONFIG.schedule, exceptions=(night,)), NIGHT, days=1) == []


def test_the_calendar_marks_weekdays_weekends_holidays_and_exceptions_on_the_newsrooms_clock():
    away_day = ScheduleException("Staff away-day", datetime(2026, 12, 2, 13, tzinfo=LONDON),
                                 datetime(2026, 12, 2, 18, tzinfo=LONDON), Coverage.PART)
    schedule = replace(CONFIG.schedule, exceptions=(away_day,))
    days = {d.day: d for d in coverage_calendar(schedule, date(2026, 11, 28), date(2026, 12, 31))}
    assert days[date(2026, 11, 28)].full_minutes == 0  # a Saturday
    assert days[date(2026, 11, 30)].full_minutes == 0 and "Andrew" in days[date(2026, 11, 30)].holiday
    assert days[date(2026, 12, 1)].full_minutes == 9 * 60 and days[date(2026, 12, 1)].level is Coverage.FULL
    assert days[date(2026, 12, 2)].full_minutes == 4 * 60 and days[date(2026, 12, 2)].exceptions == ("Staff away-day",)
    assert "Christmas" in days[date(2026, 12, 25)].holiday and days[date(2026, 12, 25)].level is Coverage.PART


def test_the_calendar_counts_a_clock_change_day_by_the_clock_on_the_wall():
    # 29 March 2026: the clocks go forward; a full-time Sunday 09:00-18:00 is still 9 hours.
    sundays = replace(CONFIG.schedule, full_weekdays=(6,), holiday_country="GB", holiday_subdivision=None)
    (day,) = coverage_calendar(sundays, date(2026, 3, 29), date(2026, 3, 29))
    assert day.full_minutes == 9 * 60


def test_hours_per_week_follow_the_days_and_hours():
    assert full_time_hours_per_week(CONFIG.schedule) == 45
    assert full_time_hours_per_week(replace(CONFIG.schedule, full_weekdays=(0, 1), full_start=time(8, 30))) == 19


def test_a_versions_changes_read_as_sentences_with_people_units():
    before = config_to_dict(CONFIG)
    after = config_to_dict(replace(
        with_part_bar(0.85),
        deadlines={**CONFIG.deadlines, Coverage.FULL: Deadlines(timedelta(minutes=30), timedelta(hours=2))},
        schedule=replace(CONFIG.schedule, full_weekdays=(0, 1, 2, 3), exceptions=(
            ScheduleException("Election night", datetime(2026, 5, 7, 22, tzinfo=LONDON), datetime(2026, 5, 8, 6, tzinfo=LONDON),
                              Coverage.FULL),)),
    ))
    assert describe_changes(before, after) == [
        "Part-time withholding bar, abuse score: 0.9 → 0.85.",
        "Full-time review deadline after a complaint: 1 h → 30 min.",
        "Full-time days: Monday, Tuesday, Wednesday, Thursday, Friday → Monday, Tuesday, Wednesday, Thursday.",
        "Exception “Election night” added: Thu 07 May 2026 22:00 to Fri 08 May 2026 06:00, full-time coverage.",
    ]
    assert describe_changes(after, before)[-1] == (
        "Exception “Election night” removed (was Thu 07 May 2026 22:00 to Fri 08 May 2026 06:00, full-time coverage).")
    assert describe_changes(before, before) == []


def test_moments_in_a_versions_changes_are_read_on_the_policys_clock_whatever_offset_they_came_with():
    before = config_to_dict(CONFIG)
    after = config_to_dict(replace(CONFIG, schedule=replace(CONFIG.schedule, exceptions=(
        ScheduleException("Election night", datetime(2026, 5, 7, 21, tzinfo=UTC), datetime(2026, 5, 8, 5, tzinfo=UTC),
                          Coverage.FULL),))))
    assert describe_changes(before, after) == [
        "Exception “Election night” added: Thu 07 May 2026 22:00 to Fri 08 May 2026 06:00, full-time coverage.",
    ]


def test_settings_the_history_has_never_heard_of_are_still_described():
    before = config_to_dict(CONFIG)
    after = {**before, "night_desk": {"fallback_contact": "desk@example.com"}}
    assert describe_changes(before, after) == ["Night desk › fallback contact: set to desk@example.com."]
    changed_bar = config_to_dict(replace(CONFIG, withhold={**CONFIG.withhold, Coverage.FULL: WithholdBars(0.97, 6.0, 5)}))
    assert describe_changes(before, changed_bar) == ["Full-time withholding bar, distinct readers complaining: 4 → 5."]


def test_a_rota_change_is_described_person_by_person_and_shift_by_shift():
    jo = {"username": "jo", "email": "jo@example.com", "webhook": None}
    evenings = {"username": "jo", "weekdays": [0, 1, 2, 3, 4], "start": "18:00", "end": "23:00"}
    before = {"rota": {"people": [jo], "shifts": [evenings]}}
    after = {"rota": {"people": [jo, {"username": "sam", "email": "sam@example.com", "webhook": None}],
                      "shifts": [{**evenings, "end": "22:00"}]}}
    assert describe_changes(before, after) == [
        "On-call people: added username sam, email sam@example.com, webhook none.",
        "On-call shifts: added 18:00 to 22:00, username jo, weekdays Monday, Tuesday, Wednesday, Thursday, Friday.",
        "On-call shifts: removed 18:00 to 23:00, username jo, weekdays Monday, Tuesday, Wednesday, Thursday, Friday.",
    ]
