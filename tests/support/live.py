"""The service on a real HTTP port in a background thread, for end-to-end tests."""
from __future__ import annotations

import threading
from datetime import UTC, datetime

from werkzeug.serving import make_server

from moderation import create_app
from moderation.adapters.orm import PolicyVersion
from moderation.config import Settings
from moderation.domain.policy import PolicyConfig
from moderation.domain.policy_codec import config_to_dict
from support.tokens import SSO_SECRET


def make_app(database_url: str, clock=None, **settings):
    """The application with the tests' secrets, on `database_url`."""
    config = Settings.from_env(
        {}, **{"database_url": database_url, "sso_secret": SSO_SECRET, "secret_key": "test-secret-key",
               "log_level": "WARNING", **settings}
    )
    return create_app(config, clock=clock)


def close_app(app) -> None:
    """Close the application's database connections."""
    app.extensions["moderation_engine"].dispose()
    app.extensions["moderation"].context.autocommit.dispose()


def start_service(database_url: str, clock, **settings):
    app = make_app(database_url, clock, **settings)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_port}"
    return server, app, base


def pin_policy(app) -> None:
    """Pin the domain's documented defaults, so tests do not depend on the shipped model's thresholds."""
    with app.extensions["moderation"].context.transaction() as session:
        session.add(PolicyVersion(config=config_to_dict(PolicyConfig()), author="tests", note="", created_at=datetime.now(UTC)))
