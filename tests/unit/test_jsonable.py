"""What the services keep as JSON holds their moments as the API writes them."""
import json
from datetime import UTC, date, datetime, time, timedelta, timezone

from moderation.services.jsonable import jsonable

MOMENT = datetime(2026, 11, 25, 22, 30, 15, 123456, tzinfo=UTC)


def test_moments_days_and_clock_times_become_iso_8601_text_wherever_they_are():
    value = {"at": MOMENT, "nested": [{"day": date(2026, 11, 25)}, (time(9, 30),)], "none": None, "n": 3, "text": "x"}
    assert jsonable(value) == {"at": "2026-11-25T22:30:15.123456+00:00", "nested": [{"day": "2026-11-25"}, ["09:30:00"]],
                               "none": None, "n": 3, "text": "x"}
    json.dumps(jsonable(value))


def test_the_offset_of_a_moment_is_kept():
    cet = MOMENT.astimezone(timezone(timedelta(hours=1)))
    assert jsonable(cet) == "2026-11-25T23:30:15.123456+01:00"
    assert datetime.fromisoformat(jsonable(cet)) == MOMENT
