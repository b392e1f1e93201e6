"""Declaring an endpoint once gives its route, its input validation and its OpenAPI entry."""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from typing import Any, Callable

from flask import Blueprint, request
from pydantic import BaseModel, ValidationError

from ..domain.client_input import ensure_id, ensure_storable, parse_json
from ..domain.model import DomainError
from ..services.idempotency import KEPT_FOR, IdempotencyKey


class RequestError(DomainError):
    """Malformed HTTP input, answered with `status`."""

    def __init__(self, status: int, code: str, message: str, details: list | None = None):
        super().__init__(code, message)
        self.status = status
        self.details = details


@dataclass
class Operation:
    method: str
    path: str
    summary: str
    tag: str
    auth: str
    body: type[BaseModel] | None
    query: type[BaseModel] | None
    responses: dict[int, str]
    idempotent: bool = False
    path_params: list[str] = field(default_factory=list)


OPERATIONS: list[Operation] = []


def endpoint(
    bp: Blueprint,
    method: str,
    rule: str,
    *,
    summary: str,
    auth: str = "anyone",
    body: type[BaseModel] | None = None,
    query: type[BaseModel] | None = None,
    responses: dict[int, str] | None = None,
    idempotent: bool = False,
) -> Callable:
    """Register a view on `bp`; the view receives `body=` and `query=` already validated, and
    with `idempotent` `idempotency_key=`, the request's Idempotency-Key header (or None)."""

    def decorate(view: Callable) -> Callable:
        def handler(**path_args: Any):
            for name, value in path_args.items():
                ensure_id(value, name)
            kwargs = dict(path_args)
            if body is not None:
                kwargs["body"] = parse_body(body)
            if query is not None:
                kwargs["query"] = parse_query(query)
            if idempotent:
                kwargs["idempotency_key"] = parse_idempotency_key(kwargs.get("body"))
            return view(**kwargs)

        bp.add_url_rule(rule, endpoint=view.__name__, view_func=handler, methods=[method])
        path = (bp.url_prefix or "") + rule
        OPERATIONS.append(
            Operation(
                method=method.lower(),
                path=re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", path),
                summary=summary,
                tag=bp.name,
                auth=auth,
                body=body,
                query=query,
                responses=responses or {200: "OK"},
                idempotent=idempotent,
                path_params=re.findall(r"<(?:\w+:)?(\w+)>", path),
            )
        )
        return view

    return decorate


def parse_body(model: type[BaseModel]) -> BaseModel:
    if request.mimetype != "application/json":
        raise RequestError(415, "unsupported_media_type", "Send the request body as application/json.")
    raw = request.get_data(cache=True)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise RequestError(400, "invalid_utf8", "The request body is not valid UTF-8.") from None
    try:
        data = parse_json(text)
    except ValueError as exc:
        raise RequestError(400, "malformed_json", f"The request body is not valid JSON: {exc}.") from None
    return _validate(model, data)


IDEMPOTENCY_KEY = re.compile(r"[!#-~]{1,200}")  # visible ASCII, no quotes: a UUID fits


def parse_idempotency_key(body: BaseModel | None) -> IdempotencyKey | None:
    """The Idempotency-Key header, with a fingerprint of the request it came with (method, path
    and body), so that a key sent again with a different request is caught."""
    key = request.headers.get("Idempotency-Key")
    if key is None:
        return None
    key = key.strip().removeprefix('"').removesuffix('"')  # also as a quoted structured-field string
    if not IDEMPOTENCY_KEY.fullmatch(key):
        raise RequestError(422, "invalid_idempotency_key",
                           "An Idempotency-Key is 1 to 200 visible ASCII characters (a UUID, say).")
    return IdempotencyKey(key, fingerprint(request.method, request.path, body.model_dump(mode="json") if body else None))


