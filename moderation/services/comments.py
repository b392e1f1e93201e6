"""Readers' side of comments: post, reply, edit, withdraw, read threads."""
from __future__ import annotations

import functools
import uuid
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from types import SimpleNamespace
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, and_, bindparam, exists, func, insert, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.dml import ReturningInsert

from ..adapters.orm import Article, Comment, Complaint, QueueItem, SiteControl, User, WordListVersion
from ..domain.lifecycle import ensure_editable, public_status, shown_to_public
from ..domain.model import (
    CommentState,
    ComplaintOutcome,
    Conflict,
    DomainError,
    Forbidden,
    InvalidInput,
    NotFound,
    QueueState,
    Reader,
    Unauthenticated,
    Unavailable,
    normalize_body,
)
from ..domain.standing import (
    STORED_BARS,
    PostingBar,
    PostingFacts,
    Standing,
    editing_bar,
    posting_bar,
    reader_bar,
)
from ..domain.wording import newsroom_time
from . import appeals, idempotency
from .assessment import reassess
from .audit import moderation_of, record, snapshot
from .context import Context
from .cursors import decode_cursor, encode_cursor
from .idempotency import IdempotencyKey
from .notifications import notify, withdrawn_for_complainant
from .policy_settings import current_policy
from .queue import moderator_detail
from .queue_entries import entry_of, store
from .results import CommentDetail, CommentView, ThreadComment, ThreadPage
from .site_controls import DEFAULT_PAUSE_MESSAGE, RETRY_AFTER_SECONDS, SITE
from .users import get_or_create_user, standing_of
from .views import comment_as, comment_view
from .word_lists import remembered_word_lists, word_lists_in_force

WITHDRAWN_BY_AUTHOR = "withdrawn by its author"  # who resolved the queue item of a withdrawn comment


def new_comment_id() -> str:
    return uuid.uuid4().hex


def _reader_facts(reader: Reader | None) -> PostingFacts:
    return PostingFacts(signed_in=reader is not None, subscriber=bool(reader and reader.subscriber),
                        staff=bool(reader and reader.is_moderator))


def _ensure_reader_may_post(reader: Reader | None) -> Reader:
    """The bars the reader's token alone settles, checked before either way of storing a comment."""
    if reader is None:
        raise _refusal(PostingBar.SIGNED_OUT)
    bar = reader_bar(True, reader.subscriber, reader.is_moderator)
    if bar is not None:
        raise _refusal(bar)
    return reader


def _refusal(bar: PostingBar, *, article_id: str = "", site: SiteControl | None = None,
             standing: Standing | None = None, tz: ZoneInfo | None = None) -> DomainError:
    """The error a reader gets for a posting bar, in words."""
    if bar is PostingBar.SIGNED_OUT:
        return Unauthenticated(bar, "Sign in to comment.")
    if bar is PostingBar.NOT_SUBSCRIBER:
        return Forbidden(bar, "Commenting is for subscribers.")
    if bar is PostingBar.ARTICLE_MISSING:
        return NotFound(bar, f"No article {article_id!r}.")
    if bar is PostingBar.SITE_PAUSED:
        return Unavailable(bar, (site.message if site else "") or DEFAULT_PAUSE_MESSAGE, RETRY_AFTER_SECONDS)
    if bar is PostingBar.ACCOUNT_BARRED:
        until = standing.suspended_until if standing and not standing.banned else None
        spoken = f" until {newsroom_time(until, tz)}" if until is not None and tz is not None else ""
        return Forbidden(bar, f"Your account may not comment{spoken}.")
    return Conflict(bar, "Comments are closed on this article.")


def _posting_facts(session: Session, reader: Reader | None, article: Article | None) -> tuple[PostingFacts, SiteControl | None]:
    """What the posting bars look at, read from the database (and the site's switches, for the words)."""
    site = session.get(SiteControl, SITE)
    user = session.get(User, reader.id) if reader is not None else None
    facts = replace(_reader_facts(reader), standing=standing_of(user), site_paused=bool(site and site.commenting_paused),
                    article_exists=article is not None, article_open=bool(article and article.comments_open),
                    article_closes_at=article.closes_at if article else None)
    return facts, site


