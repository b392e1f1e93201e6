"""Hostile cursors, ids, query strings and JSON documents for the API and the dashboard: whatever a
client sends, the service answers with a proper status (never a 500), for errors in its declared
format, and stores nothing it should not. (Requests generated from the OpenAPI document are in
test_api_conformance.)"""
from __future__ import annotations

from urllib.parse import quote

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from support.api import row_counts
from support.clock import WEEKDAY_MORNING, MutableClock
from support.contract import checked_answers
from support.dashboard import signed_in_moderator
from support.hostile_input import cursors, ids, json_documents, texts
from support.live import pin_policy, start_service
from support.tokens import SSO_SECRET, TokenFactory

pytestmark = pytest.mark.e2e

TOKENS = TokenFactory(SSO_SECRET)
MODERATOR = TOKENS.headers("fuzz-moderator", roles=("moderator",), exp_in=86400)
ARTICLE = "harbour-bridge"  # an id no generated one will equal, so that nothing generated can post
HOSTILE = settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), database=None)


@pytest.fixture
def live(db_url):
    """The service at a fixed moment, with an article, a comment in the queue and a moderator
    signed in to the dashboard; `stored()` counts every table's rows."""
    server, app, base = start_service(db_url, MutableClock(WEEKDAY_MORNING), secure_cookies=False)
    pin_policy(app)
    ctx = app.extensions["moderation"].context
    with httpx.Client(base_url=base, timeout=10, event_hooks=checked_answers(app)) as api:
        article = api.put(f"/api/v1/articles/{ARTICLE}", json={"title": "Harbour bridge"}, headers=TOKENS.editor())
        comment = api.post(f"/api/v1/articles/{ARTICLE}/comments", json={"body": "First."}, headers=TOKENS.subscriber())
        complaint = api.post(f"/api/v1/comments/{comment.json()['id']}/complaints", json={"reason": "abuse"})
        assert [r.status_code for r in (article, comment, complaint)] == [201, 201, 201]
        dashboard = signed_in_moderator(base, ctx)
        yield api, dashboard, (lambda: row_counts(ctx))
        dashboard.close()
    server.shutdown()
    app.extensions["moderation_engine"].dispose()
    ctx.autocommit.dispose()


def _runs_storing_nothing(check, stored) -> None:
    before = stored()
    check()
    assert stored() == before, "a refused request stored something"


def _answered(response, where: str, *, json_errors: bool = True) -> None:
    assert response.status_code < 500, f"{where}: {response.status_code} {response.text[:300]}"
    if json_errors and response.status_code >= 400:
        assert set(response.json()["error"]) >= {"code", "message"}, where


def test_hostile_cursors_and_query_strings_get_an_answer_and_store_nothing(live):
    api, dashboard, stored = live

    @given(cursor=cursors, extra=st.dictionaries(texts, texts, max_size=2))
    @HOSTILE
    def check(cursor, extra):
        for path, headers in ((f"/api/v1/articles/{ARTICLE}/comments", {}), ("/api/v1/moderation/queue", MODERATOR)):
            _answered(api.get(path, params={"cursor": cursor}, headers=headers), f"{path} cursor={cursor!r}")
            _answered(api.get(path, params={**extra, "cursor": cursor}, headers=headers), f"{path} {extra!r}")
        for path in ("/dashboard/", "/dashboard/queue/rows"):
            _answered(dashboard.get(path, params={"cursor": cursor}), f"{path} cursor={cursor!r}", json_errors=False)

    _runs_storing_nothing(check, stored)


ID_ENDPOINTS = [
    ("get", "/api/v1/articles/{}", {}),
    ("get", "/api/v1/articles/{}/comments", {}),
    ("post", "/api/v1/articles/{}/comments", TOKENS.subscriber()),
    ("get", "/api/v1/comments/{}", MODERATOR),
    ("delete", "/api/v1/comments/{}", TOKENS.subscriber()),
    ("post", "/api/v1/comments/{}/complaints", {}),
    ("post", "/api/v1/moderation/comments/{}/claim", MODERATOR),
    ("get", "/api/v1/moderation/comments/{}/history", MODERATOR),
    ("get", "/api/v1/moderation/users/{}", MODERATOR),
]


def test_hostile_ids_get_an_answer_and_store_nothing(live):
    api, dashboard, stored = live

    @given(raw_id=ids)
    @HOSTILE
    def check(raw_id):
        in_path = quote(raw_id, safe="")
        for method, path, headers in ID_ENDPOINTS:
            body = {"json": {"body": "Hello.", "reason": "spam"}} if method == "post" else {}
            _answered(api.request(method, path.format(in_path), headers=headers, **body), f"{path} id={raw_id!r}")
        _answered(api.get("/api/v1/moderation/queue", params={"article_id": raw_id}, headers=MODERATOR), repr(raw_id))
        _answered(dashboard.get(f"/dashboard/comments/{in_path}"), f"dashboard item {raw_id!r}", json_errors=False)
        _answered(dashboard.get("/dashboard/", params={"article": raw_id}), f"queue of {raw_id!r}", json_errors=False)

    _runs_storing_nothing(check, stored)


DASHBOARD_FILTERS = ["text", "author", "article", "before", "actor", "action", "reason", "overdue", "refresh"]


def test_hostile_dashboard_query_strings_get_an_answer_and_store_nothing(live):
    _, dashboard, stored = live

    @given(params=st.fixed_dictionaries({}, optional={"cursor": cursors, **dict.fromkeys(DASHBOARD_FILTERS, texts)}))
    @HOSTILE
    def check(params):
        for path in ("/dashboard/", "/dashboard/search", "/dashboard/audit"):
            _answered(dashboard.get(path, params=params), f"{path} {params!r}", json_errors=False)

    _runs_storing_nothing(check, stored)


BODY_ENDPOINTS = [
    # Bodies are parsed before the caller is known, so anonymous requests exercise every parser
    # and validator, and can store nothing; targets that do not exist do the same for a caller.
    ("post", f"/api/v1/articles/{ARTICLE}/comments", {}),
    ("post", "/api/v1/articles/missing/comments", TOKENS.subscriber()),
    ("put", f"/api/v1/articles/{ARTICLE}", {}),
    ("patch", "/api/v1/comments/missing", TOKENS.subscriber()),
    ("post", "/api/v1/comments/missing/complaints", {}),
    ("post", "/api/v1/moderation/comments/missing/decision", MODERATOR),
    ("post", "/api/v1/moderation/users/someone/sanctions", {}),
    ("put", "/api/v1/moderation/policy", {}),
]


def test_hostile_json_documents_get_an_answer_and_store_nothing(live):
    api, _, stored = live

    @given(document=json_documents)
    @HOSTILE
    def check(document):
        for method, path, headers in BODY_ENDPOINTS:
            response = api.request(method, path, content=document.encode(),
                                   headers={**headers, "Content-Type": "application/json"})
            _answered(response, f"{method} {path} {document[:200]!r}")

    _runs_storing_nothing(check, stored)
