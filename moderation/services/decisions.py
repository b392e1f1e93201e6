"""Moderators' decisions on comments, and the trail they leave."""
from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from ..adapters.orm import Appeal, AuditEvent, Comment, Complaint, Decision, DecisionTally, QueueItem
from ..domain.lifecycle import apply_decision, was_hidden
from ..domain.model import (
    Action,
    CommentState,
    ComplaintOutcome,
    Conflict,
    DomainError,
    InvalidInput,
    NotFound,
    QueueState,
    Reader,
    Reason,
    normalize_body,
)
from ..domain.wording import newsroom_time
from .audit import moderation_of, record, snapshot
from .context import Context
from .erasure import is_erased
from .notifications import described, notify, quoted
from .policy_settings import current_policy
from .queue import ensure_not_claimed_by_other, item_view
from .queue_entries import entry_of, store
from .reporters import names_by_comment, shown_actor
from .results import AuditEntry, CommentAuthor, CommentHistory, DecisionOutcome
from .users import get_or_create_user

log = logging.getLogger(__name__)

OUTCOME_FOR_AUTHOR = {
    Action.APPROVE: "A moderator reviewed your comment {comment} and it stays published.",
    Action.AMEND: "A moderator amended your comment {comment} (reason: {reason}). It is shown marked as amended.",
    Action.DELETE: "A moderator removed your comment {comment} (reason: {reason}).",
}
OUTCOME_FOR_COMPLAINANT = {
    Action.APPROVE: "Thank you for your report about {comment}: a moderator reviewed it and decided it can stay.",
    Action.AMEND: "Thank you for your report about {comment}: a moderator amended it.",
    Action.DELETE: "Thank you for your report about {comment}: a moderator removed it.",
}


def decide(
    ctx: Context,
    moderator: Reader,
    comment_id: str,
    action: Action,
    reason: Reason | None,
    body: object | None,
    note: str,
    override: bool = False,
) -> DecisionOutcome:
    """`override` is needed to change a decision already taken: without it a second moderator
    acting on a stale screen would silently undo the first one's work. Amending and deleting need
    the moderator's own reason (the decision becomes a training label); approving finds nothing
    against the text, so it records none."""
    now = ctx.now()
    if action is Action.APPROVE:
        reason = None
    elif reason is None:
        raise InvalidInput("reason_required", f"Say why you {action.value} this comment: choose a reason.")
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
            if item.state == QueueState.RESOLVED and item.resolved_at is not None and not override:
                raise Conflict(
                    "already_decided",
                    f"{item.resolved_by} already decided on this comment at "
                    f"{newsroom_time(item.resolved_at, current_policy(session).schedule.tz)}; "
                    "send override: true to change that decision.",
                )
        before = snapshot(comment)
        comment.state, comment.withheld = after.state, after.withheld
        comment.amended_body, comment.moderation_reason = after.amended_body, after.reason
        comment.moderated_at = now
        if after.state == CommentState.DELETED and comment.removed_at is None:
            comment.removed_at = now  # its text is kept for the retention period from here
        elif after.state == CommentState.PUBLISHED:
            comment.removed_at = None
        session.add(
            Decision(
                comment_id=comment_id,
                revision=comment.revision,
                text=comment.body,
                moderator_id=moderator.id,
                action=action.value,
                reason=reason.value if reason else None,
                note=note,
                created_at=now,
            )
        )
        if item is None:
            # A moderator may act on any comment, not only queued ones; the item records the review.
            item = QueueItem(
                comment_id=comment_id, article_id=comment.article_id, reason=(reason or Reason.OTHER).value, priority=0,
                due_at=now, entered_at=now, entered_coverage="", triggers=[], explanation=["Reviewed outside the queue."],
            )
            session.add(item)
        # When the item left the queue, and who took it out; changing the decision later (with
        # override) is in the trail and does not move that moment.
        store(item, entry_of(item).resolve(moderator.id, now))
        item.reviewed_revision = comment.revision
        record(session, actor=moderator.id, action=action.value, at=now, comment_id=comment_id,
               reason=reason.value if reason else None, note=note, before=before, after=snapshot(comment))
        _settle_complaints(session, comment, action, now)
        if action is not Action.APPROVE or was_hidden(current):
            message = OUTCOME_FOR_AUTHOR[action].format(comment=quoted(comment), reason=reason.phrase if reason else "")
            notify(session, comment.author_id, f"comment_{action.value}", message, now, comment_id)
        tally(session, moderator.id, action.value)
        log.info("moderation decision", extra={"comment_id": comment_id, "moderator": moderator.id,
                                               "action": action.value, "reason": reason.value if reason else None})
        return DecisionOutcome(comment_id=comment_id, action=action, reason=reason, queue=item_view(item, now))


