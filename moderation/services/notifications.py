"""Telling authors and complainants what moderation decided. Stored first; e-mailed when configured."""
from __future__ import annotations

import logging
from datetime import datetime
from typing import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..adapters.orm import Notification, User
from .context import Context

log = logging.getLogger(__name__)


def notify(session: Session, recipient_id: str, kind: str, message: str, at: datetime, comment_id: str | None = None) -> None:
    session.add(Notification(recipient_id=recipient_id, kind=kind, message=message, comment_id=comment_id, created_at=at))


def for_reader(ctx: Context, reader_id: str, limit: int = 50) -> list[dict]:
    with ctx.transaction() as session:
        return notification_views(session.scalars(
        select(Notification)
        .where(Notification.recipient_id == reader_id)
        .order_by(Notification.created_at.desc(), Notification.id.desc())
        .limit(limit)
        ))


def notification_views(rows) -> list[dict]:
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


SUBJECTS = {
    "withheld": "Your comment is awaiting review",
    "comment_approve": "Your comment has been reviewed",
    "comment_amend": "A moderator amended your comment",
    "comment_delete": "A moderator removed your comment",
    "complaint_outcome": "The outcome of your report",
    "appeal_upheld": "The outcome of your appeal",
    "appeal_overturned": "Your appeal was successful",
}


class PermanentFailure(Exception):
    """The mail server refused this recipient for good; retrying would not help."""


def deliver_emails(ctx: Context, send: Callable[[str, str, str], None], batch: int = 100) -> dict:
    """E-mail notifications not yet sent to readers whose address we know.

    One transaction per message, so one refused address neither blocks the others nor makes
    them go out twice; rows being sent by another run are skipped, not sent again.
    """
    sent = refused = 0
    for _ in range(batch):
        with ctx.transaction() as session:
            row = session.execute(
                select(Notification, User.email)
                .join(User, User.id == Notification.recipient_id)
                .where(Notification.emailed_at.is_(None), User.email.is_not(None))
                .order_by(Notification.id)
                .limit(1)
                .with_for_update(of=Notification, skip_locked=True)
            ).first()
            if row is None:
                break
            notification, email = row
            subject = SUBJECTS.get(notification.kind) or "About your comments"
            try:
                send(email, subject, notification.message)
                sent += 1
            except PermanentFailure:
                log.warning("e-mail refused", extra={"notification": notification.id, "recipient": notification.recipient_id})
                refused += 1
            # Either way it is settled: the reader still sees it in the widget.
            notification.emailed_at = ctx.now()
    return {"sent": sent, "refused": refused}
