"""Readers' data in the browser: an author appeals in the widget, another moderator judges it in the
dashboard, the author is told; a reader downloads their data from the widget, and deletes it."""
from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import Page, expect
from test_dashboard import sign_in
from test_widget import card, open_widget

from support.browser import screenshot
from support.clock import WEEKDAY_MORNING

pytestmark = pytest.mark.e2e

TEXT = "The figures in this story are wrong."


def test_an_author_appeals_and_another_moderator_overturns_the_removal(site, clock, page: Page, browser_context):
    clock.set(WEEKDAY_MORNING)
    site.article("bridge")
    comment = site.post("bridge", TEXT, sub="sam", name="Sam Subscriber")
    removed = site.http.post(f"/api/v1/moderation/comments/{comment['id']}/decision",
                             json={"action": "delete", "reason": "untrue"}, headers=site.tokens.moderator("mod-morgan"))
    assert removed.status_code == 200
    sam = site.tokens.make("sam", name="Sam Subscriber")

    open_widget(page, site, "bridge", sam)
    mine = card(page, TEXT)
    expect(mine.get_by_text(re.compile("^Removed by a moderator"))).to_be_visible()
    mine.get_by_role("button", name="Appeal this decision").click()
    page.get_by_label("Why should a moderator look at this decision again?").fill("The council's own report gives these figures.")
    page.get_by_role("button", name="Send appeal").click()
    expect(mine.get_by_text("Appeal sent — a different moderator will review the decision.")).to_be_visible()
    expect(mine.get_by_role("button", name="Appeal this decision")).to_have_count(0)
    screenshot(page, "widget-appeal-sent")

    # The moderator who removed it sees the appeal but may not judge it.
    morgan = browser_context.new_page()
    sign_in(morgan, site, "morgan")
    morgan.goto(f"{site.base_url}/dashboard/comments/{comment['id']}")
    expect(morgan.get_by_text("This appeal is against your own decision: a colleague must judge it.")).to_be_visible()
    expect(morgan.get_by_role("button", name=re.compile("^Overturn"))).to_have_count(0)
    morgan.get_by_role("button", name="Sign out").click()

    other = browser_context.new_page()
    sign_in(other, site, "casey")
    row = other.locator("tr.item").filter(has_text=TEXT)
    expect(row.locator(".badge.appeal-badge")).to_have_text("appeal")
    row.get_by_role("link").first.click()
    expect(other.get_by_role("heading", name="Appeal by the author")).to_be_visible()
    expect(other.locator("#appeal blockquote")).to_have_text("The council's own report gives these figures.")
    expect(other.locator("#appeal")).to_contain_text("Against the decision to remove it (Untrue) by Morgan Moderator")
    other.get_by_label("Your reasons (the author is told)").fill("The figures match the council's report.")
    screenshot(other, "dashboard-appeal")
    other.get_by_role("button", name="Overturn: restore the comment").click()
    expect(other.get_by_text("Appeal allowed: the comment is restored as its author wrote it.")).to_be_visible()
    other.get_by_role("link", name="Charts").click()
    appeals = other.locator("figure").filter(has=other.get_by_role("heading", name="Appeals"))
    expect(appeals.locator("svg.chart rect.overturned")).to_have_count(1)
    expect(appeals.locator("tbody td")).to_have_text(["Morgan Moderator", "1", "0", "1", "100%"])

    open_widget(page, site, "bridge", sam)
    restored = card(page, TEXT)
    expect(restored.locator(".cw-body")).to_have_text(TEXT)
    expect(restored.get_by_text("Appeal reviewed — the decision was reversed.")).to_be_visible()
    page.get_by_role("button", name=re.compile("^Moderation updates")).click()
    expect(page.get_by_text("A moderator reviewed your appeal and restored your comment. "
                            "The figures match the council's report.")).to_be_visible()
    open_widget(page, site, "bridge")  # and every reader sees it again
    expect(card(page, TEXT).locator(".cw-body")).to_have_text(TEXT)


