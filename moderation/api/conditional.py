"""Conditional GETs: an answer carries an ETag, and a client that sends it back in If-None-Match
gets 304 with no body while nothing has changed. The version is cheap to read (see
services.comments.thread_version); the full answer is built only when it moved."""
from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from flask import Response, request

NO_STORE_BETWEEN_READERS = "private, no-cache"  # each reader's answer differs; always ask again


def answer_if_changed(version: str, build: Callable[[], Any]):
    """`version` names what the answer depends on besides the request's own URL."""
    tag = hashlib.sha256(f"{request.full_path}|{version}".encode()).hexdigest()[:32]
    headers = {"ETag": f'"{tag}"', "Cache-Control": NO_STORE_BETWEEN_READERS}
    if tag in request.if_none_match:
        return Response(status=304, headers=headers)
    return build(), 200, headers
