"""Sanctions, coverage, policy administration, and the operational endpoints over HTTP."""
from __future__ import annotations

from datetime import timedelta

import pytest

from support.api import create_article, give_scores, new_comment, post_comment
from support.clock import WEEKDAY_MORNING, WEEKDAY_NIGHT, london

pytestmark = pytest.mark.e2e


def test_banned_reader_cannot_comment(service, tokens):
    create_article(service, tokens)
    new_comment(service, tokens, sub="troll")
    response = service.http.post("/api/v1/moderation/users/troll/sanctions", json={"kind": "ban", "reason": "Repeated abuse"},
                                 headers=tokens.moderator())
    assert response.status_code == 201 and response.json()["banned"] is True
    refused = post_comment(service, tokens, sub="troll")
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "account_suspended"
    notes = service.http.get("/api/v1/me/notifications", headers=tokens.subscriber("troll")).json()["notifications"]
    assert notes[0]["kind"] == "sanction_ban" and "Repeated abuse" in notes[0]["message"]


def test_suspension_ends_when_it_says(service, tokens, clock):
    clock.set(WEEKDAY_MORNING)
    create_article(service, tokens)
    until = (WEEKDAY_MORNING + timedelta(days=1)).isoformat()
    response = service.http.post("/api/v1/moderation/users/hothead/sanctions",
                                 json={"kind": "suspend", "until": until, "reason": "Cooling off"}, headers=tokens.moderator())
    assert response.status_code == 201
    assert post_comment(service, tokens, sub="hothead").status_code == 403
    clock.advance(days=1, minutes=1)
    assert post_comment(service, tokens, sub="hothead").status_code == 201


def test_sanction_validation_and_warn(service, tokens, clock):
    clock.set(WEEKDAY_MORNING)
    url = "/api/v1/moderation/users/someone/sanctions"
    past = (WEEKDAY_MORNING - timedelta(hours=1)).isoformat()
    cases = [
        ({"kind": "suspend", "reason": "x"}, "until_required"),
        ({"kind": "suspend", "until": past, "reason": "x"}, "until_in_past"),
        ({"kind": "exile", "reason": "x"}, "invalid_request"),
        ({"kind": "warn", "reason": ""}, "invalid_request"),
    ]
    for payload, code in cases:
        response = service.http.post(url, json=payload, headers=tokens.moderator())
        assert response.status_code == 422 and response.json()["error"]["code"] == code, payload
    assert service.http.post(url, json={"kind": "warn", "reason": "Keep it civil"}, headers=tokens.subscriber()).status_code == 403
    warned = service.http.post(url, json={"kind": "warn", "reason": "Keep it civil"}, headers=tokens.moderator())
    assert warned.status_code == 201 and warned.json()["warnings"] == 1


def test_coverage_reports_level_and_next_change(service, tokens, clock):
    clock.set(WEEKDAY_MORNING)
    day = service.http.get("/api/v1/moderation/coverage", headers=tokens.moderator()).json()
    assert day["level"] == "full"
    assert day["next_change"] == london(2026, 11, 25, 18).isoformat()
    assert day["schedule"]["timezone"] == "Europe/London"
    # St Andrew's Day (30 November) is a Scottish public holiday.
    assert "2026-11-30" in {h["date"] for h in day["schedule"]["upcoming_holidays"]}
    clock.set(WEEKDAY_NIGHT)
    night = service.http.get("/api/v1/moderation/coverage", headers=tokens.moderator()).json()
    assert night["level"] == "part" and night["next_level"] == "full"
    assert night["next_change"] == london(2026, 11, 26, 9).isoformat()
    assert service.http.get("/api/v1/moderation/coverage", headers=tokens.subscriber()).status_code == 403


