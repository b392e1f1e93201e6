"""Telling authors and complainants what moderation decided. Stored first; e-mailed when configured."""
from __future__ import annotations

from datetime import datetime
from typing import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..adapters.orm import Notification, User
from .context import Context


def notify(session: Session, recipient_id: str, kind: str, message: str, at: datetime, comment_id: str | None = None) -> None:
    session.add(Notification(recipient_id=recipient_id, kind=kind, message=message, comment_id=comment_id, created_at=at))


def for_reader(ctx: Context, reader_id: str, limit: int = 50) -> list[dict]:
    with ctx.transaction() as session:
        return _views(session.scalars(
        select(Notification)
        .where(Notification.recipient_id == reader_id)
        .order_by(Notification.created_at.desc(), Notification.id.desc())
        .limit(limit)
        ))


def _views(rows) -> list[dict]:
    return [
        {
            "id": n.id,
            "kind": n.kind,
            "comment_id": n.comment_id,
            "message": n.message,
            "created_at": n.created_at.isoformat(),
            "read": n.read_at is not None,
        }
        for n in rows
    ]


def mark_read(ctx: Context, reader_id: str) -> int:
    now = ctx.now()
    with ctx.transaction() as session:
        rows = session.scalars(
            select(Notification).where(Notification.recipient_id == reader_id, Notification.read_at.is_(None))
        ).all()
        for n in rows:
            n.read_at = now
        return len(rows)


def deliver_emails(session: Session, send: Callable[[str, str, str], None], at: datetime, batch: int = 100) -> int:
    """E-mail notifications not yet sent to readers whose address we know; returns how many went out."""
    pending = session.execute(
        select(Notification, User.email)
        .join(User, User.id == Notification.recipient_id)
        .where(Notification.emailed_at.is_(None), User.email.is_not(None))
        .order_by(Notification.id)
        .limit(batch)
    ).all()
    for notification, email in pending:
        send(email, "About your comment", notification.message)
        notification.emailed_at = at
    return len(pending)
