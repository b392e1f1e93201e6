"""Complaints, the post-moderation queue, staffed-hours rules and moderators' decisions over HTTP."""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from support.api import complain, counts, create_article, give_scores, new_comment, post_comment, queue
from support.clock import WEEKDAY_MORNING, WEEKDAY_NIGHT

pytestmark = pytest.mark.e2e


def _due(item) -> datetime:
    return datetime.fromisoformat(item["due_at"])


@pytest.mark.parametrize("moment, hours", [(WEEKDAY_MORNING, 1), (WEEKDAY_NIGHT, 4)])
def test_complaint_queues_the_comment_with_a_deadline_from_the_coverage_in_force(service, tokens, clock, moment, hours):
    clock.set(moment)
    create_article(service, tokens)
    comment = new_comment(service, tokens, body="You lot are all clueless")
    response = complain(service, tokens, comment["id"], "abuse", sub="rita", note="Name-calling")
    assert response.status_code == 201
    [item] = queue(service, tokens)
    assert item["comment_id"] == comment["id"]
    assert _due(item) == moment + timedelta(hours=hours)
    assert item["reason"] == "abuse"
    assert item["complaints"]["count"] == 1
    assert item["complaints"]["notes"][0]["note"] == "Name-calling"
    assert any("reported it as abuse" in line for line in item["why"])


def test_anonymous_readers_may_complain(service, tokens):
    create_article(service, tokens)
    comment = new_comment(service, tokens)
    assert complain(service, tokens, comment["id"], "spam").status_code == 201
    assert queue(service, tokens)[0]["complaints"]["by_reason"] == {"spam": 1}


def test_a_repeated_complaint_counts_once(service, tokens):
    create_article(service, tokens)
    comment = new_comment(service, tokens)
    first = complain(service, tokens, comment["id"], "abuse", sub="rita")
    again = complain(service, tokens, comment["id"], "abuse", sub="rita")
    assert first.status_code == 201 and again.status_code == 200
    assert again.json()["id"] == first.json()["id"]
    assert queue(service, tokens)[0]["complaints"]["count"] == 1
    assert counts(service)["complaints"] == 1


def test_complaint_flooding_is_rate_limited(service, tokens):
    create_article(service, tokens)
    ids = [new_comment(service, tokens, body=f"Comment {n}", sub=f"author{n}")["id"] for n in range(11)]
    statuses = [complain(service, tokens, cid, "spam", sub="flooder").status_code for cid in ids]
    assert statuses[:10] == [201] * 10
    assert statuses[10] == 429


def _two_readers_complain(service, tokens, comment_id):
    for reader in ("rita", "raj"):
        assert complain(service, tokens, comment_id, "abuse", sub=reader).status_code == 201


def test_same_complaints_withhold_under_part_coverage_but_not_full(service, tokens, clock):
    create_article(service, tokens)
    clock.set(WEEKDAY_MORNING)
    by_day = new_comment(service, tokens, body="Posted in office hours", sub="dana")
    _two_readers_complain(service, tokens, by_day["id"])
    clock.set(WEEKDAY_NIGHT)
    by_night = new_comment(service, tokens, body="Posted at night", sub="nico")
    _two_readers_complain(service, tokens, by_night["id"])

    public = {c["id"]: c for c in service.http.get("/api/v1/articles/a1/comments").json()["comments"]}
    assert public[by_day["id"]]["status"] == "published"
    assert by_night["id"] not in public  # withheld with no replies: readers see no note at all
    alone = service.http.get(f"/api/v1/comments/{by_night['id']}").json()
    assert alone["status"] == "awaiting_review" and alone["body"] is None
    own_view = service.http.get(f"/api/v1/comments/{by_night['id']}", headers=tokens.subscriber("nico")).json()
    assert own_view["status"] == "awaiting_review" and own_view["body"] == "Posted at night"
    notes = service.http.get("/api/v1/me/notifications", headers=tokens.subscriber("nico")).json()["notifications"]
    assert notes[0]["kind"] == "withheld"


