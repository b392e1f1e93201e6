"""Every answer the OpenAPI document lists is one the service really gives: each operation is driven
to each status it documents, and each answer's body is checked (support.contract) against the
model the document gives that status, as strictly as a client generated from it would read it."""
from __future__ import annotations

import json

import httpx
import pytest

from moderation.api.spec import OPERATIONS
from support.api import give_scores
from support.bodies import VALID_BODIES
from support.clock import WEEKDAY_MORNING
from support.contract import checked_answers
from support.live import start_service

pytestmark = pytest.mark.e2e

LONG_ID = "x" * 201
# Given elsewhere, where the service is set up for them: a metrics token (test_staff_and_ops), and
# readiness failing while the database is away (test_database_outage, and the test below).
GIVEN_ELSEWHERE = {("ops.metrics", 401), ("ops.readyz", 503)}


class Asker:
    """Sends requests through a client that checks every answer against the contract, and notes
    which (operation, status) pairs were answered."""

    def __init__(self, service):
        self.seen: list[tuple[str, int]] = []
        self.http = httpx.Client(base_url=service.base_url, timeout=10,
                                 event_hooks=checked_answers(service.app, self.seen))

    def __call__(self, method: str, path: str, status: int, **kwargs) -> dict:
        response = self.http.request(method, path, **kwargs)
        assert response.status_code == status, f"{method} {path}: {response.status_code} {response.text[:300]}"
        return response.json() if response.headers.get("content-type") == "application/json" else {}

    def refused_without_the_role(self, method: str, path: str, reader: dict, **kwargs) -> None:
        """401 without a token, 403 with `reader`'s, who lacks the role."""
        self(method, path, 401, **kwargs)
        self(method, path, 403, headers=reader, **kwargs)

    def bad_bodies(self, method: str, path: str, headers: dict) -> None:
        """400 for a body that is not JSON, 413 for one too large, 415 for one that is not JSON at all."""
        as_json = {**headers, "Content-Type": "application/json"}
        self(method, path, 400, content=b'{"body": ', headers=as_json)
        self(method, path, 413, content=json.dumps({"body": "x" * 70_000}).encode(), headers=as_json)
        as_form = {**headers, "Content-Type": "application/x-www-form-urlencoded"}
        self(method, path, 415, content=b"body=hello", headers=as_form)


