"""Moderators' decisions on comments, and the trail they leave."""
from __future__ import annotations

import logging

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite

from ..adapters.orm import Appeal, AuditEvent, Comment, Complaint, Decision, DecisionTally, QueueItem
from ..domain.model import Action, Conflict, InvalidInput, NotFound, Reader, Reason, normalize_body
from ..domain.lifecycle import apply_decision, was_hidden
from .audit import moderation_of, record, snapshot
from .context import Context
from .erasure import is_erased
from .notifications import notify
from .queue import ensure_not_claimed_by_other, item_view
from .reporters import names_by_comment, shown_actor
from .users import get_or_create_user

log = logging.getLogger(__name__)

OUTCOME_FOR_AUTHOR = {
    Action.APPROVE: "A moderator reviewed your comment and it stays published.",
    Action.AMEND: "A moderator amended your comment (reason: {reason}). It is shown marked as amended.",
    Action.DELETE: "A moderator removed your comment (reason: {reason}).",
}
OUTCOME_FOR_COMPLAINANT = {
    Action.APPROVE: "Thank you for your report. A moderator reviewed the comment and decided it can stay.",
    Action.AMEND: "Thank you for your report. A moderator amended the comment.",
    Action.DELETE: "Thank you for your report. A moderator removed the comment.",
}


def decide(
    ctx: Context,
    moderator: Reader,
    comment_id: str,
    action: Action,
    reason: Reason,
    body: object | None,
    note: str,
    override: bool = False,
) -> dict:
    """`override` is needed to change a decision already taken: without it a second moderator
    acting on a stale screen would silently undo the first one's work."""
    now = ctx.now()
    new_text = normalize_body(body) if action is Action.AMEND else None
    if action is not Action.AMEND and body is not None:
        raise InvalidInput("body_not_allowed", "Only an amend carries a new body.")
    with ctx.transaction() as session:
        comment = session.get(Comment, comment_id, with_for_update=True)
        if comment is None:
            raise NotFound("comment_not_found", f"No comment {comment_id!r}.")
        current = moderation_of(comment)
        if session.scalar(select(Appeal.id).where(Appeal.comment_id == comment_id, Appeal.outcome.is_(None))):
            raise Conflict("appeal_pending", "The author has appealed the decision on this comment: judge the appeal.")
        if action is Action.AMEND and new_text == (comment.amended_body if comment.amended_body is not None else comment.body):
            raise InvalidInput("amendment_unchanged", "The amended text is the same as the text shown now.")
        after = apply_decision(current, action, reason, new_text)
        item = session.get(QueueItem, comment_id, with_for_update=True)
        if item is not None:
            ensure_not_claimed_by_other(item, moderator, now)
            if item.state == "resolved" and item.resolved_at is not None and not override:
                raise Conflict(
                    "already_decided",
                    f"{item.resolved_by} already decided on this comment at {item.resolved_at.isoformat()}; "
                    "send override: true to change that decision.",
                )
        before = snapshot(comment)
        comment.state, comment.withheld = after.state, after.withheld
        comment.amended_body, comment.moderation_reason = after.amended_body, after.reason
        comment.moderated_at = now
        if after.state == "deleted" and comment.removed_at is None:
            comment.removed_at = now  # its text is kept for the retention period from here
        elif after.state == "published":
            comment.removed_at = None
        session.add(
            Decision(
                comment_id=comment_id,
                revision=comment.revision,
                text=comment.body,
                moderator_id=moderator.id,
                action=action.value,
                reason=reason.value,
                note=note,
                created_at=now,
            )
        )
        if item is None:
            # A moderator may act on any comment, not only queued ones; the item records the review.
            item = QueueItem(
                comment_id=comment_id, article_id=comment.article_id, reason=reason.value, priority=0,
                due_at=now, entered_at=now, entered_coverage="", triggers=[], explanation=["Reviewed outside the queue."],
            )
            session.add(item)
        if item.state != "resolved" or item.resolved_at is None:
            # When the item left the queue, and who took it out; changing the decision later
            # (with override) is in the trail and does not move that moment.
            item.resolved_at = now
            item.resolved_by = moderator.id
        item.state = "resolved"
        item.reviewed_revision = comment.revision
        item.claimed_by = item.claim_expires_at = None
        record(session, actor=moderator.id, action=action.value, at=now, comment_id=comment_id, reason=reason.value,
               note=note, before=before, after=snapshot(comment))
        _settle_complaints(session, comment, action, now)
        if action is not Action.APPROVE or was_hidden(current):
            notify(session, comment.author_id, f"comment_{action.value}", OUTCOME_FOR_AUTHOR[action].format(reason=reason.phrase), now, comment_id)
        tally(session, moderator.id, action.value)
        log.info("moderation decision", extra={"comment_id": comment_id, "moderator": moderator.id,
                                               "action": action.value, "reason": reason.value})
        return {"comment_id": comment_id, "action": action.value, "reason": reason.value, "queue": item_view(item, now)}