def test_same_abuse_score_withholds_at_night_only(service, tokens, clock):
    create_article(service, tokens)
    clock.set(WEEKDAY_MORNING)
    day = new_comment(service, tokens, body="Nasty words by day")
    assert give_scores(service.ctx, day["id"], abuse=0.93)
    clock.set(WEEKDAY_NIGHT)
    night = new_comment(service, tokens, body="Nasty words by night")
    assert give_scores(service.ctx, night["id"], abuse=0.93)
    items = {i["comment_id"]: i for i in queue(service, tokens)}
    assert _due(items[day["id"]]) == WEEKDAY_MORNING + timedelta(hours=2)  # full coverage, classifier flag
    assert _due(items[night["id"]]) == WEEKDAY_NIGHT + timedelta(hours=8)  # part coverage, classifier flag
    assert service.http.get(f"/api/v1/comments/{day['id']}").json()["status"] == "published"
    assert service.http.get(f"/api/v1/comments/{night['id']}").json()["status"] == "awaiting_review"


def test_scores_are_recorded_once_per_text_and_model(service, tokens):
    create_article(service, tokens)
    comment = new_comment(service, tokens)
    assert give_scores(service.ctx, comment["id"], abuse=0.7) is True
    assert give_scores(service.ctx, comment["id"], abuse=0.7) is False
    detail = service.http.get(f"/api/v1/comments/{comment['id']}", headers=tokens.moderator()).json()
    assert detail["moderation"]["scores"]["abuse"] == 0.7
    assert detail["moderation"]["scores"]["model"] == "test-model-1"


def test_clean_scores_keep_a_comment_out_of_the_queue(service, tokens):
    create_article(service, tokens)
    comment = new_comment(service, tokens)
    give_scores(service.ctx, comment["id"], abuse=0.02, spam=0.01, off_topic=0.1)
    assert queue(service, tokens) == []


def test_queue_is_in_priority_order_and_filters(service, tokens, clock):
    clock.set(WEEKDAY_MORNING)
    create_article(service, tokens, "a1")
    create_article(service, tokens, "a2")
    spam = new_comment(service, tokens, "a1", body="Buy cheap watches")
    legal = new_comment(service, tokens, "a2", body="The councillor took bribes")
    complain(service, tokens, spam["id"], "spam", sub="r1")
    complain(service, tokens, legal["id"], "legal", sub="r2")
    items = queue(service, tokens)
    assert [i["comment_id"] for i in items] == [legal["id"], spam["id"]]
    assert [i["comment_id"] for i in queue(service, tokens, reason="spam")] == [spam["id"]]
    assert [i["comment_id"] for i in queue(service, tokens, article_id="a2")] == [legal["id"]]
    assert queue(service, tokens, overdue="true") == []
    clock.advance(hours=2)
    assert {i["comment_id"] for i in queue(service, tokens, overdue="true")} == {spam["id"], legal["id"]}
    assert all(i["overdue"] for i in queue(service, tokens))
    page = queue(service, tokens, limit=1)
    assert len(page) == 1


def test_queue_pages_by_cursor_without_gaps_or_repeats(service, tokens):
    create_article(service, tokens)
    ids = set()
    for n in range(7):
        c = new_comment(service, tokens, body=f"Comment {n}", sub=f"a{n}")
        complain(service, tokens, c["id"], ["spam", "abuse", "legal", "off_topic"][n % 4], sub=f"r{n}")
        ids.add(c["id"])
    seen, cursor = [], None
    while True:
        params = {"limit": 3, **({"cursor": cursor} if cursor else {})}
        body = service.http.get("/api/v1/moderation/queue", params=params, headers=tokens.moderator()).json()
        seen += [i["comment_id"] for i in body["items"]]
        cursor = body["next_cursor"]
        if not cursor:
            break
    assert len(seen) == 7 and set(seen) == ids
    priorities = [i["priority"] for i in queue(service, tokens, limit=10)]
    assert priorities == sorted(priorities, reverse=True)


def test_readers_cannot_see_the_queue(service, tokens):
    assert service.http.get("/api/v1/moderation/queue").status_code == 401
    response = service.http.get("/api/v1/moderation/queue", headers=tokens.subscriber())
    assert response.status_code == 403 and response.json()["error"]["code"] == "moderator_only"


def _queued_comment(service, tokens, body="You are an idiot"):
    create_article(service, tokens)
    comment = new_comment(service, tokens, body=body)
    complain(service, tokens, comment["id"], "abuse", sub="rita")
    return comment


