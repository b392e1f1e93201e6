"""Where classifier scores enter the service: stored once per text and model, then the policy re-runs."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from ..adapters.orm import Comment, Score
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
