"""Where classifier scores enter the service: stored once per text and model, then the policy re-runs."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from classifiers.scores import Scores

from ..adapters.orm import Article, Comment, Score
from ..domain.model import CommentState
from .assessment import Known, reassess
from .audit import record
from .context import Context
from .policy_settings import current_policy
from .retraining import promoted_version

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ScoredText:
    comment_id: str
    revision: int
    scores: Scores


def _record(session: Session, comments: dict[str, Comment], batch: list[ScoredText], now: datetime) -> int:
    """Store the new scores of locked comments and re-run the policy on their current text."""
    stored = {tuple(row) for row in session.execute(
        select(Score.comment_id, Score.revision, Score.model_version).where(Score.comment_id.in_(list(comments)))
    )}
    fresh, new_scores = [], {}
    for scored in batch:
        key = (scored.comment_id, scored.revision, scored.scores.model)
        if key in stored:
            continue
        stored.add(key)
        scores, comment = scored.scores, comments[scored.comment_id]
        row = Score(
            comment_id=scored.comment_id, revision=scored.revision, model_version=scores.model,
            abuse=float(scores.abuse), spam=float(scores.spam),
            off_topic=None if scores.off_topic is None else float(scores.off_topic),
            labels=dict(scores.labels), created_at=now,
        )
        session.add(row)
        comment.scored_revision = max(comment.scored_revision, scored.revision)
        fresh.append(scored)
        if scored.revision == comment.revision:
            new_scores[scored.comment_id] = row  # the newest score of its current text
            comment.unscorable_revision = None  # e.g. a newly promoted model scored what the last one could not
    session.flush()
    # The policy runs on each current text, with what it needs read for the whole batch at once.
    current = [comments[comment_id] for comment_id in sorted(new_scores)]
    if current:
        config = current_policy(session)
        known = Known.read(session, current, new_scores)
        for comment in current:
            reassess(session, comment, now, actor=f"model {new_scores[comment.id].model_version}", config=config, known=known)
    return len(fresh)


@dataclass(frozen=True)
class TextToScore:
    """One comment's current text with what it is judged against."""

    comment_id: str
    text: str
    article_id: str
    article_title: str
    article_body: str
    parent_text: str | None = None


class ScoringFailed(Exception):
    """The classifiers failed on the texts they were given. `error` names what went wrong (the
    exception's class), for the audit trail. A scorer that cannot run at all (a model that will not
    load, a database away) raises its own error instead: that is no text's fault."""

    def __init__(self, error: str, model_version: str = ""):
        super().__init__(error)
        self.error = error
        self.model_version = model_version


class Scorer(Protocol):
    """The classifiers, as the service sees them (adapters.classifier plugs the real ones in)."""

    def score(self, texts: list[TextToScore], promoted: str | None = None) -> list[Scores]:
        """The scores of each text (their `model` says which gave them), in order, by the `promoted` model (None: the
        model the service started with). Raises ScoringFailed when the classifiers fail on the texts."""
        ...


def score_texts(
    scorer: Scorer, texts: list[TextToScore], promoted: str | None = None
) -> list[Scores | ScoringFailed]:
    """The scores of each text, in order, or the failure that kept it from being scored
    (scores out of range count as a failure). A batch that fails is tried again text by text, so one
    text the classifiers cannot score holds up no other."""
    try:
        return [*_checked(scorer.score(texts, promoted))]
    except ScoringFailed as failure:
        if len(texts) == 1:
            return [failure]
    results: list[Scores | ScoringFailed] = []
    for text in texts:
        try:
            results += _checked(scorer.score([text], promoted))
        except ScoringFailed as failure:
            results.append(failure)
    return results


def _checked(results: list[Scores]) -> list[Scores]:
    for scores in results:
        wrong = scores.out_of_range()
        if wrong:
            log.error("model %s gave %s out of range", scores.model, ", ".join(wrong))
            # Named as the audit trail has always named it: the scores are invalid input to the service.
            raise ScoringFailed("InvalidInput", scores.model)
    return results