def test_admin_edits_policy_with_validation_and_history(service, tokens, clock):
    clock.set(WEEKDAY_MORNING)
    policy = service.http.get("/api/v1/moderation/policy", headers=tokens.moderator()).json()
    policy["deadlines_minutes"]["full"]["complaint"] = 30
    saved = service.http.put("/api/v1/moderation/policy", json={"config": policy, "note": "Faster during the election"},
                             headers=tokens.admin())
    assert saved.status_code == 200
    create_article(service, tokens)
    comment = new_comment(service, tokens)
    service.http.post(f"/api/v1/comments/{comment['id']}/complaints", json={"reason": "untrue"})
    item = service.http.get("/api/v1/moderation/queue", headers=tokens.moderator()).json()["items"][0]
    assert item["due_at"] == (WEEKDAY_MORNING + timedelta(minutes=30)).isoformat()

    policy["withhold"]["part"]["abuse"] = 0.99  # higher than the full-time bar: less caution at night
    refused = service.http.put("/api/v1/moderation/policy", json={"config": policy}, headers=tokens.admin())
    assert refused.status_code == 422 and refused.json()["error"]["code"] == "invalid_policy"
    assert service.http.put("/api/v1/moderation/policy", json={"config": policy}, headers=tokens.moderator()).status_code == 403
    history = service.http.get("/api/v1/moderation/policy/history", headers=tokens.admin()).json()["versions"]
    assert [v["note"] for v in history] == ["Faster during the election", ""]  # newest first; the refused one is absent
    assert history[0]["config"]["deadlines_minutes"]["full"]["complaint"] == 30


def test_health_readiness_and_metrics(service, tokens, clock):
    clock.set(WEEKDAY_MORNING)  # the clock stands still: a text is scored the moment it was written
    assert service.http.get("/healthz").json() == {"status": "ok"}
    ready = service.http.get("/readyz")
    assert ready.status_code == 200 and ready.json()["checks"]["database"] == "ok"
    create_article(service, tokens)
    comment = new_comment(service, tokens)
    service.http.post(f"/api/v1/comments/{comment['id']}/complaints", json={"reason": "abuse"})
    hidden = new_comment(service, tokens, sub="troll")
    give_scores(service.ctx, hidden["id"], abuse=0.99)  # withheld under any coverage
    clock.advance(minutes=5)
    give_scores(service.ctx, hidden["id"], abuse=0.99, model="test-model-2")  # a new model's re-score is no wait
    decided = service.http.post(f"/api/v1/moderation/comments/{comment['id']}/decision",
                                json={"action": "approve", "reason": "other"}, headers=tokens.moderator())
    assert decided.status_code == 200, decided.text
    metrics = service.http.get("/metrics").text
    assert 'moderation_queue_open_items{entered_coverage=' in metrics
    assert "moderation_queue_overdue_items 0.0" in metrics
    assert "moderation_withheld_comments 1.0" in metrics
    assert 'moderation_decisions_total{action="approve",moderator="mod-morgan"} 1.0' in metrics
    assert 'moderation_time_to_score_seconds{quantile="0.99"} 0.0' in metrics  # scored the moment the test clock wrote it
    assert "moderation_http_request_seconds_bucket" in metrics


def test_openapi_document_covers_the_whole_contract(service):
    doc = service.http.get("/api/v1/openapi.json").json()
    assert doc["openapi"].startswith("3.")
    expected = {
        ("put", "/api/v1/articles/{article_id}"),
        ("get", "/api/v1/articles/{article_id}"),
        ("get", "/api/v1/articles/{article_id}/comments"),
        ("post", "/api/v1/articles/{article_id}/comments"),
        ("get", "/api/v1/comments/{comment_id}"),
        ("patch", "/api/v1/comments/{comment_id}"),
        ("delete", "/api/v1/comments/{comment_id}"),
        ("post", "/api/v1/comments/{comment_id}/complaints"),
        ("get", "/api/v1/moderation/queue"),
        ("post", "/api/v1/moderation/comments/{comment_id}/claim"),
        ("post", "/api/v1/moderation/comments/{comment_id}/decision"),
        ("get", "/api/v1/moderation/comments/{comment_id}/history"),
        ("post", "/api/v1/moderation/users/{user_id}/sanctions"),
        ("get", "/api/v1/moderation/coverage"),
        ("get", "/healthz"),
        ("get", "/readyz"),
        ("get", "/metrics"),
    }
    present = {(m, p) for p, ops in doc["paths"].items() for m in ops}
    assert expected <= present
    decision = doc["paths"]["/api/v1/moderation/comments/{comment_id}/decision"]["post"]
    schema = doc["components"]["schemas"][decision["requestBody"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]]
    assert set(schema["properties"]) == {"action", "reason", "body", "note", "override"}



