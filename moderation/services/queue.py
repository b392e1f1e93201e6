"""The post-moderation queue: re-running the policy for a comment, listing and claiming items."""
from __future__ import annotations

import base64
import json
from datetime import datetime, timedelta

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from ..adapters.orm import Article, Comment, Complaint, QueueItem, Score, User
from ..domain.coverage import coverage_at
from ..domain.model import Conflict, InvalidInput, NotFound, Reader, Reason
from ..domain.policy import OVERDUE, CommentFacts, ComplaintFact, Exposure, Scores, evaluate
from .audit import record, snapshot
from .context import Context
from .notifications import notify
from .policy_settings import current_policy
from .views import comment_view, score_view

ANONYMOUS_REPORTER_WEIGHT = 0.5


def reporter_weight(user: User | None, anonymous: bool) -> float:
    """1.0 for a newcomer, towards 2.0 for readers whose complaints are upheld, towards 0 otherwise."""
    if anonymous:
        return ANONYMOUS_REPORTER_WEIGHT
    if user is None:
        return 1.0
    return 2.0 * (user.complaints_upheld + 1) / (user.complaints_upheld + user.complaints_rejected + 2)


def latest_score(session: Session, comment_id: str) -> Score | None:
    return session.scalars(
        select(Score).where(Score.comment_id == comment_id).order_by(Score.revision.desc(), Score.id.desc()).limit(1)
    ).first()


def reassess(session: Session, comment: Comment, now: datetime, actor: str = "policy") -> QueueItem | None:
    """Run the policy on the comment's current facts and apply its decision. Call inside a transaction."""
    if comment.state != "published":
        return None
    config = current_policy(session)
    coverage = coverage_at(config.schedule, now)
    item = session.get(QueueItem, comment.id, with_for_update=True)
    is_open = item is not None and item.state == "open"

    score = latest_score(session, comment.id)
    # Once a moderator has reviewed a text, its scores alone do not bring it back; new complaints
    # or a new text (an edit) do.
    if score is not None and item is not None and score.revision <= item.reviewed_revision:
        score = None
    facts = CommentFacts(
        created_at=comment.created_at,
        scores=Scores(abuse=score.abuse, spam=score.spam, off_topic=score.off_topic, labels=score.labels or {}, model=score.model_version)
        if score is not None
        else None,
        complaints=_open_complaints(session, comment.id),
        exposure=_exposure(session, comment, now),
        queued_due_at=item.due_at if is_open else None,
        withheld=comment.withheld,
    )
    decision = evaluate(facts, config, coverage, now)
    if not decision.enqueue:
        return item
    if item is None:
        item = QueueItem(comment_id=comment.id, article_id=comment.article_id, reviewed_revision=0, urgency=0)
        session.add(item)
    if not is_open:
        item.state = "open"
        item.entered_at = now
        item.entered_coverage = coverage.value
        item.resolved_at = item.resolved_by = None
        item.claimed_by = item.claim_expires_at = None
    item.reason = decision.reason.value
    item.priority = decision.priority
    item.due_at = decision.due_at
    item.triggers = [{"kind": t.kind, "reason": t.reason.value, "detail": t.detail} for t in decision.triggers]
    item.explanation = list(decision.explanation)
    if is_open and decision.urgency == OVERDUE and (item.urgency or 0) < OVERDUE:
        record(session, actor=actor, action="overdue", at=now, comment_id=comment.id, reason=item.reason,
               note="Past its review deadline: moved up the queue.", after={"priority": item.priority})
    item.urgency = decision.urgency
    if not is_open:
        record(session, actor=actor, action="queued", at=now, comment_id=comment.id, reason=item.reason,
               note=" ".join(item.explanation), after={"due_at": item.due_at.isoformat(), "priority": item.priority})
    if decision.withhold and not comment.withheld:
        before = snapshot(comment)
        comment.withheld = True
        record(session, actor=actor, action="withheld", at=now, comment_id=comment.id, reason=item.reason,
               note=" ".join(decision.explanation), before=before, after=snapshot(comment))
        notify(session, comment.author_id, "withheld",
               "Your comment is hidden from other readers until a moderator has reviewed it.", now, comment.id)
    return item


def _open_complaints(session: Session, comment_id: str) -> tuple[ComplaintFact, ...]:
    rows = session.execute(
        select(Complaint, User)
        .outerjoin(User, User.id == Complaint.reporter_id)
        .where(Complaint.comment_id == comment_id, Complaint.outcome.is_(None))
        .order_by(Complaint.id)
    ).all()
    return tuple(
        ComplaintFact(
            reporter=c.reporter_key,
            reason=Reason(c.reason),
            reporter_weight=reporter_weight(u, c.reporter_id is None),
            anonymous=c.reporter_id is None,
        )
        for c, u in rows
    )


def _exposure(session: Session, comment: Comment, now: datetime) -> Exposure:
    article = session.get(Article, comment.article_id)
    recent = session.scalar(
        select(func.count())
        .select_from(Comment)
        .where(Comment.article_id == comment.article_id, Comment.created_at >= now - timedelta(hours=1))
    )
    return Exposure(article_published_at=article.published_at if article else None, comments_last_hour=recent or 0)


def complaint_summary(session: Session, comment_id: str) -> dict:
    rows = session.scalars(select(Complaint).where(Complaint.comment_id == comment_id).order_by(Complaint.id)).all()
    return _summarise(rows)


