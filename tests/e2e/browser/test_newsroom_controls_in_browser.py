"""The newsroom's controls in a real browser: the word-list page, the site-wide pause and a
sensitive article, from the dashboard to what readers see in the widget."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from support.browser import STAFF_PASSWORD, open_widget, screenshot, widget_card
from support.clock import WEEKDAY_MORNING

pytestmark = pytest.mark.e2e


def sign_in(page: Page, site, username: str) -> None:
    page.goto(f"{site.base_url}/dashboard/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Review queue")).to_be_visible()


def test_an_admin_edits_the_word_lists_told_in_words_what_is_wrong_and_moderators_read_them(
        site, clock, page, browser_context):
    clock.set(WEEKDAY_MORNING)
    sign_in(page, site, "alex")
    page.get_by_role("link", name="Word lists").click()
    expect(page.get_by_role("heading", name="Word lists")).to_be_visible()
    page.get_by_label("Banned phrases").fill("kill yourself\nscumbag\n" + "x" * 101)
    page.get_by_label("Suspect phrases").fill("idiot\nScumbag")
    page.get_by_role("button", name="Save the lists").click()
    problems = page.locator("#word-list-problems")
    expect(problems).to_contain_text("The lists were not saved")
    expect(problems).to_contain_text("is 101 characters long; the limit is 100")
    expect(problems).to_contain_text("“Scumbag” is on both lists: a phrase is either banned or suspect.")
    expect(page.get_by_label("Suspect phrases")).to_have_value("idiot\nScumbag")  # nothing typed is lost
    screenshot(page, "dashboard-word-lists-refused")
    assert site.http.get("/api/v1/moderation/word-lists", headers=site.tokens.moderator()).json()["version"] == 0

    page.get_by_label("Banned phrases").fill("kill yourself\nscumbag")
    page.get_by_label("Suspect phrases").fill("idiot")
    page.get_by_label("Note for the history (optional)").fill("Launch lists")
    page.get_by_role("button", name="Save the lists").click()
    expect(page.get_by_text("Word lists saved")).to_be_visible()
    history = page.locator("table.audit tbody tr").first
    expect(history).to_contain_text("Alex Admin")
    expect(history).to_contain_text("Launch lists")
    screenshot(page, "dashboard-word-lists")

    # A comment with a disguised banned phrase is withheld and the queue says which phrase.
    site.article("bridge")
    comment = site.post("bridge", "The engineer is a scum-bag.", sub="gordon", name="Gordon")
    assert comment["status"] == "awaiting_review"
    page.get_by_role("link", name="Queue").click()
    row = page.locator("tr.item").filter(has_text="The engineer is a scum-bag.")
    expect(row).to_contain_text("banned phrase")
    expect(row).to_contain_text("hidden")
    row.get_by_role("link").first.click()
    expect(page.get_by_text("Contains the banned phrase “scumbag” (written “scum-bag”).", exact=True)).to_be_visible()
    expect(page.get_by_text(re.compile("^Withheld at any coverage: it contains the banned phrase “scumbag”"))).to_be_visible()

    # A moderator reads the lists but cannot change them.
    other = browser_context.browser.new_context()
    moderator_page = other.new_page()
    sign_in(moderator_page, site, "morgan")
    moderator_page.goto(f"{site.base_url}/dashboard/word-lists")
    expect(moderator_page.get_by_text("Only admins may change the lists.")).to_be_visible()
    expect(moderator_page.locator("#banned-list")).to_have_text(re.compile(r"kill yourself\s*scumbag"))
    expect(moderator_page.get_by_role("button", name="Save the lists")).to_have_count(0)
    other.close()


def test_a_moderator_pauses_commenting_and_the_widget_shows_the_message_instead_of_the_composer(site, clock, page,
                                                                                                browser_context):
    clock.set(WEEKDAY_MORNING)
    site.article("bridge")
    site.post("bridge", "Before the pause.", sub="ailsa")
    token = site.tokens.make("sam", name="Sam Subscriber")
    reader = browser_context.browser.new_context().new_page()
    open_widget(reader, site, "bridge", token)  # opened before the pause
    expect(reader.get_by_role("textbox", name="Join the discussion")).to_be_visible()

    sign_in(page, site, "morgan")
    page.get_by_role("link", name="Pause").click()
    page.get_by_label("What readers are told").fill("Comments are paused while we deal with a flood of abuse.")
    page.get_by_role("button", name="Pause all commenting").click()
    expect(page.get_by_role("alert")).to_have_text("Tick the box to confirm: pausing stops every reader posting on "
                                                   "every article.")
    expect(page.get_by_label("What readers are told")).to_have_value(
        "Comments are paused while we deal with a flood of abuse.")
    page.get_by_label("Yes, stop all commenting on every article now").check()
    page.get_by_role("button", name="Pause all commenting").click()
    expect(page.locator("#site-state")).to_contain_text("Commenting is paused on every article")
    expect(page.get_by_role("button", name="Resume commenting")).to_have_count(0)  # resuming is for admins

    # A widget opened now shows the message and no composer, to everyone.
    fresh = browser_context.new_page()
    open_widget(fresh, site, "bridge", token)
    expect(fresh.get_by_text("Commenting is paused", exact=True)).to_be_visible()
    expect(fresh.get_by_text("Comments are paused while we deal with a flood of abuse.")).to_be_visible()
    expect(fresh.get_by_role("textbox", name="Join the discussion")).to_have_count(0)
    expect(widget_card(fresh, "Before the pause.")).to_be_visible()  # reading goes on
    screenshot(fresh, "widget-commenting-paused")
    # The widget opened before the pause: trying to post brings the message in place of the composer.
    reader.get_by_role("textbox", name="Join the discussion").fill("During the pause.")
    reader.get_by_role("button", name="Post comment").click()
    expect(reader.get_by_text("Comments are paused while we deal with a flood of abuse.")).to_be_visible()
    expect(reader.get_by_role("textbox", name="Join the discussion")).to_have_count(0)
    thread = site.http.get("/api/v1/articles/bridge/comments").json()["comments"]
    assert [c["body"] for c in thread] == ["Before the pause."]
    reader.context.close()


def test_a_sensitive_article_tells_readers_and_holds_each_new_comment_for_a_moderator(site, clock, page,
                                                                                      browser_context):
    clock.set(WEEKDAY_MORNING)
    site.article("trial", title="Harbour murder trial: day one")
    sign_in(page, site, "morgan")
    page.get_by_role("link", name="Articles").click()
    page.get_by_role("link", name="Harbour murder trial: day one").click()
    expect(page.get_by_role("heading", name="Not sensitive")).to_be_visible()
    page.get_by_role("button", name="Mark sensitive").click()
    expect(page.get_by_text("Marked sensitive: every new comment waits for a moderator.")).to_be_visible()
    expect(page.get_by_role("heading", name="Sensitive", exact=True)).to_be_visible()
    expect(page.get_by_text("Only editors and admins may lift the mark.")).to_be_visible()
    page.get_by_role("button", name="Close comments").click()
    expect(page.get_by_role("heading", name="Comments are closed")).to_be_visible()
    expect(page.get_by_text("Only editors and admins may reopen comments.")).to_be_visible()
    assert site.http.put("/api/v1/articles/trial", json={"comments_open": True},
                         headers=site.tokens.editor()).status_code == 200

    clock.advance(minutes=1)
    author = browser_context.new_page()
    open_widget(author, site, "trial", site.tokens.make("sam", name="Sam Subscriber"))
    notice = "A moderator reads every comment on this article before other readers can see it."
    expect(author.get_by_text(notice)).to_be_visible()
    author.get_by_role("textbox", name="Join the discussion").fill("He looked guilty to me.")
    author.get_by_role("button", name="Post comment").click()
    mine = widget_card(author, "He looked guilty to me.")
    expect(mine).to_contain_text("Awaiting review — only you can see this")
    expect(mine.get_by_role("button", name=re.compile("^Edit"))).to_have_count(0)  # not while it waits in the queue
    screenshot(author, "widget-sensitive-article")

    anyone = browser_context.browser.new_context().new_page()
    open_widget(anyone, site, "trial")
    expect(anyone.get_by_text(notice)).to_be_visible()
    expect(widget_card(anyone, "He looked guilty to me.")).to_have_count(0)
    anyone.context.close()