def test_moderator_sees_a_commenters_history(service, tokens):
    create_article(service, tokens)
    first = new_comment(service, tokens, body="First", sub="hist")
    new_comment(service, tokens, body="Second", sub="hist")
    service.http.post(f"/api/v1/moderation/comments/{first['id']}/decision", json={"action": "delete", "reason": "spam"},
                      headers=tokens.moderator())
    service.http.post("/api/v1/moderation/users/hist/sanctions", json={"kind": "warn", "reason": "Spamming links"},
                      headers=tokens.moderator())
    history = service.http.get("/api/v1/moderation/users/hist", headers=tokens.moderator()).json()
    assert history["comments"] == {"total": 2, "removed_by_moderators": 1}
    assert history["warnings"] == 1 and history["sanctions"][0]["reason"] == "Spamming links"
    assert [c["original_body"] for c in history["recent_comments"]] == ["Second", "First"]
    assert service.http.get("/api/v1/moderation/users/hist", headers=tokens.subscriber()).status_code == 403
    assert service.http.get("/api/v1/moderation/users/nobody", headers=tokens.moderator()).status_code == 404


def test_a_ban_can_be_lifted(service, tokens):
    create_article(service, tokens)
    service.http.post("/api/v1/moderation/users/reformed/sanctions", json={"kind": "ban", "reason": "Abuse"},
                      headers=tokens.moderator())
    assert post_comment(service, tokens, sub="reformed").status_code == 403
    lifted = service.http.post("/api/v1/moderation/users/reformed/sanctions",
                               json={"kind": "lift", "reason": "Appeal upheld"}, headers=tokens.moderator())
    assert lifted.status_code == 201 and lifted.json()["banned"] is False
    assert post_comment(service, tokens, sub="reformed").status_code == 201


def test_metrics_can_require_a_token(db_url, clock):
    from support.live import start_service

    server, app, base = start_service(db_url, clock, metrics_token="scraper-token")
    try:
        import httpx

        from support.contract import checked_answers

        with httpx.Client(base_url=base, event_hooks=checked_answers(app)) as http:
            assert http.get("/metrics").status_code == 401
            assert http.get("/metrics", headers={"Authorization": "Bearer scraper-token"}).status_code == 200
    finally:
        server.shutdown()


def test_browsers_on_allowed_origins_only_may_call_the_api(db_url, clock, tokens):
    import httpx

    from support.live import start_service

    server, _app, base = start_service(db_url, clock, allowed_origins=("https://news.example",))
    try:
        preflight = httpx.options(f"{base}/api/v1/articles/a1/comments", headers={
            "Origin": "https://news.example", "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization, content-type"})
        assert preflight.headers["Access-Control-Allow-Origin"] == "https://news.example"
        assert "Authorization" in preflight.headers["Access-Control-Allow-Headers"]
        other = httpx.get(f"{base}/healthz", headers={"Origin": "https://evil.example"})
        assert "Access-Control-Allow-Origin" not in other.headers
        assert "Origin" in other.headers["Vary"]  # a shared cache must not hand this answer to the allowed origin
    finally:
        server.shutdown()


def test_wrong_method_is_a_json_405(service):
    response = service.http.post("/api/v1/moderation/coverage")
    assert response.status_code == 405 and response.json()["error"]["code"] == "method_not_allowed"
