"""Readers the service keeps a record of (sanctions, complaint track record)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from ..adapters.orm import User


def get_or_create_user(session: Session, user_id: str, now: datetime, lock: bool = False) -> User:
    user = session.get(User, user_id, with_for_update=lock)
    if user is None:
        user = User(id=user_id, name="", created_at=now, banned=False, warnings=0, complaints_upheld=0, complaints_rejected=0)
        session.add(user)
        session.flush()  # rows that refer to the user (sanctions) may follow in this transaction
    return user
