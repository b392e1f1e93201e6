"""The on-call rota: who is on call at a given moment on the newsroom's clock, what a valid rota is,
and how often one person may be messaged."""
from __future__ import annotations

from datetime import time, timedelta
from zoneinfo import ZoneInfo

import pytest

from moderation.domain.model import InvalidInput
from moderation.domain.policy import PolicyConfig
from moderation.domain.policy_codec import config_from_dict, config_to_dict
from moderation.domain.rota import (
    Fallback,
    OnCallPerson,
    Rota,
    Shift,
    Webhook,
    escalation_due,
    may_send,
    on_call,
    rota_from_dict,
    rota_to_dict,
)
from support.clock import london

LONDON = ZoneInfo("Europe/London")
WEEKNIGHTS = (0, 1, 2, 3, 4)
PEOPLE = (OnCallPerson("jo", "jo@paper.example"), OnCallPerson("sam", "sam@paper.example"),
          OnCallPerson("ali", "ali@paper.example", Webhook("https://hooks.example/ali")))
DESK = Fallback("Night editor", "desk@paper.example")


def rota(*shifts: Shift, **kwargs) -> Rota:
    return Rota(people=PEOPLE, shifts=shifts, fallback=DESK, **kwargs)


NIGHTS = rota(
    Shift("jo", WEEKNIGHTS, time(18), time(23)),
    Shift("sam", WEEKNIGHTS, time(23), time(9)),  # overnight, into the next morning
    Shift("ali", (5, 6), time(0), time(0)),  # whole weekend days, midnight to midnight
)


def test_the_evening_shift_has_jo_on_call_at_22_00_on_a_wednesday():
    assert on_call(NIGHTS, LONDON, london(2026, 11, 25, 22, 0)) == ("jo",)


def test_an_overnight_shift_covers_the_small_hours_of_the_next_day():
    # Sam's Wednesday night shift is still running at 03:00 on Thursday.
    assert on_call(NIGHTS, LONDON, london(2026, 11, 26, 3, 0)) == ("sam",)


def test_a_shift_ends_at_its_end_time_and_the_next_begins():
    assert on_call(NIGHTS, LONDON, london(2026, 11, 25, 23, 0)) == ("sam",)
    assert on_call(NIGHTS, LONDON, london(2026, 11, 26, 9, 0)) == ()


def test_friday_nights_shift_runs_into_saturday_beside_the_weekend_shift():
    # Sam's Friday shift started on a weeknight; Ali's Saturday began at midnight: both are on call.
    assert on_call(NIGHTS, LONDON, london(2026, 11, 28, 2, 0)) == ("sam", "ali")


def test_nobody_is_on_call_in_office_hours_unless_the_rota_says_so():
    assert on_call(NIGHTS, LONDON, london(2026, 11, 25, 10, 30)) == ()


def test_shifts_follow_the_newsroom_clock_across_the_change_to_winter_time():
    # Sunday 25 October 2026: the clocks go back at 02:00 BST. Ali's Sunday runs midnight to midnight local time.
    assert on_call(NIGHTS, LONDON, london(2026, 10, 25, 23, 30)) == ("ali",)
    assert on_call(NIGHTS, LONDON, london(2026, 10, 26, 0, 30)) == ()  # Monday 00:30: the weekend is over


def test_shifts_are_read_in_the_schedules_time_zone_not_in_utc():
    new_york = ZoneInfo("America/New_York")
    # 22:00 in London is 17:00 in New York: before the evening shift there.
    assert on_call(NIGHTS, new_york, london(2026, 11, 25, 22, 0)) == ()


def test_on_call_needs_an_aware_moment():
    with pytest.raises(ValueError):
        on_call(NIGHTS, LONDON, london(2026, 11, 25, 22).replace(tzinfo=None))


# --- batching and escalation ------------------------------------------------------------------------

def test_a_person_gets_at_most_one_message_in_the_batch_window():
    r = rota(batch_minutes=5)
    last = london(2026, 11, 25, 22, 0)
    assert may_send(None, last, r)
    assert not may_send(last, last + timedelta(minutes=4, seconds=59), r)
    assert may_send(last, last + timedelta(minutes=5), r)


