"""Legal holds: an admin keeps a comment's text (from erasure and the retention purge) while the
newsroom may need it, for a complaint to a regulator or a court case; releasing the hold lets
what was waiting happen at once."""
from __future__ import annotations

from sqlalchemy import select

from ..adapters.orm import AuditEvent, Comment, LegalHold
from ..domain.model import CommentState, Conflict, InvalidInput, NotFound, Reader
from .audit import record
from .context import Context
from .redaction import allow_redaction, purge_texts, redact_details
from .results import HoldReleased, LegalHoldView
from .retention import periods
from .views import hold_view

MAX_REASON_CHARS = 2000


def place_hold(ctx: Context, admin: Reader, comment_id: str, reason: str) -> LegalHoldView:
    reason = reason.strip()
    if not reason:
        raise InvalidInput("reason_required", "Say why the text must be kept (a case reference, say).")
    now = ctx.now()
    with ctx.transaction() as session:
        comment = session.get(Comment, comment_id, with_for_update=True)
        if comment is None:
            raise NotFound("comment_not_found", f"No comment {comment_id!r}.")
        if comment.text_purged_at is not None:
            raise Conflict("text_purged", "This comment's text has already been purged: there is nothing left to hold.")
        hold = session.get(LegalHold, comment_id)
        if hold is None:
            hold = LegalHold(comment_id=comment_id, reason=reason, placed_by=admin.id, placed_at=now)
            session.add(hold)
        else:
            hold.reason = reason
        record(session, actor=admin.id, action="legal_hold_placed", at=now, comment_id=comment_id, note=reason)
        return hold_view(hold)


def release_hold(ctx: Context, admin: Reader, comment_id: str) -> HoldReleased:
    """Whatever the hold kept that is due (an erased author's text, text past its retention
    period) is purged now."""
    now = ctx.now()
    with ctx.transaction() as session:
        comment = session.get(Comment, comment_id, with_for_update=True)
        if comment is None:
            raise NotFound("comment_not_found", f"No comment {comment_id!r}.")
        hold = session.get(LegalHold, comment_id)
        if hold is None:
            raise Conflict("not_held", "This comment is not under a legal hold.")
        session.delete(hold)
        cutoffs = periods(ctx).cutoffs(now)
        due = comment.text_purged_at is None and (
            comment.state == CommentState.ERASED
            or (comment.removed_at is not None and comment.removed_at <= cutoffs.removed_text)
        )
        record(session, actor=admin.id, action="legal_hold_released", at=now, comment_id=comment_id,
               after={"text_purged": due})
        session.flush()
        allow_redaction(session)
        if due:
            purge_texts(session, [comment_id], now)
        # The trail's details the hold kept past their period go too (the purge has passed them by).
        for event in session.scalars(select(AuditEvent).where(AuditEvent.comment_id == comment_id,
                                                              AuditEvent.created_at <= cutoffs.audit_details)):
            redact_details(event)
        return HoldReleased(comment_id=comment_id, released=True, text_purged=due)


def list_holds(ctx: Context) -> list[LegalHoldView]:
    with ctx.transaction() as session:
        return [hold_view(h) for h in session.scalars(select(LegalHold).order_by(LegalHold.placed_at.desc()))]