def _may_edit_now(session: Session, viewer: Reader | None, now: datetime) -> bool:
    """Whether the asker could edit their comments at all: a suspended or banned author may not."""
    return viewer is not None and standing_of(session.get(User, viewer.id)).may_edit(now)


def new_comment_fields(reader: Reader, article_id: str, parent_id: str | None, text: str, now: datetime) -> dict[str, Any]:
    """Every column of a comment just posted (a reply takes its thread's root when it is stored)."""
    comment_id = new_comment_id()
    return {
        "id": comment_id,
        "article_id": article_id,
        "parent_id": parent_id,
        "root_id": comment_id,
        "author_id": reader.id,
        "author_name": reader.name,
        "body": text,
        "amended_body": None,
        "state": CommentState.PUBLISHED,
        "withheld": False,
        "moderation_reason": None,
        "revision": 1,
        "scored_revision": 0,
        "created_at": now,
        "edited_at": None,
    }


def post_comment(ctx: Context, reader: Reader | None, article_id: str, body: object, parent_id: str | None,
                 idempotency_key: IdempotencyKey | None = None) -> CommentView:
    """The comment as posted; with an idempotency key, a request sent again gets the first answer
    and counts once against the rate limit."""
    now = ctx.now()
    text = normalize_body(body)
    reader = _ensure_reader_may_post(reader)
    owner = f"reader:{reader.id}"
    if idempotency_key and (first := idempotency.replay(ctx, owner, idempotency_key, now, CommentView)) is not None:
        return first  # the answer a request sent again had lost
    ctx.limit_rate(f"comments:{reader.id}", ctx.settings.comment_rate_per_minute, "too_many_comments",
                   "You are posting faster than the discussion allows; please wait {seconds} seconds.",
                   use=idempotency_key.value if idempotency_key else None)  # copies of one request in flight together count once
    fields = new_comment_fields(reader, article_id, parent_id, text, now)
    # The common case, a top-level comment from a reader in good standing on an open article, with
    # no listed phrase in it, while commenting is not paused, is one statement; anything else takes
    # the path that checks each rule, says which one failed, and runs the policy on what it stores.
    lists = remembered_word_lists(ctx)
    if (parent_id is None and not reader.email and idempotency_key is None and lists is not None
            and not lists[1].find(text) and insert_if_allowed(ctx, fields, lists[0])):
        view = comment_view(SimpleNamespace(**fields), reader, edit_window_open=True)  # what was stored is all it needs
    else:
        view = idempotency.run_once(ctx, owner, idempotency_key, now,
                                    lambda session: insert_checked(ctx, session, reader, Comment(**fields), now),
                                    CommentView)
    ctx.request_scoring([view.id])
    return view


_INSERTED_COLUMNS = ("id", "article_id", "root_id", "author_id", "author_name", "body", "state", "withheld",
                     "revision", "scored_revision", "created_at")


def _clear_of_in_sql(bar: PostingBar, now: ColumnElement[datetime]) -> ColumnElement[bool]:
    """SQL that holds when `bar` (one of the domain's STORED_BARS) does not stand in the way: the
    same rule as `domain.standing`, over the rows of a select from the article."""
    if bar is PostingBar.ARTICLE_MISSING:
        return Article.id == bindparam("article_id")
    if bar is PostingBar.SITE_PAUSED:
        return ~exists(select(SiteControl.id).where(SiteControl.commenting_paused.is_(True)))
    if bar is PostingBar.ACCOUNT_BARRED:
        return ~exists(select(User.id).where(User.id == bindparam("author_id"),
                                             or_(User.banned.is_(True), User.suspended_until > now)))
    if bar is PostingBar.ARTICLE_CLOSED:
        return and_(Article.comments_open.is_(True), or_(Article.closes_at.is_(None), Article.closes_at > now))
    raise ValueError(f"no SQL for the posting bar {bar!r}: the one-statement insert cannot be built")


