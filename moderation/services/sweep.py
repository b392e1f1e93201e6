"""The periodic pass that keeps the queue honest as time moves on, with nobody touching it: items
reaching their deadline move up; items last assessed under another coverage level than the schedule
gives now are assessed again (so the part-time withholding bars apply from the first sweep after a
full-time shift ends, whether or not any sweep ran during the shift); items whose article has become
busier or quieter, or older, get the priority that goes with it. It also forgets idempotency keys
past their time."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from ..adapters.orm import Article, Comment, QueueItem
from ..domain.coverage import coverage_at
from ..domain.policy import ACTIVITY_WINDOW, DUE_SOON, DUE_SOON_WINDOW, OVERDUE, Exposure, exposure_points
from . import alerts, idempotency
from .appeals import is_appeal, reprioritise_appeal
from .assessment import reassess
from .context import Context
from .policy_settings import current_policy

ACTOR = "deadline and coverage sweep"


def sweep(ctx: Context) -> dict:
    now = ctx.now()
    with ctx.transaction() as session:
        config = current_policy(session)
        coverage = coverage_at(config.schedule, now)
        queue_alert = alerts.check_queue_size(session, config, now)
        becoming_urgent = session.scalars(
            select(QueueItem.comment_id).where(
                QueueItem.state == "open",
                or_(
                    and_(QueueItem.due_at <= now, QueueItem.urgency < OVERDUE),
                    and_(QueueItem.due_at <= now + DUE_SOON_WINDOW, QueueItem.urgency < DUE_SOON),
                ),
            )
        ).all()
        # The coverage in force comes from the schedule, never from what an earlier sweep saw: after a
        # fresh start, or with the sweeps down through the afternoon, the night's bars still apply.
        other_coverage = session.scalars(
            select(QueueItem.comment_id).where(
                QueueItem.state == "open",
                or_(QueueItem.assessed_coverage.is_(None), QueueItem.assessed_coverage != coverage.value),
            )
        ).all()
        exposure_changed = _exposure_changed(session, now)
    ids = sorted(set(becoming_urgent) | set(other_coverage) | set(exposure_changed))
    withheld = 0
    for comment_id in ids:
        # One transaction per comment: a long sweep never holds locks on the whole queue.
        with ctx.transaction() as session:
            comment = session.get(Comment, comment_id, with_for_update=True)
            was_withheld = comment.withheld
            reassess(session, comment, now, actor=ACTOR, config=config)
            withheld += int(comment.withheld and not was_withheld)
            item = session.get(QueueItem, comment_id)
            if item is not None and item.state == "open":
                if is_appeal(item):  # the policy leaves an appeal as it was: its deadline and severity still count
                    reprioritise_appeal(session, item, config, now, ACTOR)
                item.assessed_coverage = coverage.value
    with ctx.transaction() as session:
        forgotten = idempotency.forget_expired(session, now)
    return {"coverage": coverage.value, "reassessed": len(ids), "reassessed_for_coverage": len(other_coverage),
            "reassessed_for_exposure": len(exposure_changed), "newly_withheld": withheld,
            "idempotency_keys_forgotten": forgotten, "queue_size_alert": queue_alert}


def _exposure_changed(session: Session, now: datetime) -> list[str]:
    """Open items whose article's age or activity now adds other points than when they were assessed.
    A few aggregate reads per sweep, whatever the traffic: posting a comment reworks nothing itself."""
    items = session.execute(
        select(QueueItem.comment_id, QueueItem.article_id, QueueItem.exposure_points)
        .where(QueueItem.state == "open", QueueItem.exposure_points.is_not(None))
    ).all()
    articles = sorted({i.article_id for i in items})
    if not articles:
        return []
    published = dict(session.execute(select(Article.id, Article.published_at).where(Article.id.in_(articles))).all())
    recent = dict(session.execute(
        select(Comment.article_id, func.count())
        .where(Comment.article_id.in_(articles), Comment.created_at >= now - ACTIVITY_WINDOW)
        .group_by(Comment.article_id)
    ).all())
    points = {a: exposure_points(Exposure(published.get(a), recent.get(a, 0)), now) for a in articles}
    return [i.comment_id for i in items if i.exposure_points != points[i.article_id]]
