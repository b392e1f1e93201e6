"""How a comment looks to whoever is asking: the public, its author, or a moderator."""
from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from sqlalchemy import Row

from ..adapters.orm import Appeal, Comment, LegalHold, Score
from ..domain.lifecycle import PLACEHOLDERS, public_status
from ..domain.model import Reader


def comment_view(comment: Comment | Row[Any] | SimpleNamespace, viewer: Reader | None, edit_window_open: bool = False,
                 appeal: dict[str, Any] | None = None) -> dict[str, Any]:
    """`comment` is a mapped Comment or a row of the comments table (or the values just stored in one); `appeal`, for its author: may
    they appeal, and how their appeal stands."""
    status = public_status(comment.state, comment.withheld)
    is_author = viewer is not None and viewer.id == comment.author_id
    is_moderator = viewer is not None and viewer.is_moderator
    shown = comment.amended_body if comment.amended_body is not None else comment.body
    data: dict[str, Any] = {
        "id": comment.id,
        "article_id": comment.article_id,
        "parent_id": comment.parent_id,
        # The publisher's reader id may be a customer number: only staff see it.
        "author": {"name": comment.author_name},
        "mine": is_author,
        "status": status,
        "body": shown if status == "published" else None,
        "amended": comment.amended_body is not None,
        "placeholder": PLACEHOLDERS.get(status),
        "created_at": comment.created_at,
        "edited_at": comment.edited_at,
    }
    if is_author or is_moderator:
        # Authors keep seeing their own words, with a note saying what moderation did.
        data["body"] = shown if status != "withdrawn" or is_moderator else None
        data["moderation_reason"] = comment.moderation_reason
        if is_author:
            data["editable"] = edit_window_open and status in ("published", "awaiting_review") and not data["amended"]
            if appeal is not None:
                data.update(appeal)
    if is_moderator:
        data["author"]["id"] = comment.author_id
        data["original_body"] = comment.body
        data["state"] = comment.state
        data["withheld"] = comment.withheld
        data["revision"] = comment.revision
    return data


def score_view(score: Score | Row[Any] | None) -> dict[str, Any] | None:
    if score is None:
        return None
    return {
        "abuse": score.abuse,
        "off_topic": score.off_topic,
        "spam": score.spam,
        "labels": score.labels,
        "model": score.model_version,
        "revision": score.revision,
        "scored_at": score.created_at,
    }


def appeal_view(appeal: Appeal, for_moderators: bool = True) -> dict[str, Any]:
    """Moderators also see who took the decision and who judged the appeal; authors do not."""
    view: dict[str, Any] = {
        "id": appeal.id,
        "comment_id": appeal.comment_id,
        "action": appeal.action,
        "reason": appeal.reason,
        "note": appeal.note,
        "state": appeal.outcome or "pending",
        "created_at": appeal.created_at,
        "outcome_note": appeal.outcome_note,
        "judged_at": appeal.judged_at,
    }
    if for_moderators:
        view["decided_by"], view["judged_by"] = appeal.decided_by, appeal.judged_by
    return view


def hold_view(hold: LegalHold) -> dict[str, Any]:
    return {"comment_id": hold.comment_id, "reason": hold.reason, "placed_by": hold.placed_by,
            "placed_at": hold.placed_at}
