"""Articles and readers' comments over HTTP (SPEC §5, first rows)."""
from __future__ import annotations

from datetime import timedelta

import pytest

from support.api import create_article, new_comment, post_comment

pytestmark = pytest.mark.e2e


def test_editor_creates_then_updates_an_article_and_anyone_reads_it(service, tokens):
    created = service.http.put("/api/v1/articles/budget-2026", json={"title": "Budget day", "section": "Politics",
                                                                      "published_at": "2026-11-23T09:00:00Z"},
                               headers=tokens.editor())
    assert created.status_code == 201
    updated = service.http.put("/api/v1/articles/budget-2026", json={"url": "https://paper.example/budget"}, headers=tokens.editor())
    assert updated.status_code == 200
    article = service.http.get("/api/v1/articles/budget-2026").json()
    assert article["title"] == "Budget day"  # left out of the update, so kept
    assert article["url"] == "https://paper.example/budget"
    assert article["comment_count"] == 0
    assert article["comments_open"] is True


def test_only_editors_register_articles(service, tokens):
    assert service.http.put("/api/v1/articles/x", json={"title": "T"}).status_code == 401
    response = service.http.put("/api/v1/articles/x", json={"title": "T"}, headers=tokens.subscriber())
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "editor_only"
    assert service.http.get("/api/v1/articles/x").status_code == 404


def test_new_article_needs_a_title(service, tokens):
    response = service.http.put("/api/v1/articles/untitled", json={"section": "News"}, headers=tokens.editor())
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "title_required"


def test_subscriber_comment_is_published_at_once_and_counted(service, tokens):
    create_article(service, tokens)
    response = post_comment(service, tokens, body="Glad to see this finally happening.")
    assert response.status_code == 201
    comment = response.json()
    assert comment["status"] == "published"
    assert comment["author"]["name"] == "Sam"
    thread = service.http.get("/api/v1/articles/a1/comments").json()
    assert [c["body"] for c in thread["comments"]] == ["Glad to see this finally happening."]
    assert service.http.get("/api/v1/articles/a1").json()["comment_count"] == 1
    assert service.http.get(f"/api/v1/comments/{comment['id']}").json()["body"] == "Glad to see this finally happening."


def test_non_subscriber_is_told_commenting_is_for_subscribers(service, tokens):
    create_article(service, tokens)
    response = post_comment(service, tokens, subscriber=False)
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "subscription_required"


@pytest.mark.parametrize(
    "headers, code",
    [
        ({}, "unauthenticated"),
        ({"Authorization": "Basic abc"}, "invalid_token"),
        ({"Authorization": "Bearer not-a-jwt"}, "invalid_token"),
    ],
)
def test_missing_or_malformed_token_is_401(service, tokens, headers, code):
    create_article(service, tokens)
    response = service.http.post("/api/v1/articles/a1/comments", json={"body": "hi"}, headers=headers)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == code


def test_expired_and_forged_tokens_are_401(service, tokens):
    create_article(service, tokens)
    expired = post_comment(service, tokens, exp_in=-120)  # beyond the 30 s allowed for clock skew
    assert expired.status_code == 401
    assert expired.json()["error"]["code"] == "token_expired"
    forged = post_comment(service, tokens, secret="someone-elses-secret-that-is-long-enough")
    assert forged.status_code == 401
    assert forged.json()["error"]["code"] == "invalid_token"
    slightly_skewed = post_comment(service, tokens, exp_in=-10)
    assert slightly_skewed.status_code == 201


def test_closed_article_refuses_comments_with_409(service, tokens):
    create_article(service, tokens, comments_open=False)
    response = post_comment(service, tokens)
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "comments_closed"


def test_replies_nest_under_their_parent_and_threads_paginate(service, tokens):
    create_article(service, tokens)
    first = new_comment(service, tokens, body="First top-level")
    reply = post_comment(service, tokens, body="A reply", sub="ria", parent_id=first["id"]).json()
    nested = post_comment(service, tokens, body="A reply to the reply", sub="sam", parent_id=reply["id"]).json()
    for n in range(3):
        new_comment(service, tokens, body=f"Later comment {n}", sub=f"r{n}")

    page1 = service.http.get("/api/v1/articles/a1/comments", params={"limit": 2, "order": "oldest"}).json()
    assert [c["body"] for c in page1["comments"]] == ["First top-level", "Later comment 0"]
    assert page1["comments"][0]["replies"][0]["id"] == reply["id"]
    assert page1["comments"][0]["replies"][0]["replies"][0]["id"] == nested["id"]
    page2 = service.http.get("/api/v1/articles/a1/comments", params={"limit": 2, "order": "oldest", "cursor": page1["next_cursor"]}).json()
    assert [c["body"] for c in page2["comments"]] == ["Later comment 1", "Later comment 2"]
    assert page2["next_cursor"] is None


