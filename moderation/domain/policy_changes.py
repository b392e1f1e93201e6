"""What a change to the policy means, in words an admin reads before and after saving it: how the
open queue would be decided differently, when coverage would change, a year of coverage day by
day, and what one saved version changed from the one before it.

Pure functions over the domain's own values and the policy's JSON form (policy_codec); nothing
here reads a database or the clock.
"""
from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .coverage import Coverage, StaffingSchedule, coverage_at, next_change
from .policy import SIGNAL_REASON, CommentFacts, PolicyConfig, evaluate
from .wording import REASON_WORDING, duration

DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


# --- the open queue under two policies ------------------------------------------------------------

@dataclass
class QueueImpact:
    """Ids of the open items each kind of difference applies to (current policy → proposed one)."""

    examined: int = 0
    newly_withheld: list[str] = field(default_factory=list)  # would be hidden by the proposed bars only
    no_longer_withheld: list[str] = field(default_factory=list)  # the current bars would hide them, the proposed not
    kept_hidden: int = 0  # hidden already: stays hidden until reviewed, whatever the policy
    due_earlier: list[str] = field(default_factory=list)
    due_later: list[str] = field(default_factory=list)
    no_longer_flagged: list[str] = field(default_factory=list)  # nothing in the proposed policy queues them
    priority_up: list[str] = field(default_factory=list)
    priority_down: list[str] = field(default_factory=list)

    @property
    def unchanged(self) -> bool:
        return not any((self.newly_withheld, self.no_longer_withheld, self.due_earlier, self.due_later,
                        self.no_longer_flagged, self.priority_up, self.priority_down))


def queue_impact(items: Iterable[tuple[str, CommentFacts]], current: PolicyConfig, proposed: PolicyConfig,
                 now: datetime) -> QueueImpact:
    """How the policy's decisions on the open items would differ if `proposed` replaced `current`,
    both judged now on the same facts (so only the change of policy shows, not the time passed
    since each item was last assessed)."""
    impact = QueueImpact()
    coverage_now = coverage_at(current.schedule, now)
    coverage_then = coverage_at(proposed.schedule, now)
    for item_id, facts in items:
        impact.examined += 1
        before = evaluate(facts, current, coverage_now, now)
        after = evaluate(facts, proposed, coverage_then, now)
        if facts.withheld:
            impact.kept_hidden += 1
        elif after.withhold and not before.withhold:
            impact.newly_withheld.append(item_id)
        elif before.withhold and not after.withhold:
            impact.no_longer_withheld.append(item_id)
        if before.enqueue and not after.enqueue:
            impact.no_longer_flagged.append(item_id)
            continue
        if before.due_at and after.due_at and after.due_at != before.due_at:
            (impact.due_earlier if after.due_at < before.due_at else impact.due_later).append(item_id)
        if after.priority != before.priority:
            (impact.priority_up if after.priority > before.priority else impact.priority_down).append(item_id)
    return impact


# --- coverage over time ----------------------------------------------------------------------------

@dataclass(frozen=True)
class CoverageDifference:
    start: datetime
    end: datetime
    before: Coverage
    after: Coverage


def coverage_differences(current: StaffingSchedule, proposed: StaffingSchedule, start: datetime,
                         days: int = 7) -> list[CoverageDifference]:
    """The periods in the `days` from `start` whose coverage level the proposed schedule changes."""
    end = start + timedelta(days=days)
    points = {start, end} | set(_changes(current, start, end)) | set(_changes(proposed, start, end))
    ordered = sorted(points)
    found: list[CoverageDifference] = []
    for a, b in itertools.pairwise(ordered):
        before, after = coverage_at(current, a), coverage_at(proposed, a)
        if before == after:
            continue
        if found and found[-1].end == a and (found[-1].before, found[-1].after) == (before, after):
            found[-1] = CoverageDifference(found[-1].start, b, before, after)
        else:
            found.append(CoverageDifference(a, b, before, after))
    return found


def _changes(schedule: StaffingSchedule, start: datetime, end: datetime) -> Iterable[datetime]:
    moment = start
    while True:
        found = next_change(schedule, moment)
        if found is None or found >= end:
            return
        moment = found
        yield moment


def full_time_hours_per_week(schedule: StaffingSchedule) -> float:
    """The ordinary week's full-time hours (before holidays and exceptions)."""
    day = datetime.combine(date(2000, 1, 1), schedule.full_end) - datetime.combine(date(2000, 1, 1), schedule.full_start)
    return max(day.total_seconds(), 0) / 3600 * len(set(schedule.full_weekdays))


