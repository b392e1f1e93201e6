"""Readers the service keeps a record of (sanctions, complaint track record)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..adapters.orm import Notification, User
from ..domain.client_input import ensure_id


def get_or_create_user(session: Session, user_id: str, now: datetime, lock: bool = False) -> User:
    ensure_id(user_id, "user_id")
    user = session.get(User, user_id, with_for_update=lock)
    if user is None:
        try:
            # In a savepoint: if another request creates the same reader first, use theirs.
            with session.begin_nested():
                user = User(id=user_id, name="", created_at=now, banned=False, warnings=0,
                            complaints_upheld=0, complaints_rejected=0)
                session.add(user)
        except IntegrityError:
            user = session.get(User, user_id, with_for_update=lock)
    return user


def standing(ctx, reader) -> dict:
    """What the widget needs to know about the signed-in reader: may they comment, and why not."""
    now = ctx.now()
    with ctx.transaction() as session:
        user = session.get(User, reader.id)
        unread = session.scalar(
            select(func.count()).select_from(Notification)
            .where(Notification.recipient_id == reader.id, Notification.read_at.is_(None))
        )
    suspended = user is not None and user.suspended_until is not None and user.suspended_until > now
    banned = bool(user and user.banned)
    may_comment = (reader.subscriber or reader.is_moderator) and not banned and not suspended
    return {
        "id": reader.id,
        "name": reader.name,
        "subscriber": reader.subscriber,
        "staff": reader.is_moderator,
        "may_comment": may_comment,
        "banned": banned,
        "suspended_until": user.suspended_until.isoformat() if suspended else None,
        "unread_notifications": unread,
    }
