"""Retraining from moderators' decisions, behind the classifiers' evaluation gate.

Every decision is a labelled example. Once enough new ones have gathered, a candidate model
learns from them all and is measured against the model in force on a fixed validation set;
only a candidate at least as good on every signal is promoted. Every candidate is kept on
record with its figures; a promoted model's weights are stored in the database, so every
worker, wherever it runs, scores with the same model. Open queue items are then scored again
by the new model, so what moderators see reflects it.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol, TypeVarTuple

from sqlalchemy import Select, func, select, update
from sqlalchemy.orm import Session

from ..adapters.orm import Comment, Decision, ModelVersion, QueueItem, ServiceState
from ..domain.model import CommentState, ModelVerdict, QueueState
from .audit import record
from .context import Context
from .results import (
    CandidateJudged,
    ModelCandidate,
    RetrainingBusy,
    RetrainingOutcome,
    RetrainingStatus,
    RetrainingWaiting,
)

PROMOTED, REJECTED = ModelVerdict.PROMOTED, ModelVerdict.REJECTED
ACTOR = "retraining"
LEASE_KEY = "retraining_until"
# Far longer than a retraining run takes (about 70 s on the shipped data); a run that died
# holding it only delays the next one.
LEASE = timedelta(hours=2)


@dataclass(frozen=True)
class TrainingDecision:
    """A moderator's decision on a text, as a labelled example."""

    text: str
    action: str  # approve / amend / delete
    reason: str | None  # none for an approval
    article_id: str
    decided_at: str


@dataclass(frozen=True)
class StoredModel:
    version: str
    manifest: dict[str, Any]
    arrays: bytes


@dataclass(frozen=True)
class TrainedCandidate:
    version: str
    accepted: bool
    metrics: dict[str, Any]  # {"candidate": {signal: figures}, "current": {signal: figures}}
    reasons: list[str]
    manifest: dict[str, Any]
    arrays: bytes


class Trainer(Protocol):
    """The classifiers' retraining and gate, as the service sees them (adapters.classifier)."""

    def train(self, current: StoredModel | None, decisions: list[TrainingDecision]) -> TrainedCandidate:
        """A candidate learnt from these decisions, judged against `current` (None: the model the
        service started with)."""
        ...


Columns = TypeVarTuple("Columns")


def _newest_promoted(query: Select[*Columns]) -> Select[*Columns]:
    return query.where(ModelVersion.state == PROMOTED).order_by(ModelVersion.id.desc()).limit(1)


def promoted_version(session: Session) -> str | None:
    """The version of the newest promoted model (None: the model the service started with is in force)."""
    return session.scalar(_newest_promoted(select(ModelVersion.version)))


def _stored_in_force(session: Session) -> StoredModel | None:
    row = session.execute(_newest_promoted(select(ModelVersion.version, ModelVersion.manifest, ModelVersion.arrays))).first()
    return None if row is None else StoredModel(*row)


def model_in_force(ctx: Context) -> StoredModel | None:
    with ctx.transaction() as session:
        return _stored_in_force(session)


def promoted_thresholds(session: Session) -> tuple[dict[str, Any], str] | None:
    """The flag and withholding thresholds the promoted model's own validation recommends."""
    row = session.execute(_newest_promoted(select(ModelVersion.manifest, ModelVersion.version))).first()
    if row is None or "thresholds" not in row.manifest:
        return None
    return row.manifest["thresholds"], row.version


def retrain(ctx: Context, trainer: Trainer, min_new_decisions: int) -> RetrainingOutcome:
    """Train and judge a candidate if at least `min_new_decisions` decisions were taken since the
    last candidate; returns what happened. Two runs never overlap."""
    now = ctx.now()
    with ctx.transaction() as session:
        newest, new = _new_decisions(session)
        if new < min_new_decisions:
            return RetrainingWaiting(new_decisions=new, needed=min_new_decisions)
        if not _take_lease(session, now):
            return RetrainingBusy(new_decisions=new)
        decisions = _decisions(session, newest)
        current = _stored_in_force(session)
    try:
        candidate = trainer.train(current, decisions)
    except BaseException:
        _release_lease(ctx)
        raise
    with ctx.transaction() as session:
        session.add(ModelVersion(
            version=candidate.version, state=PROMOTED if candidate.accepted else REJECTED,
            base_version=current.version if current else candidate.manifest.get("base_model", ""),
            decisions_through=newest, decisions_used=len(decisions), metrics=candidate.metrics,
            reasons=list(candidate.reasons), manifest=candidate.manifest,
            arrays=candidate.arrays if candidate.accepted else None, created_at=ctx.now(),
        ))
        record(session, actor=ACTOR, action="model_promoted" if candidate.accepted else "model_rejected", at=ctx.now(),
               note="; ".join(candidate.reasons), after={"version": candidate.version, **candidate.metrics})
        rescore = _mark_open_items_unscored(session) if candidate.accepted else []
        _hold_lease_until(session, ctx.now(), ctx.now())  # released
    ctx.request_scoring(rescore)
    return CandidateJudged(outcome=PROMOTED if candidate.accepted else REJECTED, version=candidate.version,
                           decisions=len(decisions), reasons=list(candidate.reasons), metrics=candidate.metrics,
                           rescoring=len(rescore))


