"""The retention purge: what is past its period goes, legal holds excepted, and each purge that
removed anything leaves an audit event saying how much (never what)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import exists, select, update

from ..adapters.orm import AuditEvent, Comment, Complaint, LegalHold, ServiceState
from ..domain.retention import RetentionPeriods
from .audit import record
from .context import Context
from .redaction import allow_redaction, not_held, purge_texts, redact_details

ACTOR = "retention"
BATCH = 1000
AUDIT_WATERMARK = "audit_details_purged_through"  # the trail is redacted up to this moment


def periods(ctx: Context) -> RetentionPeriods:
    s = ctx.settings
    return RetentionPeriods(s.retain_removed_text_months, s.retain_complaint_notes_months, s.retain_audit_details_months)


def purge(ctx: Context) -> dict:
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
        notes = session.execute(
            update(Complaint).where(Complaint.note != "", Complaint.created_at <= due.complaint_notes,
                                    ~exists(select(LegalHold.comment_id).where(LegalHold.comment_id == Complaint.comment_id)))
            .values(note="")
        ).rowcount
        # The trail's copies of those notes go with them.
        for event in session.scalars(select(AuditEvent).where(
            AuditEvent.action == "complaint", AuditEvent.note != "", AuditEvent.created_at <= due.complaint_notes,
            ~held_comment,
        ).limit(BATCH)):
            event.note = ""
        details = _redact_details(session, due.audit_details, held_comment, now)
        summary = {"comment_texts": len(texts), "complaint_notes": notes, "audit_details": details}
        if any(summary.values()):
            record(session, actor=ACTOR, action="retention_purge", at=now, after={
                **summary,
                "periods_months": {"removed_text": kept.removed_text_months, "complaint_notes": kept.complaint_notes_months,
                                   "audit_details": kept.audit_details_months},
            })
    return summary


def _redact_details(session, cutoff: datetime, held_comment, now: datetime) -> int:
    """Clear the trail's texts and notes older than `cutoff`, a window at a time: each run takes
    only what has come of age since the last one (by the index on the time), never the years
    already done. Held comments' events wait for their release (legal_holds does them then)."""
    mark = session.get(ServiceState, AUDIT_WATERMARK, with_for_update=True)
    since = datetime.fromisoformat(mark.value) if mark is not None else None
    if since is not None and since >= cutoff:
        return 0
    window = select(AuditEvent).where(AuditEvent.created_at <= cutoff, ~held_comment)
    if since is not None:
        window = window.where(AuditEvent.created_at > since)
    redacted = 0
    for event in session.scalars(window.order_by(AuditEvent.id)):
        if redact_details(event):
            redacted += 1
    if mark is None:
        session.add(ServiceState(key=AUDIT_WATERMARK, value=cutoff.isoformat(), updated_at=now))
    else:
        mark.value, mark.updated_at = cutoff.isoformat(), now
    return redacted