@dataclass(frozen=True)
class DayCoverage:
    day: date
    full_minutes: int  # minutes of full-time coverage on the newsroom's clock that day
    holiday: str | None
    exceptions: tuple[str, ...]  # named exceptions in force for some of the day

    @property
    def level(self) -> Coverage:
        return Coverage.FULL if self.full_minutes else Coverage.PART


def coverage_calendar(schedule: StaffingSchedule, first: date, last: date) -> list[DayCoverage]:
    """Each day from `first` to `last` inclusive: how much of it has full-time coverage, the public
    holiday and the named exceptions that decide it."""
    tz = schedule.tz
    days = []
    day = first
    while day <= last:
        start = datetime.combine(day, time(0), tzinfo=tz)
        end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=tz)
        touching = [e for e in schedule.exceptions if e.start < end and e.end > start]
        points = {start, end, datetime.combine(day, schedule.full_start, tzinfo=tz),
                  datetime.combine(day, schedule.full_end, tzinfo=tz)}
        points.update(p for e in touching for p in (e.start, e.end))
        ordered = sorted(p for p in points if start <= p <= end)
        full = sum(((b - a) for a, b in itertools.pairwise(ordered) if coverage_at(schedule, a) is Coverage.FULL),
                   timedelta(0))
        days.append(DayCoverage(day, round(full.total_seconds() / 60), schedule.holiday_name(day),
                                tuple(e.name for e in touching)))
        day += timedelta(days=1)
    return days


# --- what a version changed --------------------------------------------------------------------------

_LEVELS = {"full": "Full-time", "part": "Part-time"}
_SIGNALS = {signal: REASON_WORDING[reason].name.lower() for signal, reason in SIGNAL_REASON.items()}
_LABELS: Mapping[tuple[str, ...], str] = {
    ("schedule", "timezone"): "Time zone",
    ("schedule", "full_weekdays"): "Full-time days",
    ("schedule", "full_start"): "Full-time coverage starts",
    ("schedule", "full_end"): "Full-time coverage ends",
    ("schedule", "holiday_country"): "Public holidays of (country)",
    ("schedule", "holiday_subdivision"): "Public holidays of (region)",
    ("flag", "source"): "Source of the flag thresholds",
    ("priority", "severity_first"): "Severity first in the queue's order",
    ("closing", "after_days"): "Comments close after (days)",
    ("closing", "sections"): "Sections that close at their own time",
    ("rota", "people"): "On-call people",
    ("rota", "shifts"): "On-call shifts",
}


def setting_label(path: tuple[str, ...]) -> str:
    """How a setting of the policy's JSON form is named to people; settings this module has never
    heard of are named from their keys."""
    if path in _LABELS:
        return _LABELS[path]
    match path:
        case ("flag", signal) if signal in _SIGNALS:
            return f"Flag threshold, {_SIGNALS[signal]} score"
        case ("withhold", level, "abuse") if level in _LEVELS:
            return f"{_LEVELS[level]} withholding bar, abuse score"
        case ("withhold", level, "complaint_weight") if level in _LEVELS:
            return f"{_LEVELS[level]} withholding bar, weight of complaints"
        case ("withhold", level, "min_complainants") if level in _LEVELS:
            return f"{_LEVELS[level]} withholding bar, distinct readers complaining"
        case ("deadlines_minutes", level, kind) if level in _LEVELS:
            return f"{_LEVELS[level]} review deadline after a {'complaint' if kind == 'complaint' else kind}"
        case ("complaint_weight", reason):
            return f"Weight of a complaint of {reason.replace('_', '-')}"
        case ("closing", "sections", section):
            return f"Comments in section “{section}” close after (days)"
    return " › ".join(part.replace("_", " ") for part in path).capitalize()


