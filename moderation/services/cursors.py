"""Page cursors: opaque to clients, and checked value by value when they come back, since a
client may send anything in their place."""
from __future__ import annotations

import base64
import json
from datetime import datetime
from typing import Any

from ..domain.client_input import in_utc, is_storable, parse_json
from ..domain.model import InvalidInput

MAX_CURSOR_CHARS = 500
INTEGER_COLUMN = range(-(2**31), 2**31)  # the values an INTEGER column (a priority) can hold


def encode_cursor(*values: int | datetime | str) -> str:
    raw = json.dumps([v.isoformat() if isinstance(v, datetime) else v for v in values]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, *kinds: type) -> tuple[Any, ...]:
    """The values of a cursor from `encode_cursor`, one of each of `kinds` (int, datetime or str),
    or InvalidInput. (Each value is of the kind asked for in its place, which a signature cannot say.)"""
    try:
        if len(cursor) > MAX_CURSOR_CHARS:
            raise ValueError("too long")
        values = parse_json(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode())
        if not isinstance(values, list) or len(values) != len(kinds):
            raise ValueError("not the values of a cursor")
        return tuple(_checked(value, kind) for value, kind in zip(values, kinds))
    except ValueError:
        raise InvalidInput("invalid_cursor", "The cursor is not one this service issued.") from None


def _checked(value: object, kind: type) -> int | datetime | str:
    if kind is datetime and isinstance(value, str):
        return in_utc(datetime.fromisoformat(value))
    if kind is int and type(value) is int and value in INTEGER_COLUMN:
        return value
    if kind is str and isinstance(value, str) and is_storable(value):
        return value
    raise ValueError(f"not a {kind.__name__}")
