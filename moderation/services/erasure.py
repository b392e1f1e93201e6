"""Erasing a reader: their comments become tombstones that keep threads intact, their name, e-mail
and id leave every table, the complaints they filed stay (de-identified, at the weight they had),
and a legal hold keeps a held comment's text until it is released. The trail records that an
erasure happened, not what was erased."""
from __future__ import annotations

import uuid
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from ..adapters.orm import (
    Appeal,
    AuditEvent,
    Comment,
    Complaint,
    IdempotencyRecord,
    Notification,
    QueueItem,
    Sanction,
    User,
)
from ..domain.appeals import AppealOutcome
from ..domain.client_input import ensure_id
from ..domain.model import CommentState, ComplaintOutcome, QueueState
from ..domain.standing import reporter_weight
from .audit import record
from .context import Context
from .notifications import notify
from .queue_entries import entry_of, store
from .redaction import CHUNK, allow_redaction, held, purge_texts
from .results import ErasureOutcome
from .users import standing_of

ERASED_PREFIX = "erased-"
ERASED_BY_AUTHOR = "erased at its author's request"  # who resolved the queue item of an erased comment


def is_erased(reader_id: str | None) -> bool:
    return reader_id is not None and reader_id.startswith(ERASED_PREFIX)


def erase_reader(ctx: Context, reader_id: str, requested_by: str | None = None) -> ErasureOutcome:
    """Erase everything about `reader_id`; `requested_by` is the admin who asked (None: the reader
    themselves). Running it again finds nothing more to erase."""
    ensure_id(reader_id, "user_id")
    now = ctx.now()
    stand_in = ERASED_PREFIX + uuid.uuid4().hex[:16]  # random: it links nothing back to the reader
    with ctx.transaction() as session:
        allow_redaction(session)
        comments = _erase_comments(session, reader_id, stand_in, now)
        reported = _deidentify_complaints(session, reader_id, stand_in)
        _erase_account(session, reader_id, stand_in)
        # The trail: the reader's own actions and the events about them carry the stand-in id. A
        # reader only ever acts on comments (theirs, and those they reported), and sanctions name
        # them: the indexes on both find every such event.
        touched = sorted(set(comments.ids) | set(reported))
        events = list(session.scalars(select(AuditEvent).where(AuditEvent.user_id == reader_id)))
        for start in range(0, len(touched), CHUNK):
            events += session.scalars(select(AuditEvent).where(AuditEvent.comment_id.in_(touched[start:start + CHUNK])))
        for event in events:
            if event.actor == reader_id:
                event.actor = stand_in
            elif event.actor == f"reader:{reader_id}":
                event.actor = f"reader:{stand_in}"
            if event.user_id == reader_id:
                event.user_id = stand_in
                event.note = ""  # a sanction's reason, written about them
            if event.action == "complaint" and event.actor.endswith(stand_in):
                event.note = ""  # their note with a report
        session.execute(delete(Notification).where(Notification.recipient_id == reader_id))
        session.execute(delete(IdempotencyRecord).where(IdempotencyRecord.owner == f"reader:{reader_id}"))
        session.execute(update(Appeal).where(Appeal.author_id == reader_id)
                        .values(author_id=stand_in, note="", outcome_note=""))
        outcome = ErasureOutcome(erased=True, comments=len(comments.ids), comments_held=comments.held,
                                 complaints=len(reported))
        record(session, actor=requested_by or stand_in, action="erasure", at=now, user_id=stand_in,
               note="At the reader's own request." if requested_by is None else "At an admin's request.",
               after=outcome.model_dump(exclude={"erased"}))
    return outcome


class ErasedComments(NamedTuple):
    ids: list[str]
    held: int  # how many keep their text under a legal hold


def _erase_comments(session: Session, reader_id: str, stand_in: str, now: datetime) -> ErasedComments:
    comments = session.scalars(
        select(Comment).where(Comment.author_id == reader_id).order_by(Comment.id).with_for_update()
    ).all()
    ids = [c.id for c in comments]
    kept = held(session, ids)
    for comment in comments:
        comment.author_id, comment.author_name = stand_in, ""
        if comment.state != CommentState.ERASED:
            comment.state, comment.withheld, comment.removed_at = CommentState.ERASED, False, now
    purge_texts(session, [cid for cid in ids if cid not in kept], now)
    session.execute(update(Appeal).where(Appeal.comment_id.in_(ids), Appeal.outcome.is_(None))
                    .values(outcome=AppealOutcome.WITHDRAWN.value, judged_at=now))
    for item in session.scalars(select(QueueItem).where(QueueItem.comment_id.in_(ids), QueueItem.state == QueueState.OPEN)):
        store(item, entry_of(item).resolve(ERASED_BY_AUTHOR, now))
    for complaint in session.scalars(
        select(Complaint).where(Complaint.comment_id.in_(ids), Complaint.outcome.is_(None))
    ):
        complaint.outcome = ComplaintOutcome.WITHDRAWN
        if complaint.reporter_id is not None and not is_erased(complaint.reporter_id):
            notify(session, complaint.reporter_id, "complaint_outcome",
                   "Thank you for your report. The comment has been removed at its author's request.", now,
                   complaint.comment_id)
    return ErasedComments(ids, len(kept))


def _deidentify_complaints(session: Session, reader_id: str, stand_in: str) -> list[str]:
    """The reports they filed still count, at the weight their track record gave them; returns
    the comments they reported."""
    user = session.get(User, reader_id)
    weight = reporter_weight(standing_of(user), anonymous=False)
    filed = session.scalars(select(Complaint).where(Complaint.reporter_id == reader_id)).all()
    for complaint in filed:
        complaint.reporter_id, complaint.reporter_key = stand_in, f"reader:{stand_in}"
        complaint.reporter_weight, complaint.note = weight, ""
    return [c.comment_id for c in filed]


def _erase_account(session: Session, reader_id: str, stand_in: str) -> None:
    """Their record goes; sanctions stay, under the stand-in id, without the words about them."""
    user = session.get(User, reader_id, with_for_update=True)
    sanctions = session.scalars(select(Sanction).where(Sanction.user_id == reader_id)).all()
    if sanctions:
        session.add(User(id=stand_in, name="", email=None, banned=bool(user and user.banned),
                         suspended_until=user.suspended_until if user else None, warnings=user.warnings if user else 0,
                         complaints_upheld=0, complaints_rejected=0, created_at=sanctions[0].created_at))
        session.flush()
        for sanction in sanctions:
            sanction.user_id, sanction.reason = stand_in, ""
        session.flush()
    if user is not None:
        session.delete(user)
