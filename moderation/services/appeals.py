"""Authors' appeals against removals and amendments, judged by another moderator."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from ..adapters.orm import Appeal, Comment, Decision, QueueItem, StaffAccount
from ..domain.appeals import (
    AppealOutcome,
    appeal_note,
    appeal_priority,
    ensure_appealable,
    ensure_may_judge,
    may_appeal,
    outcome_message,
    queue_entry,
)
from ..domain.coverage import coverage_at
from ..domain.model import (
    CommentState,
    Conflict,
    Forbidden,
    InvalidInput,
    NotFound,
    Reader,
    Reason,
    Unauthenticated,
)
from ..domain.policy import OVERDUE, PolicyConfig, urgency
from . import alerts
from .assessment import parts_view
from .audit import record, snapshot
from .context import Context
from .decisions import tally
from .notifications import notify
from .policy_settings import current_policy
from .queue import ensure_not_claimed_by_other
from .queue_entries import entry_of, store
from .results import AppealView
from .views import AuthorsAppeal, appeal_view


def window(ctx: Context) -> timedelta:
    return timedelta(days=ctx.settings.appeal_window_days)


def file_appeal(ctx: Context, reader: Reader | None, comment_id: str, note: object) -> AppealView:
    if reader is None:
        raise Unauthenticated("unauthenticated", "Sign in first.")
    note = appeal_note(note)
    now = ctx.now()
    with ctx.transaction() as session:
        comment = session.get(Comment, comment_id, with_for_update=True)
        if comment is None:
            raise NotFound("comment_not_found", f"No comment {comment_id!r}.")
        if comment.author_id != reader.id:
            raise Forbidden("not_author", "Only the author may appeal a decision on this comment.")
        existing = session.scalar(select(Appeal.id).where(Appeal.comment_id == comment_id))
        action = ensure_appealable(comment.state, comment.amended_body is not None, comment.moderated_at, now,
                                   window(ctx), existing is not None)
        decided_by = session.scalar(
            select(Decision.moderator_id).where(Decision.comment_id == comment_id).order_by(Decision.id.desc()).limit(1)
        )
        reason = Reason(comment.moderation_reason or Reason.OTHER.value)
        appeal = Appeal(comment_id=comment_id, author_id=reader.id, note=note, action=action, reason=reason.value,
                        decided_by=decided_by or "", created_at=now, outcome_note="")
        session.add(appeal)
        _back_in_queue(session, comment, reason, action, now)
        record(session, actor=reader.id, action="appealed", at=now, comment_id=comment_id, reason=reason.value, note=note)
        session.flush()
        return appeal_view(appeal, for_moderators=False)


def _back_in_queue(session: Session, comment: Comment, reason: Reason, action: str, now: datetime) -> None:
    config = current_policy(session)
    coverage = coverage_at(config.schedule, now)
    parts, due_at, why = queue_entry(reason, action, config.deadlines[coverage].complaint, coverage.value, now,
                                     config.severity_first)
    priority = sum(p.points for p in parts)
    item = session.get(QueueItem, comment.id, with_for_update=True)
    if item is None:
        item = QueueItem(comment_id=comment.id, article_id=comment.article_id, reviewed_revision=comment.revision)
        session.add(item)
    store(item, entry_of(item).reopen())
    item.reason, item.priority, item.due_at = reason, priority, due_at
    item.urgency = urgency(due_at, now)
    item.entered_at, item.entered_coverage = now, coverage.value
    # The article's exposure plays no part in an appeal's priority (see `reprioritise_appeal`).
    item.priority_parts, item.assessed_coverage, item.exposure_points = parts_view(parts), coverage.value, None
    item.triggers = [{"kind": "appeal", "reason": reason.value, "detail": why[0]}]
    item.explanation = why
    record(session, actor="policy", action="queued", at=now, comment_id=comment.id, reason=reason.value,
           note=" ".join(why), after={"due_at": due_at.isoformat(), "priority": priority})


def is_appeal(item: QueueItem) -> bool:
    return any(t.get("kind") == "appeal" for t in item.triggers or [])


def reprioritise_appeal(session: Session, item: QueueItem, config: PolicyConfig, now: datetime, actor: str) -> None:
    """An open appeal's priority as time passes or the policy changes: its severity on the policy's
    scale, and its deadline (moving up, and saying so, as it nears and passes)."""
    old = {p["detail"] for p in item.priority_parts or []}
    parts = appeal_priority(Reason(item.reason), item.due_at, now, config.severity_first)
    before = item.urgency or 0
    item.priority = sum(p.points for p in parts)
    item.priority_parts = parts_view(parts)
    item.explanation = [line for line in item.explanation if line not in old] + [p.detail for p in parts]
    item.urgency = urgency(item.due_at, now)
    if item.urgency == OVERDUE and before < OVERDUE:
        record(session, actor=actor, action="overdue", at=now, comment_id=item.comment_id, reason=item.reason,
               note="Past its review deadline: moved up the queue.", after={"priority": item.priority})
        alerts.item_overdue(session, config, item, now)


def judge_appeal(ctx: Context, moderator: Reader, comment_id: str, outcome: AppealOutcome, note: str) -> AppealView:
    """Uphold the decision, or overturn it: the comment is shown again as its author wrote it. The
    author is told either way, with the moderator's reasons."""
    note = note.strip()
    if outcome is AppealOutcome.WITHDRAWN:
        raise InvalidInput("invalid_outcome", "An appeal is upheld or overturned.")
    if not note:
        raise InvalidInput("note_required", "Give the author your reasons.")
    now = ctx.now()
    with ctx.transaction() as session:
        comment = session.get(Comment, comment_id, with_for_update=True)
        if comment is None:
            raise NotFound("comment_not_found", f"No comment {comment_id!r}.")
        appeal = session.scalars(select(Appeal).where(Appeal.comment_id == comment_id).with_for_update()).first()
        if appeal is None or appeal.outcome is not None:
            raise Conflict("no_open_appeal", "There is no appeal waiting on this comment.")
        ensure_may_judge(moderator.id, appeal.decided_by)
        item = session.get(QueueItem, comment_id, with_for_update=True)
        if item is not None:
            ensure_not_claimed_by_other(item, moderator, now)
        before = snapshot(comment)
        if outcome is AppealOutcome.OVERTURNED:
            comment.state, comment.withheld, comment.amended_body, comment.moderation_reason = (
                CommentState.PUBLISHED, False, None, None)
            comment.removed_at = None
        comment.moderated_at = now
        action = "approve" if outcome is AppealOutcome.OVERTURNED else appeal.action
        session.add(Decision(comment_id=comment_id, revision=comment.revision, text=comment.body, moderator_id=moderator.id,
                             action=action, reason=appeal.reason, note=note, created_at=now))
        if item is not None:
            store(item, entry_of(item).resolve(moderator.id, now))
            item.reviewed_revision = comment.revision
        appeal.outcome, appeal.outcome_note, appeal.judged_by, appeal.judged_at = outcome, note, moderator.id, now
        record(session, actor=moderator.id, action=f"appeal_{outcome.value}", at=now, comment_id=comment_id,
               reason=appeal.reason, note=note, before=before, after=snapshot(comment))
        notify(session, comment.author_id, f"appeal_{outcome.value}", outcome_message(outcome, appeal.action, note), now,
               comment_id)
        tally(session, moderator.id, action)
        return appeal_view(appeal)


