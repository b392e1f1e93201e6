"""The comment widget in a real browser, embedded in a publisher's page on another origin (SPEC §2, §3, §5)."""
from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from moderation.adapters.orm import Comment
from support.browser import SUBSCRIBE_URL, open_widget, screenshot, widget_card

pytestmark = pytest.mark.e2e


card = widget_card


def expect_count(page: Page, n: int) -> None:
    expect(page.get_by_role("heading", level=2)).to_have_accessible_name(f"Comments ({n} comment{'' if n == 1 else 's'})")


def decide(site, comment_id: str, **decision) -> None:
    response = site.http.post(f"/api/v1/moderation/comments/{comment_id}/decision", json=decision,
                              headers=site.tokens.moderator())
    assert response.status_code == 200, response.text


def assert_only_own_origins(page: Page, site) -> None:
    assert page.requested_origins <= {site.publisher.origin, site.base_url}, page.requested_origins


def test_a_subscriber_posts_a_comment_and_a_reply_and_sees_both(site, page):
    site.article("bridge")
    site.post("bridge", "Finally! The detour added twenty minutes to my commute.", sub="ailsa", name="Ailsa Grant")
    site.post("bridge", "Is the cycle lane separated by a kerb,\nor is it just paint?", sub="tom", name="Tom Reid")
    token = site.tokens.make("sam", name="Sam Subscriber")
    open_widget(page, site, "bridge", token)
    expect_count(page, 2)

    composer = page.get_by_role("textbox", name="Join the discussion")
    composer.fill("x" * 5001)
    expect(page.get_by_text("1 over the 5,000-character limit")).to_be_visible()
    page.get_by_role("button", name="Post comment").click()
    expect(page.get_by_role("alert")).to_have_text("Your text is 5,001 characters long; the limit is 5,000.")
    expect(composer).to_have_attribute("aria-invalid", "true")
    text = "Good news for the harbour.\nLet's hope the paint lasts this time."
    composer.fill(text)
    expect(page.get_by_text(f"{len(text)} / 5,000")).to_be_visible()
    page.get_by_role("button", name="Post comment").click()
    mine = card(page, "Good news for the harbour.")
    expect(mine).to_be_focused()  # focus moves to what was just posted
    expect(mine.locator(".cw-body")).to_have_text("Good news for the harbour.\nLet's hope the paint lasts this time.")
    expect(mine.get_by_role("button", name=re.compile(r"^Edit \(1[45] min left\)$"))).to_be_visible()
    expect(composer).to_have_value("")

    card(page, "cycle lane").get_by_role("button", name="Reply to Tom Reid").click()
    reply_box = page.get_by_role("textbox", name="Reply to Tom Reid")
    expect(reply_box).to_be_focused()
    reply_box.fill("It has a kerb all the way across.")
    page.get_by_role("button", name="Post reply").click()
    reply = page.locator(".cw-replies .cw-card").filter(has_text="It has a kerb")
    expect(reply).to_be_focused()
    expect_count(page, 4)
    expect(page.get_by_role("status").filter(has_text="Your reply is published.")).to_be_attached()
    screenshot(page, "widget-subscriber")
    page.set_viewport_size({"width": 375, "height": 812})
    assert page.evaluate("document.documentElement.scrollWidth") <= 375  # nothing sticks out sideways
    screenshot(page, "widget-mobile")

    page.reload()
    expect(page.locator("section.cw")).not_to_have_attribute("aria-busy", "true")
    expect(card(page, "Good news for the harbour.")).to_be_visible()
    thread = page.locator(".cw-list > .cw-item").filter(has=page.locator(".cw-card", has_text="cycle lane"))
    expect(thread.locator(".cw-replies .cw-card")).to_contain_text("It has a kerb all the way across.")
    assert_only_own_origins(page, site)
    served = {name: len(site.http.get(f"/{name}").content) for name in ("widget.js", "widget.css")}
    assert sum(served.values()) <= 50 * 1024, served


