"""The API's JSON: markup stays inert in the text, and every value reads back as it was meant."""
import json
from datetime import UTC, date, datetime, time, timedelta, timezone

import pytest
from flask import Flask

from moderation.app import SafeJSON
from moderation.domain.model import Reason

MOMENT = datetime(2026, 11, 25, 22, 30, 15, 123456, tzinfo=UTC)


@pytest.fixture()
def provider():
    app = Flask(__name__)
    app.json = SafeJSON(app)
    yield app.json  # the provider holds its app weakly


def test_markup_in_a_comment_never_appears_raw_in_the_text_and_reads_back_unchanged(provider):
    body = "<script>alert('hi')</script> & <b>bold</b> — café ✓"
    text = provider.dumps({"body": body})
    assert not set("<>&") & set(text)
    assert "café ✓" in text  # non-ASCII is written as itself
    assert json.loads(text) == {"body": body}


def test_moments_days_and_clock_times_are_iso_8601_text_with_their_offset(provider):
    cet = MOMENT.astimezone(timezone(timedelta(hours=1)))
    value = {"at": MOMENT, "cet": cet, "whole": MOMENT.replace(microsecond=0), "day": date(2026, 11, 25),
             "clock": time(9, 30)}
    assert json.loads(provider.dumps(value)) == {
        "at": "2026-11-25T22:30:15.123456+00:00", "cet": "2026-11-25T23:30:15.123456+01:00",
        "whole": "2026-11-25T22:30:15+00:00", "day": "2026-11-25", "clock": "09:30:00"}


def test_reasons_as_keys_and_values_are_their_names(provider):
    assert json.loads(provider.dumps({"by_reason": {Reason.ABUSE: 2}, "reason": Reason.SPAM})) == {
        "by_reason": {"abuse": 2}, "reason": "spam"}


def test_a_number_too_large_for_64_bits_is_still_written(provider):
    assert json.loads(provider.dumps({"n": 2**70})) == {"n": 2**70}


def test_a_response_is_json_with_a_trailing_newline(provider):
    response = provider.response({"ok": True})
    text = response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    assert text.endswith("}\n")
    assert json.loads(text) == {"ok": True}
