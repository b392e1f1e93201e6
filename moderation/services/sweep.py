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
from ..domain.model import QueueState
from ..domain.policy import (
    ACTIVITY_WINDOW,
    DUE_SOON,
    DUE_SOON_WINDOW,
    OVERDUE,
    Exposure,
    exposure_points,
    urgency,
)
from . import alerts, idempotency
from .appeals import is_appeal, reprioritise_appeal
from .article_controls import close_due
from .assessment import Known, newest_scores, reassess
from .context import Context
from .policy_settings import current_policy
from .queue import PAGE_ORDER
from .results import SweepOutcome

ACTOR = "deadline and coverage sweep"
# Items one run assesses again for a change of coverage, policy or exposure (those reaching their
# deadline come on top): the rest wait for the next run, half a minute later.
REASSESS_PER_RUN = 2000
BATCH = 50


def sweep(ctx: Context) -> SweepOutcome:
    now = ctx.now()
    with ctx.transaction() as session:
        config = current_policy(session)
        coverage = coverage_at(config.schedule, now)
        queue_alert = alerts.check_queue_size(session, config, now)
        becoming_urgent = session.scalars(
            select(QueueItem.comment_id).where(
                QueueItem.state == QueueState.OPEN,
                or_(
                    and_(QueueItem.due_at <= now, QueueItem.urgency < OVERDUE),
                    and_(QueueItem.due_at <= now + DUE_SOON_WINDOW, QueueItem.urgency < DUE_SOON),
                ),
            )
        ).all()
        # The coverage in force comes from the schedule, never from what an earlier sweep saw: after a
        # fresh start, or with the sweeps down through the afternoon, the night's bars still apply.
        # Highest priority first, and a bounded number per run, so a long queue is worked through
        # over a few runs without holding up the deadlines.
        other_coverage = session.scalars(
            select(QueueItem.comment_id).where(
                QueueItem.state == QueueState.OPEN,
                or_(QueueItem.assessed_coverage.is_(None), QueueItem.assessed_coverage != coverage.value),
            ).order_by(*PAGE_ORDER).limit(REASSESS_PER_RUN)
        ).all()
        exposure_changed = _exposure_changed(session, now, REASSESS_PER_RUN - len(other_coverage))
    ids = sorted(set(becoming_urgent) | set(other_coverage) | set(exposure_changed))
    withheld = 0
    for start in range(0, len(ids), BATCH):
        # A transaction per batch: a long sweep never holds locks on the whole queue, and what the
        # policy needs is read for the batch at once.
        with ctx.transaction() as session:
            comments = list(session.scalars(
                select(Comment).where(Comment.id.in_(ids[start:start + BATCH])).order_by(Comment.id).with_for_update()
            ))
            was_withheld = {c.id for c in comments if c.withheld}
            known = Known.read(session, comments, newest_scores(session, [c.id for c in comments]))
            for item in known.items.values():
                item.exposure_points = None  # set again where the policy ranks the item, as it does but for appeals
            for comment in comments:
                reassess(session, comment, now, actor=ACTOR, config=config, known=known)
                withheld += int(comment.withheld and comment.id not in was_withheld)
                queued = session.get(QueueItem, comment.id)  # from the session, read with the batch
                if queued is not None and queued.state == QueueState.OPEN:
                    if is_appeal(queued):  # the policy leaves an appeal as it was: its deadline and severity still count
                        reprioritise_appeal(session, queued, config, now, ACTOR)
                    # Looked at now, even where the policy left it as it was (it no longer flags a
                    # text it once did, say): no run picks it up again for the same reason.
                    queued.assessed_coverage, queued.urgency = coverage.value, urgency(queued.due_at, now)
    with ctx.transaction() as session:
        forgotten = idempotency.forget_expired(session, now)
    with ctx.transaction() as session:
        closed = close_due(session, now)
    return SweepOutcome(coverage=coverage, reassessed=len(ids), reassessed_for_coverage=len(other_coverage),
                        reassessed_for_exposure=len(exposure_changed), newly_withheld=withheld,
                        idempotency_keys_forgotten=forgotten, queue_size_alert=queue_alert, articles_closed=len(closed))


def _exposure_changed(session: Session, now: datetime, limit: int) -> list[str]:
    """Open items whose article's age or activity now adds other points than when they were assessed
    (at most `limit`). A few aggregate reads per run, whatever the traffic: posting a comment
    reworks nothing itself."""
    if limit <= 0:
        return []
    assessed = session.execute(
        select(QueueItem.article_id, QueueItem.exposure_points)
        .where(QueueItem.state == QueueState.OPEN, QueueItem.exposure_points.is_not(None))
        .group_by(QueueItem.article_id, QueueItem.exposure_points)
    ).all()
    articles = sorted({a for a, _ in assessed})
    if not articles:
        return []
    published = dict(session.execute(select(Article.id, Article.published_at).where(Article.id.in_(articles))).all())
    recent = dict(session.execute(
        select(Comment.article_id, func.count())
        .where(Comment.article_id.in_(articles), Comment.created_at >= now - ACTIVITY_WINDOW)
        .group_by(Comment.article_id)
    ).all())
    points = {a: exposure_points(Exposure(published.get(a), recent.get(a, 0)), now) for a in articles}
    found: list[str] = []
    for article_id in sorted({a for a, p in assessed if p != points[a]}):
        found += session.scalars(
            select(QueueItem.comment_id).where(
                QueueItem.state == QueueState.OPEN, QueueItem.article_id == article_id,
                QueueItem.exposure_points.is_not(None), QueueItem.exposure_points != points[article_id],
            ).order_by(*PAGE_ORDER).limit(limit - len(found))
        ).all()
        if len(found) >= limit:
            break
    return found
