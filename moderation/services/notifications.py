"""Telling authors and complainants what moderation decided. Stored first; e-mailed when configured."""
from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..adapters.orm import Article, Comment, Notification, User
from ..domain.wording import excerpt
from .context import Context
from .results import EmailsSent, NotificationArticle, NotificationView

log = logging.getLogger(__name__)


def notify(session: Session, recipient_id: str, kind: str, message: str, at: datetime, comment_id: str | None = None) -> None:
    session.add(Notification(recipient_id=recipient_id, kind=kind, message=message, comment_id=comment_id, created_at=at))


def quoted(comment: Comment) -> str:
    """An author's comment as they will recognise it: the start of their own words."""
    return f"\u201c{excerpt(comment.body)}\u201d"


def described(session: Session, comment: Comment, with_words: bool) -> str:
    """The comment a complainant reported, so they can tell one outcome from another: whose it is and
    under which article, and its opening words only while it stands as they read it (words a moderator
    removed or changed are not sent back out)."""
    article = session.get(Article, comment.article_id)
    words = f" {quoted(comment)}" if with_words else ""
    under = f" under \u201c{article.title}\u201d" if article is not None and article.title else ""
    return f"{comment.author_name}\u2019s comment{words}{under}"


def withdrawn_for_complainant(session: Session, comment: Comment) -> str:
    return f"Thank you for your report about {described(session, comment, False)}: it was withdrawn by its author."


def version(ctx: Context, reader_id: str) -> str:
    """Changes whenever the reader's notifications do (a new one, or one read): what a poll compares."""
    with ctx.transaction() as session:
        count, newest, unread = session.execute(
            select(func.count(), func.max(Notification.id), func.count(Notification.id).filter(Notification.read_at.is_(None)))
            .where(Notification.recipient_id == reader_id)
        ).one()
    return f"{count}.{newest or 0}.{unread}"


def for_reader(ctx: Context, reader_id: str, limit: int = 50) -> list[NotificationView]:
    with ctx.transaction() as session:
        return notification_views(session, reader_id, limit=limit)


def notification_views(session: Session, reader_id: str, *, limit: int | None = None,
                       newest_first: bool = True) -> list[NotificationView]:
    """A reader's notifications, each with the article its comment is on."""
    order = (Notification.created_at.desc(), Notification.id.desc()) if newest_first else (Notification.id,)
    rows = session.execute(
        select(Notification, Article.id, Article.title, Article.url)
        .outerjoin(Comment, Comment.id == Notification.comment_id)
        .outerjoin(Article, Article.id == Comment.article_id)
        .where(Notification.recipient_id == reader_id)
        .order_by(*order)
        .limit(limit)
    )
    return [
        NotificationView(
            id=n.id,
            kind=n.kind,
            comment_id=n.comment_id,
            # Where the comment is, so a reader can go to it from another article's page.
            article=NotificationArticle(id=article_id, title=title, url=url) if article_id else None,
            message=n.message,
            created_at=n.created_at,
            read=n.read_at is not None,
        )
        for n, article_id, title, url in rows
    ]


def mark_read(ctx: Context, reader_id: str) -> int:
    now = ctx.now()
    with ctx.transaction() as session:
        rows = session.scalars(
            select(Notification).where(Notification.recipient_id == reader_id, Notification.read_at.is_(None))
        ).all()
        for n in rows:
            n.read_at = now
        return len(rows)


SUBJECTS = {
    "withheld": "Your comment is awaiting review",
    "comment_approve": "Your comment has been reviewed",
    "comment_amend": "A moderator amended your comment",
    "comment_delete": "A moderator removed your comment",
    "complaint_outcome": "The outcome of your report",
    "appeal_upheld": "The outcome of your appeal",
    "appeal_overturned": "Your appeal was successful",
}


class PermanentFailure(Exception):
    """The mail server refused this recipient for good; retrying would not help."""


def deliver_emails(ctx: Context, send: Callable[[str, str, str], None], batch: int = 100) -> EmailsSent:
    """E-mail notifications not yet sent to readers whose address we know.

    One transaction per message, so one refused address neither blocks the others nor makes
    them go out twice; rows being sent by another run are skipped, not sent again.
    """
    sent = refused = 0
    for _ in range(batch):
        with ctx.transaction() as session:
            row = session.execute(
                select(Notification, User.email)
                .join(User, User.id == Notification.recipient_id)
                .where(Notification.emailed_at.is_(None), User.email.is_not(None))
                .order_by(Notification.id)
                .limit(1)
                .with_for_update(of=Notification, skip_locked=True)
            ).first()
            if row is None:
                break
            notification, email = row
            assert email is not None  # the query takes only readers with an address
            subject = SUBJECTS.get(notification.kind) or "About your comments"
            try:
                send(email, subject, notification.message)
                sent += 1
            except PermanentFailure:
                log.warning("e-mail refused", extra={"notification": notification.id, "recipient": notification.recipient_id})
                refused += 1
            # Either way it is settled: the reader still sees it in the widget.
            notification.emailed_at = ctx.now()
    return EmailsSent(sent=sent, refused=refused)
