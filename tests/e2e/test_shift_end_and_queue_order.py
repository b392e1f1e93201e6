"""The policy as the service applies it over time: the part-time bars at the end of a full-time
shift follow the schedule, not what earlier sweeps happened to see; the queue is ordered severity
first, with every point of a priority explained; priorities follow the article's activity; the
policy refuses overlapping schedule exceptions."""
from __future__ import annotations

from datetime import UTC, datetime

import pytest

from moderation.adapters.orm import PolicyVersion
from moderation.domain.policy import PolicyConfig
from moderation.domain.policy_codec import config_to_dict
from moderation.services.sweep import sweep
from support.api import appealed, complain, create_article, give_scores, new_comment, queue
from support.clock import london

pytestmark = pytest.mark.e2e

WEDNESDAY = (2026, 11, 25)


def _status(service, comment_id) -> str:
    return service.http.get(f"/api/v1/comments/{comment_id}").json()["status"]


def _flagged_at_half_past_five(service, tokens, clock) -> dict:
    """A 0.92-abuse comment flagged at 17:30 on a weekday: over the part-time bar (0.90), under the
    full-time one (0.97), due at 19:30."""
    clock.set(london(*WEDNESDAY, 17, 30))
    create_article(service, tokens)
    comment = new_comment(service, tokens, body="Borderline nasty remark")
    give_scores(service.ctx, comment["id"], abuse=0.92)
    assert _status(service, comment["id"]) == "published"
    return comment


# --- the end of the full-time shift --------------------------------------------------------------


def test_part_time_bars_withhold_at_the_first_sweep_after_a_fresh_start(service, tokens, clock):
    comment = _flagged_at_half_past_five(service, tokens, clock)
    # The service (and its sweeps) started for the first time at 18:00: no sweep ever saw the full shift.
    clock.set(london(*WEDNESDAY, 18, 0))
    result = sweep(service.ctx)
    assert result.coverage == "part" and result.newly_withheld == 1
    assert _status(service, comment["id"]) == "awaiting_review"
    [item] = queue(service, tokens)
    assert "Withheld: abuse score 0.92 reaches the part-time bar 0.90." in item["why"]
    history = service.http.get(f"/api/v1/moderation/comments/{comment['id']}/history", headers=tokens.moderator()).json()
    assert [e["actor"] for e in history["events"] if e["action"] == "withheld"] == ["deadline and coverage sweep"]


def test_part_time_bars_withhold_at_the_first_sweep_after_sweeps_were_down_all_day(service, tokens, clock):
    clock.set(london(*WEDNESDAY, 7, 55))
    assert sweep(service.ctx).coverage == "part"  # the last sweep before the outage saw the night
    comment = _flagged_at_half_past_five(service, tokens, clock)
    clock.set(london(*WEDNESDAY, 18, 0))
    assert sweep(service.ctx).newly_withheld == 1
    assert _status(service, comment["id"]) == "awaiting_review"


def test_the_shift_end_reassesses_each_visible_item_once(service, tokens, clock):
    comment = _flagged_at_half_past_five(service, tokens, clock)
    mild = new_comment(service, tokens, body="Mildly rude", sub="mo")
    give_scores(service.ctx, mild["id"], abuse=0.6)  # flagged, under both bars
    assert sweep(service.ctx).reassessed == 0  # still the full shift: nothing to do
    clock.set(london(*WEDNESDAY, 18, 0))
    first = sweep(service.ctx)
    assert first.reassessed == 2 and first.newly_withheld == 1
    clock.advance(minutes=1)
    assert sweep(service.ctx).reassessed == 0  # the night's bars are applied once, not at every sweep
    assert _status(service, comment["id"]) == "awaiting_review" and _status(service, mild["id"]) == "published"


