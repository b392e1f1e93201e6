"""The comment widget: one script (and its stylesheet) a publisher adds to an article page.

    <div id="comments"></div>
    <script src="https://comments.example.com/widget.js" data-article-id="..." data-token="..." async></script>

The script talks only to the origin it was loaded from; the publisher lists its own origin in
MODERATION_ALLOWED_ORIGINS so the browser lets it.

The script's readable source is the ES modules in `src/` (type-checked and linted);
`scripts/widget.sh build` bundles and minifies them into `static/widget.js`, which is committed and
sent as it is. The stylesheet is `static/widget.css`, sent minified. Each is read once per process
and answered with an ETag of the bytes sent.
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import NamedTuple

import rcssmin
from flask import Blueprint, Response, request

bp = Blueprint("widget", __name__)

STATIC = Path(__file__).resolve().parent / "static"
MAX_AGE = 300  # seconds a browser or CDN may keep an asset before asking again
MINIFIERS: dict[str, tuple[str, Callable[[str], str]]] = {
    "widget.js": ("text/javascript", lambda bundle: bundle),  # minified when bundled
    "widget.css": ("text/css", rcssmin.cssmin),
}


class Asset(NamedTuple):
    body: bytes
    mimetype: str
    etag: str


@cache
def served(name: str) -> Asset:
    """The asset as readers receive it."""
    mimetype, minify = MINIFIERS[name]
    body = minify((STATIC / name).read_text(encoding="utf-8")).encode("utf-8")
    return Asset(body, mimetype, hashlib.sha256(body).hexdigest()[:32])


def _asset(name: str) -> Response:
    asset = served(name)
    response = Response(asset.body, mimetype=asset.mimetype)
    response.set_etag(asset.etag)
    response.cache_control.public = True
    response.cache_control.max_age = MAX_AGE
    # The page embedding the widget lives on another origin.
    response.headers["Cross-Origin-Resource-Policy"] = "cross-origin"
    response.make_conditional(request)  # 304 when the browser holds these bytes already
    return response


@bp.get("/widget.js")
def script() -> Response:
    return _asset("widget.js")


@bp.get("/widget.css")
def stylesheet() -> Response:
    return _asset("widget.css")
