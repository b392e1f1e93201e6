"""Helpers for the browser tests: the publisher's site on its own origin, and screenshots."""
from __future__ import annotations

import html
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import httpx
from playwright.sync_api import Page
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

from support.dashboard import STAFF_PASSWORD  # noqa: F401  (the browser tests sign in with it too)
from support.tokens import TokenFactory

CHROMIUM = os.environ.get("MODERATION_TEST_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
SCREENSHOTS = Path(__file__).resolve().parents[1] / "artifacts" / "screenshots"
SUBSCRIBE_URL = "https://publisher.example/subscribe"


class PublisherSite:
    """The newspaper's own pages, on their own origin, each embedding the widget."""

    def __init__(self):
        self.service_url = ""
        self.server = make_server("localhost", 0, self._app, threaded=True)
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        self.origin = f"http://localhost:{self.server.server_port}"

    @Request.application
    def _app(self, request: Request) -> Response:
        article_id = request.path.rsplit("/", 1)[-1]
        token = request.args.get("token", "")
        # ?subscribe=service leaves the subscribe link to the service's configuration.
        subscribe = "" if request.args.get("subscribe") == "service" else f' data-subscribe-url="{SUBSCRIBE_URL}"'
        page = f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{html.escape(article_id)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family: Georgia, serif; max-width: 46rem; margin: 2rem auto; padding: 0 1rem">
<h1>An article on the publisher's site</h1><p>The story itself.</p>
<div id="comments"></div>
<script src="{self.service_url}/widget.js" data-article-id="{html.escape(article_id)}" data-token="{html.escape(token)}"
  data-target="#comments"{subscribe} async></script>
</body></html>"""
        return Response(page, content_type="text/html; charset=utf-8")

    def article_url(self, article_id: str, token: str = "", **query: str) -> str:
        params = {"token": token, **query} if token else query
        return f"{self.origin}/articles/{article_id}" + ("?" + urlencode(params) if params else "")


@dataclass
class Site:
    base_url: str
    publisher: PublisherSite
    app: object
    tokens: TokenFactory
    http: httpx.Client
    staff: dict = field(default_factory=dict)

    @property
    def ctx(self):
        return self.app.extensions["moderation"].context

    def article(self, article_id: str, title: str = "Harbour bridge reopens", body: str = "The swing bridge reopened.") -> str:
        response = self.http.put(f"/api/v1/articles/{article_id}", json={"title": title, "body": body},
                                 headers=self.tokens.editor())
        assert response.status_code in (200, 201), response.text
        return article_id

    def post(self, article_id: str, body: str, sub: str = "sam", name: str | None = None, parent_id: str | None = None) -> dict:
        response = self.http.post(f"/api/v1/articles/{article_id}/comments", json={"body": body, "parent_id": parent_id},
                                  headers=self.tokens.subscriber(sub, name=name))
        assert response.status_code == 201, response.text
        return response.json()


def screenshot(page: Page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def open_widget(page: Page, site: Site, article_id: str, token: str = "") -> None:
    """The publisher's article page with the widget loaded and its comments shown."""
    from playwright.sync_api import expect

    page.goto(site.publisher.article_url(article_id, token))
    expect(page.locator("section.cw")).to_be_visible()
    expect(page.locator("section.cw")).not_to_have_attribute("aria-busy", "true")


def widget_card(page: Page, text: str):
    return page.locator(".cw-card").filter(has_text=text)
