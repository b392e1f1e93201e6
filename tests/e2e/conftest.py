"""The service on a real HTTP port, backed by PostgreSQL, with a settable clock."""
from __future__ import annotations

from dataclasses import dataclass

import httpx
import pytest

from moderation.adapters.migrations import upgrade
from moderation.services.context import Context
from support.contract import checked_answers
from support.live import close_app, make_app, pin_policy, start_service
from support.workers import GunicornService


@dataclass
class LiveService:
    base_url: str
    app: object
    http: httpx.Client

    @property
    def ctx(self) -> Context:
        return self.app.extensions["moderation"].context


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
    # Plain HTTP: the dashboard's session cookie must not be Secure-only for a client to send it back.
    server, app, base = start_service(database, clock, secure_cookies=False)
    pin_policy(app)
    # Every answer a test gets is also checked against the OpenAPI document's model for its status.
    with httpx.Client(base_url=base, timeout=10, event_hooks=checked_answers(app)) as http:
        yield LiveService(base, app, http)
    server.shutdown()
    close_app(app)


GUNICORN_WORKERS = {"sync": (), "gthread": ("--worker-class", "gthread", "--threads", "4")}


@pytest.fixture(scope="module", params=GUNICORN_WORKERS.values(), ids=GUNICORN_WORKERS.keys())
def gunicorn_service(request, pg_url):
    """The service as production runs it: gunicorn with the repository's gunicorn.conf.py, with its
    default worker and with the threaded one docker-compose.yml runs, on PostgreSQL, without Redis.
    `app` is the same application in the test's own process, on the same database, to count rows
    and to check every answer against the OpenAPI document."""
    server = GunicornService(pg_url, "", workers=1, options=request.param).start()
    app = make_app(pg_url)
    try:
        with httpx.Client(base_url=server.base, timeout=10, event_hooks=checked_answers(app)) as http:
            yield LiveService(server.base, app, http)
    finally:
        server.stop()
        close_app(app)
