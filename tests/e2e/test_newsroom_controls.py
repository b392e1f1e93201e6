"""The newsroom's controls over HTTP: banned and suspect phrases, sensitive articles, the site-wide
pause and comments closing by themselves."""
from __future__ import annotations

import re
from datetime import timedelta

import httpx
import pytest
from sqlalchemy import select

from moderation.adapters.orm import AuditEvent
from moderation.services.sweep import sweep
from support.api import complain, create_article, give_scores, new_comment, post_comment, queue
from support.clock import WEEKDAY_MORNING, WEEKDAY_NIGHT
from support.dashboard import signed_in_moderator

pytestmark = pytest.mark.e2e

LISTS = "/api/v1/moderation/word-lists"


def save_lists(service, tokens, banned=(), suspect=(), note=""):
    response = service.http.put(LISTS, json={"banned": list(banned), "suspect": list(suspect), "note": note},
                                headers=tokens.admin())
    assert response.status_code == 200, response.text
    return response.json()


def public_ids(service, article_id="a1") -> list[str]:
    return [c["id"] for c in service.http.get(f"/api/v1/articles/{article_id}/comments").json()["comments"]]


def item_of(service, tokens, comment_id) -> dict:
    return next(i for i in queue(service, tokens) if i["comment_id"] == comment_id)


def events(service, action) -> list[AuditEvent]:
    with service.ctx.transaction() as session:
        rows = session.scalars(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)).all()
        session.expunge_all()
        return rows


# --- word lists ----------------------------------------------------------------------------------

def test_a_banned_phrase_withholds_the_comment_at_full_coverage_the_moment_it_is_posted(service, tokens, clock):
    clock.set(WEEKDAY_MORNING)  # full coverage: no abuse score alone would hide anything yet
    create_article(service, tokens)
    new_comment(service, tokens, body="Warming up the process.")
    save_lists(service, tokens, banned=["kill yourself"])
    comment = new_comment(service, tokens, body="Go and KILL YOURSELF, nobody cares.", sub="troll")
    assert comment["status"] == "awaiting_review"  # its author is told it waits for a moderator
    assert comment["editable"] is False  # ... and may not edit it while it is in the queue
    assert comment["id"] not in public_ids(service)
    item = item_of(service, tokens, comment["id"])
    assert [t["kind"] for t in item["triggers"]] == ["banned_phrase"]
    assert item["triggers"][0]["detail"] == "Contains the banned phrase “kill yourself”."
    assert "Withheld at any coverage: it contains the banned phrase “kill yourself”." in item["why"]
    [withheld] = events(service, "withheld")
    assert withheld.comment_id == comment["id"] and withheld.after["withheld_by"] == "banned_phrase"


def test_obfuscated_banned_phrases_are_found_and_the_why_says_how_they_were_written(service, tokens, clock):
    clock.set(WEEKDAY_MORNING)
    create_article(service, tokens)
    save_lists(service, tokens, banned=["kill"])
    for n, text in enumerate(("k i l l them", "k.i.l.l them", "k1ll them", "KILL them")):
        comment = new_comment(service, tokens, body=text, sub=f"reader{n}")
        item = item_of(service, tokens, comment["id"])
        assert item["triggers"][0]["kind"] == "banned_phrase", text
        assert "“kill”" in item["triggers"][0]["detail"]
    details = {i["triggers"][0]["detail"] for i in queue(service, tokens)}
    assert "Contains the banned phrase “kill” (written “k.i.l.l”)." in details
    assert "Contains the banned phrase “kill”." in details  # "KILL": only its case differed
    harmless = [new_comment(service, tokens, body=text, sub="fair")["id"]
                for text in ("A class act with real skill.", "Let me assess the killer argument.")]
    assert {i["comment_id"] for i in queue(service, tokens)}.isdisjoint(harmless)
    assert set(harmless) <= set(public_ids(service))


def test_a_suspect_phrase_queues_the_comment_and_leaves_it_published(service, tokens, clock):
    clock.set(WEEKDAY_NIGHT)  # part coverage: still only queued
    create_article(service, tokens)
    save_lists(service, tokens, suspect=["idiot"])
    comment = new_comment(service, tokens, body="Only an 1d1ot would vote for this.")
    assert comment["status"] == "published"
    assert comment["id"] in public_ids(service)
    item = item_of(service, tokens, comment["id"])
    assert item["reason"] == "other"
    assert item["triggers"] == [{"kind": "suspect_phrase", "reason": "other",
                                 "detail": "Contains the suspect phrase “idiot” (written “1d1ot”)."}]


