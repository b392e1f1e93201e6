"""The review dashboard in a real browser: sign-in, the queue, decisions, claims, shortcuts, safety."""
from __future__ import annotations

import re

import httpx
from playwright.sync_api import Page, expect

from support.browser import STAFF_PASSWORD, screenshot
from support.clock import WEEKDAY_MORNING


def sign_in(page: Page, site, username: str = "morgan") -> None:
    page.goto(f"{site.base_url}/dashboard/")
    expect(page).to_have_url(re.compile(r"/dashboard/login"))
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Review queue")).to_be_visible()
    shortcuts_ready(page)


def shortcuts_ready(page: Page) -> None:
    """Wait until the page's script has hooked up the keyboard shortcuts."""
    expect(page.locator("html[data-shortcuts=on]")).to_have_count(1)


def report(site, comment_id: str, reason: str = "abuse", reporter: str = "rowan", note: str = "") -> None:
    response = site.http.post(f"/api/v1/comments/{comment_id}/complaints", json={"reason": reason, "note": note},
                              headers=site.tokens.subscriber(reporter, subscriber=False))
    assert response.status_code == 201, response.text


def public_view(site, comment_id: str) -> dict:
    return site.http.get(f"/api/v1/comments/{comment_id}").json()


def test_a_reported_comment_tops_the_queue_and_an_amendment_reaches_readers(site, clock, page):
    clock.set(WEEKDAY_MORNING)  # full-time moderation: the complaints queue the comment without withholding it
    article = site.article("bridge")
    calm = site.post(article, "Lovely to have the bridge back.", sub="ailsa")
    rude = site.post(article, "The engineers are idiots and should be sacked.", sub="gordon", name="Gordon")
    report(site, calm["id"], "spam", reporter="r1")
    report(site, rude["id"], "abuse", reporter="r2", note="Insulting the engineers by name")
    report(site, rude["id"], "abuse", reporter="r3")

    sign_in(page, site)
    first = page.locator("tr.item").first
    expect(first).to_contain_text("The engineers are idiots")
    expect(first).to_contain_text("Abuse")
    expect(page.locator("#coverage")).to_contain_text("Full-time moderation")
    screenshot(page, "dashboard-queue")

    first.get_by_role("link").click()
    expect(page.get_by_role("heading", name=re.compile("Comment by Gordon"))).to_be_visible()
    expect(page.locator("blockquote.note")).to_contain_text("Insulting the engineers by name")
    expect(page.get_by_text(re.compile("2 readers reported it as abuse"))).to_be_visible()
    screenshot(page, "dashboard-item")
    page.get_by_label("Reason (to amend or delete)").select_option("abuse")
    page.get_by_label("Amended text (for Amend)").fill("The engineers [removed by a moderator] should be sacked.")
    page.get_by_label("Note for the record (optional)").fill("Name-calling removed")
    page.get_by_role("button", name=re.compile("^Amend")).click()
    expect(page.get_by_text("Amended.")).to_be_visible()

    seen = public_view(site, rude["id"])
    assert seen["body"] == "The engineers [removed by a moderator] should be sacked."
    assert seen["amended"] is True
    trail = site.http.get(f"/api/v1/moderation/comments/{rude['id']}/history", headers=site.tokens.moderator()).json()
    amend = next(e for e in trail["events"] if e["action"] == "amend")
    assert amend["actor"] == "mod-morgan" and amend["note"] == "Name-calling removed"
    assert trail["original_body"] == "The engineers are idiots and should be sacked."


def test_delete_leaves_a_placeholder_in_the_thread(site, page):
    article = site.article("bridge")
    parent = site.post(article, "Buy cheap watches at spam.example!!!", sub="seller")
    reply = site.post(article, "Is this an advert?", sub="ailsa", parent_id=parent["id"])
    report(site, parent["id"], "spam")

    sign_in(page, site)
    page.locator("tr.item").first.get_by_role("link").click()
    page.get_by_label("Reason (to amend or delete)").select_option("spam")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name=re.compile("^Delete")).click()
    expect(page.get_by_text("Deleted.")).to_be_visible()

    thread = site.http.get(f"/api/v1/articles/{article}/comments").json()["comments"]
    assert thread[0]["id"] == parent["id"]
    assert thread[0]["body"] is None and thread[0]["placeholder"]
    assert [r["id"] for r in thread[0]["replies"]] == [reply["id"]]