def test_a_long_queue_is_worked_through_over_a_few_sweeps_the_gravest_first(service, tokens, clock, monkeypatch):
    import moderation.services.sweep as sweeping

    monkeypatch.setattr(sweeping, "REASSESS_PER_RUN", 1)
    mild = _flagged_at_half_past_five(service, tokens, clock)
    graver = new_comment(service, tokens, body="A worse remark", sub="worse")
    give_scores(service.ctx, graver["id"], abuse=0.95)
    clock.set(london(*WEDNESDAY, 18, 0))
    assert sweep(service.ctx).newly_withheld == 1
    assert _status(service, graver["id"]) == "awaiting_review" and _status(service, mild["id"]) == "published"
    clock.advance(seconds=30)
    assert sweep(service.ctx).newly_withheld == 1
    assert _status(service, mild["id"]) == "awaiting_review"
    assert sweep(service.ctx).reassessed == 0


def test_a_comment_withheld_overnight_stays_withheld_when_the_full_shift_starts(service, tokens, clock):
    comment = _flagged_at_half_past_five(service, tokens, clock)
    clock.set(london(*WEDNESDAY, 18, 0))
    sweep(service.ctx)
    clock.set(london(2026, 11, 26, 9, 0))
    sweep(service.ctx)
    assert _status(service, comment["id"]) == "awaiting_review"


# --- severity first, every point explained -------------------------------------------------------


def test_a_legal_complaint_is_listed_above_a_busy_overdue_abuse_item(service, tokens, clock):
    clock.set(london(*WEDNESDAY, 10, 0))
    create_article(service, tokens, published_at=london(*WEDNESDAY, 9, 0).isoformat())
    abuse = new_comment(service, tokens, body="You are all idiots", sub="ab")
    give_scores(service.ctx, abuse["id"], abuse=0.95)
    for reader in ("r1", "r2", "r3"):
        complain(service, tokens, abuse["id"], "abuse", sub=reader)
    clock.advance(minutes=35)
    for n in range(20):
        new_comment(service, tokens, body=f"Busy thread comment {n}", sub=f"busy{n}")
    clock.advance(minutes=30)  # 11:05: the abuse item is overdue now, on a busy thread
    sweep(service.ctx)
    legal = new_comment(service, tokens, body="The defendant is obviously guilty", sub="lg")
    complain(service, tokens, legal["id"], "legal", sub="r4")

    items = queue(service, tokens)
    assert [i["comment_id"] for i in items] == [legal["id"], abuse["id"]]
    assert items[1]["overdue"] is True and items[1]["priority"] < items[0]["priority"]
    for item in items:
        assert sum(p["points"] for p in item["priority_parts"]) == item["priority"]
        assert all(p["detail"] in item["why"] for p in item["priority_parts"])
    assert items[0]["summary"] == "1 reader reported it as legal."
    assert items[1]["summary"] == "3 readers reported it as abuse (and 1 more reason)."
    names = [p["part"] for p in items[1]["priority_parts"]]
    assert names == ["severity", "deadline", "score", "complaints", "article age", "activity"]


# --- priority follows the article's activity ----------------------------------------------------


def test_an_early_item_catches_up_when_its_article_gets_busy(service, tokens, clock):
    clock.set(london(*WEDNESDAY, 10, 0))
    create_article(service, tokens, published_at=london(2026, 11, 1, 9, 0).isoformat())  # no age boost
    early = new_comment(service, tokens, body="First, and rude", sub="early")
    complain(service, tokens, early["id"], "abuse", sub="r1")
    clock.advance(minutes=20)
    for n in range(20):
        new_comment(service, tokens, body=f"Reply number {n}", sub=f"busy{n}")
    late = new_comment(service, tokens, body="Later, and rude", sub="late")
    complain(service, tokens, late["id"], "abuse", sub="r2")

    before = {i["comment_id"]: i for i in queue(service, tokens)}
    assert before[late["id"]]["priority"] > before[early["id"]]["priority"]  # the early one is behind

    result = sweep(service.ctx)
    assert result.reassessed == 1  # the early item only: the later one already counts the activity
    after = {i["comment_id"]: i for i in queue(service, tokens)}
    assert after[early["id"]]["priority"] == after[late["id"]]["priority"]
    assert "Busy thread: 22 comments in the last hour." in after[early["id"]]["why"]
    assert sweep(service.ctx).reassessed == 0  # nothing changed since: nothing worked out again

    # Once the thread has gone quiet the boost goes too (both are overdue by then, equally).
    clock.advance(hours=2)
    assert sweep(service.ctx).reassessed == 2
    quiet = {i["comment_id"]: i for i in queue(service, tokens)}
    assert quiet[early["id"]]["priority"] == quiet[late["id"]]["priority"]
    assert not [p for p in quiet[early["id"]]["priority_parts"] if p["part"] == "activity"]