def test_non_subscribers_and_signed_out_readers_get_the_subscribe_message_and_no_composer(site, page):
    site.article("bridge")
    lights = site.post("bridge", "The new lights on the bridge look great at night.", sub="ailsa", name="Ailsa Grant")
    site.post("bridge", "Agreed, though they could be a little less blue.", sub="tom", name="Tom Reid", parent_id=lights["id"])
    for token in (site.tokens.make("rowan", name="Rowan Reader", subscriber=False), ""):
        open_widget(page, site, "bridge", token)
        expect(page.get_by_text("Commenting is for subscribers", exact=True)).to_be_visible()
        # The link says where to bring the reader back to: this article.
        expect(page.get_by_role("link", name="Subscribe")).to_have_attribute(
            "href", re.compile("^" + re.escape(SUBSCRIBE_URL) + r"\?return_url=http%3A%2F%2Flocalhost%3A\d+%2Farticles%2Fbridge"))
        expect(page.get_by_role("textbox")).to_have_count(0)
        expect(page.get_by_role("button", name=re.compile("^Reply"))).to_have_count(0)
        expect(card(page, "lights on the bridge").get_by_role("button", name="Report this post")).to_be_visible()
        if token:
            expect(page.get_by_text("Rowan Reader", exact=False)).to_be_visible()
            screenshot(page, "widget-non-subscriber")

    page.set_viewport_size({"width": 375, "height": 740})
    expect(page.get_by_role("link", name="Subscribe")).to_be_visible()

    # Without a link on the page, the service's default ("/subscribe") is a page of the newspaper's site.
    page.goto(site.publisher.article_url("bridge", subscribe="service"))
    expect(page.get_by_role("link", name="Subscribe")).to_have_attribute(
        "href", re.compile("^" + re.escape(f"{site.publisher.origin}/subscribe?return_url=")))
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot(page, "widget-non-subscriber-mobile")
    assert_only_own_origins(page, site)


def test_suspended_readers_and_closed_articles_get_a_message_instead_of_a_composer(site, page):
    site.article("bridge")
    until = (datetime.now(UTC) + timedelta(days=3)).isoformat()
    response = site.http.post("/api/v1/moderation/users/sam/sanctions", json={"kind": "suspend", "until": until, "reason": "abuse"},
                              headers=site.tokens.moderator())
    assert response.status_code in (200, 201), response.text
    open_widget(page, site, "bridge", site.tokens.make("sam", name="Sam Subscriber"))
    expect(page.get_by_text("Your account is suspended")).to_be_visible()
    expect(page.get_by_role("textbox")).to_have_count(0)
    banned = site.http.post("/api/v1/moderation/users/lee/sanctions", json={"kind": "ban", "reason": "threats"},
                            headers=site.tokens.moderator())
    assert banned.status_code in (200, 201), banned.text
    open_widget(page, site, "bridge", site.tokens.make("lee", name="Lee Moss"))
    expect(page.get_by_text("You can no longer comment")).to_be_visible()
    expect(page.get_by_role("textbox")).to_have_count(0)

    open_widget(page, site, "bridge", site.tokens.make("pat", name="Pat Subscriber"))
    composer = page.get_by_role("textbox", name="Join the discussion")
    composer.fill("Will the bridge open for the tall ships?")
    closed = site.http.put("/api/v1/articles/bridge", json={"comments_open": False}, headers=site.tokens.editor())
    assert closed.status_code == 200, closed.text
    page.get_by_role("button", name="Post comment").click()  # closed while the reader was typing
    expect(page.get_by_role("alert")).to_have_text("Comments are closed on this article.")
    expect(composer).to_be_focused()
    expect(composer).to_have_value("Will the bridge open for the tall ships?")  # their words are not lost

    page.reload()
    expect(page.locator("section.cw")).not_to_have_attribute("aria-busy", "true")
    expect(page.get_by_text("Comments are closed")).to_be_visible()
    expect(page.get_by_role("textbox")).to_have_count(0)


def test_an_expired_token_reads_on_signed_out(site, page):
    site.article("bridge")
    site.post("bridge", "Still readable after the token ran out.", sub="ailsa", name="Ailsa Grant")
    open_widget(page, site, "bridge", site.tokens.make("sam", name="Sam Subscriber", exp_in=-60))
    expect(card(page, "Still readable")).to_be_visible()
    expect(page.get_by_text("Your sign-in has expired. Reload the page to sign in again.")).to_be_visible()
    expect(page.get_by_role("textbox")).to_have_count(0)


