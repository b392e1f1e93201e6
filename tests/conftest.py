"""Fixtures shared by every kind of test: a settable clock, reader tokens, service settings."""
from __future__ import annotations

import pytest

from support.clock import MutableClock
from support.tokens import SSO_SECRET, TokenFactory


@pytest.fixture
def clock() -> MutableClock:
    return MutableClock()


@pytest.fixture
def tokens() -> TokenFactory:
    return TokenFactory(SSO_SECRET)


@pytest.fixture(scope="session")
def pg_url():
    """A migrated PostgreSQL database for this run (integration and end-to-end tests)."""
    from moderation.adapters.migrations import upgrade
    from support.databases import create_database, drop_database

    try:
        url = create_database()
    except RuntimeError as exc:
        pytest.fail(str(exc), pytrace=False)
    upgrade(url)
    yield url
    drop_database(url)


@pytest.fixture
def db_url(pg_url):
    """The run's database, emptied before each test."""
    from support.databases import truncate_all

    truncate_all(pg_url)
    return pg_url


@pytest.fixture(scope="session")
def retraining_data(tmp_path_factory):
    """Synthetic labelled data in the layout of `shared/data`, and a model trained on it that is
    in force until retraining promotes another (so tests never need the real data)."""
    from types import SimpleNamespace

    from support.training_data import train_initial_model, write_data_dir

    root = tmp_path_factory.mktemp("retraining")
    data_dir = write_data_dir(root / "data")
    version = train_initial_model(data_dir, root / "model")
    return SimpleNamespace(data_dir=str(data_dir), model_dir=str(root / "model"), version=version)


@pytest.fixture(scope="session")
def redis_url() -> str:
    """The run's Redis (integration and end-to-end tests fail, never skip, when it is away)."""
    import os

    import redis

    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=3).ping()
    except redis.RedisError as exc:
        pytest.fail(f"Redis is not reachable at {url} (set TEST_REDIS_URL): {exc}", pytrace=False)
    return url
