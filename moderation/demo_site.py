"""The embedded default's demonstration newspaper: article pages with the comment widget on them.

Only `moderation serve` registers it: it hands out the demo accounts' tokens to whoever asks.
"""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, abort, redirect, render_template, request, url_for

from . import demo
from .services import articles
from .web import ctx

VIEWERS = {
    "subscriber": "Sam Subscriber (subscriber)",
    "second_subscriber": "Priya Patel (subscriber)",
    "reader": "Rowan Reader (signed in, not subscribed)",
    "anonymous": "Signed out",
}


def make_blueprint(tokens: dict[str, str]) -> Blueprint:
    bp = Blueprint("demo_site", __name__, url_prefix="/demo")

    @bp.get("/")
    def index():
        listing = [articles.get_article(ctx(), a["id"]) for a in demo.ARTICLES]
        return render_template("demo/index.html", articles=listing, viewer=_viewer(), viewers=VIEWERS)

    @bp.get("/articles/<article_id>")
    def article(article_id: str):
        if article_id not in {a["id"] for a in demo.ARTICLES}:
            abort(404)
        text = next(a for a in demo.ARTICLES if a["id"] == article_id)
        viewer = _viewer()
        return render_template(
            "demo/article.html", article=articles.get_article(ctx(), article_id), paragraphs=[text["body"]],
            section=text["section"], viewer=viewer, viewers=VIEWERS, token=tokens.get(viewer, ""),
        )

    @bp.get("/subscribe")
    def subscribe():
        # The widget says which article the reader came from; only the demo's own pages are linked back to.
        back = urlsplit(request.args.get("return_url", ""))
        article = back.path if back.path.startswith("/demo/articles/") and back.netloc == request.host else ""
        return render_template("demo/subscribe.html", viewers=VIEWERS, viewer=_viewer(), back=article)

    @bp.get("/as/<viewer>")
    def view_as(viewer: str):
        if viewer not in VIEWERS:
            abort(404)
        target = request.args.get("next", "")
        response = redirect(target if target.startswith("/demo/") else url_for(".index"))
        response.set_cookie("demo_viewer", viewer, samesite="Lax", httponly=True)
        return response

    return bp


def _viewer() -> str:
    viewer = request.cookies.get("demo_viewer", "subscriber")
    return viewer if viewer in VIEWERS else "subscriber"
