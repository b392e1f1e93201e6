"""Bad input gets a clear 4xx (the API's JSON error, the dashboard's error page) and changes nothing;
what readers write is kept verbatim."""
from __future__ import annotations

import json
import re
import socket
from urllib.parse import urlsplit

import pytest

from moderation.api.responses import ErrorBody
from support.api import complain, counts, create_article, new_comment, post_comment, row_counts
from support.clock import WEEKDAY_MORNING
from support.dashboard import signed_in_moderator
from support.hostile_input import cursor_of

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


# --- inputs that once reached a parser's or the database's limits as a 500 ----------------------------

def _forged_cursor(*raw_values: str) -> str:
    return cursor_of("[" + ", ".join(raw_values) + "]")


NOW = json.dumps(WEEKDAY_MORNING.isoformat())
BAD_DATES = {"no time zone": '"2026-11-25T10:30:00"', "year 9999 at -14:00": '"9999-12-31T23:59:59-14:00"',
             "1e999": "1e999"}
BAD_NUMBERS = {"1e999": "1e999", "beyond bigint": "9223372036854775808", "far beyond bigint": "9" * 40,
               "below bigint": "-9223372036854775809"}
BAD_THREAD_CURSORS = {
    **{f"date {name}": _forged_cursor(date, '"c1"') for name, date in BAD_DATES.items()},
    **{f"id {name}": _forged_cursor(NOW, number) for name, number in BAD_NUMBERS.items()},
}
BAD_QUEUE_CURSORS = {
    **{f"due {name}": _forged_cursor("1", date, '"c1"') for name, date in BAD_DATES.items()},
    **{f"priority {name}": _forged_cursor(number, NOW, '"c1"') for name, number in BAD_NUMBERS.items()},
}


@pytest.mark.parametrize("cursor", BAD_THREAD_CURSORS.values(), ids=BAD_THREAD_CURSORS.keys())
def test_a_forged_thread_cursor_is_refused_not_a_server_error(service, tokens, cursor):
    create_article(service, tokens)
    new_comment(service, tokens)
    response = service.http.get("/api/v1/articles/a1/comments", params={"cursor": cursor})
    _assert_error(response, 422, "invalid_cursor")


@pytest.mark.parametrize("cursor", BAD_QUEUE_CURSORS.values(), ids=BAD_QUEUE_CURSORS.keys())
def test_a_forged_queue_cursor_is_refused_not_a_server_error(service, tokens, cursor):
    response = service.http.get("/api/v1/moderation/queue", params={"cursor": cursor}, headers=tokens.moderator())
    _assert_error(response, 422, "invalid_cursor")


@pytest.mark.parametrize("caller", ["subscriber", "anonymous"])
def test_json_nested_a_thousand_deep_is_refused_before_authentication(service, tokens, caller):
    create_article(service, tokens)
    before = row_counts(service.ctx)
    headers = {**(tokens.subscriber() if caller == "subscriber" else {}), "Content-Type": "application/json"}
    response = service.http.post("/api/v1/articles/a1/comments", headers=headers,
                                 content='{"body": ' + "[" * 1000 + "]" * 1000 + "}")
    _assert_error(response, 400, "malformed_json")
    assert "nested" in response.json()["error"]["message"]
    assert row_counts(service.ctx) == before


def test_a_json_number_beyond_the_int_conversion_limit_is_refused(service, tokens):
    create_article(service, tokens)
    before = row_counts(service.ctx)
    response = service.http.post("/api/v1/articles/a1/comments", content='{"body": ' + "1" * 4301 + "}",
                                 headers={**tokens.subscriber(), "Content-Type": "application/json"})
    _assert_error(response, 400, "malformed_json")
    assert row_counts(service.ctx) == before


@pytest.mark.parametrize(
    "method, path, kwargs",
    [
        ("get", "/api/v1/articles/{id}", {}),
        ("get", "/api/v1/articles/{id}/comments", {}),
        ("post", "/api/v1/articles/{id}/comments", {"json": {"body": "hello"}}),  # once a 500 or a 404
        ("put", "/api/v1/articles/{id}", {"json": {"title": "Too long an id"}}),
    ],
)
def test_an_article_id_over_200_characters_is_refused_the_same_way_everywhere(service, tokens, method, path, kwargs):
    create_article(service, tokens, article_id="a" * 200)  # the longest id there can be
    before = row_counts(service.ctx)
    headers = tokens.editor() if method == "put" else tokens.subscriber()
    response = getattr(service.http, method)(path.replace("{id}", "a" * 201), headers=headers, **kwargs)
    _assert_error(response, 422, "invalid_article_id")
    assert row_counts(service.ctx) == before


