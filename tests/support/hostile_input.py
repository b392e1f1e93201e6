"""Hypothesis strategies for what a careless or hostile client may send: odd text, ids, cursors
and JSON documents, each mixing ordinary values with the ones known to have broken a parser or
the database (NUL characters, over-long ids, dates without a time zone or beyond year 9999 in UTC,
numbers beyond 64 bits or the int-string conversion limit, deep nesting)."""
from __future__ import annotations

import base64
import json
from datetime import timedelta, timezone

from hypothesis import strategies as st

KNOWN_BAD_TEXT = ["\x00", "a\x00b", "x" * 201, "²", "٣", "9" * 30, "1e999", "-1", "", " ", "NaN", "../..", "%00"]
texts = st.text(max_size=30) | st.sampled_from(KNOWN_BAD_TEXT)

_offsets = st.none() | st.integers(-14 * 60, 14 * 60).map(lambda minutes: timezone(timedelta(minutes=minutes)))
moments = st.builds(
    lambda moment, zone: moment.replace(tzinfo=zone).isoformat(), st.datetimes(), _offsets
) | st.sampled_from(["9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00+14:00", "2026-11-25T10:30:00"])

# JSON text, not values: some of these (1e999, 4,301 digits, 1,000 levels) have no Python value to
# serialise from.
_HUGE_JSON = ["1e999", "-1e999", "9" * 4301, str(2**63), str(-(2**63) - 1), str(2**31), "[" * 1000 + "]" * 1000]
json_scalars = st.one_of(
    st.none().map(json.dumps), st.booleans().map(json.dumps), st.integers().map(json.dumps),
    st.floats(allow_nan=False, allow_infinity=False).map(json.dumps), texts.map(json.dumps), moments.map(json.dumps),
    st.sampled_from(_HUGE_JSON),
)

# The fields the API's request bodies have, so that documents reach validation and not only parsing.
FIELDS = ["body", "parent_id", "reason", "note", "action", "override", "kind", "until", "title", "url", "section",
          "published_at", "comments_open", "config"]


def _array(items: list[str]) -> str:
    return "[" + ", ".join(items) + "]"


def _object(members: dict[str, str]) -> str:
    return "{" + ", ".join(f"{json.dumps(key)}: {value}" for key, value in members.items()) + "}"


json_documents = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=3).map(_array)
    | st.dictionaries(st.sampled_from(FIELDS) | texts, inner, max_size=4).map(_object),
    max_leaves=8,
)


def cursor_of(raw: str) -> str:
    """A cursor as the service encodes one, holding any text (JSON or not)."""
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


# A cursor is base64 of a JSON array, [priority, due, id] or [created, id]: forged ones hold
# anything, in any number, or have the right shape with odd values.
_cursor_values = (
    st.lists(json_scalars, max_size=4)
    | st.tuples(json_scalars, moments.map(json.dumps), json_scalars).map(list)
    | st.tuples(moments.map(json.dumps), json_scalars).map(list)
)
cursors = _cursor_values.map(_array).map(cursor_of) | texts

ids = texts | st.text(min_size=190, max_size=260)

