"""Running the staffed-hours policy on one comment: gather its facts, evaluate, apply the decision.

Every path that can change what the policy would say (a score, a complaint, the clock passing a
deadline or a shift change) ends here.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from classifiers.scores import Scores

from ..adapters.orm import Article, Comment, Complaint, QueueItem, Score, User
from ..domain.coverage import coverage_at
from ..domain.model import CommentState, QueueState, Reason
from ..domain.policy import (
    ACTIVITY_WINDOW,
    BUSY_THREAD,
    OVERDUE,
    CommentFacts,
    ComplaintFact,
    Exposure,
    PolicyConfig,
    PriorityPart,
    evaluate,
    exposure_points,
)
from ..domain.standing import reporter_weight
from ..domain.word_lists import PhraseHits, WordLists
from . import alerts
from .audit import record, snapshot
from .notifications import notify, quoted
from .policy_settings import current_policy
from .queue_entries import entry_of, store
from .users import standing_of
from .word_lists import current_word_lists


def latest_score(session: Session, comment_id: str) -> Score | None:
    return session.scalars(
        select(Score).where(Score.comment_id == comment_id).order_by(Score.revision.desc(), Score.id.desc()).limit(1)
    ).first()


def newest_scores(session: Session, comment_ids: list[str]) -> dict[str, Score]:
    """Each comment's score as `latest_score` finds it, for many comments in one query."""
    newest: dict[str, Score] = {}
    for score in session.scalars(select(Score).where(Score.comment_id.in_(comment_ids))
                                 .order_by(Score.comment_id, Score.revision.desc(), Score.id.desc())):
        newest.setdefault(score.comment_id, score)
    return newest


@dataclass
class Known:
    """Facts about many comments read in a few queries, for assessing a whole batch at once."""

    items: dict[str, QueueItem]
    scores: dict[str, Score]
    complaints: dict[str, tuple[ComplaintFact, ...]]
    exposures: dict[str, Exposure] = field(default_factory=dict)
    word_lists: WordLists = field(default_factory=WordLists)

    @classmethod
    def read(cls, session: Session, comments: list[Comment], scores: dict[str, Score], lock: bool = True) -> Known:
        """`scores` are each comment's newest (just stored, for a batch of new scores); the queue
        items are locked for the decisions to come unless `lock` is off (to look, not to decide)."""
        ids = [c.id for c in comments]
        query = select(QueueItem).where(QueueItem.comment_id.in_(ids)).order_by(QueueItem.comment_id)
        items = {i.comment_id: i for i in session.scalars(query.with_for_update() if lock else query)}
        complaints: dict[str, list[ComplaintFact]] = {}
        for c, u in session.execute(_open_complaints_query(ids)).all():
            complaints.setdefault(c.comment_id, []).append(_complaint_fact(c, u))
        return cls(items, scores, {k: tuple(v) for k, v in complaints.items()}, word_lists=current_word_lists(session)[1])


def reassess(session: Session, comment: Comment, now: datetime, actor: str = "policy",
             config: PolicyConfig | None = None, known: Known | None = None) -> QueueItem | None:
    """Run the policy on the comment's current facts and apply its decision. Call inside a
    transaction; `config` and `known` save reading again what a batch has already read."""
    if comment.state != CommentState.PUBLISHED:
        return None
    config = config or current_policy(session)
    coverage = coverage_at(config.schedule, now)
    item = known.items.get(comment.id) if known else session.get(QueueItem, comment.id, with_for_update=True)
    is_open = item is not None and item.state == QueueState.OPEN

    facts = comment_facts(session, comment, item, now, known)
    decision = evaluate(facts, config, coverage, now)
    if not decision.enqueue:
        return item
    if item is None:
        item = QueueItem(comment_id=comment.id, article_id=comment.article_id, reviewed_revision=0, urgency=0)
        session.add(item)
    if not is_open:
        store(item, entry_of(item).reopen())
        item.entered_at = now
        item.entered_coverage = coverage.value
    assert decision.reason is not None and decision.due_at is not None  # every queued decision says why and by when
    item.reason = decision.reason
    item.priority = decision.priority
    item.due_at = decision.due_at
    item.triggers = [{"kind": t.kind, "reason": t.reason.value, "detail": t.detail} for t in decision.triggers]
    item.explanation = list(decision.explanation)
    item.priority_parts = parts_view(decision.priority_parts)
    item.assessed_coverage = coverage.value
    item.exposure_points = exposure_points(facts.exposure, now)
    if is_open and decision.urgency == OVERDUE and (item.urgency or 0) < OVERDUE:
        record(session, actor=actor, action="overdue", at=now, comment_id=comment.id, reason=item.reason,
               note="Past its review deadline: moved up the queue.", after={"priority": item.priority})
        alerts.item_overdue(session, config, item, now)
    item.urgency = decision.urgency
    if not is_open:
        record(session, actor=actor, action="queued", at=now, comment_id=comment.id, reason=item.reason,
               note=" ".join(item.explanation), after={"due_at": item.due_at.isoformat(), "priority": item.priority})
    if decision.withhold and not comment.withheld:
        before = snapshot(comment)
        comment.withheld = True
        # `withheld_by` names the conclusion that hid it (banned_phrase, sensitive_article, abuse_score...).
        record(session, actor=actor, action="withheld", at=now, comment_id=comment.id, reason=item.reason,
               note=" ".join(decision.explanation), before=before,
               after={**snapshot(comment), "withheld_by": decision.withheld_by})
        alerts.comment_withheld(session, config, comment, item.reason, facts.scores, now, decision.withheld_by)
        notify(session, comment.author_id, "withheld",
               f"Your comment {quoted(comment)} is hidden from other readers until a moderator has reviewed it.", now,
               comment.id)
    return item


