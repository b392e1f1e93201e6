"""A clock the tests can set, so coverage-dependent behaviour is checked at chosen moments."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")


def london(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=LONDON).astimezone(UTC)


# Wednesday 25 November 2026: an ordinary working day in Scotland.
WEEKDAY_MORNING = london(2026, 11, 25, 10, 30)  # full coverage
WEEKDAY_NIGHT = london(2026, 11, 25, 22, 0)  # part coverage


class MutableClock:
    def __init__(self, start: datetime | None = None):
        self.current = start

    def __call__(self) -> datetime:
        return self.current if self.current is not None else datetime.now(UTC)

    def set(self, when: datetime) -> None:
        self.current = when

    def advance(self, **kwargs) -> None:
        self.current = self() + timedelta(**kwargs)