def withdraw_open(session: Session, comment_id: str, now: datetime) -> None:
    """The author withdrew the comment: their appeal has nothing left to judge."""
    session.execute(update(Appeal).where(Appeal.comment_id == comment_id, Appeal.outcome.is_(None))
                    .values(outcome=AppealOutcome.WITHDRAWN.value, judged_at=now))


def for_author(session: Session, comments: list[Comment], now: datetime, appeal_window: timedelta) -> dict[str, AuthorsAppeal]:
    """For each of an author's own comments: may they appeal it now, and how their appeal stands."""
    ids = [c.id for c in comments]
    # An appeal not judged yet has no outcome: it is "pending" to its author.
    states: dict[str, AppealOutcome | Literal["pending"]] = {comment_id: outcome or "pending" for comment_id, outcome in session.execute(
        select(Appeal.comment_id, Appeal.outcome).where(Appeal.comment_id.in_(ids))
    )} if ids else {}
    return {
        c.id: AuthorsAppeal(
            appealable=may_appeal(c.state, c.amended_body is not None, c.moderated_at, now, appeal_window, c.id in states),
            appeal=states.get(c.id),
        )
        for c in comments
    }


@dataclass(frozen=True)
class AppealFigures:
    """Appeals against one moderator's decisions."""

    moderator: str  # their name, or their id when they have no staff account
    pending: int = 0
    upheld: int = 0
    overturned: int = 0

    @property
    def appealed(self) -> int:
        return self.pending + self.upheld + self.overturned

    @property
    def overturn_rate(self) -> float | None:
        """Among the appeals judged; None before any is."""
        judged = self.upheld + self.overturned
        return self.overturned / judged if judged else None


def figures(ctx: Context, days: int = 30) -> list[AppealFigures]:
    """Appeals against each moderator's decisions over the last `days`: how many, and how many
    were overturned (the rate among those judged)."""
    since = ctx.now() - timedelta(days=days)
    with ctx.transaction() as session:
        rows = session.execute(
            select(Appeal.decided_by, Appeal.outcome, func.count())
            .where(Appeal.created_at > since, Appeal.outcome.is_distinct_from(AppealOutcome.WITHDRAWN.value))
            .group_by(Appeal.decided_by, Appeal.outcome)
        ).all()
        names = dict(session.execute(select(StaffAccount.user_id, StaffAccount.display_name)).all())
    counts: dict[str, dict[str, int]] = {}
    for moderator, outcome, count in rows:
        counts.setdefault(moderator, {})[outcome or "pending"] = count
    per = [AppealFigures(names.get(moderator, moderator), **by_state) for moderator, by_state in counts.items()]
    return sorted(per, key=lambda e: -e.appealed)
