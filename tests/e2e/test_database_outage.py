"""PostgreSQL going away and coming back: the API says so in its error format and recovers by itself."""
from __future__ import annotations

import time
from urllib.parse import urlsplit, urlunsplit

import httpx
import pytest

from support.contract import checked_answers
from support.live import start_service
from support.proxy import CuttableProxy
from support.workers import wait_for

pytestmark = pytest.mark.e2e


@pytest.fixture
def through_proxy(db_url, clock):
    parts = urlsplit(db_url)
    proxy = CuttableProxy(parts.hostname, parts.port or 5432).start()
    proxied = urlunsplit(parts._replace(netloc=f"{parts.username}@127.0.0.1:{proxy.port}"))
    server, app, base = start_service(proxied, clock, log_level="CRITICAL")
    with httpx.Client(base_url=base, timeout=10, event_hooks=checked_answers(app)) as http:
        yield http, proxy
    proxy.cut()
    server.shutdown()
    app.extensions["moderation_engine"].dispose()
    app.extensions["moderation"].context.autocommit.dispose()


def test_the_api_answers_503_while_postgresql_is_unreachable_and_recovers_on_its_own(through_proxy, tokens):
    http, proxy = through_proxy
    assert http.put("/api/v1/articles/a1", json={"title": "Harbour"}, headers=tokens.editor()).status_code == 201
    assert http.post("/api/v1/articles/a1/comments", json={"body": "Before"}, headers=tokens.subscriber()).status_code == 201

    proxy.cut()
    for response in (
        http.get("/api/v1/articles/a1/comments"),
        http.post("/api/v1/articles/a1/comments", json={"body": "During"}, headers=tokens.subscriber()),
        http.post("/api/v1/articles/a1/comments", json={"body": "During, again"}, headers=tokens.subscriber()),
    ):
        assert response.status_code == 503
        assert response.json()["error"]["code"] == "database_unavailable"
        assert response.headers["Retry-After"]
    assert http.get("/readyz").status_code == 503
    assert http.get("/healthz").status_code == 200  # alive, just not ready

    proxy.start()
    wait_for(lambda: http.get("/readyz").status_code == 200, timeout=30, what="readiness to return")
    posted = http.post("/api/v1/articles/a1/comments", json={"body": "After"}, headers=tokens.subscriber())
    assert posted.status_code == 201
    bodies = [c["body"] for c in http.get("/api/v1/articles/a1/comments").json()["comments"]]
    # Nothing from the outage was half-stored: the client was told to try again.
    assert bodies == ["After", "Before"]


QUICKLY = 15  # seconds: the default timeouts answer in about 7; gunicorn would kill a worker at 30


def timed(request):
    started = time.monotonic()
    response = request()
    return response, time.monotonic() - started


def test_with_postgresql_black_holed_requests_get_a_quick_503_and_readiness_says_not_ready(through_proxy, tokens):
    http, proxy = through_proxy
    assert http.put("/api/v1/articles/a1", json={"title": "Harbour"}, headers=tokens.editor()).status_code == 201
    assert http.post("/api/v1/articles/a1/comments", json={"body": "Before"}, headers=tokens.subscriber()).status_code == 201

    proxy.black_hole()  # the pooled connections stay open, but nothing comes back on them
    for request in (
        lambda: http.post("/api/v1/articles/a1/comments", json={"body": "During"}, headers=tokens.subscriber(), timeout=60),
        lambda: http.get("/api/v1/articles/a1/comments", timeout=60),
        lambda: http.post("/api/v1/articles/a1/comments", json={"body": "During, again"}, headers=tokens.subscriber(),
                          timeout=60),
    ):
        response, seconds = timed(request)
        assert response.status_code == 503 and response.json()["error"]["code"] == "database_unavailable"
        assert seconds < QUICKLY
    ready, seconds = timed(lambda: http.get("/readyz", timeout=60))
    assert ready.status_code == 503 and seconds < QUICKLY

    proxy.restore()
    wait_for(lambda: http.get("/readyz", timeout=60).status_code == 200, timeout=30, what="readiness to return")
    assert http.post("/api/v1/articles/a1/comments", json={"body": "After"}, headers=tokens.subscriber()).status_code == 201
    bodies = [c["body"] for c in http.get("/api/v1/articles/a1/comments").json()["comments"]]
    assert bodies == ["After", "Before"]