@functools.cache
def _insert_if_allowed_statement() -> ReturningInsert[tuple[str]]:
    """INSERT ... SELECT that writes the comment only if none of the stored posting bars applies, the
    article is not sensitive (whose comments the policy must hold) and the word lists checked are
    still the newest."""
    columns = Comment.__table__.c
    now = bindparam("created_at", type_=columns["created_at"].type)
    newer_lists = select(WordListVersion.id).where(WordListVersion.id > bindparam("word_lists_version", type_=WordListVersion.id.type))
    values = select(*(bindparam(name, type_=columns[name].type).label(name) for name in _INSERTED_COLUMNS)).where(
        *(_clear_of_in_sql(bar, now) for bar in STORED_BARS), Article.sensitive.is_(False), ~exists(newer_lists)
    )
    return insert(Comment).from_select(_INSERTED_COLUMNS, values).returning(columns["id"])


def insert_if_allowed(ctx: Context, fields: dict[str, Any], word_lists_version: int) -> bool:
    statement = ctx.prepared("insert_comment_if_allowed", _insert_if_allowed_statement)
    params = {name: fields[name] for name in _INSERTED_COLUMNS}
    return statement.first({**params, "word_lists_version": word_lists_version}) is not None


def insert_checked(ctx: Context, session: Session, reader: Reader, comment: Comment, now: datetime) -> CommentView:
    article = session.get(Article, comment.article_id)
    facts, site = _posting_facts(session, reader, article)
    bar = posting_bar(facts, now)
    if bar is not None:
        raise _refusal(bar, article_id=comment.article_id, site=site, standing=facts.standing,
                       tz=current_policy(session).schedule.tz)
    assert article is not None  # no bar: the article exists
    user = session.get(User, reader.id)
    if reader.email and (user is None or user.email != reader.email):
        # Remembered so that moderation outcomes can be e-mailed.
        user = get_or_create_user(session, reader.id, now)
        user.name, user.email = reader.name, reader.email
    if comment.parent_id is not None:
        parent = session.get(Comment, comment.parent_id)
        if parent is None or parent.article_id != comment.article_id:
            raise InvalidInput("parent_not_found", "The comment being replied to is not on this article.")
        if parent.state != CommentState.PUBLISHED:
            raise Conflict("parent_removed", "The comment being replied to has been removed.")
        comment.root_id = parent.root_id
    session.add(comment)
    _, lists = word_lists_in_force(ctx, session)
    queued = False
    if article.sensitive or lists.find(comment.body):
        # Held or queued from the moment it is stored: readers never see it before the policy has spoken.
        session.flush()
        item = reassess(session, comment, now)
        queued = item is not None and item.state == QueueState.OPEN
    # Its author may not edit it while a moderator has it in the queue.
    return comment_view(comment, reader, edit_window_open=not queued)


def _own_comment(session: Session, reader: Reader | None, comment_id: str) -> tuple[Comment, Reader]:
    """The comment, locked, and its author, who must be the one asking."""
    if reader is None:
        raise Unauthenticated("unauthenticated", "Sign in first.")
    comment = session.get(Comment, comment_id, with_for_update=True)
    if comment is None:
        raise NotFound("comment_not_found", f"No comment {comment_id!r}.")
    if comment.author_id != reader.id:
        raise Forbidden("not_author", "Only the author may change this comment.")
    return comment, reader


