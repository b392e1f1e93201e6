"""Appeals: an author may ask, once and within a window, for a moderator's removal or amendment of
their comment to be looked at again, by a moderator other than the one who decided."""
from __future__ import annotations

import enum
from datetime import datetime, timedelta

from .model import CommentState, Conflict, Forbidden, InvalidInput, Reason
from .policy import PriorityPart, deadline_parts, severity_part

MAX_NOTE_CHARS = 1000


class AppealOutcome(enum.StrEnum):
    UPHELD = "upheld"  # the decision stands
    OVERTURNED = "overturned"  # the comment is shown again as its author wrote it
    WITHDRAWN = "withdrawn"  # nothing left to judge: its author withdrew the comment or was erased


def appealed_action(state: str, amended: bool) -> str | None:
    """The moderator's decision an author could appeal against: `delete`, `amend`, or None."""
    if state == CommentState.DELETED:
        return "delete"
    if state == CommentState.PUBLISHED and amended:
        return "amend"
    return None


def ensure_appealable(state: str, amended: bool, decided_at: datetime | None, now: datetime, window: timedelta,
                      already_appealed: bool) -> str:
    """The action appealed against, or the reason the author may not appeal."""
    if already_appealed:
        raise Conflict("already_appealed", "You have already appealed this decision; each decision can be appealed once.")
    action = appealed_action(state, amended)
    if action is None or decided_at is None:
        raise Conflict("nothing_to_appeal", "Only a comment a moderator removed or amended can be appealed.")
    if now - decided_at > window:
        raise Conflict("appeal_window_closed", f"Decisions can be appealed for {_days(window)} after they are taken.")
    return action


def may_appeal(state: str, amended: bool, decided_at: datetime | None, now: datetime, window: timedelta,
               already_appealed: bool) -> bool:
    try:
        ensure_appealable(state, amended, decided_at, now, window, already_appealed)
    except Conflict:
        return False
    return True


def appeal_note(raw: object) -> str:
    if not isinstance(raw, str) or not raw.strip():
        raise InvalidInput("note_required", "Say why the decision should be looked at again.")
    note = raw.strip()
    if len(note) > MAX_NOTE_CHARS:
        raise InvalidInput("note_too_long", f"The note is {len(note)} characters long; the limit is {MAX_NOTE_CHARS}.")
    return note


def ensure_may_judge(moderator_id: str, decided_by: str) -> None:
    """The moderator whose decision is appealed does not judge the appeal."""
    if moderator_id == decided_by:
        raise Forbidden("own_decision", "This appeal is against your own decision: a colleague must judge it.")


def outcome_message(outcome: AppealOutcome, action: str, reasons: str) -> str:
    """What the author is told, with the moderator's reasons."""
    if outcome is AppealOutcome.OVERTURNED:
        restored = "restored your comment" if action == "delete" else "restored your comment as you wrote it"
        return f"A moderator reviewed your appeal and {restored}. {reasons}"
    return f"A moderator reviewed your appeal and the decision stands. {reasons}"


def _days(window: timedelta) -> str:
    days = window.days
    return f"{days} day{'s' if days != 1 else ''}" if days else f"{int(window.total_seconds() // 3600)} hours"


def queue_entry(reason: Reason, action: str, deadline: timedelta, coverage: str, now: datetime,
                severity_first: bool = True) -> tuple[tuple[PriorityPart, ...], datetime, list[str]]:
    """Priority parts, deadline and explanation of an appealed decision back in the queue: as severe
    as its reason, due within the complaint deadline of the coverage in force."""
    verb = "remove" if action == "delete" else "amend"
    hours = deadline.total_seconds() / 3600
    due_at = now + deadline
    parts = appeal_priority(reason, due_at, now, severity_first)
    return parts, due_at, [
        f"The author appealed the decision to {verb} it ({reason.phrase}).",
        "A moderator other than the one who decided must judge the appeal.",
        f"Review due within {hours:g} h ({coverage}-time coverage, appeal).",
        *(p.detail for p in parts),
    ]


def appeal_priority(reason: Reason, due_at: datetime, now: datetime, severity_first: bool = True) -> tuple[PriorityPart, ...]:
    """An appeal ranks by its severity and its deadline; who complained and how busy the article is
    were weighed when the decision was taken."""
    return (severity_part(reason, severity_first), *deadline_parts(due_at, now))
