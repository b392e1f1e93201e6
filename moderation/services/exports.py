"""A reader's data, as they may see it, in one JSON document: their comments with every version of
the text they could see, the reports they filed, their notifications, sanctions and appeals."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from ..adapters.orm import Appeal, Article, AuditEvent, Comment, Complaint, Sanction, User
from ..domain.client_input import ensure_id
from ..domain.model import NotFound, Reader
from .context import Context
from .notifications import notification_views
from .results import (
    ExportedComment,
    ExportedComplaint,
    ExportedReader,
    ExportedSanction,
    ReaderExport,
    TextKind,
    TextVersion,
)
from .views import appeal_view, comment_as

FORMAT = "moderation-reader-export/1"


def export_reader(ctx: Context, reader_id: str, name: str = "", must_exist: bool = False) -> ReaderExport:
    """`name`: the reader's name as their token gives it (they may never have been recorded)."""
    ensure_id(reader_id, "user_id")
    with ctx.transaction() as session:
        user = session.get(User, reader_id)
        comments = session.scalars(
            select(Comment).where(Comment.author_id == reader_id).order_by(Comment.created_at, Comment.id)
        ).all()
        complaints = session.scalars(
            select(Complaint).where(Complaint.reporter_id == reader_id).order_by(Complaint.id)
        ).all()
        notifications = notification_views(session, reader_id, newest_first=False)
        sanctions = session.scalars(select(Sanction).where(Sanction.user_id == reader_id).order_by(Sanction.id)).all()
        appeals = session.scalars(select(Appeal).where(Appeal.author_id == reader_id).order_by(Appeal.id)).all()
        if must_exist and not (user or comments or complaints or notifications):
            raise NotFound("user_not_found", f"The service holds nothing about {reader_id!r}.")
        titles = dict(session.execute(
            select(Article.id, Article.title).where(Article.id.in_({c.article_id for c in comments}))
        ).all()) if comments else {}
        trails: dict[str | None, list[AuditEvent]] = {}
        if comments:
            for event in session.scalars(
                select(AuditEvent).where(AuditEvent.comment_id.in_([c.id for c in comments])).order_by(AuditEvent.id)
            ):
                trails.setdefault(event.comment_id, []).append(event)
        return ReaderExport(
            format=FORMAT,
            exported_at=ctx.now(),
            reader=ExportedReader(
                id=reader_id,
                name=(user.name if user and user.name else "") or name or (comments[-1].author_name if comments else ""),
                email=user.email if user else None,
                banned=bool(user and user.banned),
                suspended_until=user.suspended_until if user else None,
                warnings=user.warnings if user else 0,
            ),
            comments=[_comment(c, titles.get(c.article_id, ""), trails.get(c.id, [])) for c in comments],
            complaints=[
                ExportedComplaint(comment_id=c.comment_id, reason=c.reason, note=c.note, created_at=c.created_at,
                                  outcome=c.outcome)
                for c in complaints
            ],
            notifications=notifications,
            sanctions=[ExportedSanction(kind=s.kind, until=s.until, reason=s.reason, at=s.created_at) for s in sanctions],
            appeals=[appeal_view(a, for_moderators=False) for a in appeals],
        )


def _comment(comment: Comment, article_title: str, trail: list[AuditEvent]) -> ExportedComment:
    # Seen by its author: what they see of their own comment, no more.
    return comment_as(ExportedComment, comment, Reader(id=comment.author_id, name=comment.author_name), None,
                      article_title=article_title, versions=versions(comment, trail))


def versions(comment: Comment, trail: list[AuditEvent]) -> list[TextVersion]:
    """Every text the author could see of the comment, oldest first: what they posted, each edit,
    and any amendment a moderator made (moderators' names are not theirs to export). Empty once
    the text has been purged."""
    if comment.text_purged_at is not None:
        return []
    shown: list[TextVersion] = []

    def add(kind: TextKind, body: str | None, at: datetime) -> None:
        if body and (not shown or shown[-1].body != body or shown[-1].kind != kind):
            shown.append(TextVersion(kind=kind, body=body, at=at))

    first = next((e.before["body"] for e in trail if e.before and e.before.get("body")), comment.body)
    add("posted", first, comment.created_at)
    for event in trail:
        after = event.after or {}
        if event.action == "edited":
            add("edited", after.get("body"), event.created_at)
        elif after.get("amended_body") and after.get("amended_body") != (event.before or {}).get("amended_body"):
            add("amended_by_a_moderator", after["amended_body"], event.created_at)
    return shown
