"""Who reported a comment, as moderators see it: a pseudonym per reporter and comment ("Reporter
A"), the same in the report notes and the audit trail. Only admins may see who is behind one."""
from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..adapters.orm import Complaint
from ..domain.model import NotFound, Reader
from ..domain.pseudonyms import pseudonyms
from . import audit  # (audit shows events through this module: imported as a module, not a name)
from .context import Context
from .results import ReporterList, RevealedReporter

ANONYMOUS_ACTOR = "anonymous reader"  # how complaint events named anonymous reporters before pseudonyms
SOME_REPORTER = "a reporter"


def names_by_comment(session: Session, comment_ids: Iterable[str]) -> dict[str, dict[str, str]]:
    """For each comment, its reporters' keys with their pseudonyms."""
    ids = list(set(comment_ids))
    keys: dict[str, list[str]] = {}
    if ids:
        for comment_id, key in session.execute(
            select(Complaint.comment_id, Complaint.reporter_key).where(Complaint.comment_id.in_(ids)).order_by(Complaint.id)
        ):
            keys.setdefault(comment_id, []).append(key)
    return {cid: pseudonyms(k) for cid, k in keys.items()}


def reporter_key_of(actor: str) -> str | None:
    """The complaint's reporter key from a complaint event's actor (older events name the reader)."""
    if actor.startswith(("reader:", "anon:")):
        return actor
    return None if actor == ANONYMOUS_ACTOR else f"reader:{actor}"


def shown_actor(action: str, actor: str, names: dict[str, str]) -> str:
    """The actor of an audit event as moderators see it."""
    if action != "complaint":
        return actor
    key = reporter_key_of(actor)
    return names.get(key, SOME_REPORTER) if key else SOME_REPORTER


def reveal(ctx: Context, admin: Reader, comment_id: str) -> ReporterList:
    """Who is behind each pseudonym on a comment; the reveal itself is in the trail."""
    now = ctx.now()
    with ctx.transaction() as session:
        complaints = session.scalars(
            select(Complaint).where(Complaint.comment_id == comment_id).order_by(Complaint.id)
        ).all()
        if not complaints:
            raise NotFound("no_reporters", "Nobody has reported this comment.")
        names = pseudonyms(c.reporter_key for c in complaints)
        audit.record(session, actor=admin.id, action="reporters_revealed", at=now, comment_id=comment_id)
        return ReporterList(
            comment_id=comment_id,
            reporters=[
                RevealedReporter(reporter=names[c.reporter_key], reader_id=c.reporter_id, anonymous=c.reporter_id is None,
                                 reason=c.reason, at=c.created_at)
                for c in complaints
            ],
        )
