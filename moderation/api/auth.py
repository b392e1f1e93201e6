"""Who is asking: the reader behind the bearer token, and what they may do."""
from __future__ import annotations

import hashlib
import hmac
import ipaddress

from flask import current_app, g, request

from ..domain.model import Forbidden, Reader, Unauthenticated


def current_reader() -> Reader | None:
    if "reader" not in g:
        header = request.headers.get("Authorization", "")
        if not header:
            g.reader = None
        else:
            scheme, _, token = header.partition(" ")
            if scheme.lower() != "bearer" or not token.strip():
                raise Unauthenticated("invalid_token", "Send the token as `Authorization: Bearer <token>`.")
            g.reader = current_app.extensions["moderation"].tokens.reader(token.strip())
    return g.reader


def require_reader() -> Reader:
    reader = current_reader()
    if reader is None:
        raise Unauthenticated("unauthenticated", "Sign in first.")
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
    secret = current_app.extensions["moderation"].context.settings.secret_key.encode()
    digest = hmac.new(secret, network_of(request.remote_addr).encode(), hashlib.sha256).hexdigest()
    return f"anon:{digest[:32]}"


def network_of(address: str | None) -> str:
    """What identifies a client: its IPv4 address, or its IPv6 /64 (a whole home connection)."""
    try:
        ip = ipaddress.ip_address(address or "")
    except ValueError:
        return "unknown"
    if ip.version == 6:
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)