def test_an_edit_that_brings_in_a_banned_phrase_withholds_the_comment_at_once(service, tokens, clock):
    clock.set(WEEKDAY_MORNING)
    create_article(service, tokens)
    save_lists(service, tokens, banned=["scumbag"])
    comment = new_comment(service, tokens, body="The councillor has a point.")
    assert comment["id"] in public_ids(service)
    edited = service.http.patch(f"/api/v1/comments/{comment['id']}", json={"body": "The councillor is a scum-bag."},
                                headers=tokens.subscriber())
    assert edited.status_code == 200
    assert edited.json()["status"] == "awaiting_review"
    assert comment["id"] not in public_ids(service)
    assert item_of(service, tokens, comment["id"])["triggers"][0]["kind"] == "banned_phrase"


def test_scores_arriving_later_keep_the_phrase_and_the_withholding(service, tokens, clock):
    clock.set(WEEKDAY_MORNING)
    create_article(service, tokens)
    save_lists(service, tokens, banned=["kill yourself"], suspect=["idiot"])
    comment = new_comment(service, tokens, body="kill yourself, idiot")
    give_scores(service.ctx, comment["id"], abuse=0.1)  # the worker's scores re-run the policy
    item = item_of(service, tokens, comment["id"])
    assert [t["kind"] for t in item["triggers"]] == ["banned_phrase", "suspect_phrase"]
    assert comment["id"] not in public_ids(service)


def test_approved_comments_are_not_held_again_for_the_same_words(service, tokens, clock):
    clock.set(WEEKDAY_MORNING)
    create_article(service, tokens)
    save_lists(service, tokens, banned=["kill"])
    comment = new_comment(service, tokens, body="They kill the joy of cycling.")
    decided = service.http.post(f"/api/v1/moderation/comments/{comment['id']}/decision", json={"action": "approve"},
                                headers=tokens.moderator())
    assert decided.status_code == 200
    assert comment["id"] in public_ids(service)
    complain(service, tokens, comment["id"], reason="spam", sub="olly")  # the policy runs again
    assert comment["id"] in public_ids(service)


def test_admins_change_the_lists_moderators_read_them_and_readers_may_not(service, tokens, clock):
    clock.set(WEEKDAY_MORNING)
    assert service.http.get(LISTS, headers=tokens.moderator()).json() == {
        "banned": [], "suspect": [], "version": 0, "author": None, "note": "", "created_at": None}
    assert service.http.get(LISTS, headers=tokens.subscriber()).status_code == 403
    refused = service.http.put(LISTS, json={"banned": ["x"], "suspect": []}, headers=tokens.moderator())
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "admin_only"
    first = save_lists(service, tokens, banned=["kill yourself"], note="Launch lists")
    save_lists(service, tokens, banned=["kill yourself", "scumbag"], suspect=["idiot"])
    current = service.http.get(LISTS, headers=tokens.moderator()).json()
    assert current["banned"] == ["kill yourself", "scumbag"] and current["suspect"] == ["idiot"]
    assert current["author"] == "admin-ash" and current["created_at"] == WEEKDAY_MORNING.isoformat()
    history = service.http.get(f"{LISTS}/history", headers=tokens.moderator()).json()["versions"]
    assert [v["version"] for v in history] == [current["version"], first["version"]]
    assert history[1]["note"] == "Launch lists" and history[1]["banned"] == ["kill yourself"]
    changes = events(service, "word_lists_changed")
    assert [e.after["banned"] for e in changes] == [["kill yourself"], ["kill yourself", "scumbag"]]
    assert changes[1].before["banned"] == ["kill yourself"] and changes[1].actor == "admin-ash"


def test_invalid_lists_are_refused_with_every_problem_named_and_nothing_changes(service, tokens, clock):
    clock.set(WEEKDAY_MORNING)
    save_lists(service, tokens, banned=["kill yourself"])
    refused = service.http.put(LISTS, json={"banned": ["", "x" * 101, "idiot", "Idiot"], "suspect": ["IDIOT"]},
                               headers=tokens.admin())
    assert refused.status_code == 422
    error = refused.json()["error"]
    assert error["code"] == "invalid_word_lists"
    for words in ("an empty phrase", "101 characters long; the limit is 100", "“Idiot” twice", "on both lists"):
        assert words in error["message"], words
    assert service.http.get(LISTS, headers=tokens.moderator()).json()["banned"] == ["kill yourself"]
    assert len(events(service, "word_lists_changed")) == 1


# --- sensitive articles --------------------------------------------------------------------------