def test_reply_to_comment_on_another_article_is_refused(service, tokens):
    create_article(service, tokens, "a1")
    create_article(service, tokens, "a2")
    other = new_comment(service, tokens, "a2")
    response = post_comment(service, tokens, "a1", parent_id=other["id"])
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "parent_not_found"


def test_author_edits_within_the_window_only(service, tokens, clock):
    create_article(service, tokens)
    comment = new_comment(service, tokens, body="Teh council")
    edited = service.http.patch(f"/api/v1/comments/{comment['id']}", json={"body": "The council"}, headers=tokens.subscriber())
    assert edited.status_code == 200
    assert edited.json()["body"] == "The council"
    assert edited.json()["edited_at"] is not None

    someone_else = service.http.patch(f"/api/v1/comments/{comment['id']}", json={"body": "Hijack"}, headers=tokens.subscriber("eve"))
    assert someone_else.status_code == 403

    clock.set(clock() + timedelta(minutes=16))
    late = service.http.patch(f"/api/v1/comments/{comment['id']}", json={"body": "Too late"}, headers=tokens.subscriber())
    assert late.status_code == 409
    assert late.json()["error"]["code"] == "edit_window_closed"
    assert service.http.get(f"/api/v1/comments/{comment['id']}").json()["body"] == "The council"


def test_author_withdraws_and_thread_keeps_a_placeholder(service, tokens):
    create_article(service, tokens)
    comment = new_comment(service, tokens, body="I take it back")
    post_comment(service, tokens, body="Reply that stays", sub="ria", parent_id=comment["id"])
    assert service.http.delete(f"/api/v1/comments/{comment['id']}", headers=tokens.subscriber("eve")).status_code == 403
    response = service.http.delete(f"/api/v1/comments/{comment['id']}", headers=tokens.subscriber())
    assert response.status_code == 200
    assert response.json()["status"] == "withdrawn"
    top = service.http.get("/api/v1/articles/a1/comments").json()["comments"][0]
    assert top["status"] == "withdrawn" and top["body"] is None and top["placeholder"]
    assert top["replies"][0]["body"] == "Reply that stays"
    assert service.http.get("/api/v1/articles/a1").json()["comment_count"] == 1


def test_history_keeps_the_text_as_first_posted_across_edits(service, tokens):
    create_article(service, tokens)
    comment = new_comment(service, tokens, body="Frist draft")
    service.http.patch(f"/api/v1/comments/{comment['id']}", json={"body": "First draft"}, headers=tokens.subscriber())
    history = service.http.get(f"/api/v1/moderation/comments/{comment['id']}/history", headers=tokens.moderator()).json()
    assert history["original_body"] == "Frist draft" and history["current_body"] == "First draft"
    assert [e["action"] for e in history["events"]] == ["posted", "edited"]
    assert history["events"][1]["before"]["body"] == "Frist draft" and history["events"][1]["after"]["revision"] == 2


def test_times_with_an_offset_keep_their_moment(service, tokens):
    service.http.put("/api/v1/articles/bst", json={"title": "Summer", "published_at": "2026-06-01T10:00:00+01:00"},
                     headers=tokens.editor())
    assert service.http.get("/api/v1/articles/bst").json()["published_at"] == "2026-06-01T09:00:00+00:00"


def test_readers_see_which_comments_are_theirs_but_not_reader_ids(service, tokens):
    create_article(service, tokens)
    new_comment(service, tokens, body="Mine", sub="sam")
    public = service.http.get("/api/v1/articles/a1/comments").json()["comments"][0]
    assert public["author"] == {"name": "Sam"} and public["mine"] is False
    own = service.http.get("/api/v1/articles/a1/comments", headers=tokens.subscriber("sam")).json()["comments"][0]
    assert own["mine"] is True and own["editable"] is True
    staff = service.http.get("/api/v1/articles/a1/comments", headers=tokens.moderator()).json()["comments"][0]
    assert staff["author"]["id"] == "sam"


def test_withdrawal_settles_reports_and_tells_the_reporters(service, tokens):
    create_article(service, tokens)
    comment = new_comment(service, tokens)
    service.http.post(f"/api/v1/comments/{comment['id']}/complaints", json={"reason": "spam"}, headers=tokens.subscriber("rita"))
    service.http.delete(f"/api/v1/comments/{comment['id']}", headers=tokens.subscriber())
    notes = service.http.get("/api/v1/me/notifications", headers=tokens.subscriber("rita")).json()["notifications"]
    assert "withdrawn by its author" in notes[0]["message"]
