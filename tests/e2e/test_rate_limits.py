"""Limits on posting, reporting and signing in, over HTTP, with the clock the test sets.

Every request here comes from 127.0.0.1, as every request does behind a reverse proxy when
MODERATION_TRUSTED_PROXIES is not set."""
from __future__ import annotations

import httpx
import pytest

from moderation.services import staff
from support.api import complain, create_article, new_comment, post_comment, row_counts
from support.clock import WEEKDAY_MORNING
from support.dashboard import STAFF_PASSWORD, sign_in

pytestmark = pytest.mark.e2e


def _post_up_to_the_limit(service, tokens, clock, sub: str) -> None:
    for n in range(service.ctx.settings.comment_rate_per_minute):
        clock.advance(seconds=1)
        new_comment(service, tokens, body=f"Comment {n} from {sub}", sub=sub)


def test_a_reader_posting_past_the_limit_gets_429_with_retry_after_and_nothing_is_stored(service, tokens, clock):
    clock.set(WEEKDAY_MORNING)
    create_article(service, tokens)
    _post_up_to_the_limit(service, tokens, clock, "eager")  # one a second from 10:30:01
    before = row_counts(service.ctx)
    refused = post_comment(service, tokens, body="One too many", sub="eager")
    assert refused.status_code == 429
    assert refused.json()["error"]["code"] == "too_many_comments"
    assert refused.headers["Retry-After"] == "56"  # when the 10:30:01 comment is a minute old
    assert "56 seconds" in refused.json()["error"]["message"]
    assert row_counts(service.ctx) == before


def test_one_readers_limit_leaves_other_readers_free_to_post(service, tokens, clock):
    clock.set(WEEKDAY_MORNING)
    create_article(service, tokens)
    _post_up_to_the_limit(service, tokens, clock, "eager")
    assert post_comment(service, tokens, sub="eager").status_code == 429
    assert post_comment(service, tokens, sub="calm").status_code == 201


def test_the_posting_limit_lifts_when_the_clock_reaches_retry_after(service, tokens, clock):
    clock.set(WEEKDAY_MORNING)
    create_article(service, tokens)
    _post_up_to_the_limit(service, tokens, clock, "eager")
    wait = int(post_comment(service, tokens, sub="eager").headers["Retry-After"])
    clock.advance(seconds=wait - 1)
    assert post_comment(service, tokens, sub="eager").status_code == 429
    clock.advance(seconds=1)
    assert post_comment(service, tokens, sub="eager").status_code == 201


def test_a_reader_reporting_past_the_limit_is_told_when_to_try_again(service, tokens, clock):
    clock.set(WEEKDAY_MORNING)
    create_article(service, tokens)
    limit = service.ctx.settings.complaint_rate_per_minute
    ids = [new_comment(service, tokens, body=f"Comment {n}", sub=f"author{n}")["id"] for n in range(limit + 1)]
    assert [complain(service, tokens, cid, "spam", sub="flooder").status_code for cid in ids[:limit]] == [201] * limit
    refused = complain(service, tokens, ids[limit], "spam", sub="flooder")
    assert refused.status_code == 429 and refused.headers["Retry-After"] == "60"
    clock.advance(seconds=60)
    assert complain(service, tokens, ids[limit], "spam", sub="flooder").status_code == 201


def _browser(service) -> httpx.Client:
    return httpx.Client(base_url=service.base_url, timeout=10)


def test_one_guesser_behind_a_shared_proxy_cannot_lock_staff_out_of_their_own_browsers(service, clock):
    clock.set(WEEKDAY_MORNING)
    names = ["ann", "bob", "cat"]
    own_browsers = {}
    for name in names:
        staff.create_account(service.ctx, name, name.title(), STAFF_PASSWORD, ["moderator"])
        own_browsers[name] = _browser(service)
        assert sign_in(own_browsers[name], name, STAFF_PASSWORD).status_code == 302
        own_browsers[name].cookies.delete("moderation_session")  # signed out; the browser is still known

    with _browser(service) as guesser:
        for name in names:
            for n in range(3 * staff.MAX_FAILURES_PER_PLACE):
                assert sign_in(guesser, name, f"guess number {n}").status_code == 401
        assert sign_in(guesser, "ann", STAFF_PASSWORD).status_code == 401  # the guesser's own tries are paused

    for name in names:
        assert sign_in(own_browsers[name], name, STAFF_PASSWORD).status_code == 302
        own_browsers[name].close()
    # A browser new to the account shares the network's pause, until it ends.
    with _browser(service) as new_browser:
        assert sign_in(new_browser, "bob", STAFF_PASSWORD).status_code == 401
        clock.advance(minutes=16)
        assert sign_in(new_browser, "bob", STAFF_PASSWORD).status_code == 302