def test_every_new_comment_on_a_sensitive_article_waits_for_a_moderator(service, tokens, clock):
    clock.set(WEEKDAY_MORNING)
    create_article(service, tokens, "trial")
    before = new_comment(service, tokens, "trial", body="Posted before the trial began.")
    marked = service.http.put("/api/v1/articles/trial", json={"sensitive": True}, headers=tokens.editor())
    assert marked.status_code == 200 and marked.json()["sensitive"] is True
    clock.advance(minutes=1)
    held = new_comment(service, tokens, "trial", body="I think he is guilty.", sub="olly")
    assert held["status"] == "awaiting_review"
    reply = post_comment(service, tokens, "trial", body="So do I.", sub="pat", parent_id=before["id"])
    assert reply.status_code == 201 and reply.json()["status"] == "awaiting_review"
    assert public_ids(service, "trial") == [before["id"]]  # the earlier comment stays; no reply shows
    thread = service.http.get("/api/v1/articles/trial/comments").json()["comments"]
    assert thread[0]["replies"] == []
    item = item_of(service, tokens, held["id"])
    assert item["triggers"][0]["kind"] == "sensitive_article"
    assert any("the article is marked sensitive" in line for line in item["why"])
    assert events(service, "marked_sensitive")[0].note == "trial"
    # Approved, it shows; unmarked, new comments are published at once again.
    assert service.http.post(f"/api/v1/moderation/comments/{held['id']}/decision", json={"action": "approve"},
                             headers=tokens.moderator()).status_code == 200
    assert held["id"] in public_ids(service, "trial")
    service.http.put("/api/v1/articles/trial", json={"sensitive": False}, headers=tokens.editor())
    after = new_comment(service, tokens, "trial", body="The verdict is in.", sub="quin")
    assert after["status"] == "published" and after["id"] in public_ids(service, "trial")


def test_an_edit_on_a_sensitive_article_is_held_too(service, tokens, clock):
    clock.set(WEEKDAY_MORNING)
    create_article(service, tokens, "trial")
    comment = new_comment(service, tokens, "trial", body="Waiting for the trial.")
    service.http.put("/api/v1/articles/trial", json={"sensitive": True}, headers=tokens.editor())
    clock.advance(minutes=1)
    edited = service.http.patch(f"/api/v1/comments/{comment['id']}", json={"body": "He did it, obviously."},
                                headers=tokens.subscriber())
    assert edited.json()["status"] == "awaiting_review"
    assert comment["id"] not in public_ids(service, "trial")


# --- the site-wide pause -------------------------------------------------------------------------

def test_a_paused_site_refuses_posts_replies_and_edits_with_the_message_but_takes_reports(service, tokens, clock):
    clock.set(WEEKDAY_MORNING)
    create_article(service, tokens)
    first = new_comment(service, tokens, body="Before the pause.")
    paused = service.http.put("/api/v1/moderation/site", json={"commenting_paused": True,
                                                               "message": "Comments are paused during the election count."},
                              headers=tokens.moderator())
    assert paused.status_code == 200 and paused.json()["commenting_paused"] is True
    refused = [
        post_comment(service, tokens, body="During the pause."),
        post_comment(service, tokens, body="A reply.", sub="olly", parent_id=first["id"]),
        service.http.patch(f"/api/v1/comments/{first['id']}", json={"body": "Edited."}, headers=tokens.subscriber()),
    ]
    for response in refused:
        assert response.status_code == 503
        assert response.json()["error"] == {"code": "commenting_paused",
                                            "message": "Comments are paused during the election count."}
        assert int(response.headers["Retry-After"]) > 0
    assert public_ids(service) == [first["id"]]
    assert complain(service, tokens, first["id"], reason="spam", sub="olly").status_code == 201
    config = service.http.get("/api/v1/config").json()
    assert config["commenting_paused"] is True
    assert config["pause_message"] == "Comments are paused during the election count."
    # Only an admin resumes; then posting works again.
    refused = service.http.put("/api/v1/moderation/site", json={"commenting_paused": False}, headers=tokens.moderator())
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "admin_only"
    assert service.http.put("/api/v1/moderation/site", json={"commenting_paused": False},
                            headers=tokens.admin()).status_code == 200
    assert post_comment(service, tokens, body="After the pause.").status_code == 201
    assert service.http.get("/api/v1/config").json()["commenting_paused"] is False
    assert [(e.action, e.actor) for e in events(service, "commenting_paused") + events(service, "commenting_resumed")] == [
        ("commenting_paused", "mod-morgan"), ("commenting_resumed", "admin-ash")]


def test_a_pause_without_a_message_tells_readers_something(service, tokens, clock):
    clock.set(WEEKDAY_MORNING)
    create_article(service, tokens)
    state = service.http.put("/api/v1/moderation/site", json={"commenting_paused": True}, headers=tokens.admin()).json()
    assert state["message"] == "Commenting is paused for the moment. Please come back later."
    assert post_comment(service, tokens).json()["error"]["message"] == state["message"]
    assert service.http.get("/api/v1/moderation/site", headers=tokens.moderator()).json()["changed_by"] == "admin-ash"


# --- closing by themselves -----------------------------------------------------------------------

