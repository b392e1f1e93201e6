"""What can happen to a comment after it is posted, and what readers then see of it.

Plain functions over plain values, so the rules are tested without a database; the services
load and store the values.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from .model import Action, CommentState, Conflict, InvalidInput, Reason

PLACEHOLDERS = {
    "deleted": "This comment was removed by a moderator.",
    "withdrawn": "This comment was withdrawn by its author.",
    "erased": "This comment was removed at its author's request.",
    "awaiting_review": "This comment is awaiting review by a moderator.",
}


@dataclass(frozen=True)
class Moderation:
    """The parts of a comment that moderation changes."""

    state: CommentState
    withheld: bool
    amended_body: str | None
    reason: Reason | None


def public_status(state: str, withheld: bool) -> str:
    if state != CommentState.PUBLISHED:
        return state
    return "awaiting_review" if withheld else "published"


def shown_to_public(status: str, mine: bool, has_replies: bool) -> bool:
    """Whether a comment belongs in a reader's thread. One they cannot read shows only as a note
    holding up the replies under it; with none, a note would clutter the page and tell everyone
    that something was there. Its author always sees their own comment, with what happened to it."""
    return status == "published" or mine or has_replies


def ensure_editable(current: Moderation, age: timedelta, window: timedelta, under_review: bool) -> None:
    """An author may change their words only while nobody has acted on them."""
    if current.state != CommentState.PUBLISHED or current.amended_body is not None:
        raise Conflict("comment_moderated", "This comment can no longer be edited.")
    if age > window:
        raise Conflict("edit_window_closed", f"Comments can be edited for {int(window.total_seconds() // 60)} minutes.")
    if under_review:
        # A moderator's decision must be about the text they read.
        raise Conflict("under_review", "This comment is waiting for a moderator and cannot be edited now.")


def apply_decision(current: Moderation, action: Action, reason: Reason | None, new_text: str | None) -> Moderation:
    """The comment after a moderator's decision: approve keeps or restores it, amend replaces the
    text readers see (the author's is kept), delete removes it behind a placeholder. Approving
    finds nothing against the text, so it takes no reason; amending and deleting need one."""
    if current.state == CommentState.WITHDRAWN:
        raise Conflict("comment_withdrawn", "The author has withdrawn this comment.")
    if current.state == CommentState.ERASED:
        raise Conflict("comment_erased", "This comment was erased at its author's request.")
    if action is Action.APPROVE:
        return Moderation(CommentState.PUBLISHED, False, current.amended_body, None)
    if reason is None:
        raise InvalidInput("reason_required", f"Say why you {action.value} this comment: choose a reason.")
    if action is Action.AMEND:
        return Moderation(CommentState.PUBLISHED, False, new_text, reason)
    return Moderation(CommentState.DELETED, current.withheld, current.amended_body, reason)


def was_hidden(current: Moderation) -> bool:
    return current.withheld or current.state == CommentState.DELETED
