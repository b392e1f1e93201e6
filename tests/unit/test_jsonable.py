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


def test_a_result_record_is_kept_as_the_api_sends_it_and_reads_back_the_same():
    from moderation.services.results import CommentAuthor, CommentView

    view = CommentView(id="c1", article_id="a1", parent_id=None, author=CommentAuthor(name="Ann"), mine=True,
                       status="published", body="Hello", amended=False, placeholder=None, created_at=MOMENT,
                       edited_at=None, moderation_reason=None, editable=True)
    kept = jsonable(view)
    # Fields for other askers are absent, never null; a null the service set stays.
    assert "original_body" not in kept and "appeal" not in kept and "id" not in kept["author"]
    assert kept["moderation_reason"] is None and kept["parent_id"] is None
    assert kept["created_at"] == "2026-11-25T22:30:15.123456+00:00"
    again = CommentView.model_validate(json.loads(json.dumps(kept)))
    assert again == view and jsonable(again) == kept
