"""The widget's script in a browser: what it sends to the service with the reader's token, what it
keeps in the publisher's page, and that it words reasons as the service does (it keeps no list of
its own)."""
from __future__ import annotations

from playwright.sync_api import Page, Route, expect

from support.browser import open_widget, widget_card

PAGE_STORAGE = "() => [document.cookie, localStorage.length, sessionStorage.length]"


def test_the_token_goes_only_as_a_bearer_header_to_the_service_and_nothing_is_kept_in_the_page(site, page: Page):
    site.article("bridge")
    site.post("bridge", "The new lifting gear is quieter than the old.", sub="ailsa", name="Ailsa")
    token = site.tokens.make("sam", name="Sam Subscriber")
    sent = []
    page.on("request", lambda request: sent.append(request) if "/api/v1/" in request.url else None)
    open_widget(page, site, "bridge", token)
    page.get_by_role("textbox", name="Join the discussion").fill("Good to have it back.")
    page.get_by_role("button", name="Post comment").click()
    expect(widget_card(page, "Good to have it back.")).to_be_visible()

    assert {"GET", "POST"} <= {request.method for request in sent}
    for request in sent:
        assert request.url.startswith(site.base_url + "/api/v1/"), request.url
        assert token not in request.url
        assert request.headers["authorization"] == f"Bearer {token}", request.url
    assert page.evaluate(PAGE_STORAGE) == ["", 0, 0]


def test_the_reasons_offered_and_their_labels_are_the_services(site, page: Page):
    site.article("bridge")
    site.post("bridge", "Buy cheap shirts at shirts.example!!!", sub="spammer", name="Best Deals")
    served = site.http.get("/api/v1/config").json()
    assert served["reason_labels"]["spam"] == "Spam or advertising"

    def config(route: Route) -> None:
        answer = route.fetch().json()
        answer["reasons"] = ["spam", "abuse"]
        answer["reason_labels"] = {**answer["reason_labels"], "spam": "Advertising"}
        route.fulfill(json=answer)

    page.route(f"{site.base_url}/api/v1/config", config)
    open_widget(page, site, "bridge")
    post = widget_card(page, "cheap shirts")
    post.get_by_role("button", name="Report this post").click()
    form = post.get_by_role("form", name="Report this post")
    assert form.locator(".cw-choice").all_inner_texts() == ["Advertising", "Abusive, hateful or threatening"]


def test_without_the_services_settings_a_report_says_so_and_offers_the_reasons_once_they_arrive(site, page: Page):
    site.article("bridge")
    site.post("bridge", "Buy cheap shirts at shirts.example!!!", sub="spammer", name="Best Deals")
    config = f"{site.base_url}/api/v1/config"
    page.route(config, lambda route: route.fulfill(status=503, json={"error": {
        "code": "unavailable", "message": "The comments service is busy. Please try again."}}))
    open_widget(page, site, "bridge")
    post = widget_card(page, "cheap shirts")
    post.get_by_role("button", name="Report this post").click()
    expect(post.get_by_role("alert")).to_have_text("The comments service is busy. Please try again.")
    expect(post.get_by_role("form", name="Report this post")).to_have_count(0)

    page.unroute(config)
    post.get_by_role("button", name="Report this post").click()
    form = post.get_by_role("form", name="Report this post")
    expect(form.get_by_role("radio").first).to_be_focused()
    assert form.locator(".cw-choice").all_inner_texts()[:2] == ["Abusive, hateful or threatening", "Off-topic"]
