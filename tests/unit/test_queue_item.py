"""Claiming, releasing, resolving and reopening a queue item, and when a claim lapses."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from moderation.domain.model import Conflict, QueueState
from moderation.domain.queue_item import QueueEntry

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
FIVE_MINUTES = timedelta(minutes=5)
OPEN = QueueEntry(QueueState.OPEN)


def held_by(moderator: str, until: datetime) -> QueueEntry:
    return QueueEntry(QueueState.OPEN, moderator, until)


@pytest.mark.parametrize(("entry", "at", "live"), [
    (OPEN, T0, False),
    (held_by("ana", T0 + FIVE_MINUTES), T0, True),
    (held_by("ana", T0 + FIVE_MINUTES), T0 + FIVE_MINUTES - timedelta(microseconds=1), True),
    (held_by("ana", T0 + FIVE_MINUTES), T0 + FIVE_MINUTES, False),  # lapses at the moment it expires
    (held_by("ana", T0 + FIVE_MINUTES), T0 + FIVE_MINUTES + timedelta(seconds=1), False),
    (QueueEntry(QueueState.OPEN, "ana", None), T0, False),  # a claimant with no end holds nothing
    (QueueEntry(QueueState.OPEN, None, T0 + FIVE_MINUTES), T0, False),  # an end with nobody holds nothing
])
def test_a_claim_is_live_until_the_moment_it_expires(entry, at, live):
    assert entry.claim_live(at) is live
    assert entry.claimant(at) == ("ana" if live else None)


def test_claiming_a_free_item_holds_it_for_the_claim_length():
    claimed = OPEN.claim("ana", T0, FIVE_MINUTES)
    assert claimed == QueueEntry(QueueState.OPEN, "ana", T0 + FIVE_MINUTES)
    assert not OPEN.renewed_by("ana", T0)


def test_the_same_moderator_renews_their_claim_from_now():
    claimed = OPEN.claim("ana", T0, FIVE_MINUTES)
    later = T0 + timedelta(minutes=4)
    assert claimed.renewed_by("ana", later)
    assert claimed.claim("ana", later, FIVE_MINUTES).claim_expires_at == later + FIVE_MINUTES


def test_a_colleague_is_refused_while_the_claim_is_live_and_told_for_how_long():
    claimed = OPEN.claim("ana", T0, FIVE_MINUTES)
    with pytest.raises(Conflict) as refused:
        claimed.claim("ben", T0 + timedelta(minutes=1), FIVE_MINUTES)
    assert refused.value.code == "claimed_by_other"
    assert refused.value.message == "ana is reviewing this comment for another 4 min."
    with pytest.raises(Conflict, match="another 1 min"):  # never "0 min" in the last seconds
        claimed.ensure_not_claimed_by_other("ben", T0 + FIVE_MINUTES - timedelta(seconds=5))


def test_a_lapsed_claim_is_anyones_and_taking_it_is_not_a_renewal():
    claimed = OPEN.claim("ana", T0, FIVE_MINUTES)
    taken = claimed.claim("ben", T0 + FIVE_MINUTES, FIVE_MINUTES)
    assert taken.claimant(T0 + FIVE_MINUTES) == "ben"
    assert not claimed.renewed_by("ana", T0 + FIVE_MINUTES)


def test_nothing_waiting_cannot_be_claimed():
    resolved = OPEN.resolve("ana", T0)
    with pytest.raises(Conflict) as refused:
        resolved.claim("ana", T0, FIVE_MINUTES)
    assert refused.value.code == "not_in_queue"


def test_a_claim_must_last_some_time():
    with pytest.raises(ValueError):
        OPEN.claim("ana", T0, timedelta(0))


def test_only_the_holder_releases_and_only_while_the_claim_is_live():
    claimed = OPEN.claim("ana", T0, FIVE_MINUTES)
    assert claimed.release("ben", T0) is None
    assert claimed.release("ana", T0 + FIVE_MINUTES) is None  # already lapsed: nothing to give back
    released = claimed.release("ana", T0 + timedelta(minutes=1))
    assert released == OPEN
    assert released is not None and released.claim("ben", T0 + timedelta(minutes=1), FIVE_MINUTES).claimed_by == "ben"


def test_resolving_ends_the_claim_and_records_who_and_when():
    claimed = OPEN.claim("ana", T0, FIVE_MINUTES)
    resolved = claimed.resolve("ana", T0 + timedelta(minutes=2))
    assert resolved == QueueEntry(QueueState.RESOLVED, resolved_at=T0 + timedelta(minutes=2), resolved_by="ana")
    assert not resolved.is_open and resolved.claimant(T0) is None


def test_resolving_again_keeps_when_the_item_first_left_the_queue():
    first = OPEN.resolve("ana", T0)
    assert first.resolve("ben", T0 + timedelta(hours=1)) == first


def test_reopening_puts_the_item_back_for_everyone():
    reopened = OPEN.claim("ana", T0, FIVE_MINUTES).resolve("ana", T0).reopen()
    assert reopened == OPEN
    assert reopened.is_open and reopened.claimant(T0) is None