def test_a_reader_downloads_their_data_from_the_widget(site, page: Page):
    site.article("bridge")
    site.post("bridge", "Lovely to have the bridge back.", sub="ailsa", name="Ailsa")
    open_widget(page, site, "bridge")
    expect(page.get_by_role("button", name="Download my data")).to_have_count(0)  # nothing to download signed out

    open_widget(page, site, "bridge", site.tokens.make("ailsa", name="Ailsa"))
    with page.expect_download() as download:
        page.get_by_role("button", name="Download my data").click()
    assert download.value.suggested_filename == "my-comments-data.json"
    data = json.loads(open(download.value.path(), encoding="utf-8").read())
    assert data["reader"]["id"] == "ailsa"
    assert [c["versions"][0]["body"] for c in data["comments"]] == ["Lovely to have the bridge back."]


def test_a_reader_deletes_their_data_from_the_widget_and_their_comments_show_as_removed_at_their_request(site, page: Page):
    site.article("bridge")
    site.article("harbour")
    lane = site.post("bridge", "The bridge needs a proper cycle lane.", sub="ailsa", name="Ailsa Grant")
    site.post("bridge", "It has one now, on the north side.", sub="tom", name="Tom Reid", parent_id=lane["id"])
    site.post("harbour", "The harbour walk is lovely in spring.", sub="ailsa", name="Ailsa Grant")
    open_widget(page, site, "bridge", site.tokens.make("ailsa", name="Ailsa Grant"))
    opener = page.get_by_role("button", name="Delete my data", exact=True)
    confirmation = page.get_by_role("group", name="Delete your data from the comments?")

    # It asks first, says what will happen, and lets the reader back out with Escape.
    opener.click()
    expect(confirmation).to_be_visible()
    expect(opener).to_have_attribute("aria-expanded", "true")
    expect(confirmation).to_have_accessible_description(re.compile(
        "removed at your request.*name, e-mail address.*cannot be undone", re.DOTALL))
    expect(confirmation.get_by_role("button", name="Keep my data")).to_be_focused()
    page.keyboard.press("Escape")
    expect(confirmation).to_have_count(0)
    expect(opener).to_be_focused()
    expect(opener).to_have_attribute("aria-expanded", "false")
    expect(card(page, "proper cycle lane")).to_be_visible()  # nothing happened

    # By keyboard alone this time.
    page.keyboard.press("Enter")
    expect(confirmation.get_by_role("button", name="Keep my data")).to_be_focused()
    page.keyboard.press("Tab")
    expect(confirmation.get_by_role("button", name="Delete my data permanently")).to_be_focused()
    screenshot(page, "widget-delete-my-data")
    page.keyboard.press("Enter")
    done = page.locator("footer").get_by_text("Your data is deleted. Your 2 comments now show as removed at your request.", exact=True)
    expect(done).to_be_focused()
    expect(page.get_by_role("status").filter(has_text="Your data is deleted.")).to_be_attached()
    expect(confirmation).to_have_count(0)

    def expect_erased() -> None:
        tombstone = card(page, "This comment was removed at its author's request.")
        expect(tombstone).to_be_visible()
        expect(page.get_by_text("proper cycle lane")).to_have_count(0)
        expect(page.locator(".cw-list").get_by_text("Ailsa Grant")).to_have_count(0)
        reply = page.locator(".cw-replies .cw-card").filter(has_text="It has one now, on the north side.")
        expect(reply).to_contain_text("Tom Reid")  # the thread under it stays

    expect_erased()
    open_widget(page, site, "bridge")  # every reader sees the same
    expect_erased()
    open_widget(page, site, "harbour")  # with no replies under it, not even a note is left
    expect(page.get_by_text("harbour walk")).to_have_count(0)
    expect(page.locator(".cw-placeholder")).to_have_count(0)
