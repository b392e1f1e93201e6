"""Articles as registered by the publisher's CMS."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..adapters.orm import Article, Comment
from ..domain.client_input import ensure_id
from ..domain.model import CommentState, Forbidden, InvalidInput, NotFound, Reader
from .article_controls import comments_open_now, schedule_closing
from .audit import record
from .context import Context
from .policy_settings import current_policy
from .results import ArticleView


def upsert_article(ctx: Context, editor: Reader, article_id: str, data: dict[str, Any]) -> tuple[ArticleView, bool]:
    """Create or update; returns the article and whether it was created."""
    try:
        return _upsert(ctx, editor, article_id, data)
    except IntegrityError:
        # Another request created it at the same moment: this one becomes an update.
        return _upsert(ctx, editor, article_id, data)


def _upsert(ctx: Context, editor: Reader, article_id: str, data: dict[str, Any]) -> tuple[ArticleView, bool]:
    ensure_id(article_id, "article_id")
    now = ctx.now()
    with ctx.transaction() as session:
        closing = current_policy(session).closing
        existing = session.get(Article, article_id, with_for_update=True)
        created = existing is None
        if existing is not None:
            article = existing
        else:
            if not data.get("title"):
                raise InvalidInput("title_required", "A new article needs a title.")
            article = Article(id=article_id, created_at=now, comments_open=True, url="", body="", section="",
                              sensitive=False, close_automatically=True)
            session.add(article)
        before = None if created else _controls(article, now)
        data = dict(data)
        open_wanted = data.pop("comments_open", None)
        sensitive = data.pop("sensitive", None)
        for key, value in data.items():
            setattr(article, key, value)
        if open_wanted is not None and open_wanted != comments_open_now(article, now):
            article.comments_open = open_wanted
            if open_wanted:
                # Reopened by hand: the article no longer closes by itself.
                article.close_automatically = False
        if sensitive is not None and sensitive != article.sensitive:
            article.sensitive = sensitive
            article.sensitive_since = now if sensitive else None
        schedule_closing(article, closing)
        article.updated_at = now
        session.flush()
        after = _controls(article, now)
        if before != after:
            changed = {k: v for k, v in after.items() if before is None or before.get(k) != v}
            action = "article_created" if created else "article_updated"
            if before is not None and before["comments_open"] != after["comments_open"]:
                action = "comments_opened" if after["comments_open"] else "comments_closed"
            elif before is not None and before["sensitive"] != after["sensitive"]:
                action = "marked_sensitive" if after["sensitive"] else "sensitive_mark_removed"
            record(session, actor=editor.id, action=action, at=now, note=article_id, before=before, after=changed)
        return _views(session, [article], now)[0], created


def get_article(ctx: Context, article_id: str) -> ArticleView:
    with ctx.transaction() as session:
        article = session.get(Article, article_id)
        if article is None:
            raise NotFound("article_not_found", f"No article {article_id!r}.")
        return _views(session, [article], ctx.now())[0]


def _views(session: Session, found: Sequence[Article], now: datetime) -> list[ArticleView]:
    """The articles as readers and staff see them, each with the comments readers can see."""
    counts = dict(session.execute(
        select(Comment.article_id, func.count())
        .where(Comment.article_id.in_([a.id for a in found]), Comment.state == CommentState.PUBLISHED,
               Comment.withheld.is_(False))
        .group_by(Comment.article_id)
    ).all())
    return [ArticleView(**_controls(article, now), comment_count=counts.get(article.id, 0)) for article in found]


def _controls(article: Article, now: datetime) -> dict[str, Any]:
    """What the audit trail keeps of an article before and after a change (its comment count aside)."""
    return {
        "id": article.id,
        "title": article.title,
        "url": article.url,
        "section": article.section,
        "published_at": article.published_at,
        "comments_open": comments_open_now(article, now),
        "closes_at": article.closes_at if article.comments_open else None,
        "sensitive": bool(article.sensitive),
    }


def set_controls(ctx: Context, staff: Reader, article_id: str, comments_open: bool | None = None,
                 sensitive: bool | None = None) -> ArticleView:
    """Close or reopen comments, mark an article sensitive or not, from the dashboard. Any member
    of staff may close comments or mark an article sensitive (the cautious way, wanted at once by
    whoever is on shift); reopening and lifting the mark are for editors and admins, as through the API."""
    if (comments_open or sensitive is False) and not staff.is_editor:
        raise Forbidden("editor_only", "Only editors and admins may reopen comments or lift the sensitive mark.")
    with ctx.transaction() as session:
        if session.get(Article, article_id) is None:
            raise NotFound("article_not_found", f"No article {article_id!r}.")
    changes = {k: v for k, v in (("comments_open", comments_open), ("sensitive", sensitive)) if v is not None}
    return upsert_article(ctx, staff, article_id, changes)[0]


def recent_articles(ctx: Context, search: str = "", limit: int = 50) -> list[ArticleView]:
    """Articles newest first (by publication, then registration), optionally those whose id, title
    or section holds `search`; each with its comment controls."""
    now = ctx.now()
    query = select(Article)
    if search:
        pattern = "%" + search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        query = query.where(or_(Article.id.ilike(pattern, escape="\\"), Article.title.ilike(pattern, escape="\\"),
                                Article.section.ilike(pattern, escape="\\")))
    query = query.order_by(Article.published_at.desc().nulls_last(), Article.created_at.desc(), Article.id).limit(limit)
    with ctx.transaction() as session:
        return _views(session, session.scalars(query).all(), now)
