"""The policy configuration as JSON, for admins to read and edit and for its history to be kept."""
from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from .article_controls import CommentClosing
from .coverage import Coverage, ScheduleException, StaffingSchedule
from .model import InvalidInput, Reason
from .policy import Deadlines, FlagThresholds, PolicyConfig, WithholdBars
from .rota import rota_from_dict, rota_to_dict


def config_to_dict(config: PolicyConfig) -> dict[str, Any]:
    s = config.schedule
    return {
        "flag": {
            "abuse": config.flag.abuse,
            "off_topic": config.flag.off_topic,
            "spam": config.flag.spam,
            "source": config.flag.source,
        },
        "withhold": {
            level.value: {
                "abuse": bars.abuse,
                "complaint_weight": bars.complaint_weight,
                "min_complainants": bars.min_complainants,
            }
            for level, bars in config.withhold.items()
        },
        "deadlines_minutes": {
            level.value: {"complaint": d.complaint.total_seconds() / 60, "flag": d.flag.total_seconds() / 60}
            for level, d in config.deadlines.items()
        },
        "complaint_weight": {reason.value: w for reason, w in config.complaint_weight.items()},
        "priority": {"severity_first": config.severity_first},
        "schedule": {
            "timezone": s.timezone,
            "full_weekdays": list(s.full_weekdays),
            "full_start": _clock(s.full_start),
            "full_end": _clock(s.full_end),
            "holiday_country": s.holiday_country,
            "holiday_subdivision": s.holiday_subdivision,
            "exceptions": [
                {"name": e.name, "start": e.start.isoformat(), "end": e.end.isoformat(), "coverage": e.coverage.value}
                for e in s.exceptions
            ],
        },
        "rota": rota_to_dict(config.rota),
        "closing": {"after_days": config.closing.after_days, "sections": dict(config.closing.sections)},
    }


def config_from_dict(data: Any, *, validate: bool = True) -> PolicyConfig:
    """Parse and validate; raises InvalidInput listing every problem found. `validate=False` reads a
    stored version back as it was saved, even if a rule was added since."""
    config = _parsed(data)
    problems = config.validate() if validate else []
    if problems:
        raise InvalidInput("invalid_policy", "; ".join(problems))
    return config


def problems_in(data: Any) -> list[str]:
    """Every problem with a policy in its JSON form, each on its own (none: it can be saved)."""
    try:
        return _parsed(data).validate()
    except InvalidInput as exc:
        return [exc.message]


def _parsed(data: Any) -> PolicyConfig:
    try:
        return _parse(data)
    # OverflowError: an absurd number of minutes does not fit in a timedelta.
    except (KeyError, TypeError, ValueError, AttributeError, OverflowError) as exc:
        raise InvalidInput("invalid_policy", f"The policy configuration is malformed: {exc}") from None


def _parse(data: dict[str, Any]) -> PolicyConfig:
    flag = data["flag"]
    schedule = data["schedule"]
    return PolicyConfig(
        flag=FlagThresholds(
            abuse=float(flag["abuse"]),
            off_topic=float(flag["off_topic"]),
            spam=float(flag["spam"]),
            source=str(flag.get("source", "edited by an admin")),
        ),
        withhold={
            Coverage(level): WithholdBars(
                abuse=float(bars["abuse"]),
                complaint_weight=float(bars["complaint_weight"]),
                min_complainants=int(bars["min_complainants"]),
            )
            for level, bars in data["withhold"].items()
        },
        deadlines={
            Coverage(level): Deadlines(
                complaint=timedelta(minutes=float(d["complaint"])), flag=timedelta(minutes=float(d["flag"]))
            )
            for level, d in data["deadlines_minutes"].items()
        },
        complaint_weight={Reason(r): float(w) for r, w in data["complaint_weight"].items()},
        # Versions saved before the setting existed order by severity first.
        severity_first=data.get("priority", {}).get("severity_first", True),
        schedule=StaffingSchedule(
            timezone=str(schedule["timezone"]),
            full_weekdays=tuple(int(d) for d in schedule["full_weekdays"]),
            full_start=time.fromisoformat(schedule["full_start"]),
            full_end=time.fromisoformat(schedule["full_end"]),
            holiday_country=str(schedule["holiday_country"]),
            holiday_subdivision=schedule.get("holiday_subdivision"),
            exceptions=tuple(
                ScheduleException(
                    name=str(e["name"]),
                    start=datetime.fromisoformat(e["start"]),
                    end=datetime.fromisoformat(e["end"]),
                    coverage=Coverage(e["coverage"]),
                )
                for e in schedule.get("exceptions", [])
            ),
        ),
        rota=rota_from_dict(data.get("rota")),
        closing=_closing(data.get("closing")),
    )


def _closing(data: dict[str, Any] | None) -> CommentClosing:
    """Versions saved before comments could close by themselves have none: they stay open."""
    if data is None:
        return CommentClosing()
    return CommentClosing(after_days=_days(data.get("after_days")),
                          sections={str(name): _days(days) for name, days in dict(data.get("sections", {})).items()})


def _days(value: Any) -> Any:
    # Whole numbers only; anything else is kept as sent, for validate() to name the problem.
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _clock(moment: time) -> str:
    # "09:00" reads best, but seconds must survive the round trip when a schedule has them.
    return moment.isoformat(timespec="minutes" if not (moment.second or moment.microsecond) else "auto")
