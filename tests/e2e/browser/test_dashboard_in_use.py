"""What moderators noticed in the dashboard, in a real browser: long notes, decided items, the audit
filter and its text, reasons chosen not defaulted, wording, bulk and per-commenter removal, the
commenter's page, search highlights, and a phone-width layout."""
from __future__ import annotations

import re

from playwright.sync_api import Page, expect
from sqlalchemy import select
from test_dashboard import report, sign_in

from moderation.adapters.orm import AuditEvent, Decision
from support.browser import screenshot
from support.clock import WEEKDAY_MORNING


def open_item(page: Page, site, comment_id: str) -> None:
    page.goto(f"{site.base_url}/dashboard/comments/{comment_id}")
    expect(page.get_by_role("heading", name=re.compile("^Comment by"))).to_be_visible()


def page_width(page: Page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_a_thousand_character_note_wraps_instead_of_widening_the_audit_and_item_pages(site, clock, page):
    clock.set(WEEKDAY_MORNING)
    comment = site.post(site.article("bridge"), "The engineers should be sacked.", sub="gordon", name="Gordon")
    report(site, comment["id"], "abuse", reporter="r1", note="x" * 1000)
    sign_in(page, site)
    open_item(page, site, comment["id"])
    page.get_by_label("Reason (to amend or delete)").select_option("abuse")
    page.get_by_label("Note for the record (optional)").fill("y" * 1000)
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name=re.compile("^Delete")).click()
    expect(page.get_by_text("Deleted.")).to_be_visible()
    open_item(page, site, comment["id"])
    assert page_width(page) <= 1280
    screenshot(page, "dashboard-item-long-note")
    page.goto(f"{site.base_url}/dashboard/audit")
    expect(page.get_by_role("heading", name="Audit trail")).to_be_visible()
    assert page_width(page) <= 1280
    screenshot(page, "dashboard-audit-long-note")


def test_a_decided_item_says_who_decided_shows_no_deadline_and_keeps_the_checkbox_beside_its_label(site, clock, page):
    clock.set(WEEKDAY_MORNING)
    comment = site.post(site.article("bridge"), "Buy watches at watches.example", sub="seller", name="Seller")
    report(site, comment["id"], "spam", reporter="r1")
    sign_in(page, site)
    open_item(page, site, comment["id"])
    expect(page.locator(".why")).to_contain_text("due")
    page.get_by_role("button", name=re.compile("^Approve")).click()
    expect(page.get_by_text("Approved.")).to_be_visible()
    open_item(page, site, comment["id"])
    expect(page.get_by_role("heading", name="Why it was queued")).to_be_visible()
    status = page.locator(".why > p")
    expect(status).to_contain_text("decided by Morgan Moderator on Wed 25 Nov, 10:30")
    expect(status).not_to_contain_text("due")
    expect(status).not_to_contain_text(re.compile(r"\bin \d+ (h|min)"))
    box = page.get_by_role("checkbox", name="Change that decision")
    label = page.locator("label.check").filter(has_text="Change that decision")
    box_at, label_at = box.bounding_box(), label.bounding_box()
    # On the label's line, at its start: not floating above it with the words below.
    assert abs((box_at["y"] + box_at["height"] / 2) - (label_at["y"] + label_at["height"] / 2)) < 6
    assert box_at["x"] - label_at["x"] < 4
    screenshot(page, "dashboard-decided-item")


