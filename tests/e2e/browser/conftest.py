"""Browser tests: Debian's Chromium driven by Playwright, against the service on a real port.

The widget is embedded in a page served from another origin (the publisher's), as in production;
the service allows that origin. Screenshots go to tests/artifacts/screenshots (not committed).
"""
from __future__ import annotations

import html
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
from playwright.sync_api import Page, sync_playwright
from support.live import pin_policy, start_service
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

from moderation.services import staff
from support.tokens import TokenFactory

CHROMIUM = os.environ.get("MODERATION_TEST_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
STAFF_PASSWORD = "correct horse battery staple"
SUBSCRIBE_URL = "https://publisher.example/subscribe"


@pytest.fixture(scope="session")
def chromium():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


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
        page = f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{html.escape(article_id)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family: Georgia, serif; max-width: 46rem; margin: 2rem auto; padding: 0 1rem">
<h1>An article on the publisher's site</h1><p>The story itself.</p>
<div id="comments"></div>
<script src="{self.service_url}/widget.js" data-article-id="{html.escape(article_id)}" data-token="{html.escape(token)}"
  data-target="#comments" data-subscribe-url="{SUBSCRIBE_URL}" async></script>
</body></html>"""
        return Response(page, content_type="text/html; charset=utf-8")

    def article_url(self, article_id: str, token: str = "") -> str:
        return f"{self.origin}/articles/{article_id}" + (f"?token={token}" if token else "")


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


@pytest.fixture
def site(db_url, clock, tokens):
    publisher = PublisherSite()
    server, app, base = start_service(db_url, clock, allowed_origins=(publisher.origin,), subscribe_url=SUBSCRIBE_URL,
                                      secure_cookies=False)
    publisher.service_url = base
    pin_policy(app)
    ctx = app.extensions["moderation"].context
    accounts = {
        "morgan": staff.create_account(ctx, "morgan", "Morgan Moderator", STAFF_PASSWORD, ["moderator"], "mod-morgan"),
        "casey": staff.create_account(ctx, "casey", "Casey Moderator", STAFF_PASSWORD, ["moderator"], "mod-casey"),
        "alex": staff.create_account(ctx, "alex", "Alex Admin", STAFF_PASSWORD, ["admin"], "admin-alex"),
    }
    with httpx.Client(base_url=base, timeout=10) as http:
        yield Site(base, publisher, app, tokens, http, accounts)
    server.shutdown()
    publisher.server.shutdown()
    app.extensions["moderation_engine"].dispose()
    app.extensions["moderation"].context.autocommit.dispose()


@pytest.fixture
def browser_context(chromium):
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    yield context
    context.close()


@pytest.fixture
def page(browser_context) -> Page:
    """A tab that remembers every request it made, so tests can check where it went."""
    page = browser_context.new_page()
    page.requested_origins = set()
    page.on("request", lambda r: page.requested_origins.add("{0.scheme}://{0.netloc}".format(urlsplit(r.url))))
    page.set_default_timeout(10_000)
    return page


def screenshot(page: Page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