def test_an_email_claim_over_320_characters_is_refused_and_nothing_stored(service, tokens):
    create_article(service, tokens)
    before = row_counts(service.ctx)
    response = post_comment(service, tokens, email="e" * 309 + "@example.org")
    _assert_error(response, 401, "invalid_token")
    assert row_counts(service.ctx) == before


def test_a_suspension_until_year_9999_at_minus_14_hours_is_refused(service, tokens):
    before = row_counts(service.ctx)
    response = service.http.post("/api/v1/moderation/users/sam/sanctions", headers=tokens.moderator(),
                                 json={"kind": "suspend", "until": "9999-12-31T23:59:59-14:00", "reason": "Cooling off"})
    _assert_error(response, 422, "invalid_request")
    assert "until" in response.json()["error"]["message"]
    assert row_counts(service.ctx) == before


def test_an_article_published_in_year_9999_at_minus_14_hours_is_refused(service, tokens):
    response = service.http.put("/api/v1/articles/a1", headers=tokens.editor(),
                                json={"title": "From the future", "published_at": "9999-12-31T23:59:59-14:00"})
    _assert_error(response, 422, "invalid_request")
    assert row_counts(service.ctx)["articles"] == 0


# --- the dashboard: the same inputs get its error page, never a 500 --------------------------------

@pytest.fixture
def dashboard(service, tokens):
    create_article(service, tokens)
    comment = new_comment(service, tokens)
    complain(service, tokens, comment["id"])
    client = signed_in_moderator(service.base_url, service.ctx)
    client.comment_id = comment["id"]
    yield client
    client.close()


BAD_DASHBOARD_REQUESTS = {
    **{f"queue cursor {name}": ("/dashboard/", {"cursor": cursor}) for name, cursor in BAD_QUEUE_CURSORS.items()},
    "queue rows cursor": ("/dashboard/queue/rows", {"cursor": BAD_QUEUE_CURSORS["priority beyond bigint"]}),
    "queue article NUL": ("/dashboard/", {"article": "\x00"}),
    "queue article over 200 characters": ("/dashboard/", {"article": "a" * 201}),
    "search text NUL": ("/dashboard/search", {"text": "\x00"}),
    "search author NUL": ("/dashboard/search", {"author": "a\x00"}),
    "audit before superscript two": ("/dashboard/audit", {"before": "²"}),
    "audit before 30 digits": ("/dashboard/audit", {"before": "9" * 30}),
    "audit before beyond bigint": ("/dashboard/audit", {"before": str(2**63)}),
    "audit actor NUL": ("/dashboard/audit", {"actor": "\x00"}),
    "comment id NUL": ("/dashboard/comments/%00", {}),
}


def test_bad_dashboard_input_gets_the_error_page_not_a_server_error(service, dashboard):
    before = row_counts(service.ctx)
    for case, (path, params) in BAD_DASHBOARD_REQUESTS.items():  # one sign-in for all: hashing is slow
        response = dashboard.get(path, params=params)
        assert response.status_code == 400, f"{case}: {response.status_code}"
        assert "Not a valid request" in response.text and response.headers["content-type"].startswith("text/html"), case
    assert row_counts(service.ctx) == before
    assert dashboard.get("/dashboard/audit", params={"before": "2"}).status_code == 200  # a real "next" link


def test_a_nul_character_in_a_dashboard_form_is_refused_and_nothing_changes(service, dashboard):
    item = dashboard.get(f"/dashboard/comments/{dashboard.comment_id}")  # opening it claims it
    token = re.search(r'name="csrf_token" value="([^"]+)"', item.text).group(1)
    before = row_counts(service.ctx)
    response = dashboard.post(f"/dashboard/comments/{dashboard.comment_id}/decision",
                              data={"action": "delete", "reason": "abuse", "note": "nul \x00", "csrf_token": token})
    assert response.status_code == 400 and "Not a valid request" in response.text
    assert row_counts(service.ctx) == before



def test_a_true_server_bug_is_still_a_500_and_is_logged(service, dashboard, monkeypatch, caplog):
    def bug(*args, **kwargs):
        raise RuntimeError("a bug, not bad input")

    monkeypatch.setattr("moderation.services.articles.get_article", bug)
    monkeypatch.setattr("moderation.services.audit.recent_events", bug)
    _assert_error(service.http.get("/api/v1/articles/a1"), 500, "internal_error")
    assert dashboard.get("/dashboard/audit").status_code == 500
    logged = [r for r in caplog.records if r.getMessage() == "unhandled error"]
    assert len(logged) == 2 and all("a bug, not bad input" in str(r.exc_info[1]) for r in logged)


# --- through gunicorn, as production serves it: bodies sent in chunks, and the server's own limits ---

