"""Declaring an endpoint once gives its route, its input validation, and its OpenAPI entry with the
model of every answer it gives."""
from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from flask import Blueprint, request
from pydantic import BaseModel, ValidationError
from pydantic.json_schema import models_json_schema

from ..domain.client_input import MAX_ID_CHARS, ensure_id, ensure_storable, parse_json
from ..domain.model import DomainError
from ..services import results
from ..services.idempotency import KEPT_FOR, IdempotencyKey
from .auth import CHECKS_ONLY, GIVES_READER
from .responses import ErrorBody


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
    endpoint: str  # the Flask endpoint, blueprint.view
    summary: str
    tag: str
    auth: str
    body: type[BaseModel] | None
    query: type[BaseModel] | None
    returns: type[BaseModel] | None  # the body of every 2xx answer; None: `media_type` text
    responses: dict[int, str]  # what the view says of its statuses; `statuses` adds the rest
    bodies: dict[int, type[BaseModel]] = field(default_factory=dict)  # a body other than the usual for a status
    media_type: str = "application/json"
    database: bool = True  # reads or writes the database, so it answers 503 while it is unreachable
    idempotent: bool = False
    path_params: list[str] = field(default_factory=list)

    @property
    def conditional(self) -> bool:
        """Answers with an ETag and 304 to a request sending it back."""
        return 304 in self.responses

    @property
    def statuses(self) -> dict[int, str]:
        """Every status the operation answers with: the view's own, and those every operation of
        its kind can give (bad input, no token, no database)."""
        statuses = dict(self.responses)
        if self.body is not None:
            statuses.setdefault(400, "The body is not JSON, or not UTF-8 (`malformed_json`, `invalid_utf8`)")
            statuses.setdefault(413, "The body is larger than MODERATION_MAX_REQUEST_BYTES (`request_too_large`)")
            statuses.setdefault(415, "The body is not `application/json` (`unsupported_media_type`)")
            statuses.setdefault(422, "Invalid fields (`invalid_request`, with `details`)")
        if self.query is not None:
            statuses.setdefault(422, "Invalid query parameters (`invalid_request`, with `details`)")
        if self.path_params:
            statuses.setdefault(404, "Not found (an id holding `/` names nothing either)")
            statuses.setdefault(422, "An id that is not 1 to 200 storable characters (`invalid_<name>_id`)")
        if self.auth in TOKEN_READERS:
            statuses.setdefault(401, "A token that is malformed, expired or not signed by the publisher")
        if self.auth in ROLES_REQUIRED:
            statuses.setdefault(403, ROLES_REQUIRED[self.auth])
        if self.database:
            statuses.setdefault(503, "The database cannot be reached (`database_unavailable`); nothing was stored")
        return dict(sorted(statuses.items()))

    def model_for(self, status: int) -> type[BaseModel] | None:
        """The model the body of a `status` answer conforms to (None: not JSON)."""
        if status in self.bodies:
            return self.bodies[status]
        if status == 304:
            return None  # Not Modified has no body
        return ErrorBody if status >= 400 else self.returns


OPERATIONS: list[Operation] = []


