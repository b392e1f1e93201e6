"""Small helpers the end-to-end tests use to drive the HTTP API."""
from __future__ import annotations

from sqlalchemy import func, select

from moderation.adapters.orm import Base, Comment, Complaint, QueueItem
from moderation.services.scoring import ScoreInput, record_scores


def create_article(service, tokens, article_id="a1", **fields):
    body = {"title": f"Article {article_id}", "body": "Council approves new cycle lanes on the harbour road.", **fields}
    response = service.http.put(f"/api/v1/articles/{article_id}", json=body, headers=tokens.editor())
    assert response.status_code in (200, 201), response.text
    return response.json()


def post_comment(service, tokens, article_id="a1", body="A thoughtful comment.", sub="sam", parent_id=None, **token_kw):
    payload = {"body": body}
    if parent_id:
        payload["parent_id"] = parent_id
    return service.http.post(f"/api/v1/articles/{article_id}/comments", json=payload, headers=tokens.subscriber(sub, **token_kw))


def new_comment(service, tokens, article_id="a1", body="A thoughtful comment.", sub="sam") -> dict:
    response = post_comment(service, tokens, article_id, body, sub)
    assert response.status_code == 201, response.text
    return response.json()


def appealed(service, tokens, body="The figures in this story are wrong", moderator="mod-morgan") -> dict:
    """A comment by "author" that `moderator` deleted as untrue and its author appealed."""
    comment = new_comment(service, tokens, body=body, sub="author")
    decided = service.http.post(f"/api/v1/moderation/comments/{comment['id']}/decision",
                                json={"action": "delete", "reason": "untrue"}, headers=tokens.moderator(moderator))
    assert decided.status_code == 200, decided.text
    appeal = service.http.post(f"/api/v1/comments/{comment['id']}/appeal", json={"note": "The report says so."},
                               headers=tokens.subscriber("author"))
    assert appeal.status_code == 201, appeal.text
    return comment


def complain(service, tokens, comment_id, reason="abuse", sub=None, note=""):
    headers = tokens.subscriber(sub) if sub else {}
    return service.http.post(f"/api/v1/comments/{comment_id}/complaints", json={"reason": reason, "note": note}, headers=headers)


def give_scores(service, comment_id, abuse=0.0, spam=0.0, off_topic=None, revision=1, model="test-model-1", labels=None):
    return record_scores(service.ctx, comment_id, revision, model, ScoreInput(abuse=abuse, spam=spam, off_topic=off_topic, labels=labels or {}))


def queue(service, tokens, **params):
    response = service.http.get("/api/v1/moderation/queue", params=params, headers=tokens.moderator())
    assert response.status_code == 200, response.text
    return response.json()["items"]


def counts(service) -> dict[str, int]:
    with service.ctx.transaction() as session:
        return {
            "comments": session.scalar(select(func.count()).select_from(Comment)),
            "complaints": session.scalar(select(func.count()).select_from(Complaint)),
            "queue": session.scalar(select(func.count()).select_from(QueueItem)),
        }


def row_counts(ctx) -> dict[str, int]:
    """Rows in every table: what "nothing was stored" is checked against."""
    with ctx.transaction() as session:
        return {t.name: session.scalar(select(func.count()).select_from(t)) for t in Base.metadata.sorted_tables}
