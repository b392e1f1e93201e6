"""The retention purge: what is past its period goes, legal holds excepted, and each purge that
removed anything leaves an audit event saying how much (never what)."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Exists, Text, cast, exists, func, select, update
from sqlalchemy.orm import InstrumentedAttribute, Session

from ..adapters.database import rows_affected
from ..adapters.orm import AuditEvent, Comment, Complaint, LegalHold, ServiceState
from ..domain.retention import RetentionPeriods
from .audit import record
from .context import Context
from .redaction import allow_redaction, not_held, purge_texts, redact_details
from .results import PurgeSummary, answer

ACTOR = "retention"
BATCH = 1000
DETAILS_BATCH = 5000
AUDIT_WATERMARK = "audit_details_purged_through"  # the trail is redacted up to this moment


def periods(ctx: Context) -> RetentionPeriods:
    s = ctx.settings
    return RetentionPeriods(s.retain_removed_text_months, s.retain_complaint_notes_months, s.retain_audit_details_months)


def purge(ctx: Context) -> PurgeSummary:
    now = ctx.now()
    kept = periods(ctx)
    due = kept.cutoffs(now)
    held_comment = exists(select(LegalHold.comment_id).where(LegalHold.comment_id == AuditEvent.comment_id))
    with ctx.transaction() as session:
        allow_redaction(session)
        texts = list(session.scalars(
            select(Comment.id).where(Comment.removed_at.is_not(None), Comment.text_purged_at.is_(None),
                                     Comment.removed_at <= due.removed_text, not_held())
            .order_by(Comment.removed_at).limit(BATCH)
        ))
        purge_texts(session, texts, now)
        notes = rows_affected(session.execute(
            update(Complaint).where(Complaint.note != "", Complaint.created_at <= due.complaint_notes,
                                    ~exists(select(LegalHold.comment_id).where(LegalHold.comment_id == Complaint.comment_id)))
            .values(note="")
        ))
        # The trail's copies of those notes go with them.
        for event in session.scalars(select(AuditEvent).where(
            AuditEvent.action == "complaint", AuditEvent.note != "", AuditEvent.created_at <= due.complaint_notes,
            ~held_comment,
        ).limit(BATCH)):
            event.note = ""
        details = _redact_details(session, due.audit_details, held_comment, now)
        summary = PurgeSummary(comment_texts=len(texts), complaint_notes=notes, audit_details=details)
        if summary.comment_texts or summary.complaint_notes or summary.audit_details:
            record(session, actor=ACTOR, action="retention_purge", at=now, after={
                **answer(summary),
                "periods_months": {"removed_text": kept.removed_text_months, "complaint_notes": kept.complaint_notes_months,
                                   "audit_details": kept.audit_details_months},
            })
    return summary


def _redact_details(session: Session, cutoff: datetime, held_comment: Exists, now: datetime) -> int:
    """Clear the trail's texts and notes older than `cutoff`, a window at a time: each run starts
    where the last one stopped (by the index on the time) and reads only events that still hold
    details, at most DETAILS_BATCH of them (a backlog takes a few runs). Held comments' events wait
    for their release (legal_holds does them then)."""
    mark = session.get(ServiceState, AUDIT_WATERMARK, with_for_update=True)
    since = datetime.fromisoformat(mark.value) if mark is not None else None
    if since is not None and since >= cutoff:
        return 0
    window = select(AuditEvent).where(
        AuditEvent.created_at <= cutoff, ~held_comment,
        _holds_json(AuditEvent.before) | _holds_json(AuditEvent.after) | (AuditEvent.note != ""),
    )
    if since is not None:
        window = window.where(AuditEvent.created_at >= since)  # what shares the last moment is looked at again
    events = session.scalars(window.order_by(AuditEvent.created_at, AuditEvent.id).limit(DETAILS_BATCH)).all()
    for event in events:
        redact_details(event)
    reached = cutoff if len(events) < DETAILS_BATCH else events[-1].created_at
    if mark is None:
        session.add(ServiceState(key=AUDIT_WATERMARK, value=reached.isoformat(), updated_at=now))
    else:
        mark.value, mark.updated_at = reached.isoformat(), now
    return len(events)


def _holds_json(column: InstrumentedAttribute[Any]) -> ColumnElement[bool]:
    """The column holds something: neither SQL NULL nor JSON null (which is how None is stored)."""
    return func.coalesce(cast(column, Text), "null") != "null"