def test_an_alert_escalates_once_the_time_to_acknowledge_has_passed():
    r = rota(acknowledge_minutes=20)
    sent = london(2026, 11, 25, 22, 0)
    assert not escalation_due(sent, sent + timedelta(minutes=19), r)
    assert escalation_due(sent, sent + timedelta(minutes=20), r)


# --- validation, in words ------------------------------------------------------------------------------

def problems_of(r: Rota) -> list[str]:
    return r.validate()


def test_a_sound_rota_has_no_problems():
    assert problems_of(NIGHTS) == []


def test_an_empty_rota_is_valid_and_raises_no_alerts():
    assert Rota().validate() == [] and not Rota().active


def test_a_shift_for_someone_not_listed_is_refused_with_their_name():
    [problem] = problems_of(rota(Shift("kim", WEEKNIGHTS, time(18), time(23))))
    assert "kim is not among the people on call" in problem


def test_a_shift_ending_when_it_starts_lasts_24_hours():
    day = rota(Shift("jo", (2,), time(18), time(18)))  # Wednesday 18:00 to Thursday 18:00
    assert on_call(day, LONDON, london(2026, 11, 26, 17, 59)) == ("jo",)
    assert on_call(day, LONDON, london(2026, 11, 26, 18, 0)) == ()


def test_a_shift_needs_a_day():
    [problem] = problems_of(rota(Shift("jo", (), time(18), time(23))))
    assert "choose at least one day" in problem


def test_shifts_need_a_fallback_contact():
    r = Rota(people=PEOPLE, shifts=(Shift("jo", WEEKNIGHTS, time(18), time(23)),))
    assert problems_of(r) == ["rota: a fallback contact is needed, to be told when an alert goes unacknowledged"]


def test_people_need_a_real_email_address():
    r = Rota(people=(OnCallPerson("jo", "Jo Bloggs"),), fallback=DESK)
    [problem] = problems_of(r)
    assert "jo needs an e-mail address" in problem and "“Jo Bloggs” is not one" in problem


def test_webhooks_must_be_web_addresses_in_a_known_format():
    r = Rota(fallback=DESK, newsroom_webhook=Webhook("hooks.slack.com/x", "xml"))
    assert problems_of(r) == [
        "rota: the newsroom webhook must be a web address starting with https:// or http:// (“hooks.slack.com/x” is not)",
        "rota: the newsroom webhook is sent as Slack text (slack) or as JSON data (json), not “xml”",
    ]


def test_timing_settings_are_bounded():
    problems = problems_of(rota(batch_minutes=0, acknowledge_minutes=0, queue_size_alert=0))
    assert len(problems) == 3


def test_a_bad_rota_refuses_the_whole_policy_listing_each_problem():
    document = config_to_dict(PolicyConfig())
    document["rota"] = {"people": [{"username": "jo", "email": "nope"}],
                        "shifts": [{"username": "kim", "weekdays": [0], "start": "18:00", "end": "23:00"}]}
    with pytest.raises(InvalidInput) as refused:
        config_from_dict(document)
    message = refused.value.message
    assert "jo needs an e-mail address" in message and "kim is not among the people on call" in message
    assert "a fallback contact is needed" in message


# --- stored with the policy ---------------------------------------------------------------------------

def test_the_rota_survives_a_round_trip_through_the_policy_document():
    config = PolicyConfig(rota=rota(*NIGHTS.shifts, newsroom_webhook=Webhook("https://hooks.example/desk", "json"),
                                    queue_size_alert=40))
    assert config_from_dict(config_to_dict(config)) == config


def test_a_policy_saved_before_rotas_existed_reads_as_no_rota():
    document = config_to_dict(PolicyConfig())
    del document["rota"]
    assert config_from_dict(document).rota == Rota()


def test_a_webhook_may_be_given_as_a_bare_address():
    assert rota_from_dict({"newsroom_webhook": "https://hooks.example/x"}).newsroom_webhook == Webhook("https://hooks.example/x")
    assert rota_to_dict(Rota())["newsroom_webhook"] is None
