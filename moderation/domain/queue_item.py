"""A comment's place in the moderators' queue: open or resolved, and who has claimed it until when.

A claim lets one moderator work on an item without a colleague deciding it under them; it lasts a
set time and lapses by itself, so an item a moderator walked away from goes back to everyone. The
services read these values from the queue item's row, ask for the next one and store it; the SQL
that finds items free to take (`QueueItem.free_to_claim` in the schema) says the same as
`QueueEntry.claim_live`.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from .model import Conflict, QueueState


@dataclass(frozen=True)
class QueueEntry:
    """The parts of a queue item that claiming, releasing, resolving and reopening change."""

    state: QueueState
    claimed_by: str | None = None
    claim_expires_at: datetime | None = None
    resolved_at: datetime | None = None
    resolved_by: str | None = None

    @property
    def is_open(self) -> bool:
        return self.state is QueueState.OPEN

    def claim_live(self, at: datetime) -> bool:
        """Someone holds the item at `at`: a claim lapses at the moment it expires."""
        return self.claimed_by is not None and self.claim_expires_at is not None and self.claim_expires_at > at

    def claimant(self, at: datetime) -> str | None:
        """Who holds the item at `at`, if anyone."""
        return self.claimed_by if self.claim_live(at) else None

    def ensure_not_claimed_by_other(self, moderator_id: str, at: datetime) -> None:
        """Refuse a moderator an item a colleague holds."""
        holder = self.claimant(at)
        if holder is not None and holder != moderator_id:
            assert self.claim_expires_at is not None  # a live claim has an end
            minutes = max(1, round((self.claim_expires_at - at).total_seconds() / 60))
            raise Conflict("claimed_by_other", f"{holder} is reviewing this comment for another {minutes} min.")

    def renewed_by(self, moderator_id: str, at: datetime) -> bool:
        """Whether a claim by `moderator_id` at `at` only extends the one they already hold."""
        return self.claimant(at) == moderator_id

    def claim(self, moderator_id: str, at: datetime, length: timedelta) -> QueueEntry:
        """The item held by `moderator_id` for `length` from `at`: taken when free or lapsed,
        renewed when theirs, refused while a colleague's claim is live or when nothing waits."""
        if not self.is_open:
            raise Conflict("not_in_queue", "This comment is not waiting for review.")
        if length <= timedelta(0):
            raise ValueError("a claim must last some time")
        self.ensure_not_claimed_by_other(moderator_id, at)
        return replace(self, claimed_by=moderator_id, claim_expires_at=at + length)

    def release(self, moderator_id: str, at: datetime) -> QueueEntry | None:
        """The item given back early by the moderator holding it; None when they hold nothing to give back."""
        if self.claimant(at) != moderator_id:
            return None
        return replace(self, claimed_by=None, claim_expires_at=None)

    def resolve(self, by: str, at: datetime) -> QueueEntry:
        """Nothing more to review: decided by `by` (a moderator, or what ended it), claim ended. An
        item already resolved keeps when and by whom it left the queue (a decision changed later
        is in the trail, not here)."""
        if self.state is QueueState.RESOLVED and self.resolved_at is not None:
            return QueueEntry(QueueState.RESOLVED, resolved_at=self.resolved_at, resolved_by=self.resolved_by)
        return QueueEntry(QueueState.RESOLVED, resolved_at=at, resolved_by=by)

    def reopen(self) -> QueueEntry:
        """Waiting for a moderator again (new reports, a new text, an appeal), claimed by nobody."""
        return QueueEntry(QueueState.OPEN)
