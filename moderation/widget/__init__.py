"""The comment widget: one script (and its stylesheet) a publisher adds to an article page.

    <div id="comments"></div>
    <script src="https://comments.example.com/widget.js" data-article-id="..." data-token="..." async></script>

The script talks only to the origin it was loaded from; the publisher lists its own origin in
MODERATION_ALLOWED_ORIGINS so the browser lets it.

The readable source lives in `static/`; readers are sent it minified (comments and layout
whitespace removed), made once per process and answered with an ETag of its content.
"""
from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path
from typing import NamedTuple

import rcssmin
import rjsmin
from flask import Blueprint, Response, request

bp = Blueprint("widget", __name__)

STATIC = Path(__file__).resolve().parent / "static"
MAX_AGE = 300  # seconds a browser or CDN may keep an asset before asking again
MINIFIERS = {
    "widget.js": ("text/javascript", rjsmin.jsmin),
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
    return response.make_conditional(request)


@bp.get("/widget.js")
def script():
    return _asset("widget.js")


@bp.get("/widget.css")
def stylesheet():
    return _asset("widget.css")
