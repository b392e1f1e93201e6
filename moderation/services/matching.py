"""Finding text people typed in a search box inside stored text, with SQL LIKE."""
from __future__ import annotations


def contains_pattern(value: str) -> str:
    """A LIKE pattern (escaped with a backslash) matching `value` anywhere, taken literally."""
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"
