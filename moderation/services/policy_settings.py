"""The policy configuration in force, its history, and what coverage it gives right now."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ..adapters.model_thresholds import recommended_thresholds
from ..adapters.orm import PolicyVersion, QueueItem
from ..domain.coverage import Coverage, coverage_at, next_change
from ..domain.model import InvalidInput, QueueState, Reader
from ..domain.policy import FlagThresholds, PolicyConfig
from ..domain.policy_codec import config_from_dict, config_to_dict
from .article_controls import reschedule_all
from .audit import record
from .context import Context
from .results import (
    CoverageView,
    DeadlinesView,
    FullTimeHours,
    Holiday,
    SavedPolicy,
    ScheduleExceptionView,
    ScheduleSummary,
)
from .retraining import promoted_thresholds
from .rota_accounts import rota_problems


def current_policy(session: Session) -> PolicyConfig:
    latest = session.scalars(select(PolicyVersion).order_by(PolicyVersion.id.desc()).limit(1)).first()
    if latest is None:
        return default_policy(promoted_thresholds(session))
    # Checked when it was saved; a rule added since (no overlapping exceptions) must not stop the service.
    return config_from_dict(latest.config, validate=False)


def default_policy(recommended: tuple[dict[str, Any], str] | None = None) -> PolicyConfig:
    """Built-in defaults, with the thresholds recommended by the model in force: `recommended`
    (a promoted model's), else the shipped model's. A saved policy keeps its own thresholds."""
    base = PolicyConfig()
    recommended = recommended or recommended_thresholds()
    if recommended is None:
        return base
    thresholds, version = recommended
    try:
        withhold = dict(base.withhold)
        withhold[Coverage.FULL] = replace(withhold[Coverage.FULL], abuse=float(thresholds["abuse"]["withhold_full"]))
        withhold[Coverage.PART] = replace(withhold[Coverage.PART], abuse=float(thresholds["abuse"]["withhold_part"]))
        candidate = replace(
            base,
            flag=FlagThresholds(
                abuse=float(thresholds["abuse"]["flag"]),
                off_topic=float(thresholds["off_topic"]["flag"]),
                spam=float(thresholds["spam"]["flag"]),
                source=f"recommended by model {version}",
            ),
            withhold=withhold,
        )
    except (KeyError, TypeError, ValueError):
        return base
    return candidate if not candidate.validate() else base


def newsroom_timezone(ctx: Context) -> str:
    """The time zone of the newsroom's clock (the staffing schedule's), which every time shown to
    people is read on."""
    with ctx.transaction() as session:
        return current_policy(session).schedule.timezone


def get_policy(ctx: Context) -> dict[str, Any]:
    with ctx.transaction() as session:
        return config_to_dict(current_policy(session))


def save_policy(ctx: Context, admin: Reader, data: object, note: str = "") -> dict[str, Any]:
    """Validate and store a new version; the previous ones stay as history."""
    config = config_from_dict(data)
    now = ctx.now()
    with ctx.transaction() as session:
        problems = rota_problems(session, config.rota)
        if problems:
            raise InvalidInput("invalid_policy", "; ".join(problems))
        before = config_to_dict(current_policy(session))
        after = config_to_dict(config)
        session.add(PolicyVersion(config=after, author=admin.id, note=note, created_at=now))
        # The open queue is assessed again under the new policy at the next sweep (its bars, weights
        # and order), rather than mixing items ranked under the old one with the new.
        session.execute(update(QueueItem).where(QueueItem.state == QueueState.OPEN).values(assessed_coverage=None))
        record(session, actor=admin.id, action="policy_changed", at=now, note=note, before=before, after=after)
        if before.get("closing") != after["closing"]:
            reschedule_all(session, config.closing)  # articles still open close on the new rules
        return after


def policy_history(ctx: Context, limit: int = 50) -> list[SavedPolicy]:
    with ctx.transaction() as session:
        rows = session.scalars(select(PolicyVersion).order_by(PolicyVersion.id.desc()).limit(limit)).all()
        return [SavedPolicy(version=r.id, author=r.author, note=r.note, created_at=r.created_at, config=r.config)
                for r in rows]


def coverage_info(ctx: Context) -> CoverageView:
    now = ctx.now()
    with ctx.transaction() as session:
        config = current_policy(session)
    schedule = config.schedule
    change = next_change(schedule, now)
    return CoverageView(
        level=coverage_at(schedule, now),
        at=now,
        next_change=change,
        next_level=coverage_at(schedule, change) if change else None,
        schedule=ScheduleSummary(
            timezone=schedule.timezone,
            full_time=FullTimeHours.model_validate({  # `from` is a keyword: given under its name in the contract
                "weekdays": [_DAY_NAMES[d] for d in schedule.full_weekdays],
                "from": schedule.full_start.strftime("%H:%M"),
                "until": schedule.full_end.strftime("%H:%M"),
            }),
            part_time="all other hours, weekends and public holidays",
            holidays=f"{schedule.holiday_country}/{schedule.holiday_subdivision or ''}".rstrip("/"),
            upcoming_holidays=_upcoming_holidays(config, now),
            exceptions=[ScheduleExceptionView(name=e.name, start=e.start, end=e.end, coverage=e.coverage)
                        for e in schedule.exceptions],
        ),
        deadlines_minutes={level: DeadlinesView(complaint=d.complaint.total_seconds() / 60,
                                                flag=d.flag.total_seconds() / 60)
                           for level, d in config.deadlines.items()},
    )


_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _upcoming_holidays(config: PolicyConfig, now: datetime, days: int = 60) -> list[Holiday]:
    schedule = config.schedule
    today = now.astimezone(schedule.tz).date()
    found = []
    for offset in range(days):
        day = today + timedelta(days=offset)
        name = schedule.holiday_name(day)
        if name:
            found.append(Holiday(date=day, name=name))
    return found
