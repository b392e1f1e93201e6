"""Page cursors come back from clients, who may send anything: a cursor is either one this
service issued, decoded to values the database can compare, or refused as `invalid_cursor`."""
from datetime import UTC, datetime

import pytest
from hypothesis import given

from moderation.domain.model import InvalidInput
from moderation.services.cursors import decode_cursor, encode_cursor
from support.hostile_input import cursor_of, cursors

DUE = datetime(2026, 11, 25, 10, 30, tzinfo=UTC)


def refused(cursor: str, *kinds: type) -> None:
    with pytest.raises(InvalidInput) as err:
        decode_cursor(cursor, *kinds)
    assert err.value.code == "invalid_cursor"


def test_a_cursor_gives_back_the_values_it_was_made_from():
    assert decode_cursor(encode_cursor(120, DUE, "c1"), int, datetime, str) == (120, DUE, "c1")


def test_a_cursor_without_time_zone_is_refused_not_a_server_error():
    refused(cursor_of('["2026-11-25T10:30:00", "c1"]'), datetime, str)


def test_a_cursor_in_year_9999_at_minus_14_hours_is_refused_not_a_server_error():
    refused(cursor_of('["9999-12-31T23:59:59-14:00", "c1"]'), datetime, str)


def test_a_cursor_holding_1e999_is_refused_not_a_server_error():
    refused(cursor_of('[1e999, "2026-11-25T10:30:00+00:00", "c1"]'), int, datetime, str)
    refused(cursor_of('["2026-11-25T10:30:00+00:00", 1e999]'), datetime, str)


@pytest.mark.parametrize("priority", [2**63, 2**63 + 1, -(2**63) - 1, 2**31, 10**4000])
def test_a_cursor_priority_beyond_the_integer_column_is_refused_not_a_server_error(priority):
    refused(cursor_of(f'[{priority}, "2026-11-25T10:30:00+00:00", "c1"]'), int, datetime, str)


@pytest.mark.parametrize(
    "raw",
    [
        '[true, "2026-11-25T10:30:00+00:00", "c1"]',  # a boolean is not a priority
        '[1, "2026-11-25T10:30:00+00:00", 9223372036854775808]',  # nor a number an id
        '[1, "2026-11-25T10:30:00+00:00", "c\\u0000"]',  # PostgreSQL holds no NUL
        '[1, "2026-11-25T10:30:00+00:00"]',
        '{"priority": 1}',
        "[" * 1000 + "]" * 1000,
    ],
)
def test_a_cursor_of_the_wrong_shape_is_refused(raw):
    refused(cursor_of(raw), int, datetime, str)


@pytest.mark.parametrize("cursor", ["!!!", "é", "x" * 501, cursor_of("not json")])
def test_a_cursor_that_is_not_base64_json_is_refused(cursor):
    refused(cursor, datetime, str)


@given(cursors)
def test_a_forged_cursor_decodes_to_values_the_database_can_compare_or_is_refused(cursor):
    for kinds in ((int, datetime, str), (datetime, str)):
        try:
            values = decode_cursor(cursor, *kinds)
        except InvalidInput:
            continue
        for value, kind in zip(values, kinds):
            assert type(value) is kind
            if kind is datetime:
                assert value.utcoffset().total_seconds() == 0
            elif kind is int:
                assert -(2**31) <= value < 2**31
            else:
                assert "\x00" not in value
