"""The service on a real HTTP port, backed by PostgreSQL, with a settable clock."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

import httpx
import pytest
from support.live import start_service

from moderation.adapters.migrations import upgrade
from moderation.adapters.orm import PolicyVersion
from moderation.domain.policy import PolicyConfig
from moderation.domain.policy_codec import config_to_dict
from moderation.services.context import Context


@dataclass
class LiveService:
    base_url: str
    app: object
    http: httpx.Client

    @property
    def ctx(self) -> Context:
        return self.app.extensions["moderation"].context


def pin_policy(app) -> None:
    """Pin the domain's documented defaults, so tests do not depend on the shipped model's thresholds."""
    with app.extensions["moderation"].context.transaction() as session:
        session.add(PolicyVersion(config=config_to_dict(PolicyConfig()), author="tests", note="", created_at=datetime.now(timezone.utc)))


@pytest.fixture(params=["postgresql", "sqlite"])
def database(request, tmp_path):
    """Every end-to-end test runs on PostgreSQL (production) and SQLite (the embedded default)."""
    if request.param == "postgresql":
        return request.getfixturevalue("db_url")
    url = f"sqlite:///{tmp_path / 'e2e.db'}"
    upgrade(url)
    return url


@pytest.fixture
def service(database, clock):
    server, app, base = start_service(database, clock)
    pin_policy(app)
    with httpx.Client(base_url=base, timeout=10) as http:
        yield LiveService(base, app, http)
    server.shutdown()
    app.extensions["moderation_engine"].dispose()
    app.extensions["moderation"].context.autocommit.dispose()
