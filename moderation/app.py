"""The application factory and composition root: the one place where the parts are wired."""
from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from datetime import time as clock_time
from typing import Any

from flask import Flask, g, request
from flask.json.provider import DefaultJSONProvider
from werkzeug.middleware.proxy_fix import ProxyFix

from . import dashboard, widget
from .adapters import logs
from .adapters.database import Timeouts, make_engine, make_sessions
from .adapters.identity import TokenVerifier
from .adapters.metrics import make_registry
from .api import articles, comments, controls, moderation, ops
from .api.errors import register_error_handlers
from .api.request_body import BoundedRequest
from .config import Settings
from .services.context import Context, utc_now


@dataclass
class Extension:
    """Everything a request may need, kept on `app.extensions["moderation"]`."""

    context: Context
    tokens: TokenVerifier
    metrics_registry: Any
    observe: Callable[[str, str, int, float], None]
    broker_check: Callable[[], str] = field(default=lambda: "not_configured")


class _JSON(DefaultJSONProvider):
    """JSON whose text never contains a raw `<`, `>` or `&`: a comment holding markup stays inert
    even if a response is ever sniffed or pasted into a page. The parsed values are unchanged."""

    ensure_ascii = False
    sort_keys = False

    @staticmethod
    def default(o: Any) -> Any:
        # The services hand over real moments and days; the API gives them as ISO 8601 text.
        if isinstance(o, (date, clock_time)):
            return o.isoformat()
        return DefaultJSONProvider.default(o)

    def dumps(self, obj, **kwargs):
        text = super().dumps(obj, **kwargs)
        return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def create_app(config: Settings | dict | None = None, *, clock: Callable | None = None) -> Flask:
    settings = Settings.from_env(**config) if isinstance(config, dict) else config or Settings.from_env()
    settings.check()
    logs.configure(settings.log_level, settings.log_format)

    app = Flask(__name__)
    app.request_class = BoundedRequest  # MAX_CONTENT_LENGTH holds for chunked bodies too
    app.json = _JSON(app)
    # An empty id (`/api/v1/articles//comments`) names nothing: a 404, not a redirect to another
    # resource (`/api/v1/articles/comments`) that a client would follow with its body.
    app.url_map.merge_slashes = False
    app.config["MAX_CONTENT_LENGTH"] = settings.max_request_bytes
    app.config["SECRET_KEY"] = settings.secret_key
    if settings.trusted_proxies:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=settings.trusted_proxies, x_proto=settings.trusted_proxies)

    timeouts = Timeouts(settings.db_connect_timeout_seconds, settings.db_statement_timeout_seconds,
                        settings.db_pool_timeout_seconds)
    engine = make_engine(settings.database_url, timeouts=timeouts)
    context = Context(
        sessions=make_sessions(engine),
        settings=settings,
        autocommit=make_engine(settings.database_url, autocommit=True, timeouts=timeouts),
        clock=clock or utc_now,
    )
    registry, observe, job_unsent = make_registry(context)
    redis_client = None
    if settings.redis_url:
        from .adapters.broker import ScoringDispatcher
        from .adapters.rate_limits import RedisWindows
        from .adapters.redis_client import connect

        context.request_scoring = ScoringDispatcher(settings.redis_url, settings.redis_timeout_seconds, job_unsent).request
        redis_client = connect(settings.redis_url, settings.redis_timeout_seconds)
        context.rate_windows = RedisWindows(redis_client)
    app.extensions["moderation"] = Extension(
        context=context,
        tokens=TokenVerifier(settings.sso_secret, settings.sso_public_key, settings.token_leeway_seconds),
        metrics_registry=registry,
        observe=observe,
        broker_check=_broker_check(redis_client),
    )
    app.extensions["moderation_engine"] = engine

    for module in (articles, comments, controls, moderation, ops, widget):
        app.register_blueprint(module.bp)
    dashboard.init_app(app)
    register_error_handlers(app)
    _instrument(app)
    return app


def _broker_check(client) -> Callable[[], str]:
    if client is None:
        return lambda: "not_configured"

    import redis

    def check() -> str:
        try:
            client.ping()
            return "ok"
        except redis.RedisError as exc:
            return f"unavailable: {exc.__class__.__name__}"

    return check


def _instrument(app: Flask) -> None:
    observe = app.extensions["moderation"].observe
    origins = set(app.extensions["moderation"].context.settings.allowed_origins)

    @app.before_request
    def _start_timer():
        g.started = time.perf_counter()
        g.request_id = request.headers.get("X-Request-ID", "")[:100] or uuid.uuid4().hex

    @app.after_request
    def _finish(response):
        started = g.get("started")
        if started is not None:
            observe(request.url_rule.rule if request.url_rule else "unmatched", request.method, response.status_code,
                    time.perf_counter() - started)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        if "request_id" in g:
            response.headers["X-Request-ID"] = g.request_id
        origin = request.headers.get("Origin")
        # Answers differ by Origin, so caches must keep them apart even for origins refused here.
        response.vary.add("Origin")
        if origin and origin in origins:
            response.headers["Access-Control-Allow-Origin"] = origin
            response.headers["Access-Control-Allow-Headers"] = "Authorization, Content-Type, Idempotency-Key, If-None-Match"
            response.headers["Access-Control-Expose-Headers"] = "ETag"
            response.headers["Access-Control-Allow-Methods"] = "GET, POST, PUT, PATCH, DELETE"
            response.headers["Access-Control-Max-Age"] = "600"
        return response