def test_second_moderator_acting_on_a_claimed_item_gets_409(service, tokens, clock):
    comment = _queued_comment(service, tokens)
    url = f"/api/v1/moderation/comments/{comment['id']}"
    assert service.http.post(url + "/claim", headers=tokens.moderator("mod-a")).status_code == 200
    second = service.http.post(url + "/claim", headers=tokens.moderator("mod-b"))
    assert second.status_code == 409 and second.json()["error"]["code"] == "claimed_by_other"
    decision = service.http.post(url + "/decision", json={"action": "approve", "reason": "other"}, headers=tokens.moderator("mod-b"))
    assert decision.status_code == 409
    assert queue(service, tokens)[0]["claimed_by"] == "mod-a"
    clock.advance(minutes=6)  # the claim lapses
    assert service.http.post(url + "/claim", headers=tokens.moderator("mod-b")).status_code == 200


def test_amend_shows_new_text_marked_and_keeps_the_original(service, tokens):
    comment = _queued_comment(service, tokens, body="You are an idiot, and the bridge cost too much")
    url = f"/api/v1/moderation/comments/{comment['id']}"
    service.http.post(url + "/claim", headers=tokens.moderator())
    response = service.http.post(url + "/decision", json={"action": "amend", "reason": "abuse",
                                                           "body": "[Removed by a moderator], and the bridge cost too much",
                                                           "note": "insult removed"}, headers=tokens.moderator())
    assert response.status_code == 200
    public = service.http.get(f"/api/v1/comments/{comment['id']}").json()
    assert public["body"] == "[Removed by a moderator], and the bridge cost too much"
    assert public["amended"] is True
    assert "original_body" not in public
    staff = service.http.get(f"/api/v1/comments/{comment['id']}", headers=tokens.moderator()).json()
    assert staff["original_body"] == "You are an idiot, and the bridge cost too much"
    history = service.http.get(url + "/history", headers=tokens.moderator()).json()
    assert history["original_body"] == "You are an idiot, and the bridge cost too much"
    actions = [e["action"] for e in history["events"]]
    assert actions == ["posted", "complaint", "queued", "claimed", "amend"]
    assert history["events"][0]["after"]["body"] == "You are an idiot, and the bridge cost too much"
    amend = history["events"][-1]
    assert amend["before"]["amended_body"] is None and amend["after"]["amended_body"].startswith("[Removed")
    assert amend["actor"] == "mod-morgan" and amend["reason"] == "abuse" and amend["note"] == "insult removed"
    assert queue(service, tokens) == []
    author_notes = service.http.get("/api/v1/me/notifications", headers=tokens.subscriber()).json()["notifications"]
    assert "amended" in author_notes[0]["message"]
    complainant_notes = service.http.get("/api/v1/me/notifications", headers=tokens.subscriber("rita")).json()["notifications"]
    assert "amended" in complainant_notes[0]["message"]


def test_delete_leaves_a_placeholder_that_keeps_the_thread(service, tokens):
    comment = _queued_comment(service, tokens)
    reply = post_comment(service, tokens, body="Steady on", sub="ria", parent_id=comment["id"]).json()
    response = service.http.post(f"/api/v1/moderation/comments/{comment['id']}/decision",
                                 json={"action": "delete", "reason": "abuse"}, headers=tokens.moderator())
    assert response.status_code == 200
    top = service.http.get("/api/v1/articles/a1/comments").json()["comments"][0]
    assert top["status"] == "deleted" and top["body"] is None and "removed" in top["placeholder"]
    assert top["replies"][0]["id"] == reply["id"]
    history = service.http.get(f"/api/v1/moderation/comments/{comment['id']}/history", headers=tokens.moderator()).json()
    assert history["current_body"] == "You are an idiot"  # kept for the retention period
    assert history["events"][-1]["after"]["state"] == "deleted"


def test_approve_releases_a_withheld_comment_and_it_does_not_requeue_on_rescoring(service, tokens, clock):
    clock.set(WEEKDAY_NIGHT)
    create_article(service, tokens)
    comment = new_comment(service, tokens, body="Sharp but fair criticism")
    give_scores(service.ctx, comment["id"], abuse=0.95)
    assert service.http.get(f"/api/v1/comments/{comment['id']}").json()["status"] == "awaiting_review"
    service.http.post(f"/api/v1/moderation/comments/{comment['id']}/decision", json={"action": "approve", "reason": "other"},
                      headers=tokens.moderator())
    assert service.http.get(f"/api/v1/comments/{comment['id']}").json()["status"] == "published"
    give_scores(service.ctx, comment["id"], abuse=0.96, model="test-model-2")
    assert queue(service, tokens) == []


