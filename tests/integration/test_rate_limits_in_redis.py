"""Rate limits kept in Redis: every gunicorn worker (here, two apps) counts the same uses."""
from __future__ import annotations

import pytest

from moderation import create_app
from moderation.adapters.rate_limits import InProcessWindows, RedisWindows
from moderation.adapters.redis_client import connect
from moderation.config import Settings
from moderation.domain.model import RateLimited, Reader
from moderation.services import articles, comments
from moderation.services.results import CommentView
from support.clock import WEEKDAY_MORNING
from support.concurrency import at_once
from support.tokens import SSO_SECRET
from support.workers import broker_url, empty_broker

pytestmark = pytest.mark.integration

EDITOR = Reader(id="ed", name="Editor", roles=frozenset({"editor"}))


@pytest.fixture
def limits_redis(redis_url):
    url = broker_url(redis_url)  # the workers' test database, emptied per test
    empty_broker(url)
    return url


def test_redis_counts_uses_as_the_in_process_windows_do(limits_redis):
    shared, local = RedisWindows(connect(limits_redis, 1.0)), InProcessWindows()
    uses = [("a", 0.0, None), ("a", 10.0, "r1"), ("a", 11.0, "r1"), ("a", 20.0, None), ("b", 20.0, None), ("a", 25.0, None),
            ("a", 25.0, "r1"), ("a", 60.0, None), ("a", 61.0, "r2"), ("a", 70.5, None)]
    assert [shared.take(key, 3, 60, now, use) for key, now, use in uses] == [local.take(key, 3, 60, now, use)
                                                                               for key, now, use in uses]


def test_the_posting_limit_holds_across_workers_sharing_redis_even_for_simultaneous_posts(db_url, limits_redis, clock):
    clock.set(WEEKDAY_MORNING)
    settings = Settings.from_env({}, database_url=db_url, redis_url=limits_redis, sso_secret=SSO_SECRET, secret_key="k",
                                 log_level="WARNING")
    workers = [create_app(settings, clock=clock).extensions["moderation"].context for _ in range(2)]
    articles.upsert_article(workers[0], EDITOR, "a1", {"title": "T"})
    reader = Reader(id="eager", name="Eager", subscriber=True)
    outcomes = at_once(lambda n: comments.post_comment(workers[n % 2], reader, "a1", f"Comment {n}", None), range(12))
    assert sum(isinstance(o, CommentView) for o in outcomes) == settings.comment_rate_per_minute
    assert sum(isinstance(o, RateLimited) for o in outcomes) == 12 - settings.comment_rate_per_minute


def test_with_redis_away_the_limit_is_not_checked_and_posting_goes_on():
    away = RedisWindows(connect("redis://127.0.0.1:1/0", 1.0))
    assert [away.take("reader:a", 1, 60, 0.0) for _ in range(3)] == [0.0, 0.0, 0.0]
