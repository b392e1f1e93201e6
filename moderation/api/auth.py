"""Who is asking: the reader behind the bearer token, and what they may do. The endpoint
declaration (spec.endpoint) checks what an endpoint's `auth` asks for before its view runs."""
from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable

from flask import g, request

from ..domain.model import Forbidden, Reader, Unauthenticated
from ..web import network_of, runtime


def current_reader() -> Reader | None:
    if "reader" not in g:
        header = request.headers.get("Authorization", "")
        if not header:
            g.reader = None
        else:
            scheme, _, token = header.partition(" ")
            if scheme.lower() != "bearer" or not token.strip():
                raise Unauthenticated("invalid_token", "Send the token as `Authorization: Bearer <token>`.")
            g.reader = runtime().tokens.reader(token.strip())
    return g.reader


def require_reader() -> Reader:
    reader = current_reader()
    if reader is None:
        raise Unauthenticated("unauthenticated", "Sign in first.")
    return reader


def require_commenter() -> Reader:
    """A signed-in reader; whether they may comment (a subscriber, not suspended) the service decides."""
    reader = current_reader()
    if reader is None:
        raise Unauthenticated("unauthenticated", "Sign in to comment.")
    return reader


def require_moderator() -> Reader:
    reader = require_reader()
    if not reader.is_moderator:
        raise Forbidden("moderator_only", "Only moderators may do this.")
    return reader


def require_editor() -> Reader:
    reader = require_reader()
    if not reader.is_editor:
        raise Forbidden("editor_only", "Only editors and admins may do this.")
    return reader


def require_admin() -> Reader:
    reader = require_reader()
    if not reader.is_admin:
        raise Forbidden("admin_only", "Only admins may do this.")
    return reader


def reporter_key(reader: Reader | None) -> str:
    """A stable key per complainant: the reader id, or a keyed hash of an anonymous reader's network.

    An IPv6 home connection holds a whole /64, so that is what identifies an anonymous reader;
    behind a reverse proxy the address is only right with MODERATION_TRUSTED_PROXIES set.
    """
    if reader is not None:
        return f"reader:{reader.id}"
    secret = runtime().settings.secret_key.encode()
    digest = hmac.new(secret, network_of(request.remote_addr).encode(), hashlib.sha256).hexdigest()
    return f"anon:{digest[:32]}"


def require_metrics_token() -> None:
    """With MODERATION_METRICS_TOKEN set, only a scraper sending it may read the metrics (they
    name moderators); without it anyone may."""
    token = runtime().settings.metrics_token
    if token and not hmac.compare_digest(request.headers.get("Authorization", ""), f"Bearer {token}"):
        raise Unauthenticated("metrics_token_required", "Send the metrics token as a bearer token.")


# What the endpoint declaration checks for each kind of `auth`, before the view runs. Where it
# gives an identity, the view receives it as `reader=` (None: an anonymous reader); the rules that
# depend on the resource (the comment's author, whether this reader may comment now) are the
# service's.
GIVES_READER: dict[str, Callable[[], Reader | None]] = {
    "anyone": current_reader,
    "reader": require_reader,
    "author": require_reader,
    "subscriber": require_commenter,
    "moderator": require_moderator,
    "editor": require_editor,
    "admin": require_admin,
}
CHECKS_ONLY: dict[str, Callable[[], None]] = {
    "public": lambda: None,  # a token sent is not read
    "metrics": require_metrics_token,
}
