"""Readers' "report this post"."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..adapters.orm import Comment, Complaint
from ..domain.model import CommentState, Conflict, NotFound, QueueState, Reader, Reason
from . import idempotency
from .assessment import reassess
from .audit import record
from .context import Context
from .idempotency import IdempotencyKey
from .results import ComplaintView, FiledComplaint

MAX_NOTE_CHARS = 1000


def file_complaint(ctx: Context, reader: Reader | None, reporter_key: str, comment_id: str, reason: Reason, note: str,
                   idempotency_key: IdempotencyKey | None = None) -> tuple[ComplaintView, bool]:
    """Returns the complaint and whether it is new; a reader's repeat complaint is the same
    complaint, and a request sent again with its idempotency key gets the first answer."""
    now = ctx.now()
    result = idempotency.replay(ctx, reporter_key, idempotency_key, now, FiledComplaint) if idempotency_key else None
    if result is None:
        result = idempotency.run_once(ctx, reporter_key, idempotency_key, now,
                                      lambda session: _file(session, ctx, reader, reporter_key, comment_id, reason, note, now),
                                      FiledComplaint)
    return result.complaint, result.created


def _file(session: Session, ctx: Context, reader: Reader | None, reporter_key: str, comment_id: str, reason: Reason,
          note: str, now: datetime) -> FiledComplaint:
    comment = session.get(Comment, comment_id, with_for_update=True)
    if comment is None:
        raise NotFound("comment_not_found", f"No comment {comment_id!r}.")
    existing = session.scalars(
        select(Complaint)
        .where(Complaint.comment_id == comment_id, Complaint.reporter_key == reporter_key)
        .with_for_update()
    ).first()
    if existing is not None and existing.outcome is None:
        # Still waiting for a moderator: the same reader's report counts once. An anonymous
        # caller may not be the same person, so gets no one's note back.
        return FiledComplaint(complaint=_view(existing, include_note=reader is not None), created=False)
    if comment.state != CommentState.PUBLISHED:
        raise Conflict("comment_removed", "This comment has already been removed.")
    ctx.limit_rate(f"complaints:{reporter_key}", ctx.settings.complaint_rate_per_minute, "too_many_complaints",
                   "You have sent many reports in a short time; please wait {seconds} seconds.")
    if existing is not None:
        # Reported again after a moderator decided (perhaps about an edited text): a new report.
        complaint = existing
        complaint.reason, complaint.note, complaint.created_at, complaint.outcome = reason, note, now, None
    else:
        complaint = Complaint(
            comment_id=comment_id,
            reporter_key=reporter_key,
            reporter_id=reader.id if reader else None,
            reason=reason,
            note=note,
            created_at=now,
        )
        session.add(complaint)
    session.flush()
    # The reporter's key, not their id: moderators see it as a pseudonym ("Reporter A").
    record(session, actor=reporter_key, action="complaint", at=now,
           comment_id=comment_id, reason=reason.value, note=note)
    item = reassess(session, comment, now)
    return FiledComplaint(complaint=_view(complaint, queued=item is not None and item.state == QueueState.OPEN),
                          created=True)


def _view(c: Complaint, include_note: bool = True, queued: bool | None = None) -> ComplaintView:
    """`queued`: for a new complaint, is the comment now waiting for a moderator (None: not said)."""
    more: dict[str, Any] = {"note": c.note} if include_note else {}
    if queued is not None:
        more["queued"] = queued
    return ComplaintView(id=c.id, comment_id=c.comment_id, reason=c.reason, created_at=c.created_at, **more)