def test_the_audit_filter_finds_every_sanction_by_part_of_its_name_and_shows_the_comments_words(site, clock, page):
    clock.set(WEEKDAY_MORNING)
    comment = site.post(site.article("bridge"), "The engineers are clowns.", sub="gordon", name="Gordon")
    for kind in ("warn", "ban"):
        response = site.http.post("/api/v1/moderation/users/gordon/sanctions", json={"kind": kind, "reason": "Insults"},
                                  headers=site.tokens.moderator())
        assert response.status_code == 201
    response = site.http.post(f"/api/v1/moderation/comments/{comment['id']}/decision",
                              json={"action": "delete", "reason": "abuse"}, headers=site.tokens.moderator())
    assert response.status_code == 200
    sign_in(page, site)
    page.goto(f"{site.base_url}/dashboard/audit")
    page.get_by_label("What").fill("sanction")
    page.get_by_role("button", name="Filter").click()
    rows = page.locator("table.audit tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("ban")
    expect(rows.nth(1)).to_contain_text("warning")
    page.get_by_label("What").fill("delete")
    page.get_by_role("button", name="Filter").click()
    expect(rows).to_have_count(1)
    expect(rows.first.get_by_role("link", name="The engineers are clowns.")).to_be_visible()
    expect(rows.first).not_to_contain_text(comment["id"][:8])
    screenshot(page, "dashboard-audit-filter")


def test_delete_waits_for_a_reason_the_moderator_chooses_and_approval_records_none(site, clock, page):
    clock.set(WEEKDAY_MORNING)
    article = site.article("bridge")
    advert = site.post(article, "Cheap watches at watches.example", sub="seller", name="Seller")
    fine = site.post(article, "The bridge looks grand.", sub="ailsa", name="Ailsa")
    report(site, advert["id"], "legal", reporter="r1")
    report(site, fine["id"], "abuse", reporter="r2")
    sign_in(page, site)
    open_item(page, site, advert["id"])
    expect(page.get_by_label("Reason (to amend or delete)")).to_have_value("")  # the reader's "legal" is not preset
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name=re.compile("^Delete")).click()
    expect(page.get_by_role("status")).to_contain_text("choose a reason")
    assert site.http.get(f"/api/v1/comments/{advert['id']}").json()["status"] == "published"
    page.get_by_label("Reason (to amend or delete)").select_option("spam")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name=re.compile("^Delete")).click()
    expect(page.get_by_text("Deleted.")).to_be_visible()
    open_item(page, site, fine["id"])
    page.get_by_role("button", name=re.compile("^Approve")).click()
    expect(page.get_by_text("Approved.")).to_be_visible()
    with site.ctx.transaction() as session:
        labels = {d.comment_id: (d.action, d.reason) for d in session.scalars(select(Decision))}
        approval = session.scalars(select(AuditEvent).where(AuditEvent.action == "approve")).one()
    assert labels == {advert["id"]: ("delete", "spam"), fine["id"]: ("approve", None)}
    assert approval.reason is None


def test_the_reason_an_item_is_queued_counts_comments_in_words(site, clock, page):
    clock.set(WEEKDAY_MORNING)
    comment = site.post(site.article("bridge"), "First!", sub="ailsa", name="Ailsa")
    report(site, comment["id"], "spam", reporter="r1")
    sign_in(page, site)
    open_item(page, site, comment["id"])
    why = page.locator(".why")
    expect(why).to_contain_text("1 reader reported it as spam.")
    expect(why).to_contain_text("1 distinct complainant, weight 1.0.")
    expect(why).not_to_contain_text("1 readers")
    expect(why).not_to_contain_text("1 distinct complainants")


def test_bulk_delete_takes_a_reason_and_the_bulk_buttons_wait_for_a_selection(site, clock, page):
    clock.set(WEEKDAY_MORNING)
    article = site.article("bridge")
    ids = [site.post(article, f"Watches at shop{n}.example", sub=f"seller{n}")["id"] for n in range(3)]
    for n, comment_id in enumerate(ids):
        report(site, comment_id, "spam", reporter=f"r{n}")
    sign_in(page, site)
    approve = page.get_by_role("button", name="Approve selected")
    delete = page.get_by_role("button", name="Delete selected")
    expect(approve).to_be_disabled()
    expect(delete).to_be_disabled()
    boxes = page.locator("input[name=comment_id]")
    boxes.nth(0).check()
    boxes.nth(1).check()
    expect(approve).to_be_enabled()
    page.get_by_label("Reason to delete").select_option("spam")
    page.once("dialog", lambda dialog: dialog.accept())
    delete.click()
    expect(page.get_by_text("Deleted 2 comments.")).to_be_visible()
    statuses = [site.http.get(f"/api/v1/comments/{i}").json()["status"] for i in ids]
    assert sorted(statuses) == ["deleted", "deleted", "published"]
    expect(page.locator("tr.item")).to_have_count(1)
    screenshot(page, "dashboard-bulk-delete")


