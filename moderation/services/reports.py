"""Figures for the dashboard's charts: queue depth over time, decisions per moderator, deadlines met."""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, or_, select

from ..adapters.orm import Decision, QueueItem, StaffAccount
from .comments import WITHDRAWN_BY_AUTHOR
from .context import Context
from .erasure import ERASED_BY_AUTHOR
from .policy_settings import current_policy

# Items a moderator decided on outside the queue enter and leave at the same moment; they were
# never waiting, so they count in no figure here.
_QUEUED = QueueItem.entered_coverage != ""


def depth_series(start_depth: int, entered: list[datetime], left: list[datetime], points: list[datetime]) -> list[int]:
    """Queue depth at each of `points` (ascending), from the depth at the window's start and the
    moments items entered and left during the window."""
    entered, left = sorted(entered), sorted(left)
    return [start_depth + bisect_right(entered, t) - bisect_right(left, t) for t in points]


@dataclass(frozen=True)
class QueueDepth:
    """Open items at each of `points` (ascending)."""

    points: tuple[datetime, ...]
    depth: tuple[int, ...]


@dataclass(frozen=True)
class ModeratorDecisions:
    moderator: str  # their name, or their id when they have no staff account
    approve: int = 0
    amend: int = 0
    delete: int = 0

    @property
    def total(self) -> int:
        return self.approve + self.amend + self.delete


@dataclass(frozen=True)
class DayDeadlines:
    """Items moderators resolved on `day` (on the newsroom's clock) by their deadline, and after it."""

    day: date
    met: int = 0
    missed: int = 0


def queue_depth(ctx: Context, hours: int = 72, step_minutes: int = 60) -> QueueDepth:
    now = ctx.now()
    start = now - timedelta(hours=hours)
    with ctx.transaction() as session:
        start_depth = session.scalar(
            select(func.count()).select_from(QueueItem).where(
                _QUEUED, QueueItem.entered_at <= start, or_(QueueItem.resolved_at.is_(None), QueueItem.resolved_at > start)
            )
        )
        entered = session.scalars(select(QueueItem.entered_at).where(_QUEUED, QueueItem.entered_at > start)).all()
        left = [t for t in session.scalars(select(QueueItem.resolved_at).where(_QUEUED, QueueItem.resolved_at > start))
                if t is not None]
    points = [start + timedelta(minutes=step_minutes * i) for i in range(hours * 60 // step_minutes + 1)]
    return QueueDepth(tuple(points), tuple(depth_series(start_depth or 0, list(entered), left, points)))


def decisions_per_moderator(ctx: Context, days: int = 7) -> list[ModeratorDecisions]:
    since = ctx.now() - timedelta(days=days)
    with ctx.transaction() as session:
        rows = session.execute(
            select(Decision.moderator_id, Decision.action, func.count())
            .where(Decision.created_at > since)
            .group_by(Decision.moderator_id, Decision.action)
        ).all()
        names = dict(session.execute(select(StaffAccount.user_id, StaffAccount.display_name)).all())
    counts: dict[str, dict[str, int]] = {}
    for moderator, action, count in rows:
        counts.setdefault(moderator, {})[action] = count
    per = [ModeratorDecisions(names.get(moderator, moderator), **by_action) for moderator, by_action in counts.items()]
    return sorted(per, key=lambda e: -e.total)


def deadlines_met(ctx: Context, days: int = 7) -> list[DayDeadlines]:
    """Per day on the newsroom's clock, items moderators resolved by their deadline and after it."""
    with ctx.transaction() as session:
        zone = ZoneInfo(current_policy(session).schedule.timezone)
        now = ctx.now().astimezone(zone)
        first_day = (now - timedelta(days=days - 1)).date()
        rows = session.execute(
            select(QueueItem.resolved_at, QueueItem.due_at).where(
                _QUEUED, QueueItem.resolved_at >= datetime.combine(first_day, datetime.min.time(), zone),
                QueueItem.resolved_by.not_in([WITHDRAWN_BY_AUTHOR, ERASED_BY_AUTHOR]),
            )
        ).all()
    days_out = {first_day + timedelta(days=i): {"met": 0, "missed": 0} for i in range(days)}
    for resolved_at, due_at in rows:
        if resolved_at is None:  # not asked for: the query takes resolved items only
            continue
        bucket = days_out.get(resolved_at.astimezone(zone).date())
        if bucket is not None:
            bucket["met" if resolved_at <= due_at else "missed"] += 1
    return [DayDeadlines(day, **counts) for day, counts in days_out.items()]
