"""The retention purge: what is past its period goes, legal holds excepted, and each purge that
removed anything leaves an audit event saying how much (never what)."""
from __future__ import annotations

from sqlalchemy import Text, cast, exists, func, select, update

from ..adapters.orm import AuditEvent, Comment, Complaint, LegalHold
from ..domain.retention import RetentionPeriods
from .audit import record
from .context import Context
from .redaction import allow_redaction, not_held, purge_texts

ACTOR = "retention"
BATCH = 1000


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
        details = 0
        for event in session.scalars(select(AuditEvent).where(
            AuditEvent.created_at <= due.audit_details, ~held_comment,
            _holds_json(AuditEvent.before) | _holds_json(AuditEvent.after) | (AuditEvent.note != ""),
        ).order_by(AuditEvent.id).limit(BATCH)):
            event.before = event.after = None
            event.note = ""
            details += 1
        summary = {"comment_texts": len(texts), "complaint_notes": notes, "audit_details": details}
        if any(summary.values()):
            record(session, actor=ACTOR, action="retention_purge", at=now, after={
                **summary,
                "periods_months": {"removed_text": kept.removed_text_months, "complaint_notes": kept.complaint_notes_months,
                                   "audit_details": kept.audit_details_months},
            })
    return summary


def _holds_json(column):
    """The column holds something: neither SQL NULL nor JSON null (which is how None is stored)."""
    return func.coalesce(cast(column, Text), "null") != "null"
