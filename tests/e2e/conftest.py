"""The service on a real HTTP port, backed by PostgreSQL, with a settable clock."""
from __future__ import annotations

import threading
from datetime import datetime, timezone
from dataclasses import dataclass

import httpx
import pytest
from werkzeug.serving import make_server

from support.tokens import SSO_SECRET
from moderation import create_app
from moderation.adapters.migrations import upgrade
from moderation.adapters.orm import PolicyVersion
from moderation.domain.policy import PolicyConfig
from moderation.domain.policy_codec import config_to_dict
from moderation.config import Settings
from moderation.services.context import Context


@dataclass
class LiveService:
    base_url: str
    app: object
    http: httpx.Client

    @property
    def ctx(self) -> Context:
        return self.app.extensions["moderation"].context


def start_service(database_url: str, clock, **settings):
    config = Settings.from_env(
        {},
        database_url=database_url,
        sso_secret=SSO_SECRET,
        secret_key="test-secret-key",
        log_level="WARNING",
        **settings,
    )
    app = create_app(config, clock=clock)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_port}"
    return server, app, base


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
