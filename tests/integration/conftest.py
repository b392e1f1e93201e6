"""Fixtures for integration tests that hold on both databases the service runs on."""
from __future__ import annotations

import pytest

from moderation.adapters.migrations import upgrade


@pytest.fixture(params=["postgresql", "sqlite"])
def either_database(request, tmp_path) -> str:
    """A migrated, empty database: PostgreSQL (production), then SQLite (the embedded default)."""
    if request.param == "postgresql":
        return request.getfixturevalue("db_url")
    url = f"sqlite:///{tmp_path / 'integration.db'}"
    upgrade(url)
    return url
