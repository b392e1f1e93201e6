"""Readers the service keeps a record of (sanctions, complaint track record)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..adapters.orm import Notification, User
from ..domain.client_input import ensure_id
from ..domain.model import Reader
from ..domain.standing import GOOD_STANDING, Standing, may_comment
from .context import Context
from .results import ReaderStanding


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
    assert user is not None  # created here, or by the request that won the race
    return user


def standing_of(user: User | None) -> Standing:
    """The reader's standing as their record says (no record: good standing)."""
    if user is None:
        return GOOD_STANDING
    return Standing(banned=bool(user.banned), suspended_until=user.suspended_until,
                    complaints_upheld=user.complaints_upheld or 0, complaints_rejected=user.complaints_rejected or 0)


def standing(ctx: Context, reader: Reader) -> ReaderStanding:
    """What the widget needs to know about the signed-in reader: may they comment, and why not."""
    now = ctx.now()
    with ctx.transaction() as session:
        record = standing_of(session.get(User, reader.id))
        unread = session.scalar(
            select(func.count()).select_from(Notification)
            .where(Notification.recipient_id == reader.id, Notification.read_at.is_(None))
        )
    suspended = record.suspended(now)
    return ReaderStanding(
        id=reader.id,
        name=reader.name,
        subscriber=reader.subscriber,
        staff=reader.is_moderator,
        may_comment=may_comment(True, reader.subscriber, reader.is_moderator, record, now),
        banned=record.banned,
        suspended_until=record.suspended_until if suspended else None,
        unread_notifications=unread or 0,
    )
