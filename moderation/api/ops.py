"""Liveness, readiness, metrics and the OpenAPI document."""
from __future__ import annotations

from flask import Blueprint, Response, jsonify
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from sqlalchemy import text

from ..web import ctx, runtime
from .responses import Health, OpenApiDocument, Readiness
from .spec import endpoint, openapi_document

bp = Blueprint("ops", __name__)


@endpoint(bp, "GET", "/healthz", summary="The process is alive", auth="public", returns=Health, database=False,
          responses={200: "Alive"})
def healthz():
    return {"status": "ok"}


# Its 503 is its own (the database is checked, not used), with what failed in `checks`.
@endpoint(bp, "GET", "/readyz", summary="The database and the broker answer", auth="public", returns=Readiness,
          database=False, responses={200: "Ready", 503: "Not ready"}, bodies={503: Readiness})
def readyz():
    checks = {}
    try:
        with ctx().transaction() as session:
            session.execute(text("SELECT 1"))
        checks["database"] = "ok"
    except Exception as exc:  # noqa: BLE001 - any failure means not ready; the reason is reported
        checks["database"] = f"unavailable: {exc.__class__.__name__}"
    checks["broker"] = runtime().broker_check()
    # Without REDIS_URL there is no broker to wait for; a configured one must answer.
    ready = all(v in ("ok", "not_configured") for v in checks.values())
    response = jsonify({"status": "ready" if ready else "not_ready", "checks": checks})
    response.status_code = 200 if ready else 503
    return response


@endpoint(bp, "GET", "/metrics", summary="Prometheus metrics", auth="metrics", returns=None, media_type="text/plain",
          database=False,
          responses={200: "Text exposition format", 401: "MODERATION_METRICS_TOKEN is set and was not sent"})
def metrics():
    return Response(generate_latest(runtime().metrics.registry), mimetype=CONTENT_TYPE_LATEST)


@endpoint(bp, "GET", "/api/v1/openapi.json", summary="This document", auth="public", returns=OpenApiDocument,
          database=False, responses={200: "OpenAPI 3.1"})
def openapi():
    return openapi_document()