def test_keyboard_shortcuts_move_open_decide_and_bulk_approve(site, page):
    article = site.article("bridge")
    ids = [site.post(article, f"Comment number {n} about the bridge.", sub=f"author{n}")["id"] for n in range(3)]
    for n, comment_id in enumerate(ids):
        report(site, comment_id, "off_topic", reporter=f"reporter{n}")

    sign_in(page, site)
    page.keyboard.press("?")
    expect(page.get_by_role("heading", name="Keyboard shortcuts")).to_be_visible()
    page.keyboard.press("Escape")
    # j selects the first item, o opens it, a approves it; the next item opens by itself.
    page.keyboard.press("j")
    expect(page.locator("tr.item.selected")).to_have_count(1)
    page.keyboard.press("o")
    expect(page).to_have_url(re.compile("/dashboard/comments/"))
    shortcuts_ready(page)
    first = page.url.rsplit("/", 1)[-1]
    # While the help is open the keys belong to it: `a` approves nothing.
    page.keyboard.press("?")
    page.keyboard.press("a")
    expect(page.get_by_role("heading", name="Keyboard shortcuts")).to_be_visible()
    page.keyboard.press("Escape")
    assert page.url.rsplit("/", 1)[-1] == first
    page.keyboard.press("a")
    expect(page.get_by_text("Approved.")).to_be_visible()
    assert page.url.rsplit("/", 1)[-1] != first
    # u goes back to the queue; j, x, j, x select both remaining items; Shift+A approves them.
    shortcuts_ready(page)
    page.keyboard.press("u")
    expect(page.locator("tr.item")).to_have_count(2)
    shortcuts_ready(page)
    for _ in range(2):
        page.keyboard.press("j")
        page.keyboard.press("x")
    page.keyboard.press("Shift+A")
    expect(page.get_by_text("Approved 2 comments.")).to_be_visible()
    expect(page.locator("tr.item")).to_have_count(0)
    # The switch in the help turns single-key shortcuts off, and it sticks.
    shortcuts_ready(page)
    page.keyboard.press("?")
    page.get_by_label("Single-key shortcuts on").uncheck()
    page.keyboard.press("Escape")
    page.reload()
    shortcuts_ready(page)
    page.keyboard.press("/")
    expect(page.get_by_role("heading", name="Review queue")).to_be_visible()
    queue = site.http.get("/api/v1/moderation/queue?state=resolved", headers=site.tokens.moderator()).json()
    assert {i["comment_id"] for i in queue["items"]} == set(ids)


def test_two_moderators_cannot_act_on_one_claimed_item(site, page, browser_context, chromium):
    article = site.article("bridge")
    comment = site.post(article, "A comment two moderators look at.", sub="ailsa")
    report(site, comment["id"])

    sign_in(page, site, "morgan")
    page.locator("tr.item").first.get_by_role("link").click()
    expect(page.get_by_text(re.compile("claimed by Morgan Moderator"))).to_be_visible()

    other_context = chromium.new_context()
    try:
        other = other_context.new_page()
        sign_in(other, site, "casey")
        expect(other.locator("tr.item").first).to_contain_text("being reviewed by Morgan Moderator")
        other.locator("tr.item").first.get_by_role("link").click()
        expect(other.get_by_role("alert")).to_contain_text("Morgan Moderator is reviewing this comment")
        other.get_by_label("Reason (to amend or delete)").select_option("abuse")
        other.get_by_label("Amended text (for Amend)").fill("Casey's careful rewording.")
        other.get_by_role("button", name=re.compile("^Amend")).click()
        expect(other.get_by_role("status")).to_contain_text("Another moderator is reviewing this comment")
        expect(other.get_by_role("alert")).to_contain_text("Morgan Moderator is reviewing this comment")
        # What Casey typed is still there to use later.
        expect(other.get_by_label("Amended text (for Amend)")).to_have_value("Casey's careful rewording.")
        assert public_view(site, comment["id"])["body"] == "A comment two moderators look at."

        # Morgan gives the item back; now Casey can act on it.
        page.get_by_role("button", name="Release this item to a colleague").click()
        expect(page.get_by_text("Released")).to_be_visible()
        other.reload()
        expect(other.get_by_role("alert")).to_have_count(0)
        other.get_by_role("button", name=re.compile("^Approve")).click()
        expect(other.get_by_text("Approved.")).to_be_visible()
    finally:
        other_context.close()
    trail = site.http.get(f"/api/v1/moderation/comments/{comment['id']}/history", headers=site.tokens.moderator()).json()
    assert [(e["action"], e["actor"]) for e in trail["events"] if e["action"] in ("claimed", "released", "approve")] == [
        ("claimed", "mod-morgan"), ("released", "mod-morgan"), ("claimed", "mod-casey"), ("approve", "mod-casey")]


