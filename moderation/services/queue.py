"""The post-moderation queue as moderators see it: items, pages, details and claims."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any, TypeVar

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import Session

from ..adapters.orm import Appeal, Comment, Complaint, LegalHold, QueueItem, Score
from ..domain.appeals import ensure_may_judge
from ..domain.model import Conflict, NotFound, QueueState, Reader, Reason
from ..domain.policy import Trigger, in_short
from ..domain.pseudonyms import pseudonyms
from ..domain.queue_item import QueueEntry
from .assessment import latest_score
from .audit import record
from .context import Context
from .cursors import decode_cursor, encode_cursor
from .queue_entries import entry_of, store
from .results import (
    ClaimedItem,
    ComplaintNote,
    ComplaintSummary,
    ModerationDetail,
    QueueItemView,
    QueuePage,
)
from .results import QueueEntry as QueueEntryView
from .views import appeal_view, comment_view, hold_view, score_view

Item = TypeVar("Item", bound=QueueItemView)


def complaint_summary(session: Session, comment_id: str) -> ComplaintSummary:
    rows = session.scalars(select(Complaint).where(Complaint.comment_id == comment_id).order_by(Complaint.id)).all()
    return _summarise(rows)


def _summarise(rows: Sequence[Any]) -> ComplaintSummary:
    """`rows`: one comment's complaints, oldest first."""
    by_reason: dict[Reason, int] = {}
    for c in rows:
        by_reason[c.reason] = by_reason.get(c.reason, 0) + 1
    names = pseudonyms(c.reporter_key for c in rows)
    return ComplaintSummary(
        count=len(rows),
        open=sum(1 for c in rows if c.outcome is None),
        by_reason=by_reason,
        notes=[
            ComplaintNote(reporter=names[c.reporter_key], reason=c.reason, note=c.note, at=c.created_at,
                          anonymous=c.reporter_id is None)
            for c in rows
            if c.note
        ][:20],
    )


def item_view(item: Any, now: datetime) -> QueueItemView:
    """`item`: a queue item, mapped or as a plain row."""
    return item_as(QueueItemView, item, now)


def item_as(kind: type[Item], item: Any, now: datetime, **more: Any) -> Item:
    """The item as `item_view` shows it, in a record that says `more` about it."""
    claimed = QueueEntry(item.state, item.claimed_by, item.claim_expires_at).claim_live(now)
    return kind(
        state=item.state,
        reason=item.reason,
        priority=item.priority,
        priority_parts=item.priority_parts or [],
        summary=in_short([Trigger(t["kind"], Reason(t["reason"]), t["detail"]) for t in item.triggers or []]),
        due_at=item.due_at,
        overdue=item.state == QueueState.OPEN and item.due_at <= now,
        entered_at=item.entered_at,
        entered_coverage=item.entered_coverage,
        why=item.explanation,
        triggers=item.triggers,
        claimed_by=item.claimed_by if claimed else None,
        claim_expires_at=item.claim_expires_at if claimed else None,
        resolved_at=item.resolved_at,
        resolved_by=item.resolved_by,
        **more,
    )


def moderator_detail(session: Session, comment: Comment, now: datetime) -> ModerationDetail:
    item = session.get(QueueItem, comment.id)
    appeal = session.scalars(select(Appeal).where(Appeal.comment_id == comment.id)).first()
    hold = session.get(LegalHold, comment.id)
    return ModerationDetail(
        queue=item_view(item, now) if item else None,
        scores=score_view(latest_score(session, comment.id)),
        complaints=complaint_summary(session, comment.id),
        appeal=appeal_view(appeal) if appeal else None,
        legal_hold=hold_view(hold) if hold else None,
    )


# --- listing ------------------------------------------------------------------------------------

PAGE_ORDER = (QueueItem.priority.desc(), QueueItem.due_at, QueueItem.comment_id)


def in_view(query: Select[Any], now: datetime, *, state: str = QueueState.OPEN, reason: str | None = None,
            article_id: str | None = None, overdue: bool | None = None) -> Select[Any]:
    """Narrow a query of queue items to one view of the queue (a state, a reason, an article, due or overdue)."""
    if state != "all":
        query = query.where(QueueItem.state == state)
    if reason:
        query = query.where(QueueItem.reason == reason)
    if article_id:
        query = query.where(QueueItem.article_id == article_id)
    if overdue is True:
        query = query.where(QueueItem.due_at <= now)
    elif overdue is False:
        query = query.where(QueueItem.due_at > now)
    return query