def _new_decisions(session: Session) -> tuple[int, int]:
    """The newest decision's id, and how many decisions no candidate has learnt from yet."""
    learnt_through = session.scalar(select(func.max(ModelVersion.decisions_through))) or 0
    newest = session.scalar(select(func.max(Decision.id))) or 0
    return newest, session.execute(select(func.count()).select_from(Decision).where(Decision.id > learnt_through)).scalar_one()


def status(ctx: Context) -> RetrainingStatus:
    """The promoted model in force (None: the one the service started with), and the decisions
    waiting to be learnt from."""
    with ctx.transaction() as session:
        return RetrainingStatus(promoted=promoted_version(session), new_decisions=_new_decisions(session)[1])


def _decisions(session: Session, through: int) -> list[TrainingDecision]:
    """Each text's latest decision: a moderator who changed their mind is taken at their word."""
    latest: dict[tuple[str, int], TrainingDecision] = {}
    for d, article_id in session.execute(
        select(Decision, Comment.article_id).join(Comment, Comment.id == Decision.comment_id)
        .where(Decision.id <= through).order_by(Decision.id)
    ):
        if not d.text:
            latest.pop((d.comment_id, d.revision), None)  # purged or erased: not ours to learn from any more
            continue
        latest[(d.comment_id, d.revision)] = TrainingDecision(d.text, d.action, d.reason, article_id, d.created_at.isoformat())
    return list(latest.values())


def _mark_open_items_unscored(session: Session) -> list[str]:
    """Open items' texts count as unscored until the new model has scored them (the workers and
    the sweep of unscored comments take them from there)."""
    ids = list(session.scalars(
        select(QueueItem.comment_id).join(Comment, Comment.id == QueueItem.comment_id)
        .where(QueueItem.state == QueueState.OPEN, Comment.state == CommentState.PUBLISHED)
    ))
    for start in range(0, len(ids), 1000):
        session.execute(update(Comment).where(Comment.id.in_(ids[start:start + 1000]))
                        .values(scored_revision=Comment.revision - 1))
    return ids


def _take_lease(session: Session, now: datetime) -> bool:
    lease = session.get(ServiceState, LEASE_KEY, with_for_update=True)
    if lease is not None and datetime.fromisoformat(lease.value) > now:
        return False
    _hold_lease_until(session, now + LEASE, now)
    return True


def _hold_lease_until(session: Session, until: datetime, now: datetime) -> None:
    lease = session.get(ServiceState, LEASE_KEY, with_for_update=True)
    if lease is None:
        session.add(ServiceState(key=LEASE_KEY, value=until.isoformat(), updated_at=now))
    else:
        lease.value, lease.updated_at = until.isoformat(), now


def _release_lease(ctx: Context) -> None:
    with ctx.transaction() as session:
        _hold_lease_until(session, ctx.now(), ctx.now())


def history(ctx: Context, limit: int = 20) -> list[ModelCandidate]:
    """The newest candidates first, with the gate's figures and verdict."""
    with ctx.transaction() as session:
        rows = session.execute(
            select(ModelVersion.version, ModelVersion.state, ModelVersion.base_version, ModelVersion.decisions_used,
                   ModelVersion.metrics, ModelVersion.reasons, ModelVersion.created_at)
            .order_by(ModelVersion.id.desc()).limit(limit)
        ).all()
        return [
            ModelCandidate(version=r.version, state=r.state, base_version=r.base_version, decisions=r.decisions_used,
                           metrics=r.metrics, reasons=r.reasons, created_at=r.created_at)
            for r in rows
        ]
