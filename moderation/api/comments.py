"""Readers' side: threads, posting, editing, withdrawing, complaining."""
from __future__ import annotations

from flask import Blueprint

from ..domain.model import MAX_BODY_CHARS, Reader, Reason
from ..domain.wording import reason_labels_for_readers
from ..services import (
    appeals,
    comments,
    complaints,
    erasure,
    exports,
    notifications,
    policy_settings,
    site_controls,
    users,
)
from ..web import ctx
from .auth import reporter_key
from .conditional import answer_if_changed
from .responses import (
    AppealView,
    CommentDetail,
    CommentView,
    ComplaintView,
    ErasureOutcome,
    NotificationList,
    NotificationsMarked,
    ReaderExport,
    ReaderStanding,
    ThreadPage,
    WidgetConfig,
)
from .schemas import AppealIn, CommentEdit, CommentIn, ComplaintIn, ThreadQuery
from .spec import endpoint

bp = Blueprint("comments", __name__, url_prefix="/api/v1")


@endpoint(bp, "GET", "/articles/<article_id>/comments", summary="Visible comments, threaded, paginated by cursor",
          query=ThreadQuery, returns=ThreadPage,
          responses={200: "A page of threads, with an ETag",
                     304: "Nothing in the thread has changed since the ETag sent in If-None-Match",
                     404: "Unknown article", 422: "Bad cursor or limit"})
def list_comments(article_id: str, query: ThreadQuery, reader: Reader | None):
    return answer_if_changed(
        comments.thread_version(ctx(), reader, article_id, reporter_key(reader)),
        lambda: comments.list_thread(ctx(), reader, article_id, query.limit, query.cursor, query.order == "newest",
                                     reporter=reporter_key(reader)),
    )


@endpoint(bp, "POST", "/articles/<article_id>/comments", summary="Post a comment or a reply (published at once)",
          auth="subscriber", body=CommentIn, idempotent=True, returns=CommentView,
          responses={201: "Published (or, for a retry with the same Idempotency-Key, the first answer)",
                     403: "subscription_required or account_suspended",
                     404: "Unknown article", 409: "comments_closed", 422: "Invalid body or Idempotency-Key",
                     429: "too_many_comments: this reader's posting limit is reached",
                     503: "commenting_paused: commenting is paused everywhere (the message says why), or "
                          "database_unavailable"})
def post_comment(article_id: str, body: CommentIn, idempotency_key, reader: Reader):
    return comments.post_comment(ctx(), reader, article_id, body.body, body.parent_id,
                                 idempotency_key), 201


@endpoint(bp, "GET", "/comments/<comment_id>", summary="One comment as the asker may see it",
          returns=CommentDetail, responses={200: "The comment", 404: "Unknown comment"})
def get_comment(comment_id: str, reader: Reader | None):
    return comments.get_comment(ctx(), reader, comment_id)


@endpoint(bp, "PATCH", "/comments/<comment_id>", summary="Edit your comment within the edit window", auth="author",
          body=CommentEdit, returns=CommentView,
          responses={200: "Edited", 403: "Not the author", 409: "Edit window closed or moderated",
                     422: "Invalid body",
                     503: "commenting_paused: commenting is paused everywhere, or database_unavailable"})
def edit_comment(comment_id: str, body: CommentEdit, reader: Reader):
    return comments.edit_comment(ctx(), reader, comment_id, body.body)


@endpoint(bp, "DELETE", "/comments/<comment_id>", summary="Withdraw your comment", auth="author", returns=CommentView,
          responses={200: "Withdrawn", 403: "Not the author", 404: "Unknown comment"})
def withdraw_comment(comment_id: str, reader: Reader):
    return comments.withdraw_comment(ctx(), reader, comment_id)


@endpoint(bp, "POST", "/comments/<comment_id>/complaints", summary="Report this post", body=ComplaintIn, idempotent=True,
          returns=ComplaintView,
          responses={201: "Reported", 200: "Already reported by this reader", 404: "Unknown comment",
                     409: "Already removed", 422: "Unknown reason or invalid Idempotency-Key",
                     429: "too_many_complaints: this reader's reporting limit is reached"})
def complain(comment_id: str, body: ComplaintIn, idempotency_key, reader: Reader | None):
    complaint, created = complaints.file_complaint(ctx(), reader, reporter_key(reader), comment_id, body.reason,
                                                   body.note.strip(), idempotency_key)
    return complaint, 201 if created else 200


@endpoint(bp, "GET", "/me", summary="The signed-in reader: may they comment, and unread notifications",
          auth="reader", returns=ReaderStanding, responses={200: "The reader's standing"})
def me(reader: Reader):
    return users.standing(ctx(), reader)


@endpoint(bp, "GET", "/config", summary="What the comment widget needs: subscribe link, edit window, reason codes, "
          "how often to look for updates, the newsroom's time zone",
          auth="public", returns=WidgetConfig, responses={200: "Widget settings"})
def widget_config():
    settings = ctx().settings
    pause = site_controls.pause_for_readers(ctx())
    return {
        "subscribe_url": settings.subscribe_url,
        "edit_window_seconds": settings.edit_window_seconds,
        "live_update_seconds": settings.live_update_seconds,
        "timezone": policy_settings.newsroom_timezone(ctx()),
        "max_body_chars": MAX_BODY_CHARS,
        "reasons": [reason.value for reason in Reason],
        "reason_labels": reason_labels_for_readers(),
        "commenting_paused": pause.commenting_paused,
        "pause_message": pause.pause_message,
    }


@endpoint(bp, "GET", "/me/notifications", summary="What moderation decided about your comments and reports",
          auth="reader", returns=NotificationList,
          responses={200: "Newest first, with an ETag",
                     304: "No notification is new or newly read since the ETag sent in If-None-Match"})
def my_notifications(reader: Reader):
    return answer_if_changed(notifications.version(ctx(), reader.id),
                             lambda: NotificationList(notifications=notifications.for_reader(ctx(), reader.id)))


@endpoint(bp, "POST", "/me/notifications/read", summary="Mark your notifications as read", auth="reader",
          returns=NotificationsMarked, responses={200: "How many were marked"})
def read_notifications(reader: Reader):
    return {"marked": notifications.mark_read(ctx(), reader.id)}


@endpoint(bp, "POST", "/comments/<comment_id>/appeal", summary="Appeal a moderator's removal or amendment of your comment",
          auth="author", body=AppealIn, returns=AppealView,
          responses={201: "Appealed: a moderator other than the one who decided will look at it again",
                     403: "Not the author", 404: "Unknown comment",
                     409: "already_appealed, nothing_to_appeal (not removed or amended) or appeal_window_closed",
                     422: "note_required, note_too_long or invalid fields"})
def appeal(comment_id: str, body: AppealIn, reader: Reader):
    return appeals.file_appeal(ctx(), reader, comment_id, body.note), 201


@endpoint(bp, "GET", "/me/export", summary="Download my data: comments with their versions, reports, notifications, "
          "sanctions and appeals", auth="reader", returns=ReaderExport, responses={200: "The reader's data as JSON"})
def my_export(reader: Reader):
    return exports.export_reader(ctx(), reader.id, reader.name)


@endpoint(bp, "DELETE", "/me", summary="Erase my data: comments become tombstones, my name, e-mail and id are removed",
          auth="reader", returns=ErasureOutcome, responses={200: "Erased (running it again finds nothing more)"})
def erase_me(reader: Reader):
    return erasure.erase_reader(ctx(), reader.id)
