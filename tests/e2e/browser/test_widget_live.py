"""What readers noticed in the widget, in a real browser: suspension wording, live updates, reports
remembered, no stray placeholders, complainants told which comment, the way back from subscribing,
and a phone-width layout."""
from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from support.browser import open_widget, screenshot, widget_card
from support.clock import WEEKDAY_MORNING, WEEKDAY_NIGHT

pytestmark = pytest.mark.e2e

LONDON = ZoneInfo("Europe/London")


card = widget_card


def report(site, comment_id: str, reporter: str, reason: str = "abuse") -> None:
    response = site.http.post(f"/api/v1/comments/{comment_id}/complaints", json={"reason": reason},
                              headers=site.tokens.subscriber(reporter, subscriber=False))
    assert response.status_code == 201, response.text


def decide(site, comment_id: str, **decision) -> None:
    response = site.http.post(f"/api/v1/moderation/comments/{comment_id}/decision", json=decision,
                              headers=site.tokens.moderator())
    assert response.status_code == 200, response.text


def test_a_suspended_reader_is_offered_no_edit_and_reads_the_end_of_the_suspension_in_words(site, page):
    # The service's clock is the real one here: the widget counts the edit window on the browser's.
    site.article("bridge")
    token = site.tokens.make("gordon", name="Gordon")
    open_widget(page, site, "bridge", token)
    page.get_by_role("textbox", name="Join the discussion").fill("The new paint will not last a winter.")
    page.get_by_role("button", name="Post comment").click()
    mine = card(page, "The new paint")
    expect(mine.get_by_role("button", name=re.compile(r"^Edit \(1[45] min left\)$"))).to_be_visible()

    until = (datetime.now(UTC) + timedelta(days=3)).astimezone(LONDON).replace(hour=12, minute=0, second=0,
                                                                                          microsecond=0)
    response = site.http.post("/api/v1/moderation/users/gordon/sanctions", headers=site.tokens.moderator(),
                              json={"kind": "suspend", "until": until.isoformat(), "reason": "Repeated insults"})
    assert response.status_code == 201, response.text
    in_words = f"{until.day} {until:%B %Y} at 12:00"

    page.reload()
    expect(page.locator("section.cw")).not_to_have_attribute("aria-busy", "true")
    expect(page.get_by_text(f"You can comment again from {in_words}.")).to_be_visible()
    mine = card(page, "The new paint")
    expect(mine).to_be_visible()
    expect(mine.get_by_role("button", name=re.compile("^Edit"))).to_have_count(0)
    expect(mine.get_by_role("button", name="Withdraw")).to_be_visible()
    page.get_by_role("button", name=re.compile("^Moderation updates")).click()
    expect(page.get_by_text(f"You may not comment until {in_words}: Repeated insults")).to_be_visible()
    assert not page.get_by_text(re.compile(r"\d{4}-\d\d-\d\dT")).count()  # no raw ISO time anywhere
    screenshot(page, "widget-suspended-reader")

    # The service's own refusal of an edit reads the same way.
    refused = site.http.patch(f"/api/v1/comments/{mine.get_attribute('id').removeprefix('cw-card-')}",
                              json={"body": "Edited anyway."}, headers={"Authorization": f"Bearer {token}"})
    assert refused.status_code == 403
    assert refused.json()["error"]["message"] == f"Your account may not comment until {in_words}."


def test_an_author_sees_their_comment_hidden_for_review_without_reloading(site, clock, page):
    clock.set(WEEKDAY_NIGHT)  # part-time moderation: two readers' reports withhold a comment at once
    site.article("bridge")
    token = site.tokens.make("gordon", name="Gordon")
    open_widget(page, site, "bridge", token)
    page.get_by_role("textbox", name="Join the discussion").fill("The engineers are idiots.")
    page.get_by_role("button", name="Post comment").click()
    mine = card(page, "The engineers are idiots.")
    expect(mine.get_by_role("button", name="Reply to Gordon")).to_be_visible()
    comment_id = mine.get_attribute("id").removeprefix("cw-card-")

    report(site, comment_id, "r1")
    report(site, comment_id, "r2")
    assert site.http.get(f"/api/v1/comments/{comment_id}").json()["status"] == "awaiting_review"

    expect(mine.get_by_text("Awaiting review — only you can see this")).to_be_visible(timeout=15_000)
    expect(mine.get_by_role("button", name="Reply to Gordon")).to_have_count(0)
    expect(mine.get_by_role("button", name=re.compile("^Edit"))).to_have_count(0)
    expect(page.get_by_role("button", name=re.compile(r"^Moderation updates\s*1 new"))).to_be_visible()
    screenshot(page, "widget-live-hidden-for-review")

    decide(site, comment_id, action="delete", reason="abuse")
    expect(mine.get_by_text(re.compile("^Removed by a moderator · Reason: Abusive"))).to_be_visible(timeout=15_000)


