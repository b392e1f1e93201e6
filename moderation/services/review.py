"""What a moderator sees when reviewing one comment, and finding comments to review."""
from __future__ import annotations

from sqlalchemy import Select, exists, or_, select

from ..adapters.orm import Appeal, Article, Comment, QueueItem
from ..domain.model import NotFound, QueueState, Reader
from .context import Context
from .matching import contains_pattern
from .queue import PAGE_ORDER, in_view, moderator_detail
from .results import FoundComment, ReviewedArticle, ReviewItem
from .views import comment_as, comment_view

THREAD_NEIGHBOURS = 5


def review_item(ctx: Context, moderator: Reader, comment_id: str) -> ReviewItem:
    """The comment with its queue item, scores and complaints, its article, and the thread around it."""
    now = ctx.now()
    with ctx.transaction() as session:
        comment = session.get(Comment, comment_id)
        if comment is None:
            raise NotFound("comment_not_found", f"No comment {comment_id!r}.")
        article = session.get(Article, comment.article_id)
        assert article is not None  # every comment is on an article
        parent = session.get(Comment, comment.parent_id) if comment.parent_id else None
        replies = session.scalars(
            select(Comment).where(Comment.parent_id == comment.id).order_by(Comment.created_at, Comment.id)
            .limit(THREAD_NEIGHBOURS)
        ).all()
        # The conversation just before this comment, at the same level, for context.
        same_level = Comment.parent_id.is_(None) if comment.parent_id is None else Comment.parent_id == comment.parent_id
        siblings = session.scalars(
            select(Comment)
            .where(Comment.article_id == comment.article_id, same_level, Comment.created_at < comment.created_at)
            .order_by(Comment.created_at.desc()).limit(THREAD_NEIGHBOURS)
        ).all()
        detail = moderator_detail(session, comment, now)
        return ReviewItem(
            queue=detail.queue, scores=detail.scores, complaints=detail.complaints, appeal=detail.appeal,
            legal_hold=detail.legal_hold,
            comment=comment_view(comment, moderator),
            article=ReviewedArticle(id=article.id, title=article.title, url=article.url, body=article.body,
                                    comments_open=article.comments_open),
            parent=comment_view(parent, moderator) if parent else None,
            earlier=[comment_view(c, moderator) for c in reversed(siblings)],
            replies=[comment_view(c, moderator) for c in replies],
        )


def next_in_queue(ctx: Context, after_comment_id: str | None = None, *, reason: str | None = None,
                  article_id: str | None = None, overdue: bool = False, moderator_id: str | None = None) -> str | None:
    """The highest-priority open item in the view the moderator is working (a reason, an article,
    the overdue items), other than the one just handled, not claimed by anyone else, and not an
    appeal against `moderator_id`'s own decision."""
    now = ctx.now()
    with ctx.transaction() as session:
        query = in_view(select(QueueItem.comment_id), now, reason=reason, article_id=article_id, overdue=overdue or None)
        query = query.where(QueueItem.free_to_claim(now))
        if after_comment_id:
            query = query.where(QueueItem.comment_id != after_comment_id)
        if moderator_id:
            query = query.where(~exists(select(Appeal.id).where(
                Appeal.comment_id == QueueItem.comment_id, Appeal.outcome.is_(None), Appeal.decided_by == moderator_id)))
        first: str | None = session.scalar(query.order_by(*PAGE_ORDER).limit(1))
        return first


def search_query(text: str, author: str, article_id: str) -> Select[Comment]:
    """Comments whose text (the author's or the moderator's amendment) contains `text` and whose
    author's id is `author` or name contains it, on `article_id`, newest first; empty filters
    match everything. A substring match: PostgreSQL answers it from trigram indexes."""
    query = select(Comment)
    if text:
        pattern = contains_pattern(text)
        query = query.where(or_(Comment.body.ilike(pattern, escape="\\"), Comment.amended_body.ilike(pattern, escape="\\")))
    if author:
        query = query.where(or_(Comment.author_id == author,
                                Comment.author_name.ilike(contains_pattern(author), escape="\\")))
    if article_id:
        query = query.where(Comment.article_id == article_id)
    return query.order_by(Comment.created_at.desc(), Comment.id.desc())


def search_comments(ctx: Context, moderator: Reader, *, text: str = "", author: str = "", article_id: str = "",
                    limit: int = 50) -> list[FoundComment]:
    """Comments matching all the given filters, newest first: words in the text (author's or
    moderator's), the author's id or display name, the article."""
    text, author, article_id = text.strip(), author.strip(), article_id.strip()
    if not (text or author or article_id):
        return []
    now = ctx.now()
    with ctx.transaction() as session:
        rows = session.scalars(search_query(text, author, article_id).limit(limit)).all()
        items = {i.comment_id: i for i in session.scalars(
            select(QueueItem).where(QueueItem.comment_id.in_([c.id for c in rows]))
        )} if rows else {}
        return [
            comment_as(FoundComment, comment, moderator, queue_state=item.state if item else None,
                       overdue=bool(item and item.state == QueueState.OPEN and item.due_at <= now))
            for comment in rows
            for item in [items.get(comment.id)]
        ]