def test_markup_in_comments_and_names_stays_inert_in_the_dashboard(site, page):
    article = site.article("bridge")
    body = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script><b>bold?</b>'
    name = '<img src=y onerror="window.__pwned=3">Mallory'
    comment = site.post(article, body, sub="mallory", name=name)
    report(site, comment["id"])

    sign_in(page, site)
    row = page.locator("tr.item").first
    expect(row).to_contain_text("<script>window.__pwned=2</script>")
    expect(row).to_contain_text(name)
    assert row.locator("img, script, b").count() == 0
    row.get_by_role("link").click()
    expect(page.locator("[data-comment-body]")).to_have_text(body)
    expect(page.get_by_role("heading", name=re.compile("Comment by"))).to_contain_text(name)
    assert page.locator("main img, main b").count() == 0
    assert page.evaluate("window.__pwned") is None


def test_markup_in_a_staff_name_stays_inert_on_every_dashboard_page(site, page):
    from moderation.services import staff

    name = '<img src=x onerror="window.__pwned=1"><svg onload="window.__pwned=2"></svg><b>Eve</b>'
    staff.create_account(site.ctx, "eve", name, STAFF_PASSWORD, ["moderator"], "mod-eve")
    article = site.article("bridge", title='<img src=t onerror="window.__pwned=3">Bridge')
    comment = site.post(article, "<b>bold</b> claim <svg onload=alert(1)>", sub="mallory", name="<b>Mallory</b>")
    report(site, comment["id"], note="<img src=n onerror=alert(1)> note")
    decision = site.http.post(f"/api/v1/moderation/comments/{comment['id']}/decision",
                              json={"action": "approve", "reason": "other", "note": "<script>x()</script>"},
                              headers=site.tokens.moderator("mod-eve"))
    assert decision.status_code == 200
    report(site, comment["id"], reporter="again")  # queued again, so the queue row shows it too

    sign_in(page, site, "eve")
    pages = ["/dashboard/", f"/dashboard/comments/{comment['id']}", "/dashboard/search?text=claim",
             "/dashboard/audit", "/dashboard/charts"]
    for path in pages:
        page.goto(site.base_url + path)
        # Everything is shown as text: no element was made from what staff or readers typed.
        assert page.locator("main img, main b, main script, main svg:not(.chart), main svg.chart svg").count() == 0, path
        assert page.locator("header.top img, header.top b").count() == 0, path
        assert page.evaluate("window.__pwned") is None, path
    page.goto(site.base_url + "/dashboard/charts")
    expect(page.locator("figure").nth(1)).to_contain_text(name)
    page.goto(site.base_url + f"/dashboard/comments/{comment['id']}")
    expect(page.locator("header.top")).to_contain_text(name)
    expect(page.locator("table.audit")).to_contain_text("<script>x()</script>")


def test_forms_without_a_valid_csrf_token_are_refused(site):
    article = site.article("bridge")
    comment = site.post(article, "Something a forger wants deleted.", sub="ailsa")
    report(site, comment["id"])
    with httpx.Client(base_url=site.base_url, follow_redirects=False) as browser:
        response = browser.get("/dashboard/login")
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
        login_page = response.text
        token = re.search(r'name="csrf_token" value="([^"]+)"', login_page).group(1)
        # Signing in needs the token too.
        refused = browser.post("/dashboard/login", data={"username": "morgan", "password": STAFF_PASSWORD})
        assert refused.status_code == 400 and "Form expired" in refused.text
        signed_in = browser.post("/dashboard/login", data={"username": "morgan", "password": STAFF_PASSWORD,
                                                           "csrf_token": token})
        assert signed_in.status_code == 302
        decision = {"action": "delete", "reason": "abuse", "note": ""}
        assert browser.post(f"/dashboard/comments/{comment['id']}/decision", data=decision).status_code == 400
        forged = {**decision, "csrf_token": "IjRmZjE5YjM5In0.forged.signature"}
        assert browser.post(f"/dashboard/comments/{comment['id']}/decision", data=forged).status_code == 400
        bulk = browser.post("/dashboard/queue/approve", data={"comment_id": comment["id"]})
        assert bulk.status_code == 400
    assert public_view(site, comment["id"])["status"] == "published"
    assert site.http.get("/api/v1/moderation/queue", headers=site.tokens.moderator()).json()["items"]