def edit_comment(ctx: Context, reader: Reader | None, comment_id: str, body: object) -> CommentView:
    now = ctx.now()
    text = normalize_body(body)
    window = timedelta(seconds=ctx.settings.edit_window_seconds)
    with ctx.transaction() as session:
        comment, author = _own_comment(session, reader, comment_id)
        facts, site = _posting_facts(session, reader, None)
        bar = editing_bar(facts, now)
        if bar is not None:
            raise _refusal(bar, site=site, standing=facts.standing, tz=current_policy(session).schedule.tz)
        item = session.get(QueueItem, comment.id)
        ensure_editable(moderation_of(comment), now - comment.created_at, window,
                        item is not None and item.state == QueueState.OPEN)
        changed = text != comment.body
        if changed:
            before = snapshot(comment)
            comment.body = text
            comment.revision += 1
            comment.edited_at = now
            record(session, actor=author.id, action="edited", at=now, comment_id=comment.id, before=before, after=snapshot(comment))
            article = session.get(Article, comment.article_id)
            if (article is not None and article.sensitive) or word_lists_in_force(ctx, session)[1].find(text):
                reassess(session, comment, now)  # a listed phrase or a sensitive article holds the new text at once
        queued = (item := session.get(QueueItem, comment.id)) is not None and item.state == QueueState.OPEN
        view = comment_view(comment, reader, edit_window_open=not queued)
    if changed:
        ctx.request_scoring([comment_id])  # the new text is scored afresh
    return view


def withdraw_comment(ctx: Context, reader: Reader | None, comment_id: str) -> CommentView:
    now = ctx.now()
    with ctx.transaction() as session:
        comment, author = _own_comment(session, reader, comment_id)
        if comment.state == CommentState.PUBLISHED:
            before = snapshot(comment)
            comment.state = CommentState.WITHDRAWN
            comment.removed_at = now
            record(session, actor=author.id, action="withdrawn", at=now, comment_id=comment.id, before=before, after=snapshot(comment))
            item = session.get(QueueItem, comment.id, with_for_update=True)
            if item is not None and item.state == QueueState.OPEN:
                # Nobody reads it any more, so nobody needs to review it; the trail keeps what it said.
                store(item, entry_of(item).resolve(WITHDRAWN_BY_AUTHOR, now))
            appeals.withdraw_open(session, comment.id, now)
            for complaint in session.scalars(
                select(Complaint).where(Complaint.comment_id == comment.id, Complaint.outcome.is_(None))
            ):
                complaint.outcome = ComplaintOutcome.WITHDRAWN
                if complaint.reporter_id is not None:
                    notify(session, complaint.reporter_id, "complaint_outcome", withdrawn_for_complainant(session, comment), now,
                           comment.id)
        return comment_view(comment, reader)


def get_comment(ctx: Context, viewer: Reader | None, comment_id: str) -> CommentDetail:
    with ctx.transaction() as session:
        comment = session.get(Comment, comment_id)
        if comment is None:
            raise NotFound("comment_not_found", f"No comment {comment_id!r}.")
        item = session.get(QueueItem, comment.id)
        mine = viewer is not None and viewer.id == comment.author_id
        appeal = appeals.for_author(session, [comment], ctx.now(), appeals.window(ctx))[comment.id] if mine else None
        editable = (_edit_window_open(ctx, comment) and not (item and item.state == QueueState.OPEN)
                    and _may_edit_now(session, viewer, ctx.now()))
        if viewer is not None and viewer.is_moderator:
            return comment_as(CommentDetail, comment, viewer, editable, appeal,
                              moderation=moderator_detail(session, comment, ctx.now()))
        return comment_as(CommentDetail, comment, viewer, editable, appeal)


def _edit_window_open(ctx: Context, comment: Comment) -> bool:
    return ctx.now() - comment.created_at <= timedelta(seconds=ctx.settings.edit_window_seconds)


def thread_version(ctx: Context, viewer: Reader | None, article_id: str, reporter: str | None = None) -> str:
    """A short token that changes whenever anything the asker would see in the article's thread may
    have changed: a comment posted, or any comment's row updated (its count of changes moves), the
    asker's own standing, or their reports. Read from indexes, so a poll that finds nothing new is cheap."""
    now = ctx.now()
    with ctx.transaction() as session:
        count, changes = session.execute(
            select(func.count(), func.coalesce(func.sum(Comment.changes), 0)).where(Comment.article_id == article_id)
        ).one()
        if count == 0 and session.get(Article, article_id) is None:
            raise NotFound("article_not_found", f"No article {article_id!r}.")
        standing = ""
        if viewer is not None:
            user = session.get(User, viewer.id)
            standing = f"{viewer.id}:{int(standing_of(user).barred(now))}"
        reports = session.scalar(select(func.count()).where(Complaint.reporter_key == reporter)) if reporter else 0
    return f"{count}.{changes}.{standing}.{reports}"


