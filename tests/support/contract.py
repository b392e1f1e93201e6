"""Every answer the API gives a test, checked against the contract: a status the OpenAPI document
lists for the operation, and a body that its model for that status accepts, strictly (no field
the model leaves out, no number sent as a string)."""
from __future__ import annotations

from collections.abc import Callable

import httpx
from werkzeug.exceptions import HTTPException

from moderation.api.responses import ErrorBody
from moderation.api.spec import OPERATIONS, Operation

API_PATHS = ("/api/", "/healthz", "/readyz", "/metrics")
# In the usual error format whatever the path: a request line or headers over gunicorn's limits
# (documented once, in the document's components), and a bug of the service's (undocumented).
ON_ANY_PATH = (414, 431, 500)


def operation_of(app, method: str, raw_path: str) -> Operation | None:
    """The documented operation whose URL template `raw_path` (still percent-encoded, so that an id
    holding `/` stays one segment) fills in; None when it fills in none."""
    try:
        endpoint, _ = app.url_map.bind("localhost").match(raw_path, method=method)
    except HTTPException:
        return None
    return next((op for op in OPERATIONS if op.endpoint == endpoint), None)


def check_answer(app, response: httpx.Response) -> Operation | None:
    """Raise AssertionError unless `response` is what the contract says; returns the operation."""
    request = response.request
    path = request.url.path
    if not path.startswith(API_PATHS):
        return None  # the dashboard, the widget and the demo site are pages, not the API
    response.read()
    where = f"{request.method} {path} answered {response.status_code}: {response.text[:300]}"
    operation = operation_of(app, request.method, request.url.raw_path.decode("ascii").partition("?")[0])
    if response.status_code in ON_ANY_PATH:
        operation, model = None, ErrorBody
    elif operation is None:
        # A path that names nothing, or a method the path does not take.
        assert response.status_code in (404, 405), where
        if response.status_code == 405:
            assert response.headers.get("Allow"), f"{where} (no Allow header)"
        model = ErrorBody
    else:
        assert response.status_code in operation.statuses, f"{where} (documented: {list(operation.statuses)})"
        model = operation.model_for(response.status_code)
    if response.status_code == 304:
        assert not response.content and response.headers.get("ETag"), f"{where} (a 304 has an ETag and no body)"
        return operation
    if model is None:
        assert response.headers["content-type"].startswith(operation.media_type), where
        return operation
    assert response.headers["content-type"] == "application/json", where
    try:
        model.model_validate_json(response.content, strict=True)
    except ValueError as exc:
        raise AssertionError(f"{where}\ndoes not conform to {model.__name__}: {exc}") from None
    if response.status_code in (429, 503) and model is ErrorBody:
        assert response.headers.get("Retry-After", "").isdigit(), f"{where} (no Retry-After)"
    if response.status_code == 401:
        assert response.headers.get("WWW-Authenticate"), f"{where} (no WWW-Authenticate)"
    return operation


def checked_answers(app, seen: list | None = None) -> dict[str, list[Callable]]:
    """httpx event hooks that check every answer; with `seen`, each (operation, status) is noted."""

    def hook(response: httpx.Response) -> None:
        operation = check_answer(app, response)
        if seen is not None and operation is not None:
            seen.append((operation.endpoint, response.status_code))

    return {"response": [hook]}