def test_markup_in_a_body_or_a_name_is_shown_as_text_and_never_runs(site, page):
    site.article("bridge")
    body = 'Look <script>window.__pwned = "body"</script><img src=x onerror="window.__pwned = \'img\'"> here'
    name = '<img src=x onerror="window.__pwned = \'name\'"><b>Mallory</b>'
    site.post("bridge", body, sub="mallory", name=name)
    token = site.tokens.make("eve", name='Eve <svg onload="window.__pwned = \'svg\'">')
    open_widget(page, site, "bridge", token)

    posted = card(page, "Look <script>")
    expect(posted.locator(".cw-body")).to_have_text(body)
    expect(posted.locator(".cw-author")).to_have_text(name)
    page.get_by_role("textbox", name="Join the discussion").fill('<img src=y onerror="window.__pwned = \'mine\'">')
    page.get_by_role("button", name="Post comment").click()
    expect(card(page, "<img src=y").locator(".cw-body")).to_have_text('<img src=y onerror="window.__pwned = \'mine\'">')
    expect(page.get_by_text('Eve <svg onload="window.__pwned = \'svg\'">').first).to_be_visible()

    page.wait_for_timeout(300)  # time for an error handler to have fired, had an element been made
    assert page.evaluate("window.__pwned") is None
    assert page.locator("img, svg, b, script:not([src])").count() == 0  # pierces the widget's shadow root


def test_a_reader_reports_a_comment_with_a_reason_and_a_note(site, page):
    site.article("bridge")
    target = site.post("bridge", "Buy cheap shirts at shirts.example!!!", sub="spammer", name="Best Deals")
    open_widget(page, site, "bridge")

    post = card(page, "cheap shirts")
    post.get_by_role("button", name="Report this post").click()
    form = post.get_by_role("form", name="Report this post")
    labels = form.locator(".cw-choice").all_inner_texts()
    assert labels == ["Abusive, hateful or threatening", "Off-topic", "Untrue or misleading", "Spam or advertising",
                      "Unlawful, for example defamatory", "Something else"]
    expect(form.get_by_role("radio").first).to_be_focused()
    form.get_by_role("button", name="Send report").click()
    expect(form.get_by_role("alert")).to_have_text("Choose a reason for your report.")
    page.keyboard.press("ArrowDown")  # radios move by keyboard: from the first to "Off-topic"
    page.keyboard.press("ArrowDown")  # … and on to "Untrue or misleading"
    form.get_by_role("radio", name="Spam or advertising").check()
    form.get_by_role("textbox", name=re.compile("Anything else")).fill("Same advert on every article today.")
    form.get_by_role("button", name="Send report").click()
    thanks = post.get_by_text("Thank you. Your report has been sent to our moderators")
    expect(thanks).to_be_focused()
    expect(post.get_by_text("Reported", exact=True)).to_be_visible()

    items = site.http.get("/api/v1/moderation/queue", headers=site.tokens.moderator()).json()["items"]
    [item] = [i for i in items if i["comment_id"] == target["id"]]
    assert item["complaints"]["by_reason"] == {"spam": 1}
    assert [n["note"] for n in item["complaints"]["notes"]] == ["Same advert on every article today."]

    page.reload()  # the same reader again: the widget remembers the report, and the service counts it once
    expect(page.locator("section.cw")).not_to_have_attribute("aria-busy", "true")
    expect(post.get_by_text("Reported", exact=True)).to_be_visible()
    expect(post.get_by_role("button", name="Report this post")).to_have_count(0)
    again = site.http.post(f"/api/v1/comments/{target['id']}/complaints", json={"reason": "off_topic"})
    assert again.status_code == 200
    items = site.http.get("/api/v1/moderation/queue", headers=site.tokens.moderator()).json()["items"]
    assert [i["complaints"]["count"] for i in items if i["comment_id"] == target["id"]] == [1]
    assert_only_own_origins(page, site)


def test_a_post_whose_answer_is_lost_is_sent_again_with_its_key_and_stored_once(site, page):
    site.article("bridge")
    keys = []

    def lose_the_first_answer(route):
        if route.request.method != "POST":
            return route.continue_()
        keys.append(route.request.headers.get("idempotency-key"))
        if len(keys) == 1:
            route.fetch()  # the service stores the comment...
            return route.abort("connectionreset")  # ...but its answer never reaches the reader
        route.continue_()

    page.route("**/api/v1/articles/bridge/comments", lose_the_first_answer)
    open_widget(page, site, "bridge", site.tokens.make("sam", name="Sam Subscriber"))
    composer = page.get_by_role("textbox", name="Join the discussion")
    composer.fill("Said once, whatever the network does.")
    page.get_by_role("button", name="Post comment").click()
    expect(card(page, "Said once")).to_be_focused()
    composer.fill("A second thought.")
    page.get_by_role("button", name="Post comment").click()
    expect(card(page, "A second thought.")).to_be_focused()
    assert keys[0] and keys[0] == keys[1] != keys[2]  # the resend reused its key; the next submission has its own
    expect_count(page, 2)
    with site.ctx.transaction() as session:
        assert sorted(session.scalars(select(Comment.body))) == ["A second thought.", "Said once, whatever the network does."]