def test_decision_validation(service, tokens):
    comment = _queued_comment(service, tokens)
    url = f"/api/v1/moderation/comments/{comment['id']}/decision"
    bad = [
        ({"action": "amend", "reason": "abuse"}, "body_not_text"),
        ({"action": "amend", "reason": "abuse", "body": "   "}, "body_empty"),
        ({"action": "obliterate", "reason": "abuse"}, "invalid_request"),
        ({"action": "delete", "reason": "rude"}, "invalid_request"),
        ({"action": "delete", "reason": "abuse", "body": "x"}, "body_not_allowed"),
    ]
    for payload, code in bad:
        response = service.http.post(url, json=payload, headers=tokens.moderator())
        assert response.status_code == 422, payload
        assert response.json()["error"]["code"] == code
    assert len(queue(service, tokens)) == 1
    missing = service.http.post("/api/v1/moderation/comments/nope/decision", json={"action": "delete", "reason": "abuse"},
                                headers=tokens.moderator())
    assert missing.status_code == 404


def test_complaint_about_a_deleted_comment_is_refused(service, tokens):
    comment = _queued_comment(service, tokens)
    service.http.post(f"/api/v1/moderation/comments/{comment['id']}/decision", json={"action": "delete", "reason": "abuse"},
                      headers=tokens.moderator())
    response = complain(service, tokens, comment["id"], "abuse", sub="late-reader")
    assert response.status_code == 409 and response.json()["error"]["code"] == "comment_removed"


def test_withdrawing_a_queued_comment_takes_it_off_the_queue(service, tokens):
    comment = _queued_comment(service, tokens)
    assert len(queue(service, tokens)) == 1
    service.http.delete(f"/api/v1/comments/{comment['id']}", headers=tokens.subscriber())
    assert queue(service, tokens) == []
    resolved = queue(service, tokens, state="resolved")
    assert resolved[0]["resolved_by"] == "withdrawn by its author"
    late = service.http.post(f"/api/v1/moderation/comments/{comment['id']}/decision",
                             json={"action": "delete", "reason": "abuse"}, headers=tokens.moderator())
    assert late.status_code == 409 and late.json()["error"]["code"] == "comment_withdrawn"


def test_anonymous_repeat_gets_no_note_back(service, tokens):
    create_article(service, tokens)
    comment = new_comment(service, tokens)
    first = complain(service, tokens, comment["id"], "legal", note="I live at 12 High Street and this is about me")
    again = complain(service, tokens, comment["id"], "abuse")
    assert first.status_code == 201 and again.status_code == 200
    assert "note" not in again.json()


def test_a_reader_may_report_again_after_a_decision(service, tokens):
    comment = _queued_comment(service, tokens)
    service.http.post(f"/api/v1/moderation/comments/{comment['id']}/decision", json={"action": "approve", "reason": "other"},
                      headers=tokens.moderator())
    assert queue(service, tokens) == []
    again = complain(service, tokens, comment["id"], "legal", sub="rita", note="Now it names my neighbour")
    assert again.status_code == 201
    [item] = queue(service, tokens)
    assert item["reason"] == "legal" and item["complaints"]["open"] == 1


def test_a_second_decision_needs_an_explicit_override(service, tokens, clock):
    clock.set(WEEKDAY_MORNING)
    comment = _queued_comment(service, tokens)
    url = f"/api/v1/moderation/comments/{comment['id']}/decision"
    first = service.http.post(url, json={"action": "delete", "reason": "abuse"}, headers=tokens.moderator("mod-a"))
    assert first.status_code == 200
    clock.advance(days=1)
    stale = service.http.post(url, json={"action": "approve", "reason": "other"}, headers=tokens.moderator("mod-b"))
    assert stale.status_code == 409 and stale.json()["error"]["code"] == "already_decided"
    assert service.http.get(f"/api/v1/comments/{comment['id']}").json()["status"] == "deleted"
    restore = service.http.post(url, json={"action": "approve", "reason": "other", "override": True},
                                headers=tokens.moderator("mod-b"))
    assert restore.status_code == 200
    assert service.http.get(f"/api/v1/comments/{comment['id']}").json()["status"] == "published"
    # The item left the queue with the first decision, within its deadline; the change does not move that.
    assert restore.json()["queue"]["resolved_at"] == first.json()["queue"]["resolved_at"]
    assert restore.json()["queue"]["resolved_by"] == "mod-a"


