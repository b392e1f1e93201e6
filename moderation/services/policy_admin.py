"""An admin steering the policy: what a proposed change would do before it is saved, saving it on
top of the version the admin was looking at, the versions with what each changed, and reverting.

Every save, from the API or the dashboard, goes through `save`: policy_settings.save_policy
(validated, kept, audited), then the open items the new version decides differently are judged
again at once, so what the preview showed is what happens.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any, TypedDict

from sqlalchemy import select

from ..adapters.orm import Comment, PolicyVersion, QueueItem
from ..domain.coverage import Coverage, coverage_at
from ..domain.model import Conflict, InvalidInput, NotFound, QueueState, Reader
from ..domain.policy import PolicyConfig
from ..domain.policy_changes import (
    CoverageDifference,
    QueueImpact,
    coverage_differences,
    describe_changes,
    queue_impact,
)
from ..domain.policy_codec import config_to_dict
from ..domain.wording import excerpt
from .assessment import Known, comment_facts, newest_scores, reassess
from .context import Context
from .policy_settings import current_policy, save_policy
from .results import PolicyInForce, PolicyRevision

PREVIEW_DAYS = 7
# The preview reads the open queue most urgent first; past this many it says how many it left out.
PREVIEW_ITEMS = 2000


class PolicyPreview(TypedDict):
    """What saving a proposed policy would do (see `preview`)."""

    texts: dict[str, str]  # an excerpt of each open item's comment, by comment id
    at: datetime
    impact: QueueImpact
    left_out: int  # open items past PREVIEW_ITEMS, not looked at
    coverage_now: tuple[Coverage, Coverage]  # (current, proposed)
    coverage_changes: list[CoverageDifference]
    changes: list[str]  # the settings changed, in words
    days: int  # how far ahead coverage_changes looks


def policy_in_force(ctx: Context) -> PolicyInForce:
    """The version in force (None before an admin has saved one: the built-in defaults apply)."""
    with ctx.transaction() as session:
        latest = session.scalars(select(PolicyVersion).order_by(PolicyVersion.id.desc()).limit(1)).first()
        config = config_to_dict(current_policy(session))
        if latest is None:
            return PolicyInForce(version=None, config=config, author=None, created_at=None)
        return PolicyInForce(version=latest.id, config=config, author=latest.author, created_at=latest.created_at)


def preview(ctx: Context, proposed: PolicyConfig, current: PolicyConfig | None = None) -> PolicyPreview:
    """What saving `proposed` would change, judged now with the policy's own evaluation of the open
    items (against `current`, else the policy in force); reads only."""
    now = ctx.now()
    with ctx.transaction() as session:
        current = current or current_policy(session)
        rows = session.execute(
            select(QueueItem, Comment).join(Comment, Comment.id == QueueItem.comment_id)
            .where(QueueItem.state == QueueState.OPEN).order_by(QueueItem.priority.desc(), QueueItem.due_at)
            .limit(PREVIEW_ITEMS + 1)
        ).all()
        left_out = max(len(rows) - PREVIEW_ITEMS, 0)
        rows = rows[:PREVIEW_ITEMS]
        comments = [c for _, c in rows]
        known = Known.read(session, comments, newest_scores(session, [c.id for c in comments]), lock=False)
        facts = [(c.id, comment_facts(session, c, known.items.get(c.id), now, known)) for c in comments]
    impact = queue_impact(facts, current, proposed, now)
    return {
        "texts": {c.id: excerpt(c.body, 100) for c in comments},
        "at": now,
        "impact": impact,
        "left_out": left_out,
        "coverage_now": (coverage_at(current.schedule, now), coverage_at(proposed.schedule, now)),
        "coverage_changes": coverage_differences(current.schedule, proposed.schedule, now, PREVIEW_DAYS),
        "changes": describe_changes(config_to_dict(current), config_to_dict(proposed)),
        "days": PREVIEW_DAYS,
    }


def save(ctx: Context, admin: Reader, data: Any, note: str = "") -> dict[str, Any]:
    """Save a new version (validated, kept, audited: policy_settings.save_policy) and apply it at
    once to the open items it decides differently, as the preview showed."""
    with ctx.transaction() as session:
        before = current_policy(session)
    saved = save_policy(ctx, admin, data, note)
    apply_to_open_queue(ctx, before)
    return saved


def apply_to_open_queue(ctx: Context, before: PolicyConfig) -> int:
    """Re-judge under the policy now in force the open items it decides differently from `before`
    (hidden sooner, due sooner, moved in the queue); returns how many. One transaction per item, as
    the sweep does, so no lock is held on the whole queue."""
    with ctx.transaction() as session:
        now_in_force = current_policy(session)
    impact = preview(ctx, now_in_force, current=before)["impact"]
    changed = sorted(set(impact.newly_withheld + impact.no_longer_withheld + impact.due_earlier + impact.due_later
                         + impact.no_longer_flagged + impact.priority_up + impact.priority_down))
    now = ctx.now()
    for comment_id in changed:
        with ctx.transaction() as session:
            comment = session.get(Comment, comment_id, with_for_update=True)
            if comment is not None:
                reassess(session, comment, now, actor="policy change", config=now_in_force)
    return len(changed)


def save_on_top_of(ctx: Context, admin: Reader, data: Any, based_on: int | None, note: str = "") -> int:
    """Save `data` as the new version, unless someone saved another since `based_on` (the version
    the admin was looking at): their change must not be silently undone. Returns the new version."""
    with ctx.transaction() as session:
        latest = session.scalar(select(PolicyVersion.id).order_by(PolicyVersion.id.desc()).limit(1))
        author = session.scalar(select(PolicyVersion.author).where(PolicyVersion.id == latest)) if latest else None
    if latest != based_on:
        raise Conflict("policy_changed_meanwhile",
                       f"The policy was changed (version {latest}, by {author}) after you opened this page. "
                       "Your changes are still in the form: check the new version, then preview and save again.")
    save(ctx, admin, data, note)
    return _latest_id(ctx)


def _latest_id(ctx: Context) -> int:
    with ctx.transaction() as session:
        return session.execute(select(PolicyVersion.id).order_by(PolicyVersion.id.desc()).limit(1)).scalar_one()


def versions(ctx: Context, limit: int = 50) -> list[PolicyRevision]:
    """The saved versions, newest first, each with what it changed from the one before it."""
    with ctx.transaction() as session:
        rows = session.scalars(select(PolicyVersion).order_by(PolicyVersion.id.desc()).limit(limit + 1)).all()
    return [
        PolicyRevision(version=newer.id, author=newer.author, note=newer.note, created_at=newer.created_at,
                       config=newer.config, changes=describe_changes(older.config, newer.config) if older else None)
        for newer, older in zip(rows[:limit], [*rows[1:], None])
    ]


def revert(ctx: Context, admin: Reader, version: int, note: str = "") -> int:
    """A new version equal to an earlier one (the history keeps everything in between)."""
    with ctx.transaction() as session:
        old = session.get(PolicyVersion, version)
        if old is None:
            raise NotFound("unknown_version", f"There is no policy version {version}.")
        config = old.config
        latest = session.scalar(select(PolicyVersion.id).order_by(PolicyVersion.id.desc()).limit(1))
        in_force = config_to_dict(current_policy(session))
    if version == latest or not describe_changes(in_force, config):
        raise InvalidInput("already_in_force", f"Version {version} is the policy in force already: nothing to revert.")
    save(ctx, admin, config, f"Reverted to version {version}." + (f" {note}" if note else ""))
    return _latest_id(ctx)
