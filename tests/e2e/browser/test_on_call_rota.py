"""The on-call rota page in a real browser: an admin sets who is on call, is told in words what is
wrong, and the saved rota is the policy in force."""
from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from moderation.adapters.alert_channels import make_channels
from moderation.services import alerts
from support.api import give_scores
from support.browser import STAFF_PASSWORD, screenshot
from support.clock import WEEKDAY_NIGHT


def sign_in(page: Page, site, username: str) -> None:
    page.goto(f"{site.base_url}/dashboard/login")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Review queue")).to_be_visible()


def test_an_admin_sets_the_night_rota_after_being_told_what_is_missing(site, clock, page):
    clock.set(WEEKDAY_NIGHT)  # Wednesday 22:00
    sign_in(page, site, "alex")
    page.get_by_role("link", name="Alerts").click()
    expect(page.get_by_text("No rota is set: nobody is alerted.")).to_be_visible()
    page.get_by_role("link", name="Set up the rota").click()
    expect(page.get_by_role("heading", name="On-call rota")).to_be_visible()

    page.get_by_label("Username, person 1").fill("morgan")
    page.get_by_label("E-mail, person 1").fill("morgan@paper.example")
    page.get_by_label("Who, shift 1").fill("morgan")
    for day in range(5):
        page.locator(f"input[name=shift-0-day-{day}]").check()
    page.get_by_label("From, shift 1").fill("18:00")
    page.get_by_label("Until, shift 1").fill("23:00")
    page.get_by_role("button", name="Save the rota").click()

    problems = page.get_by_role("alert")
    expect(problems).to_contain_text("The rota was not saved:")
    expect(problems).to_contain_text("A fallback contact is needed, to be told when an alert goes unacknowledged")
    expect(page.get_by_label("E-mail, person 1")).to_have_value("morgan@paper.example")  # nothing typed is lost
    expect(page.get_by_label("From, shift 1")).to_have_value("18:00")
    screenshot(page, "rota-refused")

    page.get_by_label("Name", exact=True).fill("Night editor")
    page.get_by_label("E-mail", exact=True).fill("desk@paper.example")
    page.get_by_label("Username, person 2").fill("nobody-here")
    page.get_by_label("E-mail, person 2").fill("nobody@paper.example")
    page.get_by_role("button", name="Save the rota").click()
    expect(page.get_by_role("alert")).to_contain_text("There is no staff account with the username “nobody-here”")

    page.get_by_label("Username, person 2").fill("")
    page.get_by_label("E-mail, person 2").fill("")
    page.get_by_role("button", name="Save the rota").click()
    expect(page.get_by_text("Rota saved")).to_be_visible()
    expect(page.get_by_text(re.compile(r"On call now: Morgan Moderator"))).to_be_visible()
    screenshot(page, "rota-saved")

    policy = site.http.get("/api/v1/moderation/policy", headers=site.tokens.moderator()).json()
    assert policy["rota"]["shifts"] == [{"username": "morgan", "weekdays": [0, 1, 2, 3, 4], "start": "18:00", "end": "23:00"}]
    assert policy["rota"]["fallback"] == {"name": "Night editor", "email": "desk@paper.example", "webhook": None}
    assert [p["username"] for p in policy["rota"]["people"]] == ["morgan"]

    # A threat withheld now reaches Morgan; this service has no mail server, and the alerts page says so.
    site.article("bridge", title="Harbour bridge reopens")
    threat = site.post("bridge", "I know where you live and I am coming for you.", sub="troll")
    give_scores(site.ctx, threat["id"], abuse=0.95, labels={"threat": 0.91})
    alerts.run(site.ctx, make_channels(site.ctx.settings))
    page.get_by_role("link", name="The alerts").click()
    row = page.locator("tr[data-alert]")
    expect(row).to_contain_text("Withheld for a threat (abuse score 0.95): a comment under “Harbour bridge reopens”.")
    expect(row).to_contain_text("Morgan Moderator")
    expect(row).to_contain_text("email failed")
    expect(row).to_contain_text("no SMTP server is configured")
    expect(row).to_contain_text("not yet")
    screenshot(page, "alerts-history")


def test_a_moderator_sees_the_alerts_but_may_not_change_the_rota(site, page):
    sign_in(page, site, "morgan")
    page.get_by_role("link", name="Alerts").click()
    expect(page.get_by_role("heading", name="On-call alerts")).to_be_visible()
    expect(page.get_by_role("link", name="Set up the rota")).to_have_count(0)
    response = page.goto(f"{site.base_url}/dashboard/alerts/rota")
    assert response.status == 403
    expect(page.get_by_text("Only an admin may change the on-call rota.")).to_be_visible()