def _summarise(rows) -> dict:
    by_reason: dict[str, int] = {}
    for c in rows:
        by_reason[c.reason] = by_reason.get(c.reason, 0) + 1
    return {
        "count": len(rows),
        "open": sum(1 for c in rows if c.outcome is None),
        "by_reason": by_reason,
        "notes": [
            {"reason": c.reason, "note": c.note, "at": c.created_at.isoformat(), "anonymous": c.reporter_id is None}
            for c in rows
            if c.note
        ][:20],
    }


def item_view(item, now: datetime) -> dict:
    claimed = item.claimed_by is not None and item.claim_expires_at is not None and item.claim_expires_at > now
    return {
        "state": item.state,
        "reason": item.reason,
        "priority": item.priority,
        "due_at": item.due_at.isoformat(),
        "overdue": item.state == "open" and item.due_at <= now,
        "entered_at": item.entered_at.isoformat(),
        "entered_coverage": item.entered_coverage,
        "why": item.explanation,
        "triggers": item.triggers,
        "claimed_by": item.claimed_by if claimed else None,
        "claim_expires_at": item.claim_expires_at.isoformat() if claimed else None,
        "resolved_at": item.resolved_at.isoformat() if item.resolved_at else None,
        "resolved_by": item.resolved_by,
    }


def moderator_detail(session: Session, comment: Comment, now: datetime) -> dict:
    item = session.get(QueueItem, comment.id)
    return {
        "queue": item_view(item, now) if item else None,
        "scores": score_view(latest_score(session, comment.id)),
        "complaints": complaint_summary(session, comment.id),
    }


# --- listing ------------------------------------------------------------------------------------

def encode_cursor(item) -> str:
    """The cursor of the page that follows `item`."""
    raw = json.dumps([item.priority, item.due_at.isoformat(), item.comment_id]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode_cursor(cursor: str) -> tuple[int, datetime, str]:
    try:
        priority, due, cid = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        return int(priority), datetime.fromisoformat(due), str(cid)
    except (ValueError, TypeError):
        raise InvalidInput("invalid_cursor", "The cursor is not one this service issued.") from None


def list_queue(
    ctx: Context,
    moderator: Reader,
    *,
    state: str = "open",
    reason: str | None = None,
    article_id: str | None = None,
    overdue: bool | None = None,
    limit: int = 50,
    cursor: str | None = None,
) -> dict:
    now = ctx.now()
    with ctx.transaction() as session:
        # A read-only page: plain rows (attribute access like the mapped objects) skip the ORM's
        # identity map and object construction, which dominate the cost of a 50-item page.
        query = select(QueueItem.__table__)
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
        if cursor:
            p, due, cid = _decode_cursor(cursor)
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
        query = query.order_by(QueueItem.priority.desc(), QueueItem.due_at, QueueItem.comment_id).limit(limit + 1)
        items = session.execute(query).all()
        more = len(items) > limit
        items = items[:limit]
        ids = [i.comment_id for i in items]
        comments = {c.id: c for c in session.execute(select(Comment.__table__).where(Comment.id.in_(ids)))} if ids else {}
        scores = _latest_scores(session, ids)
        complaints: dict[str, list] = {}
        if ids:
            rows = session.execute(select(Complaint.__table__).where(Complaint.comment_id.in_(ids)).order_by(Complaint.id))
            for c in rows:
                complaints.setdefault(c.comment_id, []).append(c)
        results = []
        for item in items:
            comment = comments[item.comment_id]
            results.append(
                {
                    "comment_id": item.comment_id,
                    "article_id": item.article_id,
                    **item_view(item, now),
                    "comment": comment_view(comment, moderator),
                    "scores": score_view(scores.get(item.comment_id)),
                    "complaints": _summarise(complaints.get(item.comment_id, [])),
                }
            )
        return {"items": results, "next_cursor": encode_cursor(items[-1]) if more else None}


def _latest_scores(session: Session, ids: list[str]) -> dict:
    if not ids:
        return {}
    newest = (
        select(Score.comment_id, func.max(Score.id).label("id")).where(Score.comment_id.in_(ids)).group_by(Score.comment_id)
    ).subquery()
    rows = session.execute(select(Score.__table__).join(newest, Score.id == newest.c.id))
    return {s.comment_id: s for s in rows}


def claim(ctx: Context, moderator: Reader, comment_id: str) -> dict:
    now = ctx.now()
    with ctx.transaction() as session:
        comment = session.get(Comment, comment_id)
        if comment is None:
            raise NotFound("comment_not_found", f"No comment {comment_id!r}.")
        item = session.get(QueueItem, comment_id, with_for_update=True)
        if item is None or item.state != "open":
            raise Conflict("not_in_queue", "This comment is not waiting for review.")
        ensure_not_claimed_by_other(item, moderator, now)
        item.claimed_by = moderator.id
        item.claim_expires_at = now + timedelta(seconds=ctx.settings.claim_seconds)
        record(session, actor=moderator.id, action="claimed", at=now, comment_id=comment_id,
               after={"claim_expires_at": item.claim_expires_at.isoformat()})
        return {"comment_id": comment_id, **item_view(item, now)}


def ensure_not_claimed_by_other(item: QueueItem, moderator: Reader, now: datetime) -> None:
    if (
        item.claimed_by is not None
        and item.claimed_by != moderator.id
        and item.claim_expires_at is not None
        and item.claim_expires_at > now
    ):
        raise Conflict("claimed_by_other", f"{item.claimed_by} is reviewing this comment until {item.claim_expires_at.isoformat()}.")
