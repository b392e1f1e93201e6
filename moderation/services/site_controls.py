"""Site-wide switches: pausing all commenting in an emergency.

While commenting is paused nobody may post, reply or edit (503 `commenting_paused`, with the
newsroom's message); reading, reporting, withdrawing and appealing go on. Any moderator may pause,
because an emergency is met by whoever is on shift, often a lone moderator at night; only an admin
may resume, because that reopens every discussion at once.
"""
from __future__ import annotations

from sqlalchemy.orm import Session

from ..adapters.orm import SiteControl
from ..domain.model import Forbidden, InvalidInput, Reader, Unavailable
from .audit import record
from .context import Context
from .results import CommentingPause, SiteControls

SITE = 1  # the one row
DEFAULT_PAUSE_MESSAGE = "Commenting is paused for the moment. Please come back later."
MAX_MESSAGE_CHARS = 500
RETRY_AFTER_SECONDS = 600  # nobody knows when a pause ends: a reasonable wait before asking again


def _view(row: SiteControl | None) -> SiteControls:
    if row is None:
        return SiteControls(commenting_paused=False, message="", changed_by=None, changed_at=None)
    return SiteControls(commenting_paused=row.commenting_paused, message=row.message, changed_by=row.changed_by,
                        changed_at=row.changed_at)


def site_state(session: Session) -> SiteControls:
    return _view(session.get(SiteControl, SITE))


def get_site(ctx: Context) -> SiteControls:
    with ctx.transaction() as session:
        return site_state(session)


def pause_for_readers(ctx: Context) -> CommentingPause:
    """What the widget shows: whether commenting is paused, and the message instead of the composer."""
    state = get_site(ctx)
    paused = state.commenting_paused
    return CommentingPause(commenting_paused=paused,
                           pause_message=(state.message or DEFAULT_PAUSE_MESSAGE) if paused else None)


def ensure_commenting_open(session: Session) -> None:
    row = session.get(SiteControl, SITE)
    if row is not None and row.commenting_paused:
        raise Unavailable("commenting_paused", row.message or DEFAULT_PAUSE_MESSAGE, RETRY_AFTER_SECONDS)


def set_site(ctx: Context, staff: Reader, commenting_paused: bool, message: str) -> SiteControls:
    """Pause or resume commenting everywhere; the change and its message go in the audit trail."""
    message = " ".join(message.split())
    if len(message) > MAX_MESSAGE_CHARS:
        raise InvalidInput("message_too_long", f"The message is {len(message)} characters long; the limit is "
                                               f"{MAX_MESSAGE_CHARS}.")
    now = ctx.now()
    with ctx.transaction() as session:
        row = session.get(SiteControl, SITE, with_for_update=True)
        before = _view(row)
        if not commenting_paused and before.commenting_paused and not staff.is_admin:
            raise Forbidden("admin_only", "Only an admin may resume commenting.")
        if commenting_paused and not message:
            message = DEFAULT_PAUSE_MESSAGE
        if not commenting_paused:
            message = ""
        if row is None and not commenting_paused:
            return before
        if row is None:
            row = SiteControl(id=SITE, commenting_paused=False, message="", changed_by=staff.id, changed_at=now)
            session.add(row)
        if (row.commenting_paused, row.message) == (commenting_paused, message):
            return before  # nothing to change, nothing to record
        row.commenting_paused, row.message, row.changed_by, row.changed_at = commenting_paused, message, staff.id, now
        action = "commenting_paused" if commenting_paused and not before.commenting_paused else (
            "pause_message_changed" if commenting_paused else "commenting_resumed")
        record(session, actor=staff.id, action=action, at=now, note=message,
               before={"commenting_paused": before.commenting_paused, "message": before.message},
               after={"commenting_paused": commenting_paused, "message": message})
        return _view(row)
