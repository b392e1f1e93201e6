"""Limits on what clients send, checked where it is parsed so that it never reaches the database
(or the parser's own limits) in a shape they cannot take."""
from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from typing import Any

from .model import InvalidInput

MAX_ID_CHARS = 200  # the width of the id columns (articles, readers)
MAX_JSON_DEPTH = 20  # the deepest request body (a policy schedule's exceptions) is 5
MAX_INTEGER_DIGITS = 20  # a 64-bit integer has 19

_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_BRACKET = re.compile(r"[\[\]{}]")


def parse_json(text: str) -> Any:
    """`text` as JSON, or ValueError. Python's parser recurses once per level of nesting and
    converts integers of any length, so depth and digits are bounded before it sees them."""
    depth = 0
    for bracket in _BRACKET.findall(_STRING.sub('""', text)):
        depth += 1 if bracket in "[{" else -1
        if depth > MAX_JSON_DEPTH:
            raise ValueError(f"nested more than {MAX_JSON_DEPTH} levels deep")
    return json.loads(text, parse_int=_integer)


def _integer(digits: str) -> int:
    if len(digits.lstrip("-")) > MAX_INTEGER_DIGITS:
        raise ValueError(f"a number has more than {MAX_INTEGER_DIGITS} digits")
    return int(digits)


def is_storable(text: str) -> bool:
    """Whether the database can hold `text`: PostgreSQL refuses NUL characters, and unpaired
    surrogates (from JSON escapes such as "\\ud800") are not UTF-8."""
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def ensure_storable(value: Any, where: str) -> None:
    """Refuse text anywhere in `value` (a string, or JSON's dicts and lists) that is not storable."""
    if isinstance(value, str):
        if not is_storable(value):
            raise InvalidInput("invalid_characters", f"The {where} contains a NUL character or text that is not UTF-8.")
    elif isinstance(value, dict):
        for key, item in value.items():
            ensure_storable(key, where)
            ensure_storable(item, where)
    elif isinstance(value, list):
        for item in value:
            ensure_storable(item, where)


def ensure_id(value: str, name: str) -> str:
    """`value` as the id `name` (`article_id`, `user_id`...), or InvalidInput `invalid_<name>`."""
    noun = name.removesuffix("_id")
    ensure_storable(value, f"{noun} id")
    if not 0 < len(value) <= MAX_ID_CHARS:
        raise InvalidInput(f"invalid_{name}", f"{noun.capitalize()} ids are 1 to {MAX_ID_CHARS} characters.")
    return value


def in_utc(moment: datetime) -> datetime:
    """`moment` in UTC, as the database stores it, or ValueError: it has no time zone, or lies
    outside the years 1 to 9999 once in UTC (9999-12-31T23:59-14:00 does)."""
    if moment.utcoffset() is None:
        raise ValueError("a date and time needs a time zone")
    try:
        return moment.astimezone(UTC)
    except OverflowError:
        raise ValueError("the date is out of range in UTC") from None