def list_thread(ctx: Context, viewer: Reader | None, article_id: str, limit: int, cursor: str | None, newest_first: bool,
                reporter: str | None = None) -> ThreadPage:
    """A page of top-level comments, newest first by default, each with all its replies nested.
    Readers are not shown notes about comments they cannot read unless replies hang from them
    (the note keeps the conversation readable); `reporter` marks what that complainant reported."""
    now = ctx.now()
    with ctx.transaction() as session:
        if session.get(Article, article_id) is None:
            raise NotFound("article_not_found", f"No article {article_id!r}.")
        query = select(Comment).where(Comment.article_id == article_id, Comment.parent_id.is_(None))
        if cursor:
            at, cid = decode_cursor(cursor, datetime, str)
            # The plain bound on created_at lets the index start at the cursor (see the queue's).
            if newest_first:
                query = query.where(
                    Comment.created_at <= at, or_(Comment.created_at < at, and_(Comment.created_at == at, Comment.id < cid))
                )
            else:
                query = query.where(
                    Comment.created_at >= at, or_(Comment.created_at > at, and_(Comment.created_at == at, Comment.id > cid))
                )
        order = (Comment.created_at.desc(), Comment.id.desc()) if newest_first else (Comment.created_at, Comment.id)
        roots = session.scalars(query.order_by(*order).limit(limit + 1)).all()
        more = len(roots) > limit
        roots = roots[:limit]
        replies: Sequence[Comment] = []
        if roots:
            replies = session.scalars(
                select(Comment)
                .where(Comment.root_id.in_([r.id for r in roots]), Comment.parent_id.is_not(None))
                .order_by(Comment.created_at, Comment.id)
            ).all()
        # Authors may not edit while a moderator has their comment in the queue.
        everything = [*roots, *replies]
        own_comments = [c for c in everything if viewer is not None and c.author_id == viewer.id]
        own = [c.id for c in own_comments]
        appeal_states = appeals.for_author(session, own_comments, ctx.now(), appeals.window(ctx)) if own else {}
        under_review = set(session.scalars(
            select(QueueItem.comment_id).where(QueueItem.comment_id.in_(own), QueueItem.state == QueueState.OPEN)
        )) if own else set()
        may_edit = bool(own) and _may_edit_now(session, viewer, now)
        reported = set(session.scalars(
            select(Complaint.comment_id).where(Complaint.comment_id.in_([c.id for c in everything]),
                                               Complaint.reporter_key == reporter)
        )) if reporter and everything else set()
        answered: dict[str, list[Comment]] = {}
        for reply in replies:
            if reply.parent_id is not None:
                answered.setdefault(reply.parent_id, []).append(reply)
        moderator = viewer is not None and viewer.is_moderator

        def shown(c: Comment) -> ThreadComment | None:
            """The comment with the replies the asker should see, or None when nothing of it should show."""
            kept = [view for reply in answered.get(c.id, []) if (view := shown(reply)) is not None]
            status = public_status(c.state, c.withheld)
            mine = viewer is not None and viewer.id == c.author_id
            if not (moderator or shown_to_public(status, mine, bool(kept))):
                return None
            return comment_as(ThreadComment, c, viewer,
                              may_edit and _edit_window_open(ctx, c) and c.id not in under_review,
                              appeal_states.get(c.id), reported=c.id in reported, replies=kept)

        return ThreadPage(
            comments=[view for r in roots if (view := shown(r)) is not None],
            next_cursor=encode_cursor(roots[-1].created_at, roots[-1].id) if more else None,
        )
