"""Browser tests: Debian's Chromium driven by Playwright, against the service on a real port.

The widget is embedded in a page served from another origin (the publisher's), as in production;
the service allows that origin. Screenshots go to tests/artifacts/screenshots (not committed).
"""
from __future__ import annotations

from urllib.parse import urlsplit

import httpx
import pytest
from playwright.sync_api import Page, sync_playwright

from moderation.services import staff
from support.browser import CHROMIUM, CHROMIUM_ARGS, STAFF_PASSWORD, PublisherSite, Site
from support.live import pin_policy, start_service


@pytest.fixture(scope="session")
def chromium():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def site(db_url, clock, tokens):
    publisher = PublisherSite()
    # Widgets look for changes every 5 seconds (the fewest allowed), so live updates show quickly.
    server, app, base = start_service(db_url, clock, allowed_origins=(publisher.origin,),
                                      secure_cookies=False, live_update_seconds=5)
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
