"""Fixtures shared by every kind of test: a settable clock, reader tokens, service settings."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from support.clock import MutableClock  # noqa: E402
from support.tokens import SSO_SECRET, TokenFactory  # noqa: E402




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
