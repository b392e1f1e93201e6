"""What clients send is bounded where it is parsed: JSON depth and number length, ids, text the
database can hold, and moments it can store."""
import contextlib
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from moderation.domain.client_input import (
    MAX_ID_CHARS,
    MAX_JSON_DEPTH,
    ensure_id,
    ensure_storable,
    in_utc,
    is_storable,
    parse_json,
)
from moderation.domain.model import InvalidInput


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


def test_json_nested_a_thousand_deep_is_refused_before_the_parser_recurses():
    with pytest.raises(ValueError, match="nested more than"):
        parse_json(nested(1000))
    with pytest.raises(ValueError, match="nested more than"):
        parse_json('{"body": ' + "{\"a\": " * 1000 + "1" + "}" * 1001)


def test_json_as_deep_as_the_limit_is_parsed():
    assert parse_json(nested(MAX_JSON_DEPTH)) == eval(nested(MAX_JSON_DEPTH))


def test_brackets_inside_strings_are_not_nesting():
    text = '{"body": "' + "[{" * 5000 + '\\" ]]"}'
    assert parse_json(text) == {"body": "[{" * 5000 + '" ]]'}


def test_a_json_number_beyond_the_int_conversion_limit_is_refused_not_a_server_error():
    with pytest.raises(ValueError, match="digits"):
        parse_json('{"body": ' + "1" * 4301 + "}")
    with pytest.raises(ValueError, match="digits"):
        parse_json("-" + "9" * 21)
    assert parse_json(str(2**63)) == 2**63  # a 64-bit number still parses


def test_malformed_json_is_still_a_value_error():
    with pytest.raises(ValueError):
        parse_json('{"body": "unterminated')


@pytest.mark.parametrize("text", ["nul \x00 inside", "\ud800 lone surrogate"])
def test_text_with_a_nul_or_a_lone_surrogate_is_not_storable(text):
    assert not is_storable(text)
    with pytest.raises(InvalidInput) as refused:
        ensure_storable({"note": [text]}, "request")
    assert refused.value.code == "invalid_characters"


def test_any_other_text_is_storable():
    assert is_storable("Grüße, 東京 🙂 & <b>")


def test_an_id_over_200_characters_is_refused_with_a_code_naming_the_id():
    assert ensure_id("a" * MAX_ID_CHARS, "article_id") == "a" * MAX_ID_CHARS
    for bad in ("", "a" * (MAX_ID_CHARS + 1)):
        with pytest.raises(InvalidInput) as refused:
            ensure_id(bad, "article_id")
        assert refused.value.code == "invalid_article_id"
        assert refused.value.message == "Article ids are 1 to 200 characters."


def test_an_id_with_a_nul_character_is_refused_as_invalid_characters():
    with pytest.raises(InvalidInput) as refused:
        ensure_id("a\x00b", "comment_id")
    assert refused.value.code == "invalid_characters"


@pytest.mark.parametrize(
    "moment",
    [
        datetime(2026, 11, 25, 10, 30),  # no time zone
        datetime.fromisoformat("9999-12-31T23:59:59-14:00"),  # year 10000 in UTC
        datetime.fromisoformat("0001-01-01T00:00:00+14:00"),  # year 0 in UTC
    ],
)
def test_a_moment_without_time_zone_or_beyond_the_calendar_in_utc_is_refused(moment):
    with pytest.raises(ValueError):
        in_utc(moment)


def test_a_moment_with_a_time_zone_is_given_in_utc():
    moment = datetime(2026, 11, 25, 10, 30, tzinfo=timezone(timedelta(hours=-14)))
    assert in_utc(moment) == moment and in_utc(moment).utcoffset() == timedelta(0)


@given(st.text(max_size=300))
def test_parsing_any_text_as_json_either_succeeds_or_raises_value_error(text):
    with contextlib.suppress(ValueError):
        parse_json(text)
