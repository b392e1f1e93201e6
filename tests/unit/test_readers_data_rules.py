"""The rules behind readers' data, without a database: appeals, reporters' pseudonyms, retention."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from moderation.domain.appeals import (
    AppealOutcome,
    appeal_note,
    appeal_priority,
    ensure_appealable,
    ensure_may_judge,
    may_appeal,
    outcome_message,
    queue_entry,
)
from moderation.domain.model import Conflict, Forbidden, InvalidInput, Reason
from moderation.domain.policy import severity_part
from moderation.domain.pseudonyms import letters, pseudonyms
from moderation.domain.retention import RetentionPeriods

DECIDED = datetime(2026, 11, 25, 10, 30, tzinfo=UTC)
WINDOW = timedelta(days=14)


@pytest.mark.parametrize("state, amended, action", [("deleted", False, "delete"), ("published", True, "amend")])
def test_removals_and_amendments_may_be_appealed_within_the_window(state, amended, action):
    assert ensure_appealable(state, amended, DECIDED, DECIDED + WINDOW, WINDOW, False) == action


@pytest.mark.parametrize("state, amended, decided, code", [
    ("published", False, DECIDED, "nothing_to_appeal"),  # approved, or never decided
    ("withdrawn", False, DECIDED, "nothing_to_appeal"),
    ("erased", False, DECIDED, "nothing_to_appeal"),
    ("deleted", False, None, "nothing_to_appeal"),
])
def test_only_a_moderators_removal_or_amendment_can_be_appealed(state, amended, decided, code):
    with pytest.raises(Conflict) as refused:
        ensure_appealable(state, amended, decided, DECIDED, WINDOW, False)
    assert refused.value.code == code


def test_an_appeal_comes_once_and_before_the_window_closes():
    with pytest.raises(Conflict, match="once"):
        ensure_appealable("deleted", False, DECIDED, DECIDED, WINDOW, True)
    with pytest.raises(Conflict) as late:
        ensure_appealable("deleted", False, DECIDED, DECIDED + WINDOW + timedelta(seconds=1), WINDOW, False)
    assert late.value.code == "appeal_window_closed" and "14 days" in late.value.message
    assert may_appeal("deleted", False, DECIDED, DECIDED + timedelta(days=1), WINDOW, False)
    assert not may_appeal("deleted", False, DECIDED, DECIDED + timedelta(days=1), WINDOW, True)


def test_an_appeal_says_why_and_is_judged_by_someone_else():
    assert appeal_note("  It was fair comment.  ") == "It was fair comment."
    for note in ("", "   ", None, "x" * 1001):
        with pytest.raises(InvalidInput):
            appeal_note(note)
    with pytest.raises(Forbidden):
        ensure_may_judge("mod-morgan", "mod-morgan")
    ensure_may_judge("mod-casey", "mod-morgan")


def test_the_author_is_told_the_outcome_with_the_reasons():
    assert outcome_message(AppealOutcome.OVERTURNED, "delete", "It checks out.") == \
        "A moderator reviewed your appeal and restored your comment. It checks out."
    assert "as you wrote it" in outcome_message(AppealOutcome.OVERTURNED, "amend", "Fine.")
    assert outcome_message(AppealOutcome.UPHELD, "delete", "Rule 2.").endswith("the decision stands. Rule 2.")


def test_an_appeal_enters_the_queue_as_severe_as_its_reason_with_the_complaint_deadline():
    (legal,), due, why = queue_entry(Reason.LEGAL, "delete", timedelta(hours=4), "part", DECIDED)
    (spam,), _, _ = queue_entry(Reason.SPAM, "delete", timedelta(hours=4), "part", DECIDED)
    assert legal.points > spam.points and due == DECIDED + timedelta(hours=4)
    assert why[0] == "The author appealed the decision to remove it (legal reasons)."
    assert why[2] == "Review due within 4 h (part-time coverage, appeal)."
    # Its severity is the whole of its priority, and says so, on the scale of every other item.
    assert legal == severity_part(Reason.LEGAL) and why[-1] == legal.detail


def test_an_appeal_left_past_its_deadline_moves_up_and_says_so():
    parts = appeal_priority(Reason.SPAM, DECIDED, DECIDED + timedelta(minutes=1))
    assert [p.name for p in parts] == ["severity", "deadline"]
    assert parts[1].detail == "Overdue: past its review deadline."
    assert sum(p.points for p in parts) > sum(p.points for p in appeal_priority(Reason.SPAM, DECIDED, DECIDED - timedelta(hours=1)))


def test_pseudonyms_follow_the_order_reporters_first_reported():
    assert pseudonyms(["reader:rita", "anon:1", "reader:rita", "reader:raj"]) == {
        "reader:rita": "Reporter A", "anon:1": "Reporter B", "reader:raj": "Reporter C"}
    assert [letters(i) for i in (0, 25, 26, 27, 701, 702)] == ["A", "Z", "AA", "AB", "ZZ", "AAA"]


@given(st.integers(min_value=0, max_value=100_000), st.integers(min_value=0, max_value=100_000))
def test_every_reporter_gets_their_own_pseudonym(a, b):
    assert (letters(a) == letters(b)) == (a == b)


def test_retention_periods_are_calendar_months_back_from_the_purge():
    cutoffs = RetentionPeriods().cutoffs(datetime(2027, 2, 28, 12, 0, tzinfo=UTC))
    assert cutoffs.removed_text == datetime(2026, 2, 28, 12, 0, tzinfo=UTC)
    assert cutoffs.complaint_notes == cutoffs.removed_text
    assert cutoffs.audit_details == datetime(2021, 2, 28, 12, 0, tzinfo=UTC)
    leap = RetentionPeriods(removed_text_months=1).cutoffs(datetime(2028, 3, 31, tzinfo=UTC))
    assert leap.removed_text == datetime(2028, 2, 29, tzinfo=UTC)
