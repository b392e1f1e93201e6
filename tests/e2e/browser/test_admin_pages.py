"""The admins' pages in a real browser: the schedule changed after a preview of what it does to the
open queue, problems in words next to their fields, thresholds, revert from the history, staff
accounts (invited, promoted, disabled, the last admin kept), moderators kept out, a phone's width."""
from __future__ import annotations

import re
from datetime import timedelta

from playwright.sync_api import Page, expect
from test_dashboard import sign_in

from moderation.services import staff
from support.api import give_scores
from support.browser import screenshot
from support.clock import WEEKDAY_NIGHT


def open_admin(page: Page, site) -> None:
    sign_in(page, site, "alex")
    page.get_by_role("navigation", name="Dashboard").get_by_role("link", name="Admin").click()
    expect(page.get_by_role("heading", name="Staffing schedule")).to_be_visible()


def policy(site) -> dict:
    return site.http.get("/api/v1/moderation/policy", headers=site.tokens.moderator()).json()


def scored(site, article: str, body: str, abuse: float, sub: str) -> str:
    comment = site.post(article, body, sub=sub)
    assert give_scores(site.ctx, comment["id"], abuse=abuse, off_topic=0.1)
    return comment["id"]


def test_a_moderator_has_no_admin_link_and_is_told_the_pages_are_for_admins(site, page):
    sign_in(page, site, "morgan")
    expect(page.get_by_role("navigation", name="Dashboard").get_by_role("link", name="Admin")).to_have_count(0)
    for path in ("admin/schedule", "admin/thresholds", "admin/history", "admin/staff"):
        response = page.goto(f"{site.base_url}/dashboard/{path}")
        assert response.status == 403
        expect(page.get_by_role("heading", name="For admins only")).to_be_visible()
    # A form sent by hand, with the session's own CSRF token, is refused as well.
    page.goto(f"{site.base_url}/dashboard/")
    status = page.evaluate("""async () => {
        const body = new URLSearchParams({role: "admin", csrf_token: document.querySelector("meta[name=csrf-token]").content});
        return (await fetch("/dashboard/admin/staff/morgan/role", {method: "POST", body})).status;
    }""")
    assert status == 403
    assert next(a for a in staff.list_accounts(site.ctx) if a.username == "morgan").roles == ["moderator"]


def test_a_schedule_change_is_previewed_corrected_and_saved_by_keyboard(site, clock, page):
    clock.set(WEEKDAY_NIGHT)  # Wednesday 25 November 2026, 22:00: part-time cover
    open_admin(page, site)
    expect(page.get_by_role("table", name="November 2026")).to_be_visible()
    expect(page.get_by_role("table", name="December 2026").get_by_role("cell", name=re.compile("^25: part-time all day, Christmas"))).to_be_visible()

    # Saturdays become full-time, and an election-night exception is typed in with its end before its start.
    page.get_by_label("Saturday").check()
    page.locator("#exception-0-name").fill("Election night")
    page.locator("[name=exception-0-start]").fill("2026-11-26T22:00")
    page.locator("[name=exception-0-end]").fill("2026-11-26T06:00")
    page.locator("#exception-0-name").press("Enter")  # Enter in a field previews: nothing is saved yet
    expect(page.get_by_role("alert")).to_contain_text("Nothing was saved")
    row = page.get_by_role("group", name="Election night")
    expect(row).to_contain_text("Exception 'Election night' must start before it ends.")
    expect(page.get_by_label("Saturday")).to_be_checked()  # what was typed is all still there
    assert policy(site)["schedule"]["full_weekdays"] == [0, 1, 2, 3, 4]

    # An unknown time zone is named next to its field.
    page.get_by_label("Time zone").fill("Europe/Lodnon")
    page.locator("[name=exception-0-end]").fill("2026-11-27T06:00")
    page.get_by_role("button", name="Preview changes").click()
    expect(page.locator(".field.invalid")).to_have_count(1)
    expect(page.locator(".field.invalid")).to_contain_text("Unknown time zone 'Europe/Lodnon'.")
    expect(page.get_by_label("Time zone")).to_have_attribute("aria-invalid", "true")
    page.get_by_label("Time zone").fill("Europe/London")
    page.get_by_label("Time zone").press("Enter")

    preview = page.locator("#preview")
    expect(preview).to_contain_text("Full-time days: Monday, Tuesday, Wednesday, Thursday, Friday → Monday, Tuesday, "
                                    "Wednesday, Thursday, Friday, Saturday.")
    expect(preview).to_contain_text("Exception “Election night” added: Thu 26 Nov 2026 22:00 to Fri 27 Nov 2026 06:00, "
                                    "full-time coverage.")
    expect(preview).to_contain_text("Thu 26 Nov, 22:00 to Fri 27 Nov, 06:00: part-time → full-time")
    expect(preview).to_contain_text("Sat 28 Nov, 09:00 to Sat 28 Nov, 18:00: part-time → full-time")
    screenshot(page, "admin-schedule-preview")
    assert policy(site)["schedule"]["full_weekdays"] == [0, 1, 2, 3, 4]  # a preview writes nothing

    # Save, reached by keyboard from the note field.
    page.get_by_label("Note for the history (optional)").fill("Weekend desk on Saturdays")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Save as a new version")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_text(re.compile(r"Saved: version \d+ of the policy is in force"))).to_be_visible()
    saved = policy(site)["schedule"]
    assert saved["full_weekdays"] == [0, 1, 2, 3, 4, 5]
    assert saved["exceptions"] == [{"name": "Election night", "start": "2026-11-26T22:00:00+00:00",
                                    "end": "2026-11-27T06:00:00+00:00", "coverage": "full"}]
    november = page.get_by_role("table", name="November 2026")
    expect(november.get_by_role("cell", name="28: 9 h full-time")).to_be_visible()
    expect(november.get_by_role("cell", name=re.compile("^26: .*Election night"))).to_be_visible()
    trail = site.http.get("/api/v1/moderation/policy/history", headers=site.tokens.admin()).json()["versions"]
    assert trail[0]["author"] == "admin-alex" and trail[0]["note"] == "Weekend desk on Saturdays"


