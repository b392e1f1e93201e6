"""Reading a queue item's row as the domain's `QueueEntry`, and storing the entry the rules return."""
from __future__ import annotations

from ..adapters.orm import QueueItem
from ..domain.model import QueueState
from ..domain.queue_item import QueueEntry


def entry_of(item: QueueItem) -> QueueEntry:
    # A row added in this transaction and not yet flushed has no state yet: it is a new, open item.
    state = QueueState.OPEN if item.state is None else QueueState(item.state)
    return QueueEntry(state, item.claimed_by, item.claim_expires_at, item.resolved_at, item.resolved_by)


def store(item: QueueItem, entry: QueueEntry) -> None:
    item.state = entry.state
    item.claimed_by, item.claim_expires_at = entry.claimed_by, entry.claim_expires_at
    item.resolved_at, item.resolved_by = entry.resolved_at, entry.resolved_by