def list_queue(
    ctx: Context,
    moderator: Reader,
    *,
    state: str = QueueState.OPEN,
    reason: str | None = None,
    article_id: str | None = None,
    overdue: bool | None = None,
    limit: int = 50,
    cursor: str | None = None,
) -> QueuePage:
    now = ctx.now()
    with ctx.transaction() as session:
        # A read-only page: plain rows (attribute access like the mapped objects) skip the ORM's
        # identity map and object construction, which dominate the cost of a 50-item page.
        query = in_view(select(QueueItem.__table__), now, state=state, reason=reason, article_id=article_id,
                        overdue=overdue)
        if cursor:
            p, due, cid = decode_cursor(cursor, int, datetime, str)
            # Keyset pagination over (priority DESC, due_at ASC, comment_id ASC). The mixed directions
            # rule out a row comparison; the plain `priority <= p` bound is what lets the index
            # start at the cursor instead of filtering every item before it.
            query = query.where(
                QueueItem.priority <= p,
                or_(
                    QueueItem.priority < p,
                    and_(QueueItem.priority == p, QueueItem.due_at > due),
                    and_(QueueItem.priority == p, QueueItem.due_at == due, QueueItem.comment_id > cid),
                )
            )
        query = query.order_by(*PAGE_ORDER).limit(limit + 1)
        items = session.execute(query).all()
        more = len(items) > limit
        items = items[:limit]
        ids = [i.comment_id for i in items]
        comments = {c.id: c for c in session.execute(select(Comment.__table__).where(Comment.id.in_(ids)))} if ids else {}
        scores = _latest_scores(session, ids)
        complaints: dict[str, list[Any]] = {}
        if ids:
            rows = session.execute(select(Complaint.__table__).where(Complaint.comment_id.in_(ids)).order_by(Complaint.id))
            for c in rows:
                complaints.setdefault(c.comment_id, []).append(c)
        entries = [
            item_as(QueueEntryView, item, now, comment_id=item.comment_id, article_id=item.article_id,
                      comment=comment_view(comments[item.comment_id], moderator),
                      scores=score_view(scores.get(item.comment_id)),
                      complaints=_summarise(complaints.get(item.comment_id, [])))
            for item in items
        ]
        last = items[-1] if more else None
        return QueuePage(items=entries,
                         next_cursor=encode_cursor(last.priority, last.due_at, last.comment_id) if last else None)


def _latest_scores(session: Session, ids: list[str]) -> dict[str, Any]:
    if not ids:
        return {}
    newest = (
        select(Score.comment_id, func.max(Score.id).label("id")).where(Score.comment_id.in_(ids)).group_by(Score.comment_id)
    ).subquery()
    rows = session.execute(select(Score.__table__).join(newest, Score.id == newest.c.id))
    return {s.comment_id: s for s in rows}


def claim(ctx: Context, moderator: Reader, comment_id: str) -> ClaimedItem:
    now = ctx.now()
    with ctx.transaction() as session:
        comment = session.get(Comment, comment_id)
        if comment is None:
            raise NotFound("comment_not_found", f"No comment {comment_id!r}.")
        item = session.get(QueueItem, comment_id, with_for_update=True)
        if item is None:
            raise Conflict("not_in_queue", "This comment is not waiting for review.")
        entry = entry_of(item)
        claimed = entry.claim(moderator.id, now, timedelta(seconds=ctx.settings.claim_seconds))
        appeal = session.scalars(select(Appeal).where(Appeal.comment_id == comment_id, Appeal.outcome.is_(None))).first()
        if appeal is not None:
            ensure_may_judge(moderator.id, appeal.decided_by)
        store(item, claimed)
        if not entry.renewed_by(moderator.id, now):  # the trail records who took the item, not every renewal
            assert claimed.claim_expires_at is not None  # a claim always has its end
            record(session, actor=moderator.id, action="claimed", at=now, comment_id=comment_id,
                   after={"claim_expires_at": claimed.claim_expires_at.isoformat()})
        return item_as(ClaimedItem, item, now, comment_id=comment_id)


def release(ctx: Context, moderator: Reader, comment_id: str) -> None:
    """Give back one's own claim early, so a colleague can take the item."""
    now = ctx.now()
    with ctx.transaction() as session:
        item = session.get(QueueItem, comment_id, with_for_update=True)
        released = entry_of(item).release(moderator.id, now) if item is not None else None
        if item is None or released is None:
            return
        store(item, released)
        record(session, actor=moderator.id, action="released", at=now, comment_id=comment_id)


def ensure_not_claimed_by_other(item: QueueItem, moderator: Reader, now: datetime) -> None:
    entry_of(item).ensure_not_claimed_by_other(moderator.id, now)