def test_the_commenters_page_shows_their_history_sanctions_and_notes_and_removes_all_their_comments(site, clock, page):
    clock.set(WEEKDAY_MORNING)
    article = site.article("bridge")
    posted = [site.post(article, text, sub="troll", name="Troll") for text in ("Idiots, all of you.", "Clowns.", "Fools.")]
    other = site.post(article, "The bridge looks grand.", sub="ailsa", name="Ailsa")
    report(site, posted[0]["id"], "abuse", reporter="r1")
    sign_in(page, site)
    page.goto(f"{site.base_url}/dashboard/comments/{posted[0]['id']}")
    page.get_by_role("link", name="Troll").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Troll")
    expect(page.locator("ol.history li")).to_have_count(3)
    page.get_by_label("Add a note for colleagues (the commenter never sees it)").fill("Same person as last month's troll.")
    page.get_by_role("button", name="Add note").click()
    expect(page.locator("blockquote.note")).to_contain_text("Same person as last month's troll.")
    page.get_by_label("Why (told to the commenter)").fill("Insults")
    page.get_by_role("button", name="Record sanction").click()
    expect(page.get_by_text("Sanction recorded: warn.")).to_be_visible()
    expect(page.locator(".standing")).to_contain_text("1 warning")

    remove = page.locator(".danger-zone")
    remove.get_by_label("Reason").select_option("abuse")
    remove.get_by_label("I mean all of their comments").check()
    page.once("dialog", lambda dialog: dialog.accept())
    remove.get_by_role("button", name="Remove all their comments").click()
    expect(page.get_by_text("Removed 3 comments.")).to_be_visible()
    assert all(site.http.get(f"/api/v1/comments/{c['id']}").json()["status"] == "deleted" for c in posted)
    assert site.http.get(f"/api/v1/comments/{other['id']}").json()["status"] == "published"
    screenshot(page, "dashboard-commenter-page")


def test_search_marks_the_words_searched_for(site, clock, page):
    clock.set(WEEKDAY_MORNING)
    article = site.article("bridge")
    site.post(article, "The Cycle lane is finished, cycle on.", sub="ailsa", name="Ailsa")
    site.post(article, "Traffic is worse than ever.", sub="tom", name="Tom")
    sign_in(page, site)
    page.goto(f"{site.base_url}/dashboard/search?text=cycle")
    marks = page.locator("td.excerpt mark")
    expect(marks).to_have_count(2)
    expect(marks.nth(0)).to_have_text("Cycle")
    expect(marks.nth(1)).to_have_text("cycle")
    expect(page.locator("table.queue tbody tr")).to_have_count(1)
    screenshot(page, "dashboard-search-highlight")


def test_the_dashboard_fits_a_390px_phone_screen(site, clock, page):
    clock.set(WEEKDAY_MORNING)
    article = site.article("bridge")
    comment = site.post(article, "A long run of words about the bridge " * 8, sub="ailsa", name="Ailsa")
    report(site, comment["id"], "abuse", reporter="r1", note="z" * 400)
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, site)
    for path, name in (("/dashboard/", "queue"), (f"/dashboard/comments/{comment['id']}", "item"),
                       ("/dashboard/audit", "audit"), ("/dashboard/search?text=bridge", "search"),
                       ("/dashboard/users/ailsa", "commenter"), ("/dashboard/charts", "charts"),
                       ("/dashboard/?overdue=1", "overdue"), ("/dashboard/models", "models")):
        page.goto(site.base_url + path)
        assert page_width(page) <= 390, (path, page_width(page))
        screenshot(page, f"dashboard-390px-{name}")