def describe_changes(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[str]:
    """One sentence per setting that differs between two policies in their JSON form; moments are
    read on the newer policy's clock."""
    tz = _zone(after)
    lines: list[str] = []
    flat_before, flat_after = _flatten(before), _flatten(after)
    for path in sorted(set(flat_before) | set(flat_after), key=_order(flat_before, flat_after)):
        old, new = flat_before.get(path, _MISSING), flat_after.get(path, _MISSING)
        if old == new:
            continue
        if _is_named_list(old) or _is_named_list(new):
            lines.extend(_named_list_changes(path, old if old is not _MISSING else [], new if new is not _MISSING else [],
                                             tz))
            continue
        if _is_entry_list(old) or _is_entry_list(new):
            lines.extend(_entry_list_changes(path, old if isinstance(old, list) else [], new if isinstance(new, list) else [],
                                             tz))
            continue
        label = setting_label(path)
        if old is _MISSING:
            lines.append(f"{label}: set to {_shown(path, new)}.")
        elif new is _MISSING:
            lines.append(f"{label}: removed (was {_shown(path, old)}).")
        else:
            lines.append(f"{label}: {_shown(path, old)} → {_shown(path, new)}.")
    return lines


_MISSING = object()


def _zone(policy: Mapping[str, Any]) -> ZoneInfo | None:
    schedule = policy.get("schedule")
    try:
        return ZoneInfo(str(schedule["timezone"])) if isinstance(schedule, Mapping) else None
    except (KeyError, ValueError, ZoneInfoNotFoundError):
        return None


def _order(*flats: dict[tuple[str, ...], Any]) -> Callable[[tuple[str, ...]], int]:
    # Settings in the order the policy document lists them, whatever version first had them.
    order: dict[tuple[str, ...], int] = {}
    for flat in flats:
        for path in flat:
            order.setdefault(path, len(order))
    return lambda path: order[path]


def _flatten(data: Any, prefix: tuple[str, ...] = ()) -> dict[tuple[str, ...], Any]:
    if isinstance(data, Mapping):
        flat: dict[tuple[str, ...], Any] = {}
        for key, value in data.items():
            flat.update(_flatten(value, (*prefix, str(key))))
        return flat
    return {prefix: data}


def _is_named_list(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, Mapping) and "name" in v for v in value)


def _is_entry_list(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, Mapping) for v in value)


def _entry_list_changes(path: tuple[str, ...], old: list[Any], new: list[Any], tz: ZoneInfo | None) -> list[str]:
    """Lists of entries without names (the rota's people and shifts): those added and those removed,
    an entry that changed being both."""
    label = setting_label(path)
    return ([f"{label}: added {_entry(e, tz)}." for e in new if e not in old]
            + [f"{label}: removed {_entry(e, tz)}." for e in old if e not in new])


def _named_list_changes(path: tuple[str, ...], old: list[Any], new: list[Any], tz: ZoneInfo | None) -> list[str]:
    """Lists of named entries (schedule exceptions and the like) compared entry by entry."""
    noun = path[-1].rstrip("s").replace("_", " ") if path else "entry"
    by_name_old = {str(e["name"]): e for e in old if isinstance(e, Mapping)}
    by_name_new = {str(e["name"]): e for e in new if isinstance(e, Mapping)}
    lines = []
    for name, entry in by_name_new.items():
        if name not in by_name_old:
            lines.append(f"{noun.capitalize()} “{name}” added: {_entry(entry, tz)}.")
        elif entry != by_name_old[name]:
            lines.append(f"{noun.capitalize()} “{name}” changed: {_entry(by_name_old[name], tz)} → {_entry(entry, tz)}.")
    for name, entry in by_name_old.items():
        if name not in by_name_new:
            lines.append(f"{noun.capitalize()} “{name}” removed (was {_entry(entry, tz)}).")
    return lines


def _entry(entry: Mapping[str, Any], tz: ZoneInfo | None) -> str:
    parts = []
    if "start" in entry and "end" in entry:
        parts.append(f"{_moment(entry['start'], tz)} to {_moment(entry['end'], tz)}")
    if "coverage" in entry:
        parts.append(f"{_LEVELS.get(entry['coverage'], entry['coverage']).lower()} coverage")
    for key, value in entry.items():
        if key in ("name", "start", "end", "coverage"):
            continue
        if key == "weekdays" and isinstance(value, list):
            value = ", ".join(DAY_NAMES[d] if isinstance(d, int) and 0 <= d < 7 else str(d) for d in value) or "no days"
        elif isinstance(value, Mapping):
            value = "(" + ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in value.items()) + ")"
        parts.append(f"{key.replace('_', ' ')} {'none' if value is None else value}")
    return ", ".join(parts)


def _moment(value: Any, tz: ZoneInfo | None) -> str:
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        return str(value)
    if tz is not None and moment.tzinfo is not None:
        moment = moment.astimezone(tz)
    return moment.strftime("%a %d %b %Y %H:%M")


def _shown(path: tuple[str, ...], value: Any) -> str:
    if value is None:
        return "never" if path[:1] == ("closing",) else "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if path == ("schedule", "full_weekdays") and isinstance(value, list):
        return ", ".join(DAY_NAMES[d] if isinstance(d, int) and 0 <= d < 7 else str(d) for d in value) or "none"
    if path and path[0] == "deadlines_minutes" and isinstance(value, (int, float)):
        return duration_words(value)
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def duration_words(minutes: float) -> str:
    """A number of minutes as people read a duration: '45 min', '4 h', '1 h 30 min', '3 days 2 h'."""
    return duration(timedelta(minutes=minutes))