def test_new_comments_and_replies_from_other_readers_appear_without_reloading(site, clock, page):
    clock.set(WEEKDAY_MORNING)
    site.article("bridge")
    first = site.post("bridge", "Lovely to have the bridge back.", sub="ailsa", name="Ailsa")
    requests = []
    page.on("request", lambda r: requests.append(r) if "/comments?" in r.url else None)
    open_widget(page, site, "bridge")
    expect(page.locator(".cw-card")).to_have_count(1)

    site.post("bridge", "Is the cycle lane finished?", sub="tom", name="Tom")
    clock.advance(minutes=1)
    site.post("bridge", "When do the buses come back?", sub="jo", name="Jo")
    site.post("bridge", "Yes, kerbed all the way.", sub="priya", name="Priya", parent_id=first["id"])
    expect(card(page, "Is the cycle lane finished?")).to_be_visible(timeout=15_000)
    expect(page.locator(".cw-replies .cw-card").filter(has_text="kerbed all the way")).to_be_visible()
    expect(page.get_by_role("heading", level=2)).to_have_accessible_name("Comments (4 comments)")
    # Newest first, as the list is ordered: the arrivals on top in the order they were posted.
    expect(page.locator(".cw-list > .cw-item > .cw-card .cw-body")).to_have_text(
        ["When do the buses come back?", "Is the cycle lane finished?", "Lovely to have the bridge back."])
    expect(page.get_by_role("status")).to_have_text(re.compile("new comment"))
    # Polls that found nothing new were answered 304, without the thread.
    page.wait_for_timeout(6_000)
    statuses = [r.response().status for r in requests if r.response() is not None]
    assert 304 in statuses and statuses.count(200) >= 2, statuses


def test_a_readers_report_is_remembered_after_a_reload(site, page):
    site.article("bridge")
    site.post("bridge", "Cheap watches at watches.example", sub="seller", name="Seller")
    token = site.tokens.make("rowan", name="Rowan", subscriber=False)
    open_widget(page, site, "bridge", token)
    advert = card(page, "Cheap watches")
    advert.get_by_role("button", name="Report this post by Seller").click()
    page.get_by_label("Spam or advertising").check()
    page.get_by_role("button", name="Send report").click()
    expect(advert.locator(".cw-thanks")).to_contain_text("Thank you. Your report has been sent")

    page.reload()
    expect(page.locator("section.cw")).not_to_have_attribute("aria-busy", "true")
    advert = card(page, "Cheap watches")
    expect(advert.get_by_text("Reported")).to_be_visible()
    expect(advert.get_by_role("button", name=re.compile("^Report this post"))).to_have_count(0)
    screenshot(page, "widget-report-remembered")


def test_readers_see_no_note_where_a_hidden_comment_has_no_replies(site, clock, page):
    clock.set(WEEKDAY_MORNING)
    site.article("bridge")
    kept = site.post("bridge", "The bridge looks grand.", sub="ailsa", name="Ailsa")
    removed = site.post("bridge", "Buy watches at watches.example", sub="seller", name="Seller")
    withdrawn = site.post("bridge", "Posted in haste.", sub="tom", name="Tom")
    parent = site.post("bridge", "The council wasted millions.", sub="gordon", name="Gordon")
    site.post("bridge", "It came in under budget.", sub="priya", name="Priya", parent_id=parent["id"])
    decide(site, removed["id"], action="delete", reason="spam")
    decide(site, parent["id"], action="delete", reason="untrue")
    assert site.http.delete(f"/api/v1/comments/{withdrawn['id']}", headers=site.tokens.subscriber("tom")).status_code == 200

    open_widget(page, site, "bridge")
    expect(card(page, "The bridge looks grand.")).to_be_visible()
    # The removed comment with a reply keeps its place as a note, so the reply still reads as one.
    expect(page.locator(".cw-placeholder")).to_have_count(1)
    expect(page.locator(".cw-placeholder")).to_have_text("This comment was removed by a moderator.")
    expect(page.get_by_text("It came in under budget.")).to_be_visible()
    expect(page.get_by_text("withdrawn by its author")).to_have_count(0)
    screenshot(page, "widget-no-stray-placeholders")

    # Authors still see their own, with what happened to it.
    open_widget(page, site, "bridge", site.tokens.make("tom", name="Tom"))
    expect(page.get_by_text("This comment was withdrawn by its author.")).to_be_visible()
    assert kept["id"]


