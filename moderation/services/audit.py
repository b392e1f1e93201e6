"""The append-only audit trail: who did what, when, to what, and why."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..adapters.orm import AuditEvent, Comment
from ..domain.lifecycle import Moderation
from .context import Context
from .jsonable import jsonable
from .matching import contains_pattern
from .reporters import names_by_comment, shown_actor
from .results import AuditedComment, AuditTrailPage, TrailEvent


def moderation_of(comment: Comment) -> Moderation:
    return Moderation(comment.state, comment.withheld, comment.amended_body, comment.moderation_reason)


def snapshot(comment: Comment) -> dict[str, Any]:
    return {
        "body": comment.body,
        "amended_body": comment.amended_body,
        "state": comment.state,
        "withheld": comment.withheld,
        "revision": comment.revision,
    }


def record(
    session: Session,
    *,
    actor: str,
    action: str,
    at: datetime,
    comment_id: str | None = None,
    user_id: str | None = None,
    reason: str | None = None,
    note: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    session.add(
        AuditEvent(
            comment_id=comment_id,
            user_id=user_id,
            actor=actor,
            action=action,
            reason=reason,
            note=note,
            before=jsonable(before),
            after=jsonable(after),
            created_at=at,
        )
    )


def recent_events(ctx: Context, *, actor: str = "", action: str = "", before_id: int | None = None,
                  limit: int = 100) -> AuditTrailPage:
    """The trail across the whole service, newest first, optionally by one actor, or of the kinds
    whose name holds `action` ("sanction" finds every `sanction_<kind>`), each with the comment it
    is about and that comment's author."""
    with ctx.transaction() as session:
        query = select(AuditEvent, Comment).outerjoin(Comment, Comment.id == AuditEvent.comment_id)
        if actor:
            query = query.where(AuditEvent.actor == actor)
        if action:
            query = query.where(AuditEvent.action.ilike(contains_pattern(action.strip().replace(" ", "_")), escape="\\"))
        if before_id is not None:
            query = query.where(AuditEvent.id < before_id)
        rows = session.execute(query.order_by(AuditEvent.id.desc()).limit(limit + 1)).all()
        more = len(rows) > limit
        rows = rows[:limit]
        reporters = names_by_comment(session, {e.comment_id for e, _ in rows if e.action == "complaint" and e.comment_id})
        return AuditTrailPage(
            events=[
                TrailEvent(id=e.id, at=e.created_at,
                           actor=shown_actor(e.action, e.actor, reporters.get(e.comment_id, {}) if e.comment_id else {}),
                           action=e.action, reason=e.reason, note=e.note, comment_id=e.comment_id,
                           user_id=e.user_id or (c.author_id if c else None),
                           comment=AuditedComment(body=c.body, author_name=c.author_name) if c else None,
                           before=e.before, after=e.after)
                for e, c in rows
            ],
            next_before=rows[-1][0].id if more else None,
        )