def test_a_lower_night_bar_shows_which_visible_comments_it_would_hide_and_hides_them_once_saved(site, clock, page):
    clock.set(WEEKDAY_NIGHT)
    article = site.article("bridge")
    close = scored(site, article, "The councillors are a bunch of crooks.", 0.88, "gordon")
    scored(site, article, "The new bridge looks lovely at night.", 0.55, "ailsa")
    open_admin(page, site)
    page.get_by_role("navigation", name="Admin").get_by_role("link", name="Thresholds and deadlines").click()
    page.get_by_label("Part-time withholding bar, abuse score").fill("0.85")
    page.get_by_role("button", name="Preview changes").click()
    preview = page.locator("#preview")
    expect(preview).to_contain_text("The open queue (2 items)")
    expect(preview).to_contain_text("1 now visible to readers would be withheld (hidden until reviewed) by the new bars.")
    expect(preview.get_by_role("link", name="The councillors are a bunch of crooks.")).to_have_attribute(
        "href", f"/dashboard/comments/{close}")
    # Changed after the preview: saving shows the new preview instead of saving what was not seen.
    page.get_by_label("Part-time review deadline after a complaint").fill("30")
    page.get_by_role("button", name="Save as a new version").click()
    expect(page.get_by_text("The form changed after the preview")).to_be_visible()
    expect(preview).to_contain_text("Part-time review deadline after a complaint: 4 h → 30 min.")
    assert policy(site)["withhold"]["part"]["abuse"] == 0.9
    page.get_by_role("button", name="Save as a new version").click()
    expect(page.get_by_text(re.compile("Saved: version"))).to_be_visible()
    saved = policy(site)
    assert saved["withhold"]["part"]["abuse"] == 0.85 and saved["deadlines_minutes"]["part"]["complaint"] == 30
    # Saving did what the preview said, at once: readers no longer see the 0.88 comment.
    assert site.http.get(f"/api/v1/comments/{close}").json()["status"] == "awaiting_review"
    assert saved["flag"]["source"] == "unset"  # the flag thresholds were not touched: their source stands

    # A bar below the flag threshold is refused, in words, next to the bar.
    page.get_by_label("Full-time withholding bar, abuse score").fill("0.3")
    page.get_by_role("button", name="Preview changes").click()
    bar = page.locator(".field.invalid")
    expect(bar).to_have_count(1)
    expect(bar).to_contain_text("Full withholding abuse bar must not be below the abuse flag threshold.")
    expect(bar).to_contain_text("Part-time withholding bars must not be higher than full-time ones.")
    expect(bar.get_by_label("Full-time withholding bar, abuse score")).to_have_value("0.3")
    assert policy(site)["withhold"]["full"]["abuse"] == 0.97


