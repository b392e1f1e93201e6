"""Small helpers the end-to-end tests use to drive the HTTP API."""
from __future__ import annotations

from sqlalchemy import func, select, update

from classifiers.scores import Scores
from moderation.adapters.orm import Base, Comment, Complaint, QueueItem, Score
from moderation.services import scoring


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


class FixedScorer:
    """The classifiers' port answering every text with the same scores, as the tests choose them."""

    def __init__(self, scores: Scores):
        self.scores = scores

    def score(self, texts, promoted=None) -> list[Scores]:
        return [self.scores for _ in texts]


def give_scores(ctx, comment_id, abuse=0.0, spam=0.0, off_topic=None, model="test-model-1", labels=None) -> bool:
    """The comment's current text scored through the use case the workers run, the classifiers
    answering with these scores; False when `model` had already scored that text. A text scored by
    another model counts as unscored first, as it does when a new model is promoted."""
    with ctx.transaction() as session:
        comment = session.get(Comment, comment_id)
        assert comment is not None, comment_id
        by = set(session.scalars(select(Score.model_version).where(Score.comment_id == comment_id,
                                                                    Score.revision == comment.revision)))
        if by and model not in by:
            session.execute(update(Comment).where(Comment.id == comment_id).values(scored_revision=Comment.revision - 1))
    scores = Scores(abuse=abuse, spam=spam, off_topic=off_topic, labels=labels or {}, model=model)
    return scoring.score_comments(ctx, FixedScorer(scores), [comment_id]) == 1


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