def test_a_reader_sending_too_many_reports_is_asked_to_wait(site, page):
    site.article("bridge")
    comments = [site.post("bridge", f"Comment number {n:02d}", sub=f"reader{n}") for n in range(11)]
    for comment in comments[1:]:  # the same anonymous reader (same address) as the browser below
        response = site.http.post(f"/api/v1/comments/{comment['id']}/complaints", json={"reason": "spam"})
        assert response.status_code == 201, response.text
    open_widget(page, site, "bridge")
    post = card(page, "Comment number 00")
    post.get_by_role("button", name="Report this post").click()
    post.get_by_role("radio", name="Spam or advertising").check()
    post.get_by_role("button", name="Send report").click()
    expect(post.get_by_role("alert")).to_have_text(re.compile("You have sent many reports in a short time"))
    expect(post.get_by_role("button", name="Send report")).to_be_focused()


def test_amended_and_deleted_comments_in_the_thread_and_the_authors_notification(site, page):
    site.article("bridge")
    amended = site.post("bridge", "The council are a bunch of crooks.", sub="sam", name="Sam Subscriber")
    deleted = site.post("bridge", "Rubbish about the harbour master.", sub="pat", name="Pat Jones")
    site.post("bridge", "I'd still like to know what it cost.", sub="lee", name="Lee Moss", parent_id=deleted["id"])
    decide(site, amended["id"], action="amend", body="The council made expensive mistakes.", reason="abuse")
    decide(site, deleted["id"], action="delete", reason="abuse")

    open_widget(page, site, "bridge")
    shown = card(page, "The council made expensive mistakes.")
    expect(shown.get_by_text("Amended by a moderator")).to_be_visible()
    expect(page.get_by_text("crooks")).to_have_count(0)
    removed = page.locator(".cw-list > .cw-item").filter(has_text="This comment was removed by a moderator.")
    expect(removed).to_have_count(1)
    expect(removed.get_by_text("Rubbish about the harbour master.")).to_have_count(0)
    expect(removed.locator(".cw-replies .cw-card")).to_contain_text("I'd still like to know what it cost.")
    expect(removed.locator(".cw-card").first.get_by_role("button")).to_have_count(0)

    open_widget(page, site, "bridge", site.tokens.make("sam", name="Sam Subscriber"))
    expect(card(page, "expensive mistakes").get_by_text("Amended by a moderator · Reason: Abusive")).to_be_visible()
    updates = page.get_by_role("button", name="Moderation updates 1 new")
    updates.click()
    expect(updates).to_have_attribute("aria-expanded", "true")
    # The author's own words name the comment.
    expect(page.get_by_text("A moderator amended your comment \u201cThe council are a bunch of crooks.\u201d (reason: abuse).",
                            exact=False)).to_be_visible()
    page.get_by_role("button", name="Show the comment").click()
    expect(card(page, "expensive mistakes")).to_be_focused()
    screenshot(page, "widget-moderation-updates")
    page.get_by_role("button", name="Mark all as read").click()
    expect(page.get_by_role("button", name="Moderation updates", exact=True)).to_be_focused()
    expect(page.get_by_role("button", name="Mark all as read")).to_have_count(0)
    unread = site.http.get("/api/v1/me", headers=site.tokens.subscriber("sam")).json()["unread_notifications"]
    assert unread == 0

    open_widget(page, site, "bridge", site.tokens.make("pat", name="Pat Jones"))
    mine = card(page, "Rubbish about the harbour master.")
    expect(mine.get_by_text("Removed by a moderator · Reason: Abusive, hateful or threatening — only you can see this")).to_be_visible()


