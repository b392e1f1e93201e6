"""Clearing what readers wrote from every place the service copied it to, for erasure and retention.

The audit trail stays append-only: rows are never deleted and what happened (who, what, when, to
which comment, why) never changes; only a transaction that has said it is redacting may clear the
texts and notes a row carries, or put an erased reader's stand-in id in place of theirs.
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, exists, select, text, update
from sqlalchemy.orm import Session

from ..adapters.orm import Appeal, AuditEvent, Comment, Decision, LegalHold, QueueItem, Score

TEXT_KEYS = ("body", "amended_body")
CHUNK = 500


def allow_redaction(session: Session) -> None:
    """Let this transaction redact audit rows (PostgreSQL's trigger refuses any other change)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SET LOCAL moderation.redacting = 'on'"))


def without_text(snapshot: dict[str, Any] | None) -> dict[str, Any] | None:
    """A before/after snapshot with the comment's texts taken out (its state, revision... kept)."""
    if snapshot is None:
        return None
    return {key: (None if key in TEXT_KEYS else value) for key, value in snapshot.items()}


def redact_details(event: AuditEvent) -> bool:
    """Clear an audit event's texts and notes (who did what, when, stays); whether it held any."""
    if event.before is None and event.after is None and not event.note:
        return False
    event.before = event.after = None
    event.note = ""
    return True


def not_held() -> ColumnElement[bool]:
    """A condition on Comment: no legal hold keeps its text."""
    return ~exists(select(LegalHold.comment_id).where(LegalHold.comment_id == Comment.id))


def held(session: Session, comment_ids: Iterable[str]) -> set[str]:
    ids = list(comment_ids)
    if not ids:
        return set()
    return set(session.scalars(select(LegalHold.comment_id).where(LegalHold.comment_id.in_(ids))))


def purge_texts(session: Session, comment_ids: list[str], now: datetime) -> int:
    """Remove the comments' texts everywhere: the comment, the decisions on it (and their notes),
    the words the classifiers quoted, the queue's explanations, the author's appeal note and the
    trail's copies. Call with `allow_redaction` in force; the caller has checked legal holds."""
    for start in range(0, len(comment_ids), CHUNK):
        chunk = comment_ids[start:start + CHUNK]
        session.execute(update(Comment).where(Comment.id.in_(chunk))
                        .values(body="", amended_body=None, text_purged_at=now))
        session.execute(update(Decision).where(Decision.comment_id.in_(chunk)).values(text="", note=""))
        session.execute(update(Score).where(Score.comment_id.in_(chunk)).values(labels={}))
        session.execute(update(QueueItem).where(QueueItem.comment_id.in_(chunk)).values(triggers=[], explanation=[]))
        session.execute(update(Appeal).where(Appeal.comment_id.in_(chunk)).values(note=""))
        for event in session.scalars(select(AuditEvent).where(AuditEvent.comment_id.in_(chunk))):
            event.before, event.after, event.note = without_text(event.before), without_text(event.after), ""
    return len(comment_ids)
