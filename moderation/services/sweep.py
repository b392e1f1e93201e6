"""The periodic pass that keeps the queue honest as time moves on, with nobody touching it:
items reaching their deadline move up, and when coverage drops to part-time the stricter
withholding bars apply to what is still waiting. It also forgets idempotency keys past their time."""
from __future__ import annotations

from sqlalchemy import and_, or_, select

from ..adapters.orm import Comment, QueueItem, ServiceState
from ..domain.coverage import Coverage, coverage_at
from ..domain.policy import DUE_SOON, DUE_SOON_WINDOW, OVERDUE
from . import alerts, idempotency
from .article_controls import close_due
from .context import Context
from .policy_settings import current_policy
from .assessment import reassess

COVERAGE_KEY = "coverage_last_seen"


def sweep(ctx: Context) -> dict:
    now = ctx.now()
    with ctx.transaction() as session:
        config = current_policy(session)
        coverage = coverage_at(config.schedule, now)
        queue_alert = alerts.check_queue_size(session, config, now)
        seen = session.get(ServiceState, COVERAGE_KEY, with_for_update=True)
        previous = seen.value if seen else None
        if seen is None:
            session.add(ServiceState(key=COVERAGE_KEY, value=coverage.value, updated_at=now))
        else:
            seen.value, seen.updated_at = coverage.value, now
        becoming_urgent = session.scalars(
            select(QueueItem.comment_id).where(
                QueueItem.state == "open",
                or_(
                    and_(QueueItem.due_at <= now, QueueItem.urgency < OVERDUE),
                    and_(QueueItem.due_at <= now + DUE_SOON_WINDOW, QueueItem.urgency < DUE_SOON),
                ),
            )
        ).all()
        shift_ended = previous == Coverage.FULL.value and coverage is Coverage.PART
        still_visible = []
        if shift_ended:
            still_visible = session.scalars(
                select(QueueItem.comment_id)
                .join(Comment, Comment.id == QueueItem.comment_id)
                .where(QueueItem.state == "open", Comment.withheld.is_(False))
            ).all()
    ids = sorted(set(becoming_urgent) | set(still_visible))
    withheld = 0
    for comment_id in ids:
        # One transaction per comment: a long sweep never holds locks on the whole queue.
        with ctx.transaction() as session:
            comment = session.get(Comment, comment_id, with_for_update=True)
            was_withheld = comment.withheld
            reassess(session, comment, now, actor="deadline and coverage sweep")
            withheld += int(comment.withheld and not was_withheld)
    with ctx.transaction() as session:
        forgotten = idempotency.forget_expired(session, now)
    with ctx.transaction() as session:
        closed = close_due(session, now)
    return {"coverage": coverage.value, "coverage_changed": shift_ended, "reassessed": len(ids), "newly_withheld": withheld,
            "idempotency_keys_forgotten": forgotten, "queue_size_alert": queue_alert, "articles_closed": len(closed)}