def endpoint(
    bp: Blueprint,
    method: str,
    rule: str,
    *,
    summary: str,
    returns: type[BaseModel] | None,
    auth: str = "anyone",
    body: type[BaseModel] | None = None,
    query: type[BaseModel] | None = None,
    responses: dict[int, str] | None = None,
    bodies: dict[int, type[BaseModel]] | None = None,
    media_type: str = "application/json",
    database: bool = True,
    idempotent: bool = False,
) -> Callable:
    """Register a view on `bp`. Before the view runs, malformed input is refused, and then a
    request without what `auth` asks for (see api.auth). The view receives `reader=`, who is
    asking (unless `auth` is "public" or "metrics"), `body=` and `query=` already validated, and
    with `idempotent` `idempotency_key=`, the request's Idempotency-Key header (or None). Its
    answers have the body `returns` (a 2xx) or ErrorBody, unless `bodies` says otherwise."""
    if auth not in AUTH_NOTES:
        raise ValueError(f"unknown auth {auth!r}: one of {', '.join(AUTH_NOTES)}")
    identify = GIVES_READER.get(auth)
    check = CHECKS_ONLY.get(auth)

    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        def handler(**path_args: Any) -> Any:
            for name, value in path_args.items():
                ensure_id(value, name)
            kwargs = dict(path_args)
            if body is not None:
                kwargs["body"] = parse_body(body)
            if query is not None:
                kwargs["query"] = parse_query(query)
            if idempotent:
                kwargs["idempotency_key"] = parse_idempotency_key(kwargs.get("body"))
            # Malformed input is refused first, whoever sends it; then who is asking.
            if identify is not None:
                kwargs["reader"] = identify()
            elif check is not None:
                check()
            return _sent(view(**kwargs))

        bp.add_url_rule(rule, endpoint=view.__name__, view_func=handler, methods=[method])
        path = (bp.url_prefix or "") + rule
        OPERATIONS.append(
            Operation(
                method=method.lower(),
                path=re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", path),
                endpoint=f"{bp.name}.{view.__name__}",
                summary=summary,
                tag=bp.name,
                auth=auth,
                body=body,
                query=query,
                returns=returns,
                responses=responses or {200: "OK"},
                bodies=bodies or {},
                media_type=media_type,
                database=database,
                idempotent=idempotent,
                path_params=re.findall(r"<(?:\w+:)?(\w+)>", path),
            )
        )
        return view

    return decorate


def _sent(answer: Any) -> Any:
    """A view's answer as Flask sends it: a result record (alone, or with a status and headers)
    becomes its JSON object here, at the edge; the JSON provider writes its moments."""
    if isinstance(answer, tuple):
        return (_sent(answer[0]), *answer[1:])
    return results.answer(answer) if isinstance(answer, BaseModel) else answer


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


AUTH_NOTES = {
    "public": "No token needed (one sent is not read).",
    "anyone": "No token needed; a reader's token shows them more (their own comments).",
    "subscriber": "A reader token with `subscriber: true`.",
    "author": "The token of the comment's author.",
    "moderator": "A token with the `moderator`, `editor` or `admin` role.",
    "editor": "A token with the `editor` or `admin` role.",
    "admin": "A token with the `admin` role.",
    "reader": "Any valid reader token.",
    "metrics": "The metrics token as a bearer token, when MODERATION_METRICS_TOKEN is set; else anyone.",
}
# Who reads a bearer token when one is sent (so may answer 401), and who needs a role (403).
TOKEN_READERS = {*GIVES_READER, "metrics"}
ROLES_REQUIRED = {
    "subscriber": "Not a subscriber, or not allowed to comment now",
    "author": "Not the author",
    "moderator": "Not a moderator (`moderator_only`)",
    "editor": "Not an editor (`editor_only`)",
    "admin": "Not an admin (`admin_only`)",
}
SECURITY: dict[str, list[dict[str, list[str]]] | None] = {
    "public": None,
    "anyone": [{}, {"readerToken": []}],
    "metrics": [{}, {"metricsToken": []}],
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

RETRY_AFTER = {"Retry-After": {"description": "Seconds to wait before trying again", "required": True,
                               "schema": {"type": "integer", "minimum": 0}}}
ETAG = {"ETag": {"description": "Send it back in If-None-Match: 304 while nothing has changed", "required": True,
                 "schema": {"type": "string"}}}
WWW_AUTHENTICATE = {"WWW-Authenticate": {"description": "`Bearer realm=\"comments\"`", "required": True,
                                         "schema": {"type": "string"}}}
ERROR_BODY = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}}
METHOD_NOT_ALLOWED = {
    "description": "The path exists but not with this method (`method_not_allowed`); any path of the API may "
                   "answer this to a method it does not list.",
    "headers": {"Allow": {"description": "The methods the path takes", "required": True, "schema": {"type": "string"}}},
    "content": ERROR_BODY,
}
URI_TOO_LONG = {
    "description": "The request line (method, path, query and HTTP version) is over 4,094 bytes (`uri_too_long`); "
                   "the HTTP server refuses it on any path before the service reads it, so nothing is stored.",
    "content": ERROR_BODY,
}
HEADERS_TOO_LARGE = {
    "description": "More than 100 request headers, or a header line over 8,190 bytes (`headers_too_large`); "
                   "the HTTP server refuses it on any path before the service reads it, so nothing is stored.",
    "content": ERROR_BODY,
}
INTERNAL_ERROR = {
    "description": "A fault of the service's (`internal_error`), logged with the request id; never an answer to "
                   "what the client sent.",
    "content": ERROR_BODY,
}
DESCRIPTION = (
    "Subscriber comments, readers' complaints and post-moderation with staffed-hours rules. Every error is "
    "`{\"error\": {\"code\", \"message\"}}` (ErrorBody); a method a path does not take gets 405 with `Allow`, a "
    "path that names nothing 404, a request line or headers over the server's limits 414 or 431, and a fault of "
    "the service's 500."
)


