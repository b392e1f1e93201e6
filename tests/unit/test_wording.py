"""Times, counts and quotations as people read them, and which comments a reader's thread holds."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from moderation.domain.lifecycle import shown_to_public
from moderation.domain.model import Reason
from moderation.domain.wording import (
    REASON_WORDING,
    duration,
    excerpt,
    newsroom_time,
    plural,
    reason_labels_for_readers,
    reason_names,
)

LONDON = ZoneInfo("Europe/London")


@pytest.mark.parametrize("utc, words", [
    (datetime(2026, 12, 3, 12, 0, tzinfo=UTC), "3 December 2026 at 12:00"),  # GMT: the same hour
    (datetime(2026, 7, 3, 11, 5, tzinfo=UTC), "3 July 2026 at 12:05"),  # BST: an hour ahead
    (datetime(2026, 3, 31, 23, 30, tzinfo=UTC), "1 April 2026 at 00:30"),  # the date moves too
])
def test_times_are_read_on_the_newsrooms_clock_in_words(utc, words):
    assert newsroom_time(utc, LONDON) == words


@pytest.mark.parametrize("delta, words", [
    (timedelta(seconds=40), "40 s"),
    (timedelta(seconds=59.6), "1 min"),
    (timedelta(minutes=45), "45 min"),
    (timedelta(minutes=90), "1 h 30 min"),
    (timedelta(hours=2), "2 h"),
    (timedelta(hours=47, minutes=59), "47 h 59 min"),
    (timedelta(hours=48), "2 days"),
    (timedelta(days=3, hours=4), "3 days 4 h"),
    (timedelta(days=3, minutes=20), "3 days 20 min"),
    (-timedelta(minutes=125), "2 h 5 min"),  # overdue by as much as due in
])
def test_durations_read_to_the_minute_in_days_hours_and_minutes(delta, words):
    assert duration(delta) == words


def test_every_reason_is_worded_for_staff_readers_and_sentences():
    assert set(REASON_WORDING) == set(Reason)
    assert list(reason_names()) == list(reason_labels_for_readers()) == [r.value for r in Reason]
    assert reason_names()["off_topic"] == "Off-topic"
    assert reason_labels_for_readers()["abuse"] == "Abusive, hateful or threatening"
    assert Reason.LEGAL.phrase == "legal reasons"
    for wording in REASON_WORDING.values():
        assert wording.name and wording.for_readers and wording.in_a_sentence == wording.in_a_sentence.lower()


def test_counts_agree_with_their_nouns():
    assert plural(1, "comment") == "1 comment"
    assert plural(0, "comment") == "0 comments"
    assert plural(2, "reply", "replies") == "2 replies"


def test_an_excerpt_keeps_short_text_and_cuts_long_text_at_a_word():
    assert excerpt("  The bridge\nlooks grand.  ") == "The bridge looks grand."
    cut = excerpt("The engineers who rebuilt the swing bridge deserve a medal for finishing it early", 40)
    assert cut == "The engineers who rebuilt the swing…"
    assert excerpt("x" * 100, 10) == "x" * 10 + "…"


@pytest.mark.parametrize("status, mine, replies, shown", [
    ("published", False, False, True),
    ("deleted", False, False, False),  # nothing to hold up: no note at all
    ("deleted", False, True, True),  # the note keeps the replies readable as replies
    ("withdrawn", False, False, False),
    ("awaiting_review", False, False, False),
    ("awaiting_review", True, False, True),  # its author still sees it, with the note
    ("withdrawn", True, False, True),
])
def test_a_reader_sees_a_note_only_where_it_holds_up_replies(status, mine, replies, shown):
    assert shown_to_public(status, mine, replies) is shown