def comment_facts(session: Session, comment: Comment, item: QueueItem | None, now: datetime,
                  known: Known | None = None) -> CommentFacts:
    """What the policy is told about a comment (its queue item, if any, as read by the caller)."""
    is_open = item is not None and item.state == QueueState.OPEN
    score = known.scores.get(comment.id) if known else latest_score(session, comment.id)
    # Once a moderator has reviewed a text, its scores alone do not bring it back; new complaints
    # or a new text (an edit) do.
    if score is not None and item is not None and score.revision <= item.reviewed_revision:
        score = None
    unreviewed = not (item is not None and comment.revision <= item.reviewed_revision)
    unscorable = comment.unscorable_revision == comment.revision and unreviewed
    word_lists = known.word_lists if known else current_word_lists(session)[1]
    return CommentFacts(
        created_at=comment.created_at,
        scores=Scores(abuse=score.abuse, spam=score.spam, off_topic=score.off_topic, labels=score.labels or {}, model=score.model_version)
        if score is not None
        else None,
        complaints=known.complaints.get(comment.id, ()) if known else _open_complaints(session, comment.id),
        exposure=_exposure(session, comment, now, known.exposures if known else {}),
        queued_due_at=item.due_at if item is not None and is_open else None,
        withheld=comment.withheld,
        unscorable=unscorable,
        # The newsroom's lists and an article's sensitivity judge a text until a moderator has read it.
        phrases=word_lists.find(comment.body) if unreviewed else PhraseHits(),
        sensitive_article=unreviewed and _written_while_sensitive(session.get(Article, comment.article_id), comment),
    )


def _written_while_sensitive(article: Article | None, comment: Comment) -> bool:
    """Its current text was written (posted or edited) while the article was marked sensitive."""
    if article is None or not article.sensitive or article.sensitive_since is None:
        return False
    return (comment.edited_at or comment.created_at) >= article.sensitive_since


def parts_view(parts: Iterable[PriorityPart]) -> list[dict[str, Any]]:
    """A priority's parts as the queue item keeps them and moderators read them."""
    return [{"part": p.name, "points": p.points, "detail": p.detail} for p in parts]


def _open_complaints_query(comment_ids: list[str]) -> Select[Complaint, User]:
    return (
        select(Complaint, User)
        .outerjoin(User, User.id == Complaint.reporter_id)
        .where(Complaint.comment_id.in_(comment_ids), Complaint.outcome.is_(None))
        .order_by(Complaint.id)
    )


def _complaint_fact(c: Complaint, u: User | None) -> ComplaintFact:
    return ComplaintFact(
        reporter=c.reporter_key,
        reason=Reason(c.reason),
        # An erased reporter's weight was fixed at erasure: their track record is gone.
        reporter_weight=(c.reporter_weight if c.reporter_weight is not None
                         else reporter_weight(standing_of(u), c.reporter_id is None)),
        anonymous=c.reporter_id is None,
    )


def _open_complaints(session: Session, comment_id: str) -> tuple[ComplaintFact, ...]:
    return tuple(_complaint_fact(c, u) for c, u in session.execute(_open_complaints_query([comment_id])).all())


def _exposure(session: Session, comment: Comment, now: datetime, cache: dict[str, Exposure]) -> Exposure:
    """How exposed the comment's article is now (read once per article in a batch, via `cache`)."""
    if comment.article_id in cache:
        return cache[comment.article_id]
    article = session.get(Article, comment.article_id)
    # Counted only up to where the policy stops caring, so a busy article costs no more than a quiet one.
    last_hour = (
        select(Comment.id)
        .where(Comment.article_id == comment.article_id, Comment.created_at >= now - ACTIVITY_WINDOW)
        .limit(BUSY_THREAD)
        .subquery()
    )
    recent = session.scalar(select(func.count()).select_from(last_hour))
    exposure = Exposure(article_published_at=article.published_at if article else None, comments_last_hour=recent or 0)
    cache[comment.article_id] = exposure
    return exposure
