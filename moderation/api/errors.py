"""Every error leaves as {"error": {"code", "message"}} with the status that fits it."""
from __future__ import annotations

import json
import logging
from typing import Any

from flask import Flask, g, jsonify, request
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from werkzeug.exceptions import HTTPException

from ..domain.model import (
    Conflict,
    DomainError,
    Forbidden,
    InvalidInput,
    NotFound,
    RateLimited,
    Unauthenticated,
    Unavailable,
)
from .spec import RequestError

log = logging.getLogger(__name__)

STATUS = {InvalidInput: 422, NotFound: 404, Unauthenticated: 401, Forbidden: 403, Conflict: 409, RateLimited: 429,
          Unavailable: 503}

HTTP_CODES = {
    400: "bad_request",
    404: "not_found",
    405: "method_not_allowed",
    413: "request_too_large",
    414: "uri_too_long",
    415: "unsupported_media_type",
    431: "headers_too_large",
    500: "internal_error",
}
INTERNAL_ERROR = "Something went wrong on our side."
# What gunicorn refuses itself, before the application sees the request.
SERVER_MESSAGES = {
    400: "The request is not well-formed HTTP/1.1.",
    414: "The request line (method, path, query and HTTP version) is longer than the server accepts.",
    431: "The request has more headers than the server accepts, or one longer.",
    500: INTERNAL_ERROR,
}


def error_response(status: int, code: str, message: str, details: list | None = None):
    error: dict[str, Any] = {"code": code, "message": message}
    if details:
        error["details"] = details
    response = jsonify({"error": error})
    response.status_code = status
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="comments"'
    return response


def server_error_response(status: int, reason: str) -> bytes:
    """The whole HTTP answer gunicorn sends to a request it refuses itself (a request line or headers
    over its limits, 414 and 431; one it cannot parse, 400), in the API's error format instead of
    its HTML page. gunicorn's own text is left out: it may quote the request."""
    error = {"code": HTTP_CODES.get(status, f"http_{status}"), "message": SERVER_MESSAGES.get(status, reason)}
    body = json.dumps({"error": error}).encode()
    head = (f"HTTP/1.1 {status} {reason}\r\nConnection: close\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\nX-Content-Type-Options: nosniff\r\n\r\n")
    return head.encode("latin-1") + body


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(RequestError)
    def _request_error(exc: RequestError):
        return error_response(exc.status, exc.code, exc.message, exc.details)

    @app.errorhandler(DomainError)
    def _domain_error(exc: DomainError):
        status = next((s for cls, s in STATUS.items() if isinstance(exc, cls)), 400)
        response = error_response(status, exc.code, exc.message)
        if isinstance(exc, (RateLimited, Unavailable)):
            response.headers["Retry-After"] = str(exc.retry_after)
        return response

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException):
        status = exc.code or 500
        response = error_response(status, HTTP_CODES.get(status, f"http_{status}"), exc.description or exc.name)
        for name, value in exc.get_headers():  # Allow on a 405, say; the body is ours
            if name.lower() != "content-type":
                response.headers[name] = value
        return response

    @app.errorhandler(OperationalError)
    @app.errorhandler(InterfaceError)
    @app.errorhandler(PoolTimeout)  # every pooled connection is stuck waiting on the database
    def _database_down(exc: Exception):
        # Nothing was stored; the client may retry once the database is back.
        log.error("database unavailable", extra=_request_fields(error=exc.__class__.__name__))
        response = error_response(503, "database_unavailable", "The service cannot reach its database; try again shortly.")
        response.headers["Retry-After"] = "5"
        return response

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception):
        log.exception("unhandled error", extra=_request_fields())
        return error_response(500, "internal_error", INTERNAL_ERROR)


def _request_fields(**more) -> dict:
    return {"request_id": g.get("request_id"), "method": request.method, "path": request.path, **more}
