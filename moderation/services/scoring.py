"""Where classifier scores enter the service: stored once per text and model, then the policy re-runs."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, Protocol

from sqlalchemy import func, select

from ..adapters.orm import Article, Comment, Score
from ..domain.model import InvalidInput, NotFound
from .context import Context
from .assessment import reassess


@dataclass(frozen=True)
class ScoreInput:
    abuse: float
    spam: float
    off_topic: float | None = None
    labels: dict[str, Any] = field(default_factory=dict)

    def check(self) -> None:
        for name in ("abuse", "spam", "off_topic"):
            value = getattr(self, name)
            if value is None and name == "off_topic":
                continue
            if not isinstance(value, (int, float)) or not 0.0 <= value <= 1.0:
                raise InvalidInput("invalid_score", f"{name} must be a number between 0 and 1")


def record_scores(ctx: Context, comment_id: str, revision: int, model_version: str, scores: ScoreInput) -> bool:
    """Store scores for one revision of a comment; returns False when they were already stored.

    Scores for a revision that has since been edited are kept for the record but do not move
    the queue: the newer text will be scored on its own.
    """
    scores.check()
    now = ctx.now()
    with ctx.transaction() as session:
        comment = session.get(Comment, comment_id, with_for_update=True)
        if comment is None:
            raise NotFound("comment_not_found", f"No comment {comment_id!r}.")
        already = session.scalar(
            select(Score.id).where(
                Score.comment_id == comment_id, Score.revision == revision, Score.model_version == model_version
            )
        )
        if already is not None:
            return False
        session.add(
            Score(
                comment_id=comment_id,
                revision=revision,
                model_version=model_version,
                abuse=float(scores.abuse),
                spam=float(scores.spam),
                off_topic=None if scores.off_topic is None else float(scores.off_topic),
                labels=scores.labels,
                created_at=now,
            )
        )
        comment.scored_revision = max(comment.scored_revision, revision)
        session.flush()
        if revision == comment.revision:
            reassess(session, comment, now, actor=f"model {model_version}")
        return True


@dataclass(frozen=True)
class TextToScore:
    """One comment's current text with what it is judged against."""

    comment_id: str
    text: str
    article_id: str
    article_title: str
    article_body: str
    parent_text: str | None = None


class Scorer(Protocol):
    """The classifiers, as the service sees them (adapters.classifier plugs the real ones in)."""

    def score(self, texts: list[TextToScore]) -> list[tuple[str, ScoreInput]]:
        """(model version, scores) for each text, in order."""
        ...


def unscored(ctx: Context, limit: int = 500, settled_for: timedelta = timedelta(0)) -> list[str]:
    """Published comments whose current text has no score yet, oldest first; `settled_for` leaves
    out the ones written so recently that their scoring job is probably still on its way."""
    cutoff = ctx.now() - settled_for
    with ctx.transaction() as session:
        return list(session.scalars(
            select(Comment.id)
            .where(Comment.scored_revision < Comment.revision, Comment.state == "published",
                   func.coalesce(Comment.edited_at, Comment.created_at) <= cutoff)
            .order_by(Comment.created_at)
            .limit(limit)
        ))


def score_comments(ctx: Context, scorer: Scorer, comment_ids: list[str]) -> int:
    """Score the current text of these comments (those still unscored) and record the results;
    returns how many were recorded. Safe to repeat: a text already scored at this model version
    is not stored again."""
    with ctx.transaction() as session:
        comments = session.scalars(
            select(Comment).where(Comment.id.in_(comment_ids), Comment.scored_revision < Comment.revision,
                                  Comment.state == "published")
        ).all()
        articles = {a.id: a for a in session.scalars(select(Article).where(Article.id.in_({c.article_id for c in comments})))}
        parent_ids = {c.parent_id for c in comments if c.parent_id}
        parents = {p.id: p for p in session.scalars(select(Comment).where(Comment.id.in_(parent_ids)))} if parent_ids else {}
        batch = [
            (c.revision, TextToScore(
                comment_id=c.id, text=c.body, article_id=c.article_id, article_title=articles[c.article_id].title,
                article_body=articles[c.article_id].body, parent_text=_shown_text(parents.get(c.parent_id)),
            ))
            for c in comments
        ]
    if not batch:
        return 0
    recorded = 0
    for (revision, text), (model_version, scores) in zip(batch, scorer.score([text for _, text in batch])):
        recorded += record_scores(ctx, text.comment_id, revision, model_version, scores)
    return recorded


def _shown_text(comment: Comment | None) -> str | None:
    if comment is None:
        return None
    return comment.amended_body if comment.amended_body is not None else comment.body