def test_a_readers_token_reaches_neither_the_dashboard_nor_the_moderation_api(site):
    reader = site.tokens.subscriber("sam")
    dashboard = site.http.get("/dashboard/", headers=reader, follow_redirects=False)
    assert dashboard.status_code == 302 and "/dashboard/login" in dashboard.headers["Location"]
    for path in ("/dashboard/search?text=a", "/dashboard/charts", "/dashboard/audit"):
        assert site.http.get(path, headers=reader, follow_redirects=False).status_code == 302
    api = site.http.get("/api/v1/moderation/queue", headers=reader)
    assert api.status_code == 403 and api.json()["error"]["code"] == "moderator_only"


def test_repeated_wrong_passwords_pause_signing_in_from_that_network(site, page):
    page.goto(f"{site.base_url}/dashboard/login")
    for _ in range(5):
        page.get_by_label("Username").fill("morgan")
        page.get_by_label("Password").fill("not the password at all")
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("alert")).to_contain_text("were not accepted")
    page.get_by_label("Username").fill("morgan")
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("were not accepted")
    expect(page.get_by_role("heading", name="Review queue")).to_have_count(0)


def test_signing_out_ends_the_session_even_for_a_copied_cookie(site, page, browser_context):
    sign_in(page, site)
    copied = browser_context.cookies()
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_text("You are signed out.")).to_be_visible()
    browser_context.add_cookies(copied)
    page.goto(f"{site.base_url}/dashboard/")
    expect(page).to_have_url(re.compile("/dashboard/login"))


def test_search_audit_trail_and_charts(site, page):
    article = site.article("bridge")
    ids = [site.post(article, text, sub=sub, name=name)["id"] for text, sub, name in [
        ("The toll should be scrapped.", "ailsa", "Ailsa Grant"),
        ("What a waste of public money.", "tom", "Tom Hardie"),
        ("Cycle lane looks great.", "ailsa", "Ailsa Grant"),
    ]]
    for n, comment_id in enumerate(ids):
        report(site, comment_id, "other", reporter=f"r{n}")
    moderator = site.tokens.moderator("mod-morgan")
    for comment_id, action in zip(ids, ("approve", "delete")):
        response = site.http.post(f"/api/v1/moderation/comments/{comment_id}/decision",
                                  json={"action": action, "reason": "other"}, headers=moderator)
        assert response.status_code == 200, response.text

    sign_in(page, site)
    page.keyboard.press("/")
    expect(page.get_by_role("heading", name="Search comments")).to_be_visible()
    page.get_by_label("Author").fill("ailsa grant")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_text("2 comments found")).to_be_visible()
    page.get_by_label("Author").fill("")
    page.get_by_label("Text").fill("PUBLIC MONEY")
    page.get_by_role("button", name="Search").click()
    expect(page.locator("tr.item")).to_have_count(1)
    expect(page.locator("tr.item")).to_contain_text("waste of public money")

    page.get_by_role("link", name="Audit trail").click()
    expect(page.locator("table.audit")).to_contain_text("delete")
    page.get_by_label("Who").fill("Morgan Moderator")
    page.get_by_label("What").fill("delete")
    page.get_by_role("button", name="Filter").click()
    expect(page.locator("table.audit tbody tr")).to_have_count(1)
    expect(page.locator("table.audit tbody tr")).to_contain_text("Morgan Moderator")

    page.get_by_role("link", name="Charts").click()
    charts = page.locator("svg.chart")
    expect(charts).to_have_count(4)
    # Morgan's two decisions are drawn as bars, and the queue's line has points.
    expect(page.locator("svg.chart rect.approve")).to_have_count(1)
    expect(page.locator("svg.chart rect.delete")).to_have_count(1)
    expect(page.locator("svg.chart polyline.line")).to_have_count(1)
    expect(page.locator("figure").nth(1)).to_contain_text("Morgan Moderator")
    screenshot(page, "dashboard-charts")


