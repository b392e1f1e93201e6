"""The comment widget: one script (and its stylesheet) a publisher adds to an article page.

    <div id="comments"></div>
    <script src="https://comments.example.com/widget.js" data-article-id="..." data-token="..." async></script>

The script talks only to the origin it was loaded from; the publisher lists its own origin in
MODERATION_ALLOWED_ORIGINS so the browser lets it.
"""
from __future__ import annotations

from flask import Blueprint, send_from_directory

bp = Blueprint("widget", __name__, static_folder="static")

ASSETS = ("widget.js", "widget.css")


def _asset(name: str):
    response = send_from_directory(bp.static_folder, name, max_age=300)
    # The page embedding the widget lives on another origin.
    response.headers["Cross-Origin-Resource-Policy"] = "cross-origin"
    return response


@bp.get("/widget.js")
def script():
    return _asset("widget.js")


@bp.get("/widget.css")
def stylesheet():
    return _asset("widget.css")