def set_closing(service, tokens, after_days, sections=None):
    policy = service.http.get("/api/v1/moderation/policy", headers=tokens.admin()).json()
    policy["closing"] = {"after_days": after_days, "sections": sections or {}}
    response = service.http.put("/api/v1/moderation/policy", json={"config": policy}, headers=tokens.admin())
    assert response.status_code == 200, response.text


def test_comments_close_by_themselves_the_policys_days_after_publication(service, tokens, clock):
    clock.set(WEEKDAY_MORNING)
    published = WEEKDAY_MORNING - timedelta(days=1)
    create_article(service, tokens, "news", section="News", published_at=published.isoformat())
    create_article(service, tokens, "court", section="Court reports", published_at=published.isoformat())
    create_article(service, tokens, "obit", section="Obituaries", published_at=published.isoformat())
    new_comment(service, tokens, "news")  # the process now posts by its single statement
    set_closing(service, tokens, 3, {"court reports": 1, "Obituaries": None})
    news = service.http.get("/api/v1/articles/news").json()
    assert news["closes_at"] == (published + timedelta(days=3)).isoformat() and news["comments_open"] is True
    assert service.http.get("/api/v1/articles/court").json()["comments_open"] is False  # a day has passed
    assert post_comment(service, tokens, "court").json()["error"]["code"] == "comments_closed"
    clock.advance(days=2, seconds=1)
    closed = post_comment(service, tokens, "news")
    assert closed.status_code == 409 and closed.json()["error"]["code"] == "comments_closed"
    assert post_comment(service, tokens, "obit").status_code == 201  # this section never closes by itself
    assert sweep(service.ctx).articles_closed == 2
    assert sorted(e.note for e in events(service, "comments_closed")) == ["court", "news"]
    assert all(e.actor == "policy" for e in events(service, "comments_closed"))
    # An editor reopens one by hand: it stays open, whatever the policy says.
    reopened = service.http.put("/api/v1/articles/news", json={"comments_open": True}, headers=tokens.editor())
    assert reopened.json()["comments_open"] is True and reopened.json()["closes_at"] is None
    assert post_comment(service, tokens, "news").status_code == 201
    assert sweep(service.ctx).articles_closed == 0


def test_a_cms_sending_comments_open_with_every_update_does_not_stop_them_closing(service, tokens, clock):
    clock.set(WEEKDAY_MORNING)
    set_closing(service, tokens, 2)
    create_article(service, tokens, "news", section="News", published_at=WEEKDAY_MORNING.isoformat(),
                   comments_open=True)
    service.http.put("/api/v1/articles/news", json={"title": "News, updated", "comments_open": True},
                     headers=tokens.editor())
    clock.advance(days=2)
    assert post_comment(service, tokens, "news").json()["error"]["code"] == "comments_closed"


# --- the dashboard's controls, over plain HTTP --------------------------------------------------

def csrf_token(page: httpx.Response) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)


def test_a_moderator_may_close_and_mark_an_article_but_not_reopen_it_or_change_the_lists(service, tokens, clock):
    clock.set(WEEKDAY_MORNING)
    create_article(service, tokens, "bridge")
    save_lists(service, tokens, banned=["kill yourself"])
    dashboard = signed_in_moderator(service.base_url, service.ctx)
    try:
        token = csrf_token(dashboard.get("/dashboard/articles/bridge"))
        for wanted in ("close", "sensitive"):
            assert dashboard.post("/dashboard/articles/bridge/controls",
                                  data={"set": wanted, "csrf_token": token}).status_code == 302
        article = service.http.get("/api/v1/articles/bridge").json()
        assert (article["comments_open"], article["sensitive"]) == (False, True)
        refused = dashboard.post("/dashboard/articles/bridge/controls", data={"set": "reopen", "csrf_token": token},
                                 follow_redirects=True)
        assert "Only editors and admins may reopen comments" in refused.text
        assert service.http.get("/api/v1/articles/bridge").json()["comments_open"] is False
        assert dashboard.post("/dashboard/articles/nowhere/controls",
                              data={"set": "close", "csrf_token": token}).status_code == 404
        lists = dashboard.post("/dashboard/word-lists", data={"banned": "idiot", "suspect": "", "csrf_token": token})
        assert lists.status_code == 403
        assert service.http.get(LISTS, headers=tokens.moderator()).json()["banned"] == ["kill yourself"]
        unconfirmed = dashboard.post("/dashboard/site", data={"commenting_paused": "1", "message": "Stop.",
                                                              "csrf_token": token})
        assert unconfirmed.status_code == 422 and "Tick the box to confirm" in unconfirmed.text
        assert service.http.get("/api/v1/moderation/site", headers=tokens.moderator()).json()["commenting_paused"] is False
    finally:
        dashboard.close()