def test_every_documented_answer_is_given_with_a_body_its_model_accepts(service, tokens, clock):
    clock.set(WEEKDAY_MORNING)
    ask = Asker(service)
    editor, moderator, admin = tokens.editor(), tokens.moderator(), tokens.admin()
    sam, olly = tokens.subscriber("sam"), tokens.subscriber("olly")
    expired = tokens.subscriber("xavier", exp_in=-3600)

    # Articles.
    ask("put", "/api/v1/articles/a1", 201, json={"title": "Harbour bridge"}, headers=editor)
    ask("put", "/api/v1/articles/a1", 200, json={"section": "News", "published_at": "2026-11-25T08:00:00Z"},
        headers=editor)
    ask("put", "/api/v1/articles/closed", 201, json={"title": "Closed", "comments_open": False}, headers=editor)
    ask.bad_bodies("put", "/api/v1/articles/a1", editor)
    ask.refused_without_the_role("put", "/api/v1/articles/a1", sam, json={"title": "A reader's"})
    ask("put", "/api/v1/articles/a%2F1", 404, json={"title": "Slashed"}, headers=editor)
    ask("put", "/api/v1/articles/a1", 422, json={"title": 5}, headers=editor)
    ask("get", "/api/v1/articles/a1", 200)
    ask("get", "/api/v1/articles/missing", 404)
    ask("get", f"/api/v1/articles/{LONG_ID}", 422)

    # Posting, reading, editing and withdrawing comments.
    first = ask("post", "/api/v1/articles/a1/comments", 201, json={"body": "First."}, headers=sam)["id"]
    reply = ask("post", "/api/v1/articles/a1/comments", 201, json={"body": "A reply.", "parent_id": first},
                headers=olly)["id"]
    ask.bad_bodies("post", "/api/v1/articles/a1/comments", sam)
    ask("post", "/api/v1/articles/a1/comments", 401, json={"body": "Anonymous."})
    ask("post", "/api/v1/articles/a1/comments", 403, json={"body": "Not a subscriber."},
        headers=tokens.subscriber("nina", subscriber=False))
    ask("post", "/api/v1/articles/missing/comments", 404, json={"body": "Nowhere."}, headers=sam)
    ask("post", "/api/v1/articles/closed/comments", 409, json={"body": "Too late."}, headers=sam)
    ask("post", "/api/v1/articles/a1/comments", 422, json={"body": "   "}, headers=sam)
    eager = tokens.subscriber("eager")
    for n in range(service.ctx.settings.comment_rate_per_minute):
        ask("post", "/api/v1/articles/a1/comments", 201, json={"body": f"Eager {n}."}, headers=eager)
    ask("post", "/api/v1/articles/a1/comments", 429, json={"body": "One too many."}, headers=eager)
    for headers in ({}, sam, moderator):  # the public, an author (editable, own words) and a moderator see more
        ask("get", "/api/v1/articles/a1/comments", 200, headers=headers)
        ask("get", f"/api/v1/comments/{first}", 200, headers=headers)
    ask("get", "/api/v1/articles/a1/comments", 401, headers=expired)
    thread = ask.http.get("/api/v1/articles/a1/comments", headers=sam)
    ask("get", "/api/v1/articles/a1/comments", 304, headers={**sam, "If-None-Match": thread.headers["ETag"]})
    ask("get", "/api/v1/articles/missing/comments", 404)
    ask("get", "/api/v1/articles/a1/comments", 422, params={"limit": 0})
    ask("get", "/api/v1/articles//comments", 404)  # an empty id names nothing (not a redirect elsewhere)
    ask("get", f"/api/v1/comments/{first}", 401, headers=expired)
    ask("get", "/api/v1/comments/missing", 404)
    ask("get", f"/api/v1/comments/{LONG_ID}", 422)
    ask("patch", f"/api/v1/comments/{first}", 200, json={"body": "First, edited."}, headers=sam)
    ask.bad_bodies("patch", f"/api/v1/comments/{first}", sam)
    ask("patch", f"/api/v1/comments/{first}", 401, json={"body": "Anonymous."})
    ask("patch", f"/api/v1/comments/{first}", 403, json={"body": "Not mine."}, headers=olly)
    ask("patch", "/api/v1/comments/missing", 404, json={"body": "Nothing."}, headers=sam)
    ask("patch", f"/api/v1/comments/{first}", 422, json={"body": 1}, headers=sam)
    ask("delete", f"/api/v1/comments/{reply}", 401)
    ask("delete", f"/api/v1/comments/{reply}", 403, headers=sam)
    ask("delete", "/api/v1/comments/missing", 404, headers=sam)
    ask("delete", f"/api/v1/comments/{LONG_ID}", 422, headers=sam)
    ask("delete", f"/api/v1/comments/{reply}", 200, headers=olly)

    # Reports.
    ask("post", f"/api/v1/comments/{first}/complaints", 201, json={"reason": "abuse", "note": "Rude."}, headers=olly)
    ask("post", f"/api/v1/comments/{first}/complaints", 200, json={"reason": "abuse", "note": "Rude."}, headers=olly)
    ask("post", f"/api/v1/comments/{first}/complaints", 201, json={"reason": "spam"})
    ask("post", f"/api/v1/comments/{first}/complaints", 200, json={"reason": "spam"})  # anonymous: no note back
    ask.bad_bodies("post", f"/api/v1/comments/{first}/complaints", olly)
    ask("post", f"/api/v1/comments/{first}/complaints", 401, json={"reason": "spam"}, headers=expired)
    ask("post", "/api/v1/comments/missing/complaints", 404, json={"reason": "spam"})
    ask("post", f"/api/v1/comments/{reply}/complaints", 409, json={"reason": "spam"}, headers=sam)  # withdrawn
    ask("post", f"/api/v1/comments/{first}/complaints", 422, json={"reason": "boring"})
    picky = tokens.subscriber("picky")
    for n in range(service.ctx.settings.complaint_rate_per_minute + 1):
        target = ask("post", "/api/v1/articles/a1/comments", 201, json={"body": f"Target {n}."},
                     headers=tokens.subscriber(f"author{n}"))["id"]
        last = n == service.ctx.settings.complaint_rate_per_minute
        ask("post", f"/api/v1/comments/{target}/complaints", 429 if last else 201, json={"reason": "spam"}, headers=picky)

    # The reader's own standing and notifications.
    ask("get", "/api/v1/me", 200, headers=sam)
    ask("get", "/api/v1/me", 401, headers=expired)
    ask("get", "/api/v1/config", 200)
    ask("get", "/api/v1/me/notifications", 401)
    ask("post", "/api/v1/me/notifications/read", 401)

    # The queue, claims and decisions.
    give_scores(service, first, abuse=0.4, spam=0.1, off_topic=0.2, revision=2, labels={"insult": 0.3})
    ask("get", "/api/v1/moderation/queue", 200, headers=moderator)
    ask.refused_without_the_role("get", "/api/v1/moderation/queue", sam)
    ask("get", "/api/v1/moderation/queue", 422, params={"limit": 0}, headers=moderator)
    ask("patch", f"/api/v1/comments/{first}", 409, json={"body": "While it is reviewed."}, headers=sam)
    ask("post", f"/api/v1/moderation/comments/{first}/claim", 200, headers=moderator)
    ask.refused_without_the_role("post", f"/api/v1/moderation/comments/{first}/claim", sam)
    ask("post", "/api/v1/moderation/comments/missing/claim", 404, headers=moderator)
    ask("post", f"/api/v1/moderation/comments/{first}/claim", 409, headers=tokens.moderator("mod-other"))
    ask("post", f"/api/v1/moderation/comments/{LONG_ID}/claim", 422, headers=moderator)
    decision = f"/api/v1/moderation/comments/{first}/decision"
    ask.bad_bodies("post", decision, moderator)
    ask.refused_without_the_role("post", decision, sam, json={"action": "approve", "reason": "abuse"})
    ask("post", "/api/v1/moderation/comments/missing/decision", 404, json={"action": "approve", "reason": "abuse"},
        headers=moderator)
    ask("post", decision, 422, json={"action": "zap", "reason": "abuse"}, headers=moderator)
    ask("post", decision, 422, json={"action": "delete"}, headers=moderator)  # reason_required
    ask("post", decision, 200, json={"action": "amend", "reason": "abuse", "body": "First, amended."}, headers=moderator)
    ask("post", decision, 409, json={"action": "delete", "reason": "abuse"}, headers=moderator)
    ask("get", "/api/v1/me/notifications", 200, headers=sam)
    notes = ask.http.get("/api/v1/me/notifications", headers=sam)
    ask("get", "/api/v1/me/notifications", 304, headers={**sam, "If-None-Match": notes.headers["ETag"]})
    ask("post", "/api/v1/me/notifications/read", 200, headers=sam)
    history = f"/api/v1/moderation/comments/{first}/history"
    ask("get", history, 200, headers=moderator)
    ask.refused_without_the_role("get", history, sam)
    ask("get", "/api/v1/moderation/comments/missing/history", 404, headers=moderator)
    ask("get", f"/api/v1/moderation/comments/{LONG_ID}/history", 422, headers=moderator)

    # Commenters and their sanctions.
    sanctions = "/api/v1/moderation/users/olly/sanctions"
    ask("post", sanctions, 201, json={"kind": "suspend", "until": "2026-11-26T10:30:00Z", "reason": "Rude."},
        headers=moderator)
    ask.bad_bodies("post", sanctions, moderator)
    ask.refused_without_the_role("post", sanctions, sam, json={"kind": "warn", "reason": "Rude."})
    ask("post", "/api/v1/moderation/users/o%2Flly/sanctions", 404, json={"kind": "warn", "reason": "Rude."},
        headers=moderator)
    ask("post", sanctions, 422, json={"kind": "suspend", "reason": "For how long?"}, headers=moderator)
    ask("get", "/api/v1/me", 200, headers=olly)  # suspended
    ask("get", "/api/v1/moderation/users/sam", 200, headers=moderator)
    ask("get", "/api/v1/moderation/users/olly", 200, headers=moderator)
    ask.refused_without_the_role("get", "/api/v1/moderation/users/sam", sam)
    ask("get", "/api/v1/moderation/users/nobody", 404, headers=moderator)
    ask("get", f"/api/v1/moderation/users/{LONG_ID}", 422, headers=moderator)

    # Coverage and policy.
    ask("get", "/api/v1/moderation/coverage", 200, headers=moderator)
    ask.refused_without_the_role("get", "/api/v1/moderation/coverage", sam)
    policy = ask("get", "/api/v1/moderation/policy", 200, headers=moderator)
    ask.refused_without_the_role("get", "/api/v1/moderation/policy", sam)
    policy["schedule"]["exceptions"] = [{"name": "Election night", "start": "2026-12-10T18:00:00+00:00",
                                         "end": "2026-12-11T06:00:00+00:00", "coverage": "full"}]
    ask("put", "/api/v1/moderation/policy", 200, json={"config": policy, "note": "Election night"}, headers=admin)
    ask.bad_bodies("put", "/api/v1/moderation/policy", admin)
    ask.refused_without_the_role("put", "/api/v1/moderation/policy", moderator, json={"config": policy})
    ask("put", "/api/v1/moderation/policy", 422, json={"config": {}}, headers=admin)
    ask("get", "/api/v1/moderation/coverage", 200, headers=moderator)  # with the exception listed
    ask("get", "/api/v1/moderation/policy/history", 200, headers=admin)
    ask.refused_without_the_role("get", "/api/v1/moderation/policy/history", moderator)

    # The newsroom's controls: word lists and the site-wide pause.
    lists = "/api/v1/moderation/word-lists"
    ask("get", lists, 200, headers=moderator)  # none saved yet
    ask.refused_without_the_role("get", lists, sam)
    ask("put", lists, 200, json={"banned": ["kill yourself"], "suspect": ["idiot"], "note": "First lists"}, headers=admin)
    ask.bad_bodies("put", lists, admin)
    ask.refused_without_the_role("put", lists, moderator, json={"banned": [], "suspect": []})
    ask("put", lists, 422, json={"banned": ["idiot"], "suspect": ["Idiot"]}, headers=admin)
    ask("get", lists, 200, headers=moderator)
    ask("get", f"{lists}/history", 200, headers=moderator)
    ask.refused_without_the_role("get", f"{lists}/history", sam)
    ask("get", "/api/v1/moderation/site", 200, headers=moderator)
    ask.refused_without_the_role("get", "/api/v1/moderation/site", sam)
    ask("put", "/api/v1/moderation/site", 200, json={"commenting_paused": True, "message": "Back at six."},
        headers=moderator)
    ask("get", "/api/v1/config", 200)  # with the pause message
    ask.bad_bodies("put", "/api/v1/moderation/site", admin)
    ask("put", "/api/v1/moderation/site", 401, json={"commenting_paused": False})
    ask("put", "/api/v1/moderation/site", 403, json={"commenting_paused": False}, headers=moderator)  # resuming
    ask("put", "/api/v1/moderation/site", 422, json={"commenting_paused": True, "message": "x" * 600}, headers=admin)
    ask("put", "/api/v1/moderation/site", 200, json={"commenting_paused": False}, headers=admin)

    # Readers' data: appeals, reporters, legal holds, export and erasure.
    appeal = f"/api/v1/comments/{first}/appeal"  # amended by mod-morgan above
    ask.bad_bodies("post", appeal, sam)
    ask("post", appeal, 401, json={"note": "Please."})
    ask("post", appeal, 403, json={"note": "Not mine."}, headers=olly)
    ask("post", "/api/v1/comments/missing/appeal", 404, json={"note": "Nothing."}, headers=sam)
    ask("post", appeal, 422, json={"note": "   "}, headers=sam)
    ask("post", appeal, 201, json={"note": "It was not abuse."}, headers=sam)
    ask("post", appeal, 409, json={"note": "Again."}, headers=sam)
    ask("get", f"/api/v1/comments/{first}", 200, headers=sam)  # with the appeal pending
    judge, colleague = f"/api/v1/moderation/comments/{first}/appeal", tokens.moderator("mod-other")
    ask.bad_bodies("post", judge, colleague)
    ask.refused_without_the_role("post", judge, sam, json={"outcome": "upheld", "note": "Stands."})
    ask("post", judge, 403, json={"outcome": "upheld", "note": "My own."}, headers=moderator)
    ask("post", "/api/v1/moderation/comments/missing/appeal", 404, json={"outcome": "upheld", "note": "?"},
        headers=colleague)
    ask("post", judge, 422, json={"outcome": "zap", "note": "?"}, headers=colleague)
    ask("post", judge, 200, json={"outcome": "upheld", "note": "Stands."}, headers=colleague)
    ask("post", judge, 409, json={"outcome": "overturned", "note": "Again."}, headers=colleague)
    reporters = f"/api/v1/moderation/comments/{first}/reporters"
    ask("get", reporters, 200, headers=admin)
    ask.refused_without_the_role("get", reporters, moderator)
    ask("get", f"/api/v1/moderation/comments/{reply}/reporters", 404, headers=admin)
    ask("get", f"/api/v1/moderation/comments/{LONG_ID}/reporters", 422, headers=admin)
    hold = f"/api/v1/moderation/comments/{first}/legal-hold"
    ask("put", hold, 200, json={"reason": "Case 2026/114"}, headers=admin)
    ask.bad_bodies("put", hold, admin)
    ask.refused_without_the_role("put", hold, moderator, json={"reason": "Case"})
    ask("put", "/api/v1/moderation/comments/missing/legal-hold", 404, json={"reason": "Case"}, headers=admin)
    ask("put", hold, 422, json={"reason": ""}, headers=admin)
    ask("get", "/api/v1/moderation/legal-holds", 200, headers=admin)
    ask.refused_without_the_role("get", "/api/v1/moderation/legal-holds", moderator)
    ask("get", f"/api/v1/comments/{first}", 200, headers=moderator)  # held, with its appeal
    ask("delete", hold, 200, headers=admin)
    ask("delete", hold, 409, headers=admin)
    ask.refused_without_the_role("delete", hold, moderator)
    ask("delete", "/api/v1/moderation/comments/missing/legal-hold", 404, headers=admin)
    ask("delete", f"/api/v1/moderation/comments/{LONG_ID}/legal-hold", 422, headers=admin)
    ask("get", "/api/v1/me/export", 200, headers=sam)
    ask("get", "/api/v1/me/export", 401, headers=expired)
    ask("get", "/api/v1/moderation/users/sam/export", 200, headers=admin)
    ask.refused_without_the_role("get", "/api/v1/moderation/users/sam/export", moderator)
    ask("get", "/api/v1/moderation/users/nobody/export", 404, headers=admin)
    ask("get", f"/api/v1/moderation/users/{LONG_ID}/export", 422, headers=admin)
    ask("delete", "/api/v1/me", 200, headers=eager)
    ask("delete", "/api/v1/me", 401, headers=expired)
    leaving = ask("post", "/api/v1/articles/a1/comments", 201, json={"body": "Soon gone."},
                  headers=tokens.subscriber("leaving"))["id"]
    ask("post", "/api/v1/moderation/users/leaving/erasure", 200, headers=admin)
    ask.refused_without_the_role("post", "/api/v1/moderation/users/leaving/erasure", moderator)
    ask("post", "/api/v1/moderation/users/o%2Flly/erasure", 404, headers=admin)
    ask("post", f"/api/v1/moderation/users/{LONG_ID}/erasure", 422, headers=admin)
    ask("put", f"/api/v1/moderation/comments/{leaving}/legal-hold", 409, json={"reason": "Too late"}, headers=admin)
    ask("get", "/api/v1/articles/a1/comments", 200, headers=moderator)  # with erased comments

    # Operations, and a method a path does not take.
    for path in ("/healthz", "/readyz", "/metrics", "/api/v1/openapi.json"):
        ask("get", path, 200)
    ask("post", "/api/v1/moderation/coverage", 405, headers=moderator)
    ask.http.close()

    documented = {(op.endpoint, status) for op in OPERATIONS for status in op.statuses if status != 503}
    assert documented - GIVEN_ELSEWHERE - set(ask.seen) == set(), "documented, never given"



def test_without_its_database_every_operation_that_needs_it_answers_503_with_retry_after(clock, tokens):
    """Every operation documented as needing the database answers 503 `database_unavailable` (with
    Retry-After) when it cannot be reached, and every other one answers as usual."""
    # Nothing listens on port 9 of this machine: every connection is refused at once.
    server, app, base = start_service("postgresql://postgres@127.0.0.1:9/moderation", clock, log_level="CRITICAL")
    seen: list[tuple[str, int]] = []
    try:
        with httpx.Client(base_url=base, timeout=30, event_hooks=checked_answers(app, seen)) as http:
            for op in OPERATIONS:
                path = op.path.format(**{name: "x1" for name in op.path_params})
                body = {"json": VALID_BODIES[op.body]} if op.body else {}
                answer = http.request(op.method, path, headers=tokens.admin(), **body)
                expected = 503 if op.database or op.endpoint == "ops.readyz" else 200
                assert answer.status_code == expected, f"{op.method} {op.path}: {answer.status_code} {answer.text[:200]}"
    finally:
        server.shutdown()
        app.extensions["moderation_engine"].dispose()
        app.extensions["moderation"].context.autocommit.dispose()
    assert len(seen) == len(OPERATIONS)
