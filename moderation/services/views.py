"""How a comment looks to whoever is asking: the public, its author, or a moderator."""
from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any, Literal, TypeVar, cast

from sqlalchemy import Row

from ..adapters.orm import Appeal, Comment, LegalHold, Score
from ..domain.appeals import AppealOutcome
from ..domain.lifecycle import PLACEHOLDERS, public_status
from ..domain.model import Reader, Reason
from .results import (
    AppealedAction,
    AppealState,
    AppealView,
    CommentAuthor,
    CommentStatus,
    CommentView,
    LegalHoldView,
    ScoreView,
)

View = TypeVar("View", bound=CommentView)


@dataclass(frozen=True)
class AuthorsAppeal:
    """For a comment's author: may they appeal the decision on it now, and how their appeal stands."""

    appealable: bool
    appeal: AppealOutcome | Literal["pending"] | None


def comment_view(comment: Comment | Row[Any] | SimpleNamespace, viewer: Reader | None, edit_window_open: bool = False,
                 appeal: AuthorsAppeal | None = None) -> CommentView:
    """`comment` is a mapped Comment or a row of the comments table (or the values just stored in one); `appeal`, for its author: may
    they appeal, and how their appeal stands."""
    return comment_as(CommentView, comment, viewer, edit_window_open, appeal)


def comment_as(kind: type[View], comment: Comment | Row[Any] | SimpleNamespace, viewer: Reader | None,
               edit_window_open: bool | None = False, appeal: AuthorsAppeal | None = None, **more: Any) -> View:
    """The comment as `comment_view` shows it, in a record that says `more` about it (its replies in
    a thread, say); `edit_window_open` None: whether its author may edit it is not asked (an export)."""
    status = cast(CommentStatus, public_status(comment.state, comment.withheld))
    is_author = viewer is not None and viewer.id == comment.author_id
    is_moderator = viewer is not None and viewer.is_moderator
    shown = comment.amended_body if comment.amended_body is not None else comment.body
    amended = comment.amended_body is not None
    # The publisher's reader id may be a customer number: only staff see it.
    author = CommentAuthor(name=comment.author_name, id=comment.author_id) if is_moderator \
        else CommentAuthor(name=comment.author_name)
    fields: dict[str, Any] = {}
    if is_author or is_moderator:
        # Authors keep seeing their own words, with a note saying what moderation did.
        fields["moderation_reason"] = comment.moderation_reason
        if is_author and edit_window_open is not None:
            fields["editable"] = edit_window_open and status in ("published", "awaiting_review") and not amended
            if appeal is not None:
                fields["appealable"], fields["appeal"] = appeal.appealable, appeal.appeal
    if is_moderator:
        fields.update(original_body=comment.body, state=comment.state, withheld=comment.withheld,
                      revision=comment.revision)
    return kind(
        id=comment.id,
        article_id=comment.article_id,
        parent_id=comment.parent_id,
        author=author,
        mine=is_author,
        status=status,
        body=shown if status == "published" or (is_author and status != "withdrawn") or is_moderator else None,
        amended=amended,
        placeholder=PLACEHOLDERS.get(status),
        created_at=comment.created_at,
        edited_at=comment.edited_at,
        **fields,
        **more,
    )


def score_view(score: Score | Row[Any] | None) -> ScoreView | None:
    if score is None:
        return None
    return ScoreView(abuse=score.abuse, off_topic=score.off_topic, spam=score.spam, labels=score.labels,
                     model=score.model_version, revision=score.revision, scored_at=score.created_at)


def appeal_view(appeal: Appeal, for_moderators: bool = True) -> AppealView:
    """Moderators also see who took the decision and who judged the appeal; authors do not."""
    who: dict[str, Any] = {"decided_by": appeal.decided_by, "judged_by": appeal.judged_by} if for_moderators else {}
    # (The table's columns are wider than what they hold: only removals and amendments are appealed.)
    return AppealView(id=appeal.id, comment_id=appeal.comment_id, action=cast(AppealedAction, appeal.action),
                      reason=Reason(appeal.reason), note=appeal.note, state=cast(AppealState, appeal.outcome or "pending"),
                      created_at=appeal.created_at,
                      outcome_note=appeal.outcome_note, judged_at=appeal.judged_at, **who)


def hold_view(hold: LegalHold) -> LegalHoldView:
    return LegalHoldView(comment_id=hold.comment_id, reason=hold.reason, placed_by=hold.placed_by, placed_at=hold.placed_at)
