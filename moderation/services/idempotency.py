"""Idempotency keys: a client that sends a request again (its answer was lost) gets the first
result back instead of the work being done twice.

The result is written in the same transaction as the work, so both happen or neither does, and
two copies of a request racing each other meet at the key's primary key: the later one is rolled
back and returns the earlier one's result. Only work that succeeded is kept, so a request that
was refused (a 429, say) may be sent again with its key. Results are kept for KEPT_FOR.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TypeVar

from pydantic import BaseModel
from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..adapters.database import rows_affected
from ..adapters.orm import IdempotencyRecord
from ..domain.model import InvalidInput
from .context import Context
from .jsonable import jsonable

KEPT_FOR = timedelta(hours=24)

R = TypeVar("R", bound=BaseModel)


@dataclass(frozen=True)
class IdempotencyKey:
    value: str  # as the client sent it
    fingerprint: str  # of the request it came with (method, path, body)


def replay(ctx: Context, owner: str, key: IdempotencyKey, now: datetime, kind: type[R]) -> R | None:
    """The result (a `kind`) first recorded under `owner`'s key, or None if the key is new (or expired)."""
    with ctx.transaction() as session:
        record = session.get(IdempotencyRecord, (owner, key.value))
        if record is not None and record.created_at <= now - KEPT_FOR:
            session.delete(record)  # forgotten, so the key may be recorded afresh
            return None
    if record is None:
        return None
    if record.fingerprint != key.fingerprint:
        raise InvalidInput("idempotency_key_reused",
                           "This Idempotency-Key came with a different request before; send a new key for a new request.")
    return kind.model_validate(record.result)


def run_once(ctx: Context, owner: str, key: IdempotencyKey | None, now: datetime, work: Callable[[Session], R],
             kind: type[R]) -> R:
    """`work(session)`, which answers a `kind`, in a transaction that also records its result under
    `key` (if any). If a copy of the request recorded first, this one's work is rolled back and the
    copy's result returned."""
    try:
        with ctx.transaction() as session:
            result = work(session)
            if key is not None:
                session.add(IdempotencyRecord(owner=owner, key=key.value, fingerprint=key.fingerprint, result=jsonable(result),
                                              created_at=now))
            return result
    except IntegrityError:
        first = replay(ctx, owner, key, now, kind) if key is not None else None
        if first is None:
            raise
        return first


def forget_expired(session: Session, now: datetime) -> int:
    return rows_affected(session.execute(delete(IdempotencyRecord).where(IdempotencyRecord.created_at <= now - KEPT_FOR)))