def test_the_queue_refreshes_itself_and_the_overdue_view_shows_late_items(site, page, clock):
    article = site.article("bridge")
    first = site.post(article, "The first comment anyone reported.", sub="ailsa")
    report(site, first["id"])
    sign_in(page, site)
    page.goto(f"{site.base_url}/dashboard/?refresh=2")
    expect(page.locator("tr.item")).to_have_count(1)

    later = site.post(article, "Reported while the moderator was watching.", sub="tom")
    report(site, later["id"], "legal", note="Names a person in an active court case")
    # No reload: the page fetches the queue again by itself, and the legal report goes first.
    expect(page.locator("tr.item")).to_have_count(2, timeout=8000)
    expect(page.locator("tr.item").first).to_contain_text("Reported while the moderator was watching")

    page.get_by_role("link", name="Overdue").click()
    expect(page.get_by_text("Nothing is waiting past its deadline.")).to_be_visible()
    clock.advance(hours=9)
    page.reload()
    expect(page.locator("tr.item.overdue")).to_have_count(2)
    expect(page.locator("tr.item").first.locator("td.due")).to_contain_text("overdue by")


def test_a_report_from_the_widget_is_amended_in_the_dashboard_and_the_reader_sees_it(site, page, chromium):
    article = site.article("bridge")
    site.post(article, "Looking forward to walking over it again.", sub="ailsa", name="Ailsa")
    target = site.post(article, "The harbour master is a crook and a liar.", sub="gordon", name="Gordon")
    reader_token = site.tokens.make("rowan", name="Rowan Reader", subscriber=False)

    # A reader reports the comment from the article page.
    page.goto(site.publisher.article_url(article, reader_token))
    post = page.locator(".cw-card").filter(has_text="crook and a liar")
    post.get_by_role("button", name="Report this post").click()
    post.get_by_role("radio", name=re.compile("Unlawful")).check()
    post.get_by_role("textbox", name=re.compile("Anything else")).fill("Accuses a named official of a crime.")
    post.get_by_role("button", name="Send report").click()
    expect(post.get_by_text("Reported", exact=True)).to_be_visible()

    # A moderator, in another browser, finds it at the top of the queue and amends it.
    moderator_context = chromium.new_context(viewport={"width": 1280, "height": 900})
    try:
        dashboard = moderator_context.new_page()
        sign_in(dashboard, site)
        top = dashboard.locator("tr.item").first
        expect(top).to_contain_text("crook and a liar")
        expect(top).to_contain_text("Legal")
        top.get_by_role("link").click()
        expect(dashboard.locator("blockquote.note")).to_contain_text("Accuses a named official of a crime.")
        dashboard.get_by_label("Reason (to amend or delete)").select_option("legal")
        dashboard.get_by_label("Amended text (for Amend)").fill("The harbour master [allegation removed by a moderator].")
        dashboard.get_by_role("button", name=re.compile("^Amend")).click()
        expect(dashboard.get_by_text("Amended.")).to_be_visible()
    finally:
        moderator_context.close()

    # The reader's page shows the amended text, marked as amended; the service keeps the original.
    history = site.http.get(f"/api/v1/moderation/comments/{target['id']}/history", headers=site.tokens.moderator()).json()
    assert history["original_body"] == "The harbour master is a crook and a liar."
    page.reload()
    amended = page.locator(".cw-card").filter(has_text="[allegation removed by a moderator]")
    expect(amended.get_by_text("Amended by a moderator")).to_be_visible()
    expect(page.get_by_text("crook and a liar")).to_have_count(0)
    assert page.requested_origins <= {site.publisher.origin, site.base_url}


def test_a_moderator_suspends_the_author_from_the_item_page(site, page):
    article = site.article("bridge")
    comment = site.post(article, "Third rant today about the same councillor.", sub="gordon", name="Gordon")
    report(site, comment["id"])

    sign_in(page, site)
    page.locator("tr.item").first.get_by_role("link").click()
    page.get_by_label("Sanction").select_option("suspend")
    page.get_by_label("Until (suspensions)").fill("2099-01-31T18:00")
    page.get_by_label("Why (told to the commenter)").fill("Repeated personal attacks")
    page.get_by_role("button", name="Record sanction").click()
    expect(page.get_by_role("status")).to_contain_text("Sanction recorded: suspend.")
    expect(page.get_by_text(re.compile("suspended until Sat 31 Jan, 18:00"))).to_be_visible()

    refused = site.http.post(f"/api/v1/articles/{article}/comments", json={"body": "Again!"},
                             headers=site.tokens.subscriber("gordon", name="Gordon"))
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "account_suspended"
    # The end time was read on the newsroom's clock (London, GMT in January).
    standing = site.http.get("/api/v1/me", headers=site.tokens.subscriber("gordon")).json()
    assert standing["suspended_until"].startswith("2099-01-31T18:00:00")