def test_a_new_comment_alone_does_not_rework_the_queue(service, tokens, clock):
    clock.set(london(*WEDNESDAY, 10, 0))
    create_article(service, tokens, published_at=london(2026, 11, 1, 9, 0).isoformat())
    early = new_comment(service, tokens, body="First, and rude", sub="early")
    complain(service, tokens, early["id"], "abuse", sub="r1")
    [before] = queue(service, tokens)
    for n in range(8):
        new_comment(service, tokens, body=f"Reply number {n}", sub=f"busy{n}")
    # Posting leaves the queue as it was; the next sweep brings it up to date, within seconds.
    [unchanged] = queue(service, tokens)
    assert unchanged["priority"] == before["priority"]
    sweep(service.ctx)
    [caught_up] = queue(service, tokens)
    assert caught_up["priority"] == before["priority"] + 25


def test_a_change_of_order_in_the_policy_reorders_the_whole_open_queue_by_the_next_sweep(service, tokens, clock):
    clock.set(london(*WEDNESDAY, 10, 0))
    create_article(service, tokens)
    legal = new_comment(service, tokens, body="The defendant is obviously guilty", sub="lg")
    complain(service, tokens, legal["id"], "legal", sub="r1")
    abuse = new_comment(service, tokens, body="You are all idiots", sub="ab")
    give_scores(service.ctx, abuse["id"], abuse=0.95)
    appeal = appealed(service, tokens)
    assert all(i["priority"] >= 40_000 for i in queue(service, tokens))

    policy = service.http.get("/api/v1/moderation/policy", headers=tokens.moderator()).json()
    assert policy["priority"] == {"severity_first": True}
    policy["priority"]["severity_first"] = False
    saved = service.http.put("/api/v1/moderation/policy", json={"config": policy, "note": "Deadlines count as much"},
                             headers=tokens.admin())
    assert saved.status_code == 200 and saved.json()["priority"] == {"severity_first": False}
    # The items the policy ranks are re-ranked as it is saved; the appeal, which it does not, at the next sweep.
    at_once = {i["comment_id"]: i["priority"] for i in queue(service, tokens)}
    assert at_once[legal["id"]] < 10_000 and at_once[abuse["id"]] < 10_000 and at_once[appeal["id"]] == 40_000
    assert sweep(service.ctx).reassessed == 1
    items = {i["comment_id"]: i for i in queue(service, tokens)}
    severity = {cid: next(p for p in i["priority_parts"] if p["part"] == "severity") for cid, i in items.items()}
    assert {cid: p["points"] for cid, p in severity.items()} == {legal["id"]: 6000, abuse["id"]: 5000, appeal["id"]: 4000}
    assert severity[appeal["id"]]["detail"] == "Severity untrue (4 of 6)."
    assert severity[appeal["id"]]["detail"] in items[appeal["id"]]["why"]
    assert "Severity untrue (4 of 6), which comes before every other part." not in items[appeal["id"]]["why"]
    assert all(sum(p["points"] for p in i["priority_parts"]) == i["priority"] for i in items.values())
    assert sweep(service.ctx).reassessed == 0


def test_an_item_a_new_policy_no_longer_flags_stays_for_review_and_is_not_reworked_at_every_sweep(service, tokens, clock):
    clock.set(london(*WEDNESDAY, 10, 0))
    create_article(service, tokens)
    comment = new_comment(service, tokens, body="Somewhat rude", sub="ru")
    give_scores(service.ctx, comment["id"], abuse=0.6)
    policy = service.http.get("/api/v1/moderation/policy", headers=tokens.moderator()).json()
    policy["flag"]["abuse"] = 0.7
    assert service.http.put("/api/v1/moderation/policy", json={"config": policy}, headers=tokens.admin()).status_code == 200
    assert sweep(service.ctx).reassessed == 1
    assert sweep(service.ctx).reassessed == 0
    clock.set(london(*WEDNESDAY, 12, 1))  # past the deadline it was given
    assert sweep(service.ctx).reassessed == 1
    assert sweep(service.ctx).reassessed == 0
    [item] = queue(service, tokens)  # a moderator still decides on it
    assert item["comment_id"] == comment["id"] and item["overdue"] is True


