"""The queue list says why each item is there in one sentence, and opens the parts of its priority
on demand: from the keyboard, on a phone's screen, and through the list's live refresh."""
from __future__ import annotations

import re

from playwright.sync_api import Page, expect
from test_dashboard import report, sign_in

from support.api import give_scores
from support.browser import screenshot
from support.clock import WEEKDAY_MORNING


def _row(page: Page, text: str):
    return page.locator("tr.item", has_text=text)


def _points(row) -> int:
    return sum(int(p.replace("+", "").replace(",", "")) for p in row.locator("ol.parts .points").all_inner_texts())


def test_each_row_says_why_and_opens_its_priority_parts_from_the_keyboard_on_a_phone(site, clock, page):
    clock.set(WEEKDAY_MORNING)
    article = site.article("bridge")
    contempt = site.post(article, "The accused did it, everyone knows.", sub="ailsa", name="Ailsa")
    insult = site.post(article, "The engineers are idiots and should be sacked.", sub="gordon", name="Gordon")
    report(site, contempt["id"], "legal", reporter="r1")
    give_scores(site.ctx, insult["id"], abuse=0.93, spam=0.02)
    for reporter in ("r2", "r3"):
        report(site, insult["id"], "abuse", reporter=reporter)

    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, site)
    legal, abuse = _row(page, "The accused did it"), _row(page, "The engineers are idiots")
    # Severity first: the legal complaint heads the queue above the abuse with its score and two reports.
    expect(page.locator("tr.item").first).to_contain_text("The accused did it")
    expect(legal.locator(".why-line")).to_have_text("1 reader reported it as legal.")
    expect(abuse.locator(".why-line")).to_have_text("2 readers reported it as abuse (and 1 more reason).")
    expect(abuse.locator("ol.parts")).to_be_hidden()

    # Tab to the disclosure and open it with the keyboard: the page stays on the queue.
    summary = abuse.get_by_text(re.compile(r"^How priority [\d,]+ adds up$"))
    summary.focus()
    expect(summary).to_be_focused()
    page.keyboard.press("Enter")
    parts = abuse.locator("ol.parts")
    expect(parts).to_be_visible()
    expect(page).to_have_url(re.compile(r"/dashboard/$"))
    expect(parts.locator("li")).to_have_text([
        re.compile(r"^\+50,000 Severity abuse \(5 of 6\), which comes before every other part\.$"),
        "+279 Highest flagged score: abuse 0.93.",
        "+180 2 distinct complainants, weight 3.0.",
    ])
    priority = int(abuse.locator("td.num").first.inner_text().replace(",", ""))
    assert _points(abuse) == priority == 50_459
    assert summary.inner_text() == "How priority 50,459 adds up"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "queue-priority-parts-390px")
    page.keyboard.press("Space")  # and closes it again
    expect(parts).to_be_hidden()

    # A click on the disclosure opens it; it does not open the item the way a click on the row does.
    legal.get_by_text(re.compile(r"^How priority")).click()
    expect(legal.locator("ol.parts li").first).to_have_text(
        re.compile(r"^\+60,000 Severity legal \(6 of 6\), which comes before every other part\.$"))
    expect(page).to_have_url(re.compile(r"/dashboard/$"))


def test_opened_priority_parts_stay_open_through_the_live_refresh(site, clock, page):
    clock.set(WEEKDAY_MORNING)
    article = site.article("bridge")
    first = site.post(article, "Watches at shop.example", sub="seller")
    report(site, first["id"], "spam", reporter="r1")
    sign_in(page, site)
    page.goto(f"{site.base_url}/dashboard/?refresh=2")
    row = _row(page, "Watches at shop.example")
    row.get_by_text(re.compile(r"^How priority")).click()
    expect(row.locator("ol.parts")).to_be_visible()
    page.locator("h1").click()  # focus leaves the list, so the refresh may replace it

    second = site.post(article, "Cheap flights at fly.example", sub="seller2")
    report(site, second["id"], "spam", reporter="r2")
    expect(_row(page, "Cheap flights at fly.example")).to_be_visible(timeout=15_000)  # the list was refreshed
    expect(_row(page, "Watches at shop.example").locator("ol.parts")).to_be_visible()
    expect(_row(page, "Cheap flights at fly.example").locator("ol.parts")).to_be_hidden()


def test_the_item_page_shows_how_its_priority_adds_up(site, clock, page):
    clock.set(WEEKDAY_MORNING)
    article = site.article("bridge")
    comment = site.post(article, "The bridge figures are made up", sub="ailsa")
    report(site, comment["id"], "untrue", reporter="r1")
    sign_in(page, site)
    page.goto(f"{site.base_url}/dashboard/comments/{comment['id']}")
    disclosure = page.locator(".why details.parts")
    disclosure.locator("summary").click()
    expect(disclosure.locator("li")).to_have_text([
        re.compile(r"^\+40,000 Severity untrue"),
        "+60 1 distinct complainant, weight 1.0.",
    ])