def test_comments_closing_by_themselves_and_the_queue_order_are_set_on_the_thresholds_page(site, clock, page):
    clock.set(WEEKDAY_NIGHT)
    published = WEEKDAY_NIGHT.isoformat()
    for article_id, section in (("court-1", "Court reports"), ("news-1", "News")):
        response = site.http.put(f"/api/v1/articles/{article_id}", headers=site.tokens.editor(),
                                 json={"title": "Verdict due", "section": section, "published_at": published})
        assert response.status_code in (200, 201), response.text
    open_admin(page, site)
    page.get_by_role("navigation", name="Admin").get_by_role("link", name="Thresholds and deadlines").click()
    expect(page.get_by_label("Severity first in the queue's order")).to_be_checked()

    # A line that says no number of days is named, with what was typed kept.
    page.get_by_label("Comments close after (days)").fill("3")
    page.get_by_label("Sections that close at their own time").fill("Court reports: one\nObituaries: never")
    page.get_by_role("button", name="Preview changes").click()
    expect(page.locator(".field.invalid")).to_contain_text("Line 1: “one” is not a number of days")
    expect(page.get_by_label("Sections that close at their own time")).to_have_value("Court reports: one\nObituaries: never")

    page.get_by_label("Sections that close at their own time").fill("Court reports: 1\nObituaries: never")
    page.get_by_label("Severity first in the queue's order").uncheck()
    page.get_by_role("button", name="Preview changes").click()
    preview = page.locator("#preview")
    expect(preview).to_contain_text("Comments close after (days): never → 3.")
    expect(preview).to_contain_text("Comments in section “Court reports” close after (days): set to 1.")
    expect(preview).to_contain_text("Severity first in the queue's order: yes → no.")
    page.get_by_role("button", name="Save as a new version").click()
    expect(page.get_by_text(re.compile("Saved: version"))).to_be_visible()
    saved = policy(site)
    assert saved["closing"] == {"after_days": 3, "sections": {"Court reports": 1, "Obituaries": None}}
    assert saved["priority"]["severity_first"] is False
    # The articles close when the saved policy says.
    court = site.http.get("/api/v1/articles/court-1").json()
    news = site.http.get("/api/v1/articles/news-1").json()
    assert (court["closes_at"], news["closes_at"]) == (
        (WEEKDAY_NIGHT + timedelta(days=1)).isoformat(), (WEEKDAY_NIGHT + timedelta(days=3)).isoformat())
    # The page shows what is in force, ready for the next change.
    expect(page.get_by_label("Severity first in the queue's order")).not_to_be_checked()
    expect(page.get_by_label("Sections that close at their own time")).to_have_value("Court reports: 1\nObituaries: never")


def test_revert_from_the_history_brings_back_an_earlier_version_as_a_new_one(site, page):
    open_admin(page, site)
    page.get_by_role("navigation", name="Admin").get_by_role("link", name="Thresholds and deadlines").click()
    page.get_by_label("Weight of a complaint of spam").fill("0.5")
    page.get_by_label("Flag threshold, spam score").fill("0.6")
    page.get_by_role("button", name="Preview changes").click()
    page.get_by_role("button", name="Save as a new version").click()
    expect(page.get_by_text(re.compile("Saved: version"))).to_be_visible()
    changed = policy(site)
    assert changed["complaint_weight"]["spam"] == 0.5 and changed["flag"]["spam"] == 0.6
    assert changed["flag"]["source"] == "set on the dashboard by Alex Admin"  # no longer the model's recommendation

    page.get_by_role("navigation", name="Admin").get_by_role("link", name="Policy history").click()
    newest, older = page.locator("ol.versions > li").nth(0), page.locator("ol.versions > li").nth(1)
    expect(newest).to_contain_text("in force")
    expect(newest).to_contain_text("Weight of a complaint of spam: 1 → 0.5.")
    expect(newest).to_contain_text("Flag threshold, spam score: 0.5 → 0.6.")
    expect(newest).to_contain_text("by Alex Admin")
    old_version = re.search(r"\d+", older.get_by_role("heading").inner_text()).group(0)
    older.get_by_label("Why (optional)").fill("Spam reports matter after all")
    page.once("dialog", lambda dialog: dialog.accept())
    older.get_by_role("button", name=f"Revert to version {old_version}").click()
    expect(page.get_by_text(re.compile(f"the same as version {old_version}, is in force"))).to_be_visible()
    restored = policy(site)
    assert restored["complaint_weight"]["spam"] == 1.0 and restored["flag"] == {**changed["flag"], "spam": 0.5, "source": "unset"}
    reverted = page.locator("ol.versions > li").first
    expect(reverted).to_contain_text(f"Reverted to version {old_version}. Spam reports matter after all")
    expect(reverted).to_contain_text("Weight of a complaint of spam: 0.5 → 1.")
    expect(reverted).to_contain_text("Source of the flag thresholds: set on the dashboard by Alex Admin → unset.")
    trail = site.http.get("/api/v1/moderation/policy/history", headers=site.tokens.admin()).json()["versions"]
    assert len(trail) == 3