def test_complainants_are_told_which_comment_each_outcome_is_about(site, clock, page):
    clock.set(WEEKDAY_MORNING)
    site.article("bridge", title="Harbour bridge reopens")
    site.article("budget", title="Council budget approved")
    site.http.put("/api/v1/articles/budget", json={"title": "Council budget approved", "url": "https://news.example/budget"},
                  headers=site.tokens.editor())
    kept = site.post("bridge", "The engineers deserve a medal for this.", sub="ailsa", name="Ailsa")
    removed = site.post("bridge", "The harbour master takes bribes.", sub="gordon", name="Gordon")
    elsewhere = site.post("budget", "Another tax rise dressed up as progress.", sub="tom", name="Tom")
    for comment, decision in ((kept, {"action": "approve"}), (removed, {"action": "delete", "reason": "legal"}),
                              (elsewhere, {"action": "approve"})):
        response = site.http.post(f"/api/v1/comments/{comment['id']}/complaints", json={"reason": "untrue"},
                                  headers=site.tokens.subscriber("rowan"))
        assert response.status_code == 201
        decide(site, comment["id"], **decision)

    open_widget(page, site, "bridge", site.tokens.make("rowan", name="Rowan"))
    page.get_by_role("button", name=re.compile("^Moderation updates")).click()
    updates = page.locator(".cw-update")
    expect(updates).to_have_count(3)
    stays = updates.filter(has_text="Ailsa\u2019s comment \u201cThe engineers deserve a medal for this.\u201d under "
                                    "\u201cHarbour bridge reopens\u201d")
    expect(stays).to_contain_text("decided it can stay")
    expect(stays.get_by_role("button", name="Show the comment")).to_be_visible()
    # A removed comment is named by its author and article; its words are not sent back out.
    gone = updates.filter(has_text="Gordon\u2019s comment under \u201cHarbour bridge reopens\u201d: a moderator removed it.")
    expect(gone).to_have_count(1)
    expect(page.get_by_text("takes bribes")).to_have_count(0)
    other = updates.filter(has_text="\u201cAnother tax rise dressed up as progress.\u201d")
    expect(other.get_by_role("link", name="Council budget approved")).to_have_attribute("href", "https://news.example/budget")
    screenshot(page, "widget-complainant-updates")


def test_the_subscribe_link_brings_the_reader_back_to_the_article(site, page):
    site.article("bridge")
    open_widget(page, site, "bridge", site.tokens.make("rowan", name="Rowan", subscriber=False))
    link = page.get_by_role("link", name="Subscribe")
    query = parse_qs(urlsplit(link.get_attribute("href")).query)
    assert query["return_url"] == [page.url]
    assert page.url.startswith(site.publisher.origin + "/articles/bridge")


def test_the_widget_fits_a_390px_phone_screen(site, clock, page):
    clock.set(WEEKDAY_MORNING)
    site.article("bridge")
    parent = site.post("bridge", "W" * 300, sub="ailsa", name="Ailsa with a rather long display name indeed")
    site.post("bridge", "A reply that goes on about the cycle lane and the kerb.", sub="tom", name="Tom",
              parent_id=parent["id"])
    page.set_viewport_size({"width": 390, "height": 844})
    open_widget(page, site, "bridge", site.tokens.make("sam", name="Sam"))
    card(page, "cycle lane").get_by_role("button", name="Reply to Tom").click()
    expect(page.get_by_role("textbox", name="Reply to Tom")).to_be_focused()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "widget-390px")