# A published comment whose current text has no score yet (a partial index on PostgreSQL holds exactly these).
UNSCORED = (Comment.scored_revision < Comment.revision, Comment.state == CommentState.PUBLISHED)


def unscored(ctx: Context, limit: int = 500, settled_for: timedelta = timedelta(0)) -> list[str]:
    """Published comments whose current text has no score yet, oldest first; `settled_for` leaves
    out the ones written so recently that their scoring job is probably still on its way."""
    cutoff = ctx.now() - settled_for
    with ctx.transaction() as session:
        return list(session.scalars(
            select(Comment.id)
            .where(*UNSCORED, func.coalesce(Comment.edited_at, Comment.created_at) <= cutoff)
            .order_by(Comment.created_at)
            .limit(limit)
        ))


def score_comments(ctx: Context, scorer: Scorer, comment_ids: list[str], fill_to: int = 0) -> int:
    """Score the current text of these comments (those still unscored) and record the results;
    returns how many were recorded. With `fill_to`, other unscored comments are taken along up to
    that many, so under load one job does the work of many.

    The comments are claimed with row locks that other workers skip, scored and recorded in one
    transaction: two workers never score the same text, and a worker that dies mid-way leaves
    them unclaimed for the next. Safe to repeat: a text already scored is not stored again.
    A text the classifiers fail on is recorded as unscorable and queued for a person, once.
    """
    with ctx.transaction() as session:
        comments = list(session.scalars(
            select(Comment).where(Comment.id.in_(comment_ids), *UNSCORED)
            .order_by(Comment.id).with_for_update(skip_locked=True)
        ))
        if fill_to > len(comments):
            comments += session.scalars(
                select(Comment).where(*UNSCORED, Comment.id.not_in([c.id for c in comments]))
                .order_by(Comment.created_at).limit(fill_to - len(comments)).with_for_update(skip_locked=True)
            ).all()
        if not comments:
            return 0
        articles = {a.id: a for a in session.scalars(select(Article).where(Article.id.in_({c.article_id for c in comments})))}
        parent_ids = {c.parent_id for c in comments if c.parent_id}
        parents = {p.id: p for p in session.scalars(select(Comment).where(Comment.id.in_(parent_ids)))} if parent_ids else {}
        texts = [
            TextToScore(
                comment_id=c.id, text=c.body, article_id=c.article_id, article_title=articles[c.article_id].title,
                article_body=articles[c.article_id].body,
                parent_text=_shown_text(parents.get(c.parent_id) if c.parent_id else None),
            )
            for c in comments
        ]
        # Asked in the same transaction as the claim: a comment marked for re-scoring when a model
        # is promoted is never scored again by the one it replaced.
        results = score_texts(scorer, texts, promoted_version(session))
        batch = [ScoredText(c.id, c.revision, result) for c, result in zip(comments, results)
                 if not isinstance(result, ScoringFailed)]
        now = ctx.now()
        recorded = _record(session, {c.id: c for c in comments}, batch, now)
        for comment, result in zip(comments, results):
            if isinstance(result, ScoringFailed):
                _record_unscorable(session, comment, result, now)
        return recorded + len(comments) - len(batch)


def _record_unscorable(session: Session, comment: Comment, failure: ScoringFailed, now: datetime) -> None:
    """The classifiers failed on this text: it counts as dealt with, so the sweep leaves it alone, and
    the policy queues it for a person. An edit is a new text, scored afresh."""
    log.error("the classifiers could not score comment %s revision %s: %s", comment.id, comment.revision, failure.error,
              exc_info=failure)
    comment.scored_revision = max(comment.scored_revision, comment.revision)
    comment.unscorable_revision = comment.revision
    actor = f"model {failure.model_version}" if failure.model_version else "classifiers"
    record(session, actor=actor, action="unscorable", at=now, comment_id=comment.id,
           note=f"The classifiers could not score this text ({failure.error}).",
           after={"revision": comment.revision, "error": failure.error})
    reassess(session, comment, now, actor=actor)


def _shown_text(comment: Comment | None) -> str | None:
    if comment is None:
        return None
    return comment.amended_body if comment.amended_body is not None else comment.body
