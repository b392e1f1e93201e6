"""When the newsroom is watching: full-time moderation in office hours, part-time otherwise.

All times are interpreted in the schedule's own time zone, so the 09:00 and 18:00 edges stay
put across the clock changes; callers pass and receive timezone-aware datetimes.
"""
from __future__ import annotations

import enum
import functools
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays


class Coverage(enum.StrEnum):
    FULL = "full"
    PART = "part"


@dataclass(frozen=True)
class ScheduleException:
    """A named period with a coverage level of its own (a staff away-day, an election night)."""

    name: str
    start: datetime
    end: datetime
    coverage: Coverage


@dataclass(frozen=True)
class StaffingSchedule:
    timezone: str = "Europe/London"
    full_weekdays: tuple[int, ...] = (0, 1, 2, 3, 4)  # Monday is 0
    full_start: time = time(9, 0)
    full_end: time = time(18, 0)
    holiday_country: str = "GB"
    holiday_subdivision: str | None = "SCT"
    exceptions: tuple[ScheduleException, ...] = field(default_factory=tuple)

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def is_holiday(self, day: date) -> bool:
        return day in _holiday_calendar(self.holiday_country, self.holiday_subdivision)

    def holiday_name(self, day: date) -> str | None:
        return _holiday_calendar(self.holiday_country, self.holiday_subdivision).get(day)

    def validate(self) -> list[str]:
        problems = []
        try:
            ZoneInfo(self.timezone)
        except Exception:  # noqa: BLE001 - zoneinfo raises several kinds for a bad name
            problems.append(f"unknown time zone {self.timezone!r}")
        if not self.full_start < self.full_end:
            problems.append("full-time coverage must start before it ends")
        if any(d not in range(7) for d in self.full_weekdays):
            problems.append("weekdays are numbered 0 (Monday) to 6 (Sunday)")
        try:
            _holiday_calendar(self.holiday_country, self.holiday_subdivision)
        except Exception:  # noqa: BLE001 - holidays raises several kinds for an unknown calendar
            problems.append(f"unknown holiday calendar {self.holiday_country}/{self.holiday_subdivision}")
        well_formed = []
        for exc in self.exceptions:
            if exc.start.tzinfo is None or exc.end.tzinfo is None:
                problems.append(f"exception {exc.name!r} needs timezone-aware times")
            elif not exc.start < exc.end:
                problems.append(f"exception {exc.name!r} must start before it ends")
            else:
                well_formed.append(exc)
        problems.extend(self._overlaps(well_formed))
        return problems

    def _overlaps(self, exceptions: list[ScheduleException]) -> list[str]:
        """Two exceptions covering the same moment would leave its coverage to the order they are
        listed in: every such pair is named. One may end where the next begins."""
        try:
            tz = self.tz
        except Exception:  # noqa: BLE001 - an unknown zone is reported on its own; the times are shown in UTC meanwhile
            tz = ZoneInfo("UTC")
        found = []
        for i, a in enumerate(exceptions):
            for b in exceptions[i + 1:]:
                if a.start < b.end and b.start < a.end:
                    first, second = sorted((a, b), key=lambda e: (e.start, e.end))
                    found.append(f"exceptions {first.name!r} ({_period(first, tz)}) and {second.name!r} "
                                 f"({_period(second, tz)}) overlap: a moment can only have one coverage level")
        return found


def _period(exc: ScheduleException, tz: ZoneInfo) -> str:
    """'15 March 2025 18:00 to 16 March 2025 04:00', or '... 19:00 to 23:00' within a day, on the schedule's clock."""
    start, end = exc.start.astimezone(tz), exc.end.astimezone(tz)
    day = f"{start.day} {start:%B %Y}"
    if end.date() == start.date():
        return f"{day} {start:%H:%M} to {end:%H:%M}"
    return f"{day} {start:%H:%M} to {end.day} {end:%B %Y %H:%M}"


@functools.lru_cache(maxsize=16)
def _holiday_calendar(country: str, subdivision: str | None) -> holidays.HolidayBase:
    return holidays.country_holidays(country, subdiv=subdivision)


def _require_aware(when: datetime) -> None:
    if when.tzinfo is None:
        raise ValueError("coverage needs a timezone-aware datetime")


def coverage_at(schedule: StaffingSchedule, when: datetime) -> Coverage:
    _require_aware(when)
    for exc in schedule.exceptions:
        if exc.start <= when < exc.end:
            return exc.coverage
    local = when.astimezone(schedule.tz)
    if local.weekday() not in schedule.full_weekdays or schedule.is_holiday(local.date()):
        return Coverage.PART
    if schedule.full_start <= local.time() < schedule.full_end:
        return Coverage.FULL
    return Coverage.PART


def next_change(schedule: StaffingSchedule, when: datetime, horizon_days: int = 31) -> datetime | None:
    """The first moment after `when` at which the coverage level differs from now."""
    _require_aware(when)
    current = coverage_at(schedule, when)
    for candidate in _boundaries(schedule, when, horizon_days):
        if coverage_at(schedule, candidate) != current:
            return candidate
    return None


def _boundaries(schedule: StaffingSchedule, when: datetime, horizon_days: int) -> list[datetime]:
    tz = schedule.tz
    first_day = when.astimezone(tz).date()
    points: set[datetime] = set()
    for offset in range(horizon_days + 1):
        day = first_day + timedelta(days=offset)
        for moment in (time(0, 0), schedule.full_start, schedule.full_end):
            points.add(datetime.combine(day, moment, tzinfo=tz))
    for exc in schedule.exceptions:
        points.update((exc.start, exc.end))
    return sorted(p for p in points if p > when)