def test_an_amendment_must_change_the_text(service, tokens):
    comment = _queued_comment(service, tokens, body="Exactly these words")
    same = service.http.post(f"/api/v1/moderation/comments/{comment['id']}/decision",
                             json={"action": "amend", "reason": "abuse", "body": "  Exactly these words "},
                             headers=tokens.moderator())
    assert same.status_code == 422 and same.json()["error"]["code"] == "amendment_unchanged"
    assert service.http.get(f"/api/v1/comments/{comment['id']}").json()["amended"] is False


def test_author_cannot_edit_while_a_moderator_reviews(service, tokens):
    comment = _queued_comment(service, tokens, body="Original words")
    # The author's views no longer offer the edit while the comment waits for review.
    mine = service.http.get(f"/api/v1/comments/{comment['id']}", headers=tokens.subscriber()).json()
    thread = service.http.get(f"/api/v1/articles/{mine['article_id']}/comments", headers=tokens.subscriber()).json()
    assert mine["editable"] is False and thread["comments"][0]["editable"] is False
    edit = service.http.patch(f"/api/v1/comments/{comment['id']}", json={"body": "Something else"}, headers=tokens.subscriber())
    assert edit.status_code == 409 and edit.json()["error"]["code"] == "under_review"
    service.http.post(f"/api/v1/moderation/comments/{comment['id']}/decision", json={"action": "approve", "reason": "other"},
                      headers=tokens.moderator())
    history = service.http.get(f"/api/v1/moderation/comments/{comment['id']}/history", headers=tokens.moderator()).json()
    assert history["current_body"] == "Original words"


def test_overdue_items_move_up_when_the_sweep_runs(service, tokens, clock):
    from moderation.services.sweep import sweep

    clock.set(WEEKDAY_MORNING)
    create_article(service, tokens)
    untrue = new_comment(service, tokens, body="The bridge cost ten times what they say", sub="a1")
    complain(service, tokens, untrue["id"], "untrue", sub="r1")
    clock.advance(hours=2)
    disputed = new_comment(service, tokens, body="The tolls were never needed", sub="a3")
    for reader in ("r3", "r4", "r5"):
        complain(service, tokens, disputed["id"], "untrue", sub=reader)
    abuse = new_comment(service, tokens, body="You are a moron", sub="a2")
    complain(service, tokens, abuse["id"], "abuse", sub="r2")
    assert [i["comment_id"] for i in queue(service, tokens)] == [abuse["id"], disputed["id"], untrue["id"]]
    result = sweep(service.ctx)
    assert result.reassessed == 1
    items = queue(service, tokens)
    # Past its deadline, it moves above every item of its severity still in time; severity comes first.
    assert [i["comment_id"] for i in items] == [abuse["id"], untrue["id"], disputed["id"]]
    assert "Overdue: past its review deadline." in items[1]["why"]
    history = service.http.get(f"/api/v1/moderation/comments/{untrue['id']}/history", headers=tokens.moderator()).json()
    assert history["events"][-1]["action"] == "overdue"
    assert sweep(service.ctx).reassessed == 0  # escalated once, not every run


def test_part_time_bars_apply_to_open_items_when_the_shift_ends(service, tokens, clock):
    from moderation.services.sweep import sweep
    from support.clock import london

    clock.set(london(2026, 11, 25, 17, 55))
    create_article(service, tokens)
    comment = new_comment(service, tokens, body="Borderline nasty remark")
    give_scores(service.ctx, comment["id"], abuse=0.93)  # flagged; under the full-time bar (0.97)
    assert sweep(service.ctx).coverage == "full"
    assert service.http.get(f"/api/v1/comments/{comment['id']}").json()["status"] == "published"
    clock.set(london(2026, 11, 25, 18, 1))
    result = sweep(service.ctx)
    assert result.coverage == "part" and result.newly_withheld == 1
    assert service.http.get(f"/api/v1/comments/{comment['id']}").json()["status"] == "awaiting_review"