def fingerprint(method: str, path: str, body: Any) -> str:
    """The same for the same request however its JSON was spelt (key order, spacing)."""
    asked = json.dumps([method, path, body], sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(asked.encode()).hexdigest()


def parse_query(model: type[BaseModel]) -> BaseModel:
    return _validate(model, request.args.to_dict())


def _validate(model: type[BaseModel], data: Any) -> BaseModel:
    if not isinstance(data, dict):
        raise RequestError(422, "invalid_request", "The request body must be a JSON object.")
    ensure_storable(data, "request")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        details = [
            {"field": ".".join(str(p) for p in err["loc"]) or "(body)", "problem": err["msg"]} for err in exc.errors()
        ]
        summary = "; ".join(f"{d['field']}: {d['problem']}" for d in details)
        raise RequestError(422, "invalid_request", f"The request is not valid: {summary}", details) from None


ERROR_SCHEMA = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message"],
            "properties": {"code": {"type": "string"}, "message": {"type": "string"}, "details": {"type": "array"}},
        }
    },
}

AUTH_NOTES = {
    "anyone": "No token needed; a reader's token shows them more (their own comments).",
    "subscriber": "A reader token with `subscriber: true`.",
    "author": "The token of the comment's author.",
    "moderator": "A token with the `moderator`, `editor` or `admin` role.",
    "editor": "A token with the `editor` or `admin` role.",
    "admin": "A token with the `admin` role.",
    "reader": "Any valid reader token.",
}


IDEMPOTENCY_PARAMETER = {
    "name": "Idempotency-Key",
    "in": "header",
    "required": False,
    "schema": {"type": "string", "minLength": 1, "maxLength": 200, "pattern": "^[!#-~]+$"},
    "description": f"A fresh key (a UUID, say) per request, sent again unchanged when the request is retried: a "
                   f"retry gets the first answer, status and body, instead of doing the work twice. Keys are "
                   f"per reader and kept {KEPT_FOR.total_seconds() / 3600:g} hours; only requests that succeeded are "
                   f"remembered. A key sent with a different request: 422 `idempotency_key_reused`.",
}

RETRY_AFTER = {"Retry-After": {"description": "Seconds to wait before trying again", "schema": {"type": "integer"}}}


def _response(status: int, description: str) -> dict:
    if status < 400:
        return {"description": description}
    response = {"description": description, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
    if status == 429:
        response["headers"] = RETRY_AFTER
    return response


def openapi_document() -> dict:
    paths: dict[str, dict] = {}
    schemas: dict[str, Any] = {"Error": ERROR_SCHEMA}
    for op in OPERATIONS:
        entry: dict[str, Any] = {
            "summary": op.summary,
            "description": f"Who: {AUTH_NOTES[op.auth]}",
            "tags": [op.tag],
            "parameters": [
                {"name": p, "in": "path", "required": True, "schema": {"type": "string"}} for p in op.path_params
            ],
            "responses": {str(status): _response(status, text) for status, text in op.responses.items()},
        }
        if op.auth != "anyone":
            entry["security"] = [{"readerToken": []}]
        if op.idempotent:
            entry["parameters"].append(IDEMPOTENCY_PARAMETER)
        if op.query is not None:
            schema = op.query.model_json_schema(ref_template="#/components/schemas/{model}")
            schemas.update(schema.pop("$defs", {}))
            for name, prop in schema["properties"].items():
                entry["parameters"].append({"name": name, "in": "query", "required": False, "schema": prop})
        if op.body is not None:
            schema = op.body.model_json_schema(ref_template="#/components/schemas/{model}")
            schemas.update(schema.pop("$defs", {}))
            schemas[op.body.__name__] = schema
            entry["requestBody"] = {
                "required": True,
                "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{op.body.__name__}"}}},
            }
        paths.setdefault(op.path, {})[op.method] = entry
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Comment moderation API",
            "version": "1",
            "description": "Subscriber comments, readers' complaints and post-moderation with staffed-hours rules.",
        },
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": {"readerToken": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}},
        },
    }