def _comment_json_of(size: int) -> bytes:
    """A valid comment's JSON, padded with spaces to exactly `size` bytes (so a cut one would still parse)."""
    text = json.dumps({"body": "Sent in pieces."})
    return (text + " " * (size - len(text))).encode()


def _in_chunks(data: bytes, size: int = 8192):
    """A body without a Content-Length: httpx sends it with `Transfer-Encoding: chunked`."""
    for start in range(0, len(data), size):
        yield data[start:start + size]


def _post_framed(service, tokens, body: bytes, framing: str, sub: str):
    content = _in_chunks(body) if framing == "chunked" else body
    response = service.http.post("/api/v1/articles/a1/comments", content=content,
                                 headers={**tokens.subscriber(sub), "Content-Type": "application/json"})
    assert response.request.headers.get("Transfer-Encoding") == ("chunked" if framing == "chunked" else None)
    return response


OVER_THE_LIMIT = {
    "one byte over the limit": lambda limit: _comment_json_of(limit + 1),  # cut at the limit, it would still parse
    "a 70,000-character comment": lambda limit: json.dumps({"body": "x" * 70_000}).encode(),
}


@pytest.mark.parametrize("framing", ["content-length", "chunked"])
@pytest.mark.parametrize("body", OVER_THE_LIMIT.values(), ids=OVER_THE_LIMIT.keys())
def test_a_body_over_the_limit_is_413_chunked_or_not_and_nothing_stored(gunicorn_service, tokens, framing, body):
    service = gunicorn_service
    create_article(service, tokens)
    raw = body(service.app.config["MAX_CONTENT_LENGTH"])
    before = row_counts(service.ctx)
    _assert_error(_post_framed(service, tokens, raw, framing, sub="too-much"), 413, "request_too_large")
    assert row_counts(service.ctx) == before


@pytest.mark.parametrize("framing", ["content-length", "chunked"])
def test_a_body_of_exactly_the_limit_is_read_whole_chunked_or_not(gunicorn_service, tokens, framing):
    service = gunicorn_service
    create_article(service, tokens)
    before = counts(service)["comments"]
    response = _post_framed(service, tokens, _comment_json_of(service.app.config["MAX_CONTENT_LENGTH"]), framing,
                            sub=f"at-the-limit-{framing}")
    assert response.status_code == 201, response.text
    assert response.json()["body"] == "Sent in pieces."
    assert counts(service)["comments"] == before + 1


def test_a_request_line_over_the_servers_limit_is_414_in_the_error_format_and_nothing_stored(gunicorn_service, tokens):
    service = gunicorn_service
    create_article(service, tokens)
    before = row_counts(service.ctx)
    # A comment the service would take, but for a query string that makes the request line over 4,094 bytes.
    response = service.http.post("/api/v1/articles/a1/comments", params={"ref": "r" * 4100}, json={"body": "Hello."},
                                 headers=tokens.subscriber("long-line"))
    _assert_error(response, 414, "uri_too_long")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert row_counts(service.ctx) == before
    # Just within the limit, the service itself answers.
    _assert_error(service.http.get("/api/v1/articles/" + "a" * 4000), 422, "invalid_article_id")


HEADERS_OVER_THE_LIMITS = {
    "a header line over 8,190 bytes": {"X-Note": "n" * 8200},
    "over 100 headers": {f"X-Note-{n}": "n" for n in range(100)},  # with httpx's own five
}


@pytest.mark.parametrize("extra", HEADERS_OVER_THE_LIMITS.values(), ids=HEADERS_OVER_THE_LIMITS.keys())
def test_headers_over_the_servers_limits_are_431_in_the_error_format_and_nothing_stored(gunicorn_service, tokens, extra):
    service = gunicorn_service
    create_article(service, tokens)
    before = row_counts(service.ctx)
    response = service.http.post("/api/v1/articles/a1/comments", json={"body": "Hello."},
                                 headers={**tokens.subscriber("many-headers"), **extra})
    _assert_error(response, 431, "headers_too_large")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert row_counts(service.ctx) == before


def test_a_request_the_server_cannot_parse_is_400_in_the_error_format(gunicorn_service):
    address = urlsplit(gunicorn_service.base_url)
    with socket.create_connection((address.hostname, address.port), timeout=10) as conn:
        conn.sendall(b"GET /healthz HTTP/1.1\r\nHost: comments.example\r\nA header without its colon\r\n\r\n")
        answer = b"".join(iter(lambda: conn.recv(4096), b""))  # the server closes the connection
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 400 ") and b"\r\nContent-Type: application/json\r\n" in head, answer
    assert ErrorBody.model_validate_json(body, strict=True).error.code == "bad_request"