def test_an_overdue_appeal_moves_up_once_and_says_so(service, tokens, clock):
    clock.set(london(*WEDNESDAY, 10, 0))
    create_article(service, tokens)
    comment = appealed(service, tokens)
    [before] = queue(service, tokens)
    clock.set(london(*WEDNESDAY, 11, 1))  # the complaint deadline under full coverage is an hour
    assert sweep(service.ctx).reassessed == 1
    [after] = queue(service, tokens)
    assert after["priority"] == before["priority"] + 2000 and after["overdue"] is True
    assert "Overdue: past its review deadline." in after["why"]
    assert after["why"][0] == "The author appealed the decision to remove it (untrue or misleading)."
    assert sweep(service.ctx).reassessed == 0  # moved up once, not at every sweep
    history = service.http.get(f"/api/v1/moderation/comments/{comment['id']}/history", headers=tokens.moderator()).json()
    assert [e["action"] for e in history["events"]].count("overdue") == 1


# --- schedule exceptions -------------------------------------------------------------------------


def _exception(name, start, end, coverage):
    return {"name": name, "start": start.isoformat(), "end": end.isoformat(), "coverage": coverage}


def test_overlapping_exceptions_are_refused_naming_both_and_nothing_is_saved(service, tokens, clock):
    clock.set(london(*WEDNESDAY, 10, 0))
    policy = service.http.get("/api/v1/moderation/policy", headers=tokens.moderator()).json()
    policy["schedule"]["exceptions"] = [
        _exception("Election night", london(2026, 12, 10, 18), london(2026, 12, 11, 6), "full"),
        _exception("Office party", london(2026, 12, 10, 19), london(2026, 12, 10, 23), "part"),
    ]
    refused = service.http.put("/api/v1/moderation/policy", json={"config": policy}, headers=tokens.admin())
    assert refused.status_code == 422
    error = refused.json()["error"]
    assert error["code"] == "invalid_policy"
    assert "'Election night'" in error["message"] and "'Office party'" in error["message"] and "overlap" in error["message"]
    history = service.http.get("/api/v1/moderation/policy/history", headers=tokens.admin()).json()["versions"]
    assert len(history) == 1  # only the version the tests start from

    policy["schedule"]["exceptions"][1]["start"] = london(2026, 12, 11, 6).isoformat()
    policy["schedule"]["exceptions"][1]["end"] = london(2026, 12, 11, 9).isoformat()
    assert service.http.put("/api/v1/moderation/policy", json={"config": policy}, headers=tokens.admin()).status_code == 200


def test_a_policy_saved_with_overlapping_exceptions_before_they_were_refused_still_runs(service, tokens, clock):
    clock.set(london(2026, 12, 10, 20, 0))
    config = config_to_dict(PolicyConfig())
    config["schedule"]["exceptions"] = [
        _exception("Election night", london(2026, 12, 10, 18), london(2026, 12, 11, 6), "full"),
        _exception("Office party", london(2026, 12, 10, 19), london(2026, 12, 10, 23), "part"),
    ]
    with service.ctx.transaction() as session:
        session.add(PolicyVersion(config=config, author="admin", note="", created_at=datetime.now(UTC)))
    coverage = service.http.get("/api/v1/moderation/coverage", headers=tokens.moderator())
    assert coverage.status_code == 200 and coverage.json()["level"] == "full"  # the first listed, as it was saved
    create_article(service, tokens)
    assert new_comment(service, tokens)["status"] == "published"
    # Saving it again is refused until the admin resolves the overlap.
    policy = service.http.get("/api/v1/moderation/policy", headers=tokens.moderator()).json()
    assert service.http.put("/api/v1/moderation/policy", json={"config": policy}, headers=tokens.admin()).status_code == 422
    assert sweep(service.ctx).coverage == "full"