def test_authors_see_their_withheld_comment_edit_it_in_the_window_and_withdraw_it(site, page):
    site.article("bridge")
    posted = site.post("bridge", "Firts thoughts on the bridge.", sub="sam", name="Sam Subscriber")
    with site.ctx.transaction() as session:
        session.get(Comment, posted["id"]).withheld = True

    open_widget(page, site, "bridge")
    expect(page.get_by_text("No comments yet.")).to_be_visible()  # with no replies, not even a note shows
    expect(page.locator(".cw-placeholder")).to_have_count(0)
    expect(page.get_by_text("Firts thoughts")).to_have_count(0)

    open_widget(page, site, "bridge", site.tokens.make("sam", name="Sam Subscriber"))
    mine = card(page, "Firts thoughts")
    expect(mine.get_by_text("Awaiting review — only you can see this")).to_be_visible()
    screenshot(page, "widget-author-awaiting-review")
    with site.ctx.transaction() as session:
        session.get(Comment, posted["id"]).withheld = False
    page.reload()
    mine.get_by_role("button", name=re.compile(r"^Edit \(\d+ min left\)$")).click()
    editor = page.get_by_role("textbox", name="Edit your comment")
    expect(editor).to_be_focused()
    screenshot(page, "widget-author-editing")
    editor.fill("First thoughts on the bridge.")
    page.get_by_role("button", name="Save changes").click()
    mine = card(page, "First thoughts on the bridge.")
    expect(mine).to_be_focused()
    expect(mine).to_contain_text("edited")

    mine.get_by_role("button", name="Withdraw").click()
    page.keyboard.press("Escape")  # changed their mind: nothing happens, focus goes back
    expect(mine.get_by_role("button", name="Withdraw")).to_be_focused()
    mine.get_by_role("button", name="Withdraw").click()
    page.get_by_role("button", name="Withdraw comment").click()
    expect(page.get_by_text("This comment was withdrawn by its author.")).to_be_visible()
    expect_count(page, 0)


def test_pages_of_threads_load_on_request_in_either_order(site, page):
    site.article("bridge")
    for n in range(23):
        site.post("bridge", f"Comment number {n:02d}", sub=f"reader{n}")
    open_widget(page, site, "bridge")
    bodies = page.locator(".cw-list > .cw-item > .cw-card .cw-body")
    expect(bodies).to_have_count(20)
    expect(bodies.first).to_have_text("Comment number 22")
    page.get_by_role("button", name="Show more comments").click()
    expect(bodies).to_have_count(23)
    expect(card(page, "Comment number 02")).to_be_focused()
    expect(page.get_by_role("button", name="Show more comments")).to_be_hidden()

    page.get_by_role("button", name="Oldest").click()
    expect(page.get_by_role("button", name="Oldest")).to_have_attribute("aria-pressed", "true")
    expect(bodies.first).to_have_text("Comment number 00")
    expect(bodies).to_have_count(20)


def test_oldest_first_a_new_comment_stays_after_the_pages_still_to_load(site, page):
    site.article("bridge")
    for n in range(23):
        site.post("bridge", f"Comment number {n:02d}", sub=f"reader{n}")
    open_widget(page, site, "bridge", site.tokens.make("sam", name="Sam Subscriber"))
    page.get_by_role("button", name="Oldest").click()
    bodies = page.locator(".cw-list > .cw-item > .cw-card .cw-body")
    expect(bodies.first).to_have_text("Comment number 00")
    page.get_by_role("textbox", name="Join the discussion").fill("A late arrival")
    page.get_by_role("button", name="Post comment").click()
    expect(bodies.last).to_have_text("A late arrival")
    page.get_by_role("button", name="Show more comments").click()
    expect(bodies).to_have_count(24)
    expect(bodies.nth(22)).to_have_text("Comment number 22")
    expect(bodies.last).to_have_text("A late arrival")



def test_staff_see_a_withdrawn_comment_marked_as_hidden_from_readers(site, page):
    site.article("bridge")
    gone = site.post("bridge", "On second thoughts, never mind.", sub="ailsa", name="Ailsa Grant")
    assert site.http.delete(f"/api/v1/comments/{gone['id']}", headers=site.tokens.subscriber("ailsa")).status_code == 200
    open_widget(page, site, "bridge", site.tokens.make("mod-morgan", name="Morgan", roles=["moderator"]))
    expect(card(page, "never mind").get_by_text("Withdrawn by its author — hidden from readers")).to_be_visible()
