"""Warnings, suspensions and bans of commenters."""
from __future__ import annotations

from datetime import datetime

from ..adapters.orm import Sanction
from ..domain.model import InvalidInput, Reader, SanctionKind
from .audit import record
from .context import Context
from .notifications import notify
from .users import get_or_create_user

MESSAGES = {
    SanctionKind.WARN: "A moderator has warned you about your comments: {reason}",
    SanctionKind.SUSPEND: "You may not comment until {until}: {reason}",
    SanctionKind.BAN: "You may no longer comment: {reason}",
}


def sanction(ctx: Context, moderator: Reader, user_id: str, kind: SanctionKind, until: datetime | None, reason: str) -> dict:
    now = ctx.now()
    if kind is SanctionKind.SUSPEND:
        if until is None:
            raise InvalidInput("until_required", "A suspension needs an end time (`until`).")
        if until <= now:
            raise InvalidInput("until_in_past", "A suspension must end in the future.")
    elif until is not None:
        raise InvalidInput("until_not_allowed", f"A {kind} has no end time.")
    if not reason.strip():
        raise InvalidInput("reason_required", "Say why: the reader is told.")
    with ctx.transaction() as session:
        user = get_or_create_user(session, user_id, now, lock=True)
        before = {"banned": user.banned, "suspended_until": _iso(user.suspended_until), "warnings": user.warnings}
        if kind is SanctionKind.WARN:
            user.warnings += 1
        elif kind is SanctionKind.SUSPEND:
            user.suspended_until = until
        else:
            user.banned = True
        session.add(Sanction(user_id=user_id, kind=kind.value, until=until, reason=reason, moderator_id=moderator.id, created_at=now))
        after = {"banned": user.banned, "suspended_until": _iso(user.suspended_until), "warnings": user.warnings}
        record(session, actor=moderator.id, action=f"sanction_{kind.value}", at=now, user_id=user_id, note=reason, before=before, after=after)
        notify(session, user_id, f"sanction_{kind.value}", MESSAGES[kind].format(reason=reason, until=_iso(until)), now)
        return {"user_id": user_id, "kind": kind.value, "until": _iso(until), "reason": reason, **after}


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None
