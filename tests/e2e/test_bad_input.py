"""Bad input gets a clear 4xx JSON error and changes nothing; what readers write is kept verbatim."""
from __future__ import annotations

import json

import pytest
from support.api import counts, create_article, new_comment, post_comment

pytestmark = pytest.mark.e2e


def _assert_error(response, status, code):
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    error = response.json()["error"]
    assert error["code"] == code
    assert error["message"]


@pytest.mark.parametrize(
    "body, code",
    [
        ("", "body_empty"),
        ("   \n\t  ", "body_empty"),
        ("x" * 5001, "body_too_long"),
        ("  " + "y" * 5001 + "  ", "body_too_long"),
        ("\ud800 lone surrogate", "invalid_characters"),
        ("nul \x00 inside", "invalid_characters"),
    ],
)
def test_invalid_comment_bodies_are_refused_and_nothing_stored(service, tokens, body, code):
    create_article(service, tokens)
    before = counts(service)
    payload = json.dumps({"body": body}).encode()
    response = service.http.post("/api/v1/articles/a1/comments", content=payload,
                                 headers={**tokens.subscriber(), "Content-Type": "application/json"})
    _assert_error(response, 422, code)
    assert counts(service) == before


def test_exactly_5000_characters_after_trimming_is_accepted(service, tokens):
    create_article(service, tokens)
    response = post_comment(service, tokens, body="  " + "z" * 5000 + "\n")
    assert response.status_code == 201
    assert len(response.json()["body"]) == 5000


@pytest.mark.parametrize(
    "raw, content_type, status, code",
    [
        (b'{"body": "unterminated', "application/json", 400, "malformed_json"),
        (b'{"body": "caf\xe9"}', "application/json", 400, "invalid_utf8"),
        (b'["body"]', "application/json", 422, "invalid_request"),
        (b'{"body": 42}', "application/json", 422, "invalid_request"),
        (b'{"body": ["a"]}', "application/json", 422, "invalid_request"),
        (b'{"body": "ok", "parent_id": 7}', "application/json", 422, "invalid_request"),
        (b'{"body": "ok", "extra": true}', "application/json", 422, "invalid_request"),
        (b'{"text": "wrong field"}', "application/json", 422, "invalid_request"),
        (b"body=hello", "application/x-www-form-urlencoded", 415, "unsupported_media_type"),
    ],
)
def test_malformed_requests_are_refused_and_nothing_stored(service, tokens, raw, content_type, status, code):
    create_article(service, tokens)
    before = counts(service)
    response = service.http.post("/api/v1/articles/a1/comments", content=raw,
                                 headers={**tokens.subscriber(), "Content-Type": content_type})
    _assert_error(response, status, code)
    assert counts(service) == before


def test_oversized_request_is_refused(service, tokens):
    create_article(service, tokens)
    before = counts(service)
    response = service.http.post("/api/v1/articles/a1/comments", content=json.dumps({"body": "x" * 70_000}).encode(),
                                 headers={**tokens.subscriber(), "Content-Type": "application/json"})
    _assert_error(response, 413, "request_too_large")
    assert counts(service) == before


def test_unknown_reason_code_is_refused(service, tokens):
    create_article(service, tokens)
    comment = new_comment(service, tokens)
    before = counts(service)
    response = service.http.post(f"/api/v1/comments/{comment['id']}/complaints", json={"reason": "boring"})
    _assert_error(response, 422, "invalid_request")
    assert "reason" in response.json()["error"]["message"]
    assert counts(service) == before


@pytest.mark.parametrize(
    "method, path, kwargs",
    [
        ("get", "/api/v1/articles/missing", {}),
        ("get", "/api/v1/articles/missing/comments", {}),
        ("post", "/api/v1/articles/missing/comments", {"json": {"body": "hello"}}),
        ("get", "/api/v1/comments/missing", {}),
        ("patch", "/api/v1/comments/missing", {"json": {"body": "hello"}}),
        ("delete", "/api/v1/comments/missing", {}),
        ("post", "/api/v1/comments/missing/complaints", {"json": {"reason": "spam"}}),
        ("post", "/api/v1/moderation/comments/missing/claim", {}),
        ("get", "/api/v1/moderation/comments/missing/history", {}),
        ("get", "/api/v1/no-such-endpoint", {}),
    ],
)
def test_unknown_ids_are_404(service, tokens, method, path, kwargs):
    headers = tokens.moderator() if "moderation" in path else tokens.subscriber()
    response = getattr(service.http, method)(path, headers=headers, **kwargs)
    _assert_error(response, 404, response.json()["error"]["code"])
    assert counts(service) == {"comments": 0, "complaints": 0, "queue": 0}


def test_reply_to_unknown_parent_is_refused(service, tokens):
    create_article(service, tokens)
    response = post_comment(service, tokens, parent_id="0" * 32)
    _assert_error(response, 422, "parent_not_found")
    assert counts(service)["comments"] == 0


def test_bad_pagination_parameters(service, tokens):
    create_article(service, tokens)
    _assert_error(service.http.get("/api/v1/articles/a1/comments", params={"limit": 0}), 422, "invalid_request")
    _assert_error(service.http.get("/api/v1/articles/a1/comments", params={"cursor": "!!!"}), 422, "invalid_cursor")
    _assert_error(service.http.get("/api/v1/moderation/queue", params={"reason": "nope"}, headers=tokens.moderator()),
                  422, "invalid_request")


def test_markup_and_sql_are_stored_verbatim_and_returned_escaped(service, tokens):
    create_article(service, tokens)
    nasty = "<script>alert('x')</script> & Robert'); DROP TABLE comments;-- <img src=x onerror=alert(1)>"
    created = post_comment(service, tokens, body=nasty, name="<b>Evil</b> name")
    assert created.status_code == 201
    listing = service.http.get("/api/v1/articles/a1/comments")
    assert "<script>" not in listing.text and "<b>" not in listing.text  # escaped in the JSON text itself
    comment = listing.json()["comments"][0]
    assert comment["body"] == nasty  # ... and exactly as written once parsed
    assert comment["author"]["name"] == "<b>Evil</b> name"
    assert listing.headers["X-Content-Type-Options"] == "nosniff"
    assert counts(service)["comments"] == 1  # and the table is still there


@pytest.mark.parametrize(
    "method, path, payload",
    [
        ("post", "/api/v1/comments/{id}/complaints", {"reason": "abuse", "note": "nul \x00 note"}),
        ("post", "/api/v1/moderation/users/u1/sanctions", {"kind": "warn", "reason": "\x00"}),
        ("put", "/api/v1/articles/a2", {"title": "Bad \udc80 title"}),
        ("get", "/api/v1/articles/a%00b", None),
    ],
)
def test_text_the_database_cannot_hold_is_refused_everywhere(service, tokens, method, path, payload):
    create_article(service, tokens)
    comment = new_comment(service, tokens)
    before = counts(service)
    kwargs = {} if payload is None else {"content": json.dumps(payload).encode(), "headers": {**tokens.admin(), "Content-Type": "application/json"}}
    response = getattr(service.http, method)(path.replace("{id}", comment["id"]), **kwargs)
    _assert_error(response, 422, "invalid_characters")
    assert counts(service) == before