def _response(op: Operation, status: int, description: str, refs: dict) -> dict:
    response: dict[str, Any] = {"description": description}
    model = op.model_for(status)
    if model is not None:
        response["content"] = {"application/json": {"schema": refs[model, "serialization"]}}
    elif status < 400 and status != 304:
        response["content"] = {op.media_type: {"schema": {"type": "string"}}}
    if status in (200, 304) and op.conditional:
        response["headers"] = ETAG
    if model is ErrorBody and status in (429, 503):
        response["headers"] = RETRY_AFTER
    elif status == 401:
        response["headers"] = WWW_AUTHENTICATE
    return response


JsonSchemaMode = Literal["validation", "serialization"]


def _models(op: Operation) -> list[tuple[type[BaseModel], JsonSchemaMode]]:
    models: list[tuple[type[BaseModel] | None, JsonSchemaMode]] = [
        (op.model_for(status), "serialization") for status in op.statuses
    ]
    if op.body is not None:
        models.append((op.body, "validation"))
    return [(model, mode) for model, mode in models if model is not None]


def openapi_document() -> dict:
    # One pass over every model, so each is one component and a name used twice is caught.
    first: tuple[type[BaseModel], JsonSchemaMode] = (ErrorBody, "serialization")
    wanted = list(dict.fromkeys([first, *(m for op in OPERATIONS for m in _models(op))]))
    refs, definitions = models_json_schema(wanted, ref_template="#/components/schemas/{model}")
    schemas: dict[str, Any] = definitions.get("$defs", {})
    paths: dict[str, dict] = {}
    for op in OPERATIONS:
        entry: dict[str, Any] = {
            "summary": op.summary,
            "description": f"Who: {AUTH_NOTES[op.auth]}",
            "operationId": op.endpoint.replace(".", "_"),
            "tags": [op.tag],
            "parameters": [
                {"name": p, "in": "path", "required": True,
                 "schema": {"type": "string", "minLength": 1, "maxLength": MAX_ID_CHARS}}
                for p in op.path_params
            ],
            "responses": {str(status): _response(op, status, text, refs) for status, text in op.statuses.items()},
        }
        security = SECURITY.get(op.auth, [{"readerToken": []}])
        if security is not None:
            entry["security"] = security
        if op.idempotent:
            entry["parameters"].append(IDEMPOTENCY_PARAMETER)
        if op.query is not None:
            schema = op.query.model_json_schema(ref_template="#/components/schemas/{model}")
            schemas.update(schema.pop("$defs", {}))
            for name, prop in schema["properties"].items():
                entry["parameters"].append({"name": name, "in": "query", "required": False, "schema": prop})
        if op.body is not None:
            entry["requestBody"] = {"required": True,
                                    "content": {"application/json": {"schema": refs[op.body, "validation"]}}}
        paths.setdefault(op.path, {})[op.method] = entry
    return {
        "openapi": "3.1.0",
        "info": {"title": "Comment moderation API", "version": "1", "description": DESCRIPTION},
        "paths": paths,
        "components": {
            "schemas": schemas,
            "responses": {"MethodNotAllowed": METHOD_NOT_ALLOWED, "UriTooLong": URI_TOO_LONG,
                          "HeadersTooLarge": HEADERS_TOO_LARGE, "InternalError": INTERNAL_ERROR},
            "securitySchemes": {
                "readerToken": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"},
                "metricsToken": {"type": "http", "scheme": "bearer"},
            },
        },
    }