def decide_many(ctx: Context, moderator: Reader, comment_ids: list[str], action: Action, reason: Reason | None,
                note: str) -> tuple[int, list[str]]:
    """The same decision on each comment, each in its own transaction, so one that a colleague has
    claimed (or that is already gone) leaves the rest to go through. Returns how many were decided
    and why the others were not."""
    if action is not Action.APPROVE and reason is None:
        raise InvalidInput("reason_required", f"Say why you {action.value} these comments: choose a reason.")
    done, refused = 0, []
    for comment_id in comment_ids:
        try:
            decide(ctx, moderator, comment_id, action, reason, None, note)
            done += 1
        except DomainError as exc:
            refused.append("A colleague is reviewing one of them, so it was left for them."
                           if exc.code == "claimed_by_other" else exc.message)
    return done, refused


def remove_all_by_author(ctx: Context, moderator: Reader, author_id: str, reason: Reason | None, note: str) -> tuple[int, list[str]]:
    """Delete every comment of one commenter that readers can still see or that waits for review."""
    if reason is None:
        raise InvalidInput("reason_required", "Say why you remove this commenter's comments: choose a reason.")
    with ctx.transaction() as session:
        ids = list(session.scalars(
            select(Comment.id).where(Comment.author_id == author_id, Comment.state == CommentState.PUBLISHED)
            .order_by(Comment.created_at)
        ))
    return decide_many(ctx, moderator, ids, Action.DELETE, reason, note)


def tally(session: Session, moderator_id: str, action: str) -> None:
    """One more decision in the running totals /metrics reports (last in the transaction: the
    row stays locked until it commits)."""
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    session.execute(
        dialect.insert(DecisionTally).values(moderator_id=moderator_id, action=action, decisions=1)
        .on_conflict_do_update(index_elements=["moderator_id", "action"], set_={"decisions": DecisionTally.decisions + 1})
    )


def _settle_complaints(session: Session, comment: Comment, action: Action, now: datetime) -> None:
    upheld = action is not Action.APPROVE
    complaints = session.scalars(
        select(Complaint).where(Complaint.comment_id == comment.id, Complaint.outcome.is_(None))
    ).all()
    for complaint in complaints:
        complaint.outcome = ComplaintOutcome.UPHELD if upheld else ComplaintOutcome.NOT_UPHELD
        if complaint.reporter_id is None or is_erased(complaint.reporter_id):
            continue  # nobody to tell, and no track record to keep
        user = get_or_create_user(session, complaint.reporter_id, now)
        if upheld:
            user.complaints_upheld += 1
        else:
            user.complaints_rejected += 1
        about = described(session, comment, with_words=not upheld)
        notify(session, complaint.reporter_id, "complaint_outcome", OUTCOME_FOR_COMPLAINANT[action].format(comment=about),
               now, comment.id)


def history(ctx: Context, comment_id: str) -> CommentHistory:
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
        posted = AuditEntry(id=None, at=comment.created_at, actor=comment.author_id, action="posted", reason=None, note="",
                            before=None,
                            after={"body": first_text, "state": CommentState.PUBLISHED, "withheld": False, "revision": 1})
        return CommentHistory(
            comment_id=comment_id,
            author=CommentAuthor(id=comment.author_id, name=comment.author_name),
            article_id=comment.article_id,
            original_body=first_text,
            current_body=comment.body,
            amended_body=comment.amended_body,
            events=[posted] + [
                AuditEntry(id=e.id, at=e.created_at, actor=shown_actor(e.action, e.actor, reporters), action=e.action,
                           reason=e.reason, note=e.note, before=e.before, after=e.after)
                for e in events
            ],
        )