def test_staff_are_invited_promoted_and_disabled_and_the_last_admin_is_kept(site, browser_context, page):
    open_admin(page, site)
    page.get_by_role("navigation", name="Admin").get_by_role("link", name="Staff").click()
    expect(page.get_by_role("heading", name="Staff accounts")).to_be_visible()

    # The only admin cannot disable or demote themselves.
    alex = page.locator("li.account").filter(has=page.get_by_role("heading", name=re.compile("^Alex Admin")))
    page.once("dialog", lambda dialog: dialog.accept())
    alex.get_by_role("button", name="Disable Alex Admin").click()
    expect(page.get_by_text("Alex Admin is the only active admin: you cannot disable them.")).to_be_visible()
    alex.get_by_label("Role of Alex Admin").select_option("moderator")
    alex.get_by_role("button", name="Change role").click()
    expect(page.get_by_text("you cannot take the admin role from them")).to_be_visible()

    # A new editor, invited with a link: a missing name is refused in words first.
    form = page.locator("form.add-staff")
    form.get_by_label("Username").fill("robin")
    form.get_by_label("Role").select_option("editor")
    form.get_by_role("button", name="Add").click()
    expect(page.locator("form.add-staff")).to_contain_text("A display name is needed.")
    expect(page.locator("form.add-staff").get_by_label("Username")).to_have_value("robin")
    page.locator("form.add-staff").get_by_label("Display name (shown to colleagues)").fill("Robin Editor")
    page.locator("form.add-staff").get_by_role("button", name="Add").click()
    expect(page.get_by_text("Added Robin Editor (robin) as editor.")).to_be_visible()
    link = page.get_by_role("textbox", name="Link to send").input_value()
    assert "/dashboard/welcome/" in link

    invited = browser_context.browser.new_context()
    robin = invited.new_page()
    robin.goto(link)
    robin.get_by_label("New password").fill("robin's own long passphrase")
    robin.get_by_label("The same again").fill("robin's own long passphrase")
    robin.get_by_role("button", name="Set password").click()
    expect(robin.get_by_text("Your password is set: sign in with it.")).to_be_visible()
    robin.get_by_label("Username").fill("robin")
    robin.get_by_label("Password").fill("robin's own long passphrase")
    robin.get_by_role("button", name="Sign in").click()
    expect(robin.get_by_role("heading", name="Review queue")).to_be_visible()
    robin.goto(link)
    expect(robin.get_by_role("heading", name="This link does not work")).to_be_visible()

    # Robin is made an admin (the Admin link appears on their next page), then Morgan is disabled.
    page.reload()
    robin_row = page.locator("li.account").filter(has=page.get_by_role("heading", name=re.compile("^Robin Editor")))
    robin_row.get_by_label("Role of Robin Editor").select_option("admin")
    robin_row.get_by_role("button", name="Change role").click()
    expect(page.get_by_text("robin is now admin.")).to_be_visible()
    robin.reload()
    expect(robin.get_by_role("navigation", name="Dashboard").get_by_role("link", name="Admin")).to_be_visible()
    morgan = page.locator("li.account").filter(has=page.get_by_role("heading", name=re.compile("^Morgan Moderator")))
    page.once("dialog", lambda dialog: dialog.accept())
    morgan.get_by_role("button", name="Disable Morgan Moderator").click()
    expect(page.get_by_text("morgan is disabled and signed out everywhere.")).to_be_visible()
    expect(page.locator("li.account").filter(has_text="Morgan Moderator")).to_contain_text("disabled")
    invited.close()

    # Every change is in the audit trail, under the admin who made it.
    page.get_by_role("navigation", name="Dashboard").get_by_role("link", name="Audit trail").click()
    page.get_by_label("What").fill("staff")
    page.get_by_role("button", name="Filter").click()
    rows = page.locator("table.audit tbody tr")
    expect(rows.filter(has_text="staff disabled")).to_contain_text("Morgan Moderator (morgan)")
    expect(rows.filter(has_text="staff roles changed")).to_contain_text("Alex Admin")
    expect(rows.filter(has_text="staff added")).to_contain_text("Robin Editor (robin)")


def test_the_admin_pages_fit_a_390px_phone_screen(site, clock, page):
    clock.set(WEEKDAY_NIGHT)
    open_admin(page, site)
    page.set_viewport_size({"width": 390, "height": 844})
    for name in ("schedule", "thresholds", "history", "staff"):
        page.goto(f"{site.base_url}/dashboard/admin/{name}")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, name
        screenshot(page, f"admin-390px-{name}")
    page.goto(f"{site.base_url}/dashboard/admin/schedule")
    page.get_by_label("Sunday").check()
    page.get_by_role("button", name="Preview changes").click()
    expect(page.locator("#preview")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
