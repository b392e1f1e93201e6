"""The append-only audit trail: who did what, when, to what, and why."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from ..adapters.orm import AuditEvent, Comment
from ..domain.lifecycle import Moderation


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
            before=before,
            after=after,
            created_at=at,
        )
    )
