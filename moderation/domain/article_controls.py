"""When comments on an article close by themselves: N days after it was published, by the policy's
default or its section's own number of days.

The section is the one the publisher's CMS sends with the article (`PUT /api/v1/articles/{id}`,
`section`); sections are compared without regard to case or surrounding spaces, so "Politics" and
"politics " are one section.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from types import MappingProxyType

MAX_CLOSE_AFTER_DAYS = 3650
MAX_SECTION_CHARS = 200


def comments_open_at(comments_open: bool, closes_at: datetime | None, at: datetime) -> bool:
    """Open at `at`: not closed by hand, and not past the moment they close by themselves (which
    the sweep records a little later)."""
    return comments_open and not (closes_at is not None and closes_at <= at)


def section_key(section: str) -> str:
    return " ".join(section.split()).casefold()


@dataclass(frozen=True)
class CommentClosing:
    """`after_days`: days after publication when comments close (None: they stay open); `sections`:
    a section's own number of days, or None for a section whose comments never close by themselves."""

    after_days: int | None = None
    sections: Mapping[str, int | None] = field(default_factory=lambda: MappingProxyType({}))

    def days_for(self, section: str) -> int | None:
        wanted = section_key(section or "")
        for name, days in self.sections.items():
            if section_key(name) == wanted:
                return days
        return self.after_days

    def closes_at(self, published_at: datetime | None, section: str) -> datetime | None:
        """When comments on an article published then in that section close by themselves (None: never)."""
        days = self.days_for(section)
        if published_at is None or days is None:
            return None
        return published_at + timedelta(days=days)

    def validate(self) -> list[str]:
        problems = []
        for days, where in ((self.after_days, "by default"),
                            *((days, f"in the section “{name}”") for name, days in self.sections.items())):
            if days is not None and (isinstance(days, bool) or not isinstance(days, int)
                                     or not 1 <= days <= MAX_CLOSE_AFTER_DAYS):
                problems.append(f"comments close {where} after a whole number of days from 1 to {MAX_CLOSE_AFTER_DAYS}, "
                                f"or never (null)")
        seen = set()
        for name in self.sections:
            key = section_key(name)
            if not key or len(name) > MAX_SECTION_CHARS:
                problems.append(f"a section's name is 1 to {MAX_SECTION_CHARS} characters")
            elif key in seen:
                problems.append(f"the section “{name}” is given twice for closing comments")
            seen.add(key)
        return problems
