"""Closing comments on an article by themselves, some days after it was published (the policy's
`closing`), and whether an article's comments are open right now."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..adapters.orm import Article
from ..domain.article_controls import CommentClosing, comments_open_at
from .audit import record

POLICY = "policy"  # who closes comments when their time comes


def comments_open_now(article: Article, now: datetime) -> bool:
    return comments_open_at(bool(article.comments_open), article.closes_at, now)


def schedule_closing(article: Article, closing: CommentClosing) -> None:
    """Set when the article's comments close by themselves, from its publication and section."""
    article.closes_at = closing.closes_at(article.published_at, article.section) if article.close_automatically else None


def reschedule_all(session: Session, closing: CommentClosing) -> int:
    """After the policy's closing rules changed: every article still open, and closing by itself,
    gets its closing time again. Returns how many changed."""
    changed = 0
    for article in session.scalars(
        select(Article).where(Article.comments_open.is_(True), Article.close_automatically.is_(True),
                              Article.published_at.is_not(None)).with_for_update()
    ):
        before = article.closes_at
        schedule_closing(article, closing)
        changed += int(article.closes_at != before)
    return changed


def close_due(session: Session, now: datetime) -> list[str]:
    """Close the comments of every article whose time has come, each with its audit event."""
    due = session.scalars(
        select(Article).where(Article.comments_open.is_(True), Article.closes_at.is_not(None), Article.closes_at <= now)
        .order_by(Article.closes_at, Article.id).with_for_update(skip_locked=True)
    ).all()
    for article in due:
        assert article.closes_at is not None  # the query takes only articles with a closing time
        article.comments_open = False
        article.updated_at = now
        record(session, actor=POLICY, action="comments_closed", at=now, note=article.id,
               before={"comments_open": True},
               after={"comments_open": False, "closes_at": article.closes_at.isoformat(),
                      "why": "automatically, by the policy's days after publication"})
    return [a.id for a in due]