def tally(session, moderator_id: str, action: str) -> None:
    """One more decision in the running totals /metrics reports (last in the transaction: the
    row stays locked until it commits)."""
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    session.execute(
        dialect.insert(DecisionTally).values(moderator_id=moderator_id, action=action, decisions=1)
        .on_conflict_do_update(index_elements=["moderator_id", "action"], set_={"decisions": DecisionTally.decisions + 1})
    )


def _settle_complaints(session, comment: Comment, action: Action, now) -> None:
    upheld = action is not Action.APPROVE
    complaints = session.scalars(
        select(Complaint).where(Complaint.comment_id == comment.id, Complaint.outcome.is_(None))
    ).all()
    for complaint in complaints:
        complaint.outcome = "upheld" if upheld else "not_upheld"
        if complaint.reporter_id is None or is_erased(complaint.reporter_id):
            continue  # nobody to tell, and no track record to keep
        user = get_or_create_user(session, complaint.reporter_id, now)
        if upheld:
            user.complaints_upheld += 1
        else:
            user.complaints_rejected += 1
        notify(session, complaint.reporter_id, "complaint_outcome", OUTCOME_FOR_COMPLAINANT[action], now, comment.id)


def history(ctx: Context, comment_id: str) -> dict:
    with ctx.transaction() as session:
        comment = session.get(Comment, comment_id)
        if comment is None:
            raise NotFound("comment_not_found", f"No comment {comment_id!r}.")
        events = session.scalars(
            select(AuditEvent).where(AuditEvent.comment_id == comment_id).order_by(AuditEvent.id)
        ).all()
        reporters = names_by_comment(session, [comment_id]).get(comment_id, {})
        # (A purged or erased text leaves null in the snapshots: then the comment's own, emptied, stands.)
        first_text = next((e.before["body"] for e in events if e.before and e.before.get("body") is not None), comment.body)
        # Posting is recorded by the comment row itself (it is written in one statement on the
        # busiest path); the trail starts from it.
        posted = {
            "id": None,
            "at": comment.created_at.isoformat(),
            "actor": comment.author_id,
            "action": "posted",
            "reason": None,
            "note": "",
            "before": None,
            "after": {"body": first_text, "state": "published", "withheld": False, "revision": 1},
        }
        return {
            "comment_id": comment_id,
            "author": {"id": comment.author_id, "name": comment.author_name},
            "article_id": comment.article_id,
            "original_body": first_text,
            "current_body": comment.body,
            "amended_body": comment.amended_body,
            "events": [posted] + [
                {
                    "id": e.id,
                    "at": e.created_at.isoformat(),
                    "actor": shown_actor(e.action, e.actor, reporters),
                    "action": e.action,
                    "reason": e.reason,
                    "note": e.note,
                    "before": e.before,
                    "after": e.after,
                }
                for e in events
            ],
        }