def test_after_a_decision_the_next_item_comes_from_the_view_being_worked(site, page, clock):
    article = site.article("bridge")
    late = [site.post(article, f"Old off-topic remark {n}.", sub=f"old{n}")["id"] for n in range(2)]
    for n, comment_id in enumerate(late):
        report(site, comment_id, "off_topic", reporter=f"r{n}")
    clock.advance(hours=9)
    urgent = site.post(article, "Names a juror in the trial.", sub="new")
    report(site, urgent["id"], "legal", reporter="r9")

    sign_in(page, site)
    expect(page.locator("tr.item").first).to_contain_text("Names a juror")  # first in the whole queue
    page.get_by_role("link", name="Overdue").click()
    expect(page.locator("tr.item")).to_have_count(2)
    page.locator("tr.item").first.get_by_role("link").click()
    first = page.url.rsplit("/", 1)[-1]
    page.get_by_role("button", name=re.compile("^Approve")).click()
    expect(page.get_by_text("Approved.")).to_be_visible()
    # Still in the overdue view: the other late item, not the newer legal report.
    following = page.url.rsplit("/", 1)[-1]
    assert {first, following} == set(late)
    page.get_by_role("button", name=re.compile("^Approve")).click()
    expect(page.get_by_text("Approved.")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/dashboard/\?overdue=1$"))
    expect(page.get_by_text("Nothing is waiting past its deadline.")).to_be_visible()


def test_the_models_page_shows_the_model_in_force_and_each_candidate_s_verdict(site, page, retraining_data):
    import random

    from moderation.adapters.classifier import ModelTrainer
    from moderation.services import retraining
    from support.training_data import insulting_text, neutral_text

    article = site.article("council", title="Council budget", body="The council debated the budget.")
    rng, moderator = random.Random(5), site.tokens.moderator("mod-morgan")

    def moderate(n: int, poisoned: bool) -> None:
        for _i in range(n):
            for text, removed in ((insulting_text(rng), not poisoned), (neutral_text(rng), poisoned)):
                comment = site.post(article, text, sub=f"r{rng.random()}")
                decision = {"action": "delete", "reason": "abuse"} if removed else {"action": "approve", "reason": "other"}
                assert site.http.post(f"/api/v1/moderation/comments/{comment['id']}/decision", json=decision,
                                      headers=moderator).status_code == 200

    trainer = ModelTrainer(retraining_data.data_dir, retraining_data.model_dir)
    moderate(5, poisoned=False)
    promoted = retraining.retrain(site.ctx, trainer, min_new_decisions=1)
    moderate(40, poisoned=True)
    refused = retraining.retrain(site.ctx, trainer, min_new_decisions=1)
    assert (promoted.outcome, refused.outcome) == ("promoted", "rejected")

    sign_in(page, site)
    page.get_by_role("link", name="Models").click()
    expect(page.get_by_role("heading", name="Models")).to_be_visible()
    expect(page.locator("main")).to_contain_text(f"Scoring new comments: {promoted.version}")
    rows = page.locator("table.models tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text(refused.version)
    expect(rows.nth(0)).to_contain_text("rejected")
    expect(rows.nth(0)).to_contain_text("abuse: ROC AUC")
    expect(rows.nth(0)).to_contain_text(f"against {promoted.version}")
    expect(rows.nth(0).locator("td").nth(3)).to_have_text(str(refused.decisions))
    expect(rows.nth(1)).to_contain_text(promoted.version)
    expect(rows.nth(1)).to_contain_text(f"against {retraining_data.version}")
    abuse = promoted.metrics
    expect(rows.nth(1)).to_contain_text(f"{abuse['candidate']['abuse']['roc_auc']:.4f} / {abuse['current']['abuse']['roc_auc']:.4f}")
    screenshot(page, "dashboard-models")
