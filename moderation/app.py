"""The application factory: the web service over the parts the composition root built."""
from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from datetime import date, datetime
from datetime import time as clock_time
from typing import Any

import orjson
from flask import Flask, g, request
from flask.json.provider import DefaultJSONProvider
from werkzeug.middleware.proxy_fix import ProxyFix

from . import dashboard, widget
from .api import articles, comments, controls, moderation, ops
from .api.errors import register_error_handlers
from .api.request_body import BoundedRequest
from .bootstrap import Runtime, Scoring, build
from .config import Settings


class SafeJSON(DefaultJSONProvider):
    """JSON whose text never contains a raw `<`, `>` or `&`: a comment holding markup stays inert
    even if a response is ever sniffed or pasted into a page. The parsed values are unchanged.
    Written by orjson, which with the database's JSON columns read by it too took a 50-item queue
    page from 7.2 to 6.3 ms of CPU; what orjson refuses (an integer past 64 bits, say) goes through
    the standard encoder."""

    ensure_ascii = False
    sort_keys = False

    @staticmethod
    def default(o: Any) -> Any:
        # The services hand over real moments and days; the API gives them as ISO 8601 text.
        if isinstance(o, (date, clock_time)):
            return o.isoformat()
        return DefaultJSONProvider.default(o)

    def dumps(self, obj: Any, **kwargs: Any) -> str:
        option = orjson.OPT_NON_STR_KEYS | (orjson.OPT_INDENT_2 if kwargs.get("indent") else 0)
        try:
            text = orjson.dumps(obj, default=self.default, option=option).decode()
        except orjson.JSONEncodeError:
            text = super().dumps(obj, **kwargs)
        return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def create_app(config: Settings | dict[str, Any] | None = None, *, clock: Callable[[], datetime] | None = None,
               scoring: Scoring = Scoring.BROKER, runtime: Runtime | None = None) -> Flask:
    """The web service. Its parts come from `runtime`, or from the composition root given these
    settings (the environment's by default), clock and scoring choice."""
    if runtime is None:
        settings = Settings.from_env(**config) if isinstance(config, dict) else config or Settings.from_env()
        runtime = build(settings, clock=clock, scoring=scoring)
    settings = runtime.settings

    app = Flask(__name__)
    app.request_class = BoundedRequest  # MAX_CONTENT_LENGTH holds for chunked bodies too
    app.json = SafeJSON(app)
    # An empty id (`/api/v1/articles//comments`) names nothing: a 404, not a redirect to another
    # resource (`/api/v1/articles/comments`) that a client would follow with its body.
    app.url_map.merge_slashes = False
    app.config["MAX_CONTENT_LENGTH"] = settings.max_request_bytes
    app.config["SECRET_KEY"] = settings.secret_key
    if settings.trusted_proxies:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=settings.trusted_proxies,  # type: ignore[method-assign]
                                x_proto=settings.trusted_proxies)

    app.extensions["moderation"] = runtime
    app.extensions["moderation_engine"] = runtime.engine

    for module in (articles, comments, controls, moderation, ops, widget):
        app.register_blueprint(module.bp)
    dashboard.init_app(app)
    register_error_handlers(app)
    _instrument(app, runtime)
    return app


def _instrument(app: Flask, runtime: Runtime) -> None:
    observe = runtime.metrics.observe
    origins = set(runtime.settings.allowed_origins)

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
