"""Reporters as moderators see them: "Reporter A", "Reporter B"... per comment, in the order they
first reported it, so moderators can tell reports apart without learning who sent them."""
from __future__ import annotations

import string
from collections.abc import Iterable


def letters(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA, 27 → AB ..."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = string.ascii_uppercase[rest] + name
    return name


def pseudonyms(reporter_keys: Iterable[str]) -> dict[str, str]:
    """Each distinct key, in order of first appearance, with its pseudonym."""
    names: dict[str, str] = {}
    for key in reporter_keys:
        if key not in names:
            names[key] = f"Reporter {letters(len(names))}"
    return names
