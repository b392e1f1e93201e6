"""Idempotency-Key on posting and reporting: a client that sends a request again, because its
answer was lost, gets the first answer and nothing is done twice."""
from __future__ import annotations

import contextlib
import sqlite3
import uuid

import httpx
import psycopg
import pytest

from moderation.services.sweep import sweep
from support.api import counts, create_article, new_comment, row_counts
from support.clock import WEEKDAY_MORNING
from support.workers import wait_for

pytestmark = pytest.mark.e2e


def post(service, tokens, key: str, body: str = "Worth saying once.", sub: str = "sam", **kwargs):
    return service.http.post("/api/v1/articles/a1/comments", json={"body": body},
                             headers={**tokens.subscriber(sub), "Idempotency-Key": key}, **kwargs)


@contextlib.contextmanager
def posting_held_up(database_url: str):
    """While open, a new comment waits: the article's row is locked (SQLite: the database's write lock)."""
    if database_url.startswith("sqlite"):
        holder = sqlite3.connect(database_url.removeprefix("sqlite:///"), isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
    else:
        holder = psycopg.connect(database_url)
        holder.execute("SELECT 1 FROM articles WHERE id = 'a1' FOR UPDATE")
    try:
        yield
    finally:
        holder.rollback()
        holder.close()


def test_a_post_retried_with_its_key_after_the_answer_was_lost_creates_one_comment(service, tokens, database):
    create_article(service, tokens)
    key = str(uuid.uuid4())
    with posting_held_up(database):
        with pytest.raises(httpx.ReadTimeout):  # the client gives up: its answer is lost
            post(service, tokens, key, timeout=1)
    wait_for(lambda: counts(service)["comments"] == 1, what="the first post to be stored")
    retried = post(service, tokens, key)
    assert retried.status_code == 201 and retried.json()["body"] == "Worth saying once."
    again = post(service, tokens, key)
    assert (again.status_code, again.json()) == (201, retried.json())  # the first answer, every time
    assert counts(service)["comments"] == 1


def test_a_key_sent_again_with_a_different_body_is_refused_and_stores_nothing(service, tokens):
    create_article(service, tokens)
    key = str(uuid.uuid4())
    assert post(service, tokens, key, body="First thoughts.").status_code == 201
    before = row_counts(service.ctx)
    refused = post(service, tokens, key, body="Second thoughts.")
    assert refused.status_code == 422 and refused.json()["error"]["code"] == "idempotency_key_reused"
    assert row_counts(service.ctx) == before


def test_keys_belong_to_their_reader(service, tokens):
    create_article(service, tokens)
    key = str(uuid.uuid4())
    mine, theirs = post(service, tokens, key, sub="sam"), post(service, tokens, key, sub="kit")
    assert mine.status_code == theirs.status_code == 201 and mine.json()["id"] != theirs.json()["id"]


def test_a_post_refused_for_now_may_be_sent_again_with_its_key(service, tokens, clock):
    clock.set(WEEKDAY_MORNING)
    create_article(service, tokens)
    for n in range(service.ctx.settings.comment_rate_per_minute):
        new_comment(service, tokens, body=f"Comment {n}")
    key = str(uuid.uuid4())
    assert post(service, tokens, key).status_code == 429  # only answers that succeeded are kept
    clock.advance(minutes=1)
    assert post(service, tokens, key).status_code == 201


def test_a_malformed_key_is_refused(service, tokens):
    create_article(service, tokens)
    for key in ("", "x" * 201, "two words"):
        refused = post(service, tokens, key)
        assert refused.status_code == 422 and refused.json()["error"]["code"] == "invalid_idempotency_key", key
    assert counts(service)["comments"] == 0


def test_a_report_sent_again_with_its_key_gets_the_first_answer(service, tokens):
    create_article(service, tokens)
    comment = new_comment(service, tokens)
    url, key = f"/api/v1/comments/{comment['id']}/complaints", str(uuid.uuid4())
    first = service.http.post(url, json={"reason": "abuse"}, headers={"Idempotency-Key": key})
    again = service.http.post(url, json={"reason": "abuse"}, headers={"Idempotency-Key": key})
    assert (first.status_code, again.status_code) == (201, 201) and again.json() == first.json()
    # Without the key the same reader is told it has already reported this comment.
    assert service.http.post(url, json={"reason": "abuse"}).status_code == 200
    assert counts(service)["complaints"] == 1


def test_keys_are_forgotten_after_24_hours(service, tokens, clock):
    clock.set(WEEKDAY_MORNING)
    create_article(service, tokens)
    key = str(uuid.uuid4())
    assert post(service, tokens, key, body="Yesterday's news.").status_code == 201
    clock.advance(hours=24)
    assert sweep(service.ctx).idempotency_keys_forgotten == 1
    assert post(service, tokens, key, body="Today's news.").status_code == 201


def test_the_openapi_document_describes_the_key_and_when_to_retry(service):
    paths = service.http.get("/api/v1/openapi.json").json()["paths"]
    for path in ("/api/v1/articles/{article_id}/comments", "/api/v1/comments/{comment_id}/complaints"):
        operation = paths[path]["post"]
        assert "Idempotency-Key" in {p["name"] for p in operation["parameters"] if p["in"] == "header"}
        assert "Retry-After" in operation["responses"]["429"]["headers"]
