"""Warnings, suspensions and bans of commenters."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from ..adapters.orm import AuditEvent, Comment, Sanction, User
from ..domain.model import CommentState, InvalidInput, NotFound, Reader, SanctionKind
from ..domain.wording import newsroom_time
from .audit import record
from .context import Context
from .notifications import notify
from .policy_settings import current_policy
from .results import CommentCounts, CommenterHistory, ComplaintRecord, SanctionOutcome, SanctionView, UserNote
from .users import get_or_create_user
from .views import comment_view

MESSAGES = {
    SanctionKind.WARN: "A moderator has warned you about your comments: {reason}",
    SanctionKind.SUSPEND: "You may not comment until {until}: {reason}",
    SanctionKind.BAN: "You may no longer comment: {reason}",
    SanctionKind.LIFT: "You may comment again: {reason}",
}


def sanction(ctx: Context, moderator: Reader, user_id: str, kind: SanctionKind, until: datetime | None, reason: str) -> SanctionOutcome:
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
        before = _standing(user)
        if kind is SanctionKind.WARN:
            user.warnings += 1
        elif kind is SanctionKind.SUSPEND:
            user.suspended_until = until
        elif kind is SanctionKind.BAN:
            user.banned = True
        else:
            user.banned, user.suspended_until = False, None
        session.add(Sanction(user_id=user_id, kind=kind, until=until, reason=reason, moderator_id=moderator.id, created_at=now))
        after = _standing(user)
        record(session, actor=moderator.id, action=f"sanction_{kind.value}", at=now, user_id=user_id, note=reason, before=before, after=after)
        spoken = newsroom_time(until, current_policy(session).schedule.tz) if until else ""
        notify(session, user_id, f"sanction_{kind.value}", MESSAGES[kind].format(reason=reason, until=spoken), now)
        return SanctionOutcome(user_id=user_id, kind=kind, until=until, reason=reason, **after)


def _standing(user: User) -> dict[str, Any]:
    """What a sanction changes, as the trail keeps it before and after."""
    return {"banned": user.banned, "suspended_until": user.suspended_until, "warnings": user.warnings}


USER_NOTE = "user_note"  # the audit action of a moderator's note on a commenter


def add_note(ctx: Context, moderator: Reader, user_id: str, note: str) -> None:
    """A moderator's note on a commenter, for colleagues (never shown to the commenter); kept in
    the append-only trail, so notes are never edited away."""
    note = note.strip()
    if not note:
        raise InvalidInput("note_required", "Write the note first.")
    if len(note) > 2000:
        raise InvalidInput("note_too_long", "A note is at most 2,000 characters.")
    with ctx.transaction() as session:
        get_or_create_user(session, user_id, ctx.now())
        record(session, actor=moderator.id, action=USER_NOTE, at=ctx.now(), user_id=user_id, note=note)


def user_history(ctx: Context, moderator: Reader, user_id: str, limit: int = 50) -> CommenterHistory:
    """What a moderator needs to judge a commenter: standing, sanctions, colleagues' notes and
    recent comments."""
    with ctx.transaction() as session:
        notes = session.scalars(
            select(AuditEvent).where(AuditEvent.user_id == user_id, AuditEvent.action == USER_NOTE)
            .order_by(AuditEvent.id.desc()).limit(limit)
        ).all()
        user = session.get(User, user_id)
        sanctions = session.scalars(
            select(Sanction).where(Sanction.user_id == user_id).order_by(Sanction.id.desc()).limit(limit)
        ).all()
        recent = session.scalars(
            select(Comment).where(Comment.author_id == user_id).order_by(Comment.created_at.desc()).limit(limit)
        ).all()
        removed = session.scalar(
            select(func.count()).select_from(Comment).where(Comment.author_id == user_id, Comment.state == CommentState.DELETED)
        )
        total = session.scalar(select(func.count()).select_from(Comment).where(Comment.author_id == user_id))
        if user is None and not recent:
            raise NotFound("user_not_found", f"No commenter {user_id!r}.")
        return CommenterHistory(
            user_id=user_id,
            name=recent[0].author_name if recent else (user.name if user else ""),
            banned=bool(user and user.banned),
            suspended_until=user.suspended_until if user else None,
            warnings=user.warnings if user else 0,
            comments=CommentCounts(total=total or 0, removed_by_moderators=removed or 0),
            complaints_filed=ComplaintRecord(upheld=user.complaints_upheld if user else 0,
                                             not_upheld=user.complaints_rejected if user else 0),
            sanctions=[SanctionView(kind=s.kind, until=s.until, reason=s.reason, by=s.moderator_id, at=s.created_at)
                       for s in sanctions],
            recent_comments=[comment_view(c, moderator) for c in recent],
            notes=[UserNote(by=n.actor, at=n.created_at, note=n.note) for n in notes],
        )
