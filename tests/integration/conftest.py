"""Integration tests talk to real PostgreSQL and Redis; they fail, never skip, when those are away."""
from __future__ import annotations

import os

import pytest
import redis


@pytest.fixture(scope="session")
def redis_url() -> str:
    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=3).ping()
    except redis.RedisError as exc:
        pytest.fail(f"Redis is not reachable at {url} (set TEST_REDIS_URL): {exc}", pytrace=False)
    return url
