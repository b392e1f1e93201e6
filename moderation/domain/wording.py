"""How the service words times, counts and quotations for people: on the newsroom's clock, in
words, never as raw ISO timestamps or ids."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

EXCERPT_CHARS = 60


def newsroom_time(when: datetime, tz: ZoneInfo) -> str:
    """'3 December 2026 at 12:00', read on the newsroom's clock."""
    local = when.astimezone(tz)
    return f"{local.day} {local:%B %Y} at {local:%H:%M}"


def plural(count: int, one: str, many: str | None = None) -> str:
    """'1 comment', '2 comments'."""
    return f"{count} {one if count == 1 else (many or one + 's')}"


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    """The start of a text on one line, cut at a word where it can be, with an ellipsis when cut."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[:limit]
    space = cut.rfind(" ")
    if space >= limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,.;:!?-") + "…"
