"""How the service words reasons, times, durations, counts and quotations for people: on the
newsroom's clock, in words, never as raw codes, ISO timestamps or ids."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from types import MappingProxyType
from zoneinfo import ZoneInfo

from .model import Reason

EXCERPT_CHARS = 60


@dataclass(frozen=True)
class ReasonWording:
    """One reason code from the user terms, as people read it wherever it appears."""

    name: str  # on its own, as staff read it on a badge or a filter ("Off-topic")
    for_readers: str  # what readers choose from when they report, and read on their own comment
    in_a_sentence: str  # inside a sentence to an author ("… removed your comment (untrue or misleading)")


REASON_WORDING: Mapping[Reason, ReasonWording] = MappingProxyType({
    Reason.ABUSE: ReasonWording("Abuse", "Abusive, hateful or threatening", "abuse"),
    Reason.OFF_TOPIC: ReasonWording("Off-topic", "Off-topic", "off-topic"),
    Reason.UNTRUE: ReasonWording("Untrue", "Untrue or misleading", "untrue or misleading"),
    Reason.SPAM: ReasonWording("Spam", "Spam or advertising", "spam"),
    Reason.LEGAL: ReasonWording("Legal", "Unlawful, for example defamatory", "legal reasons"),
    Reason.OTHER: ReasonWording("Other", "Something else", "other"),
})


def reason_names() -> dict[str, str]:
    """Each reason code with its name for staff, in the order of the user terms."""
    return {reason.value: REASON_WORDING[reason].name for reason in Reason}


def reason_labels_for_readers() -> dict[str, str]:
    """Each reason code with what readers read for it, in the order of the user terms."""
    return {reason.value: REASON_WORDING[reason].for_readers for reason in Reason}


def duration(delta: timedelta) -> str:
    """How long, whichever way, to the minute: '40 s', '45 min', '2 h 5 min', '3 days 4 h 20 min'
    (days from 48 hours on)."""
    seconds = round(abs(delta.total_seconds()))
    if seconds < 60:
        return f"{seconds} s"
    hours, minutes = divmod(round(seconds / 60), 60)
    days, hours = divmod(hours, 24) if hours >= 48 else (0, hours)
    parts = (f"{days} days" if days else "", f"{hours} h" if hours else "", f"{minutes} min" if minutes else "")
    return " ".join(part for part in parts if part)


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
