"""The queue and the review of one comment: claim, decide, sanction."""
from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

from flask import abort, flash, g, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required
from markupsafe import Markup

from ..domain.appeals import AppealOutcome
from ..domain.client_input import ensure_id
from ..domain.model import Action, Conflict, DomainError, Forbidden, Reason, SanctionKind
from ..domain.wording import duration, excerpt, plural, reason_names
from ..services import (
    appeals,
    decisions,
    legal_holds,
    policy_settings,
    queue,
    reporters,
    review,
    sanctions,
    staff,
)
from ..web import ctx
from . import bp

REASON_LABELS = reason_names()
PAGE_SIZE = 50


def moderator():
    return current_user.reader


# --- the queue ----------------------------------------------------------------------------------

def _queue_filters() -> dict:
    reason = request.args.get("reason") or None
    if reason is not None and reason not in REASON_LABELS:
        reason = None
    article = request.args.get("article", "").strip()
    return {
        "reason": reason,
        "article_id": ensure_id(article, "article_id") if article else None,
        "overdue": True if request.args.get("overdue") == "1" else None,
        "cursor": request.args.get("cursor") or None,
    }


def _queue_page() -> dict:
    filters = _queue_filters()
    page = queue.list_queue(ctx(), moderator(), limit=PAGE_SIZE, **filters)
    # How often the open page fetches the queue again (`?refresh=N` for a wall screen or a test).
    refresh = min(max(request.args.get("refresh", 15, type=int), 2), 300)
    return {"page": page, "filters": filters, "refresh_seconds": refresh}


@bp.get("/")
@login_required
def queue_page():
    # Remembered so that "next item" after a decision stays in the view being worked.
    session["queue_view"] = {k: v for k, v in _queue_filters().items() if k != "cursor" and v}
    return render_template("dashboard/queue.html", **_queue_page(), coverage=policy_settings.coverage_info(ctx()),
                           reasons=REASON_LABELS, tab="overdue" if request.args.get("overdue") == "1" else "queue")


@bp.get("/queue/rows")
@login_required
def queue_rows():
    """The queue's rows and coverage banner alone, for the page's live refresh."""
    return render_template("dashboard/_queue_live.html", **_queue_page(), coverage=policy_settings.coverage_info(ctx()),
                           reasons=REASON_LABELS)


@bp.post("/queue/approve")
@login_required
def bulk_approve():
    """Approve every selected item that is still waiting; the rest of a batch still goes through
    when one item has been claimed or decided by someone else meanwhile."""
    return _bulk(Action.APPROVE, None, "Bulk approval")


@bp.post("/queue/delete")
@login_required
def bulk_delete():
    """Delete every selected item, for the one reason the moderator chose for them all."""
    return _bulk(Action.DELETE, _reason(request.form.get("reason")), request.form.get("note", "").strip()[:1000])


def _bulk(action: Action, reason: Reason | None, note: str):
    ids = request.form.getlist("comment_id")[:PAGE_SIZE]
    back = request.form.get("back", "")
    back = back if back.startswith("/dashboard/") else url_for(".queue_page")
    if not ids:
        flash("Select at least one comment first.", "error")
        return redirect(back)
    try:
        done, refused = decisions.decide_many(ctx(), moderator(), ids, action, reason, note)
    except DomainError as exc:
        flash(exc.message, "error")
        return redirect(back)
    verb = {"approve": "Approved", "delete": "Deleted"}[action.value]
    flash(f"{verb} {plural(done, 'comment')}." if done else f"Nothing was {verb.lower()}.")
    for message in refused[:5]:
        flash(message, "error")
    return redirect(back)


def _reason(value: str | None) -> Reason | None:
    try:
        return Reason(value or "")
    except ValueError:
        return None


# --- one comment ----------------------------------------------------------------------------------

CLAIM_RENEW_SECONDS = 120


@bp.get("/comments/<comment_id>")
@login_required
def item_page(comment_id: str):
    # Opening an item claims it for a few minutes, so two moderators do not review it at once;
    # the open page keeps renewing the claim.
    try:
        queue.claim(ctx(), moderator(), comment_id)
    except (Conflict, Forbidden):
        pass  # someone else holds it (the page says who), it is not waiting, or it is an appeal against one's own decision
    except DomainError:
        abort(404)
    return _item_response(comment_id)


def _refused(comment_id: str, message: str):
    """Back to the item after a refused decision: redirected, so a reload sends nothing again. The
    page's script puts back the text the moderator typed when it sees this kind of message."""
    flash(message, "error refused-decision")
    return redirect(url_for(".item_page", comment_id=comment_id))


def _item_response(comment_id: str, revealed: list | None = None):
    try:
        data = review.review_item(ctx(), moderator(), comment_id)
    except DomainError:
        abort(404)
    q = data.queue
    mine = bool(q and q.claimed_by == moderator().id)
    author_id = data.comment.author.id
    return render_template(
        "dashboard/item.html", item=data, reasons=REASON_LABELS, claimed_by_me=mine,
        queue_url=_queue_url(session.get("queue_view") or {}),
        claimed_by_other=bool(q and q.claimed_by and not mine), renew_seconds=CLAIM_RENEW_SECONDS,
        history=decisions.history(ctx(), comment_id).events,
        author=sanctions.user_history(ctx(), moderator(), author_id, limit=10),
        sanction_kinds=[k.value for k in SanctionKind], revealed=revealed,
    )


@bp.post("/comments/<comment_id>/claim")
@login_required
def claim(comment_id: str):
    try:
        queue.claim(ctx(), moderator(), comment_id)
    except DomainError as exc:
        if request.form.get("renew"):
            return "", 409
        flash(exc.message, "error")
        return redirect(url_for(".item_page", comment_id=comment_id))
    if request.form.get("renew"):
        return "", 204
    flash("You have claimed this comment for review.")
    return redirect(url_for(".item_page", comment_id=comment_id))


@bp.post("/comments/<comment_id>/release")
@login_required
def release(comment_id: str):
    queue.release(ctx(), moderator(), comment_id)
    flash("Released: a colleague can take this comment now.")
    return redirect(url_for(".queue_page"))


@bp.post("/comments/<comment_id>/decision")
@login_required
def decide(comment_id: str):
    form = request.form
    try:
        action = Action(form.get("action", ""))
    except ValueError:
        return _refused(comment_id, "Choose an action.")
    reason = _reason(form.get("reason"))
    try:
        decisions.decide(ctx(), moderator(), comment_id, action, reason,
                         form.get("body") if action is Action.AMEND else None, form.get("note", "").strip()[:1000],
                         override=form.get("override") == "1")
    except DomainError as exc:
        if exc.code == "claimed_by_other":
            return _refused(comment_id, "Another moderator is reviewing this comment: your decision was not saved.")
        return _refused(comment_id, exc.message)
    flash({"approve": "Approved.", "amend": "Amended.", "delete": "Deleted."}[action.value])
    return _next_item(comment_id)


@bp.post("/comments/<comment_id>/appeal")
@login_required
def judge_appeal(comment_id: str):
    try:
        outcome = AppealOutcome(request.form.get("outcome", ""))
    except ValueError:
        return _refused(comment_id, "Choose to uphold or overturn the decision.")
    try:
        appeals.judge_appeal(ctx(), moderator(), comment_id, outcome, request.form.get("note", "")[:2000])
    except DomainError as exc:
        return _refused(comment_id, exc.message)
    flash("Appeal upheld: the decision stands." if outcome is AppealOutcome.UPHELD
          else "Appeal allowed: the comment is restored as its author wrote it.")
    return _next_item(comment_id)


def _next_item(comment_id: str):
    view = session.get("queue_view") or {}
    following = review.next_in_queue(ctx(), comment_id, reason=view.get("reason"), article_id=view.get("article_id"),
                                     overdue=bool(view.get("overdue")), moderator_id=moderator().id)
    return redirect(url_for(".item_page", comment_id=following) if following else _queue_url(view))


def _queue_url(view: dict) -> str:
    return url_for(".queue_page", reason=view.get("reason"), article=view.get("article_id"),
                   overdue=1 if view.get("overdue") else None)


@bp.post("/comments/<comment_id>/reporters")
@login_required
def reveal_reporters(comment_id: str):
    """Admins only: who is behind each reporter's pseudonym (recorded in the trail)."""
    if not moderator().is_admin:
        abort(403)
    try:
        revealed = reporters.reveal(ctx(), moderator(), comment_id).reporters
    except DomainError as exc:
        flash(exc.message, "error")
        return redirect(url_for(".item_page", comment_id=comment_id))
    return _item_response(comment_id, revealed)


@bp.post("/comments/<comment_id>/legal-hold")
@login_required
def legal_hold(comment_id: str):
    if not moderator().is_admin:
        abort(403)
    try:
        if request.form.get("release"):
            released = legal_holds.release_hold(ctx(), moderator(), comment_id)
            flash("Legal hold released." + (" The text was due to go and has been purged." if released.text_purged else ""))
        else:
            legal_holds.place_hold(ctx(), moderator(), comment_id, request.form.get("reason", "")[:2000])
            flash("Legal hold placed: erasure and retention keep this comment's text until it is released.")
    except DomainError as exc:
        flash(exc.message, "error")
    return redirect(url_for(".item_page", comment_id=comment_id))


@bp.post("/users/<user_id>/sanctions")
@login_required
def sanction(user_id: str):
    form = request.form
    back = url_for(".item_page", comment_id=form.get("comment_id", "")) if form.get("comment_id") else url_for(".user_page", user_id=user_id)
    try:
        kind = SanctionKind(form.get("kind", ""))
        until = _local_datetime(form.get("until", "")) if kind is SanctionKind.SUSPEND else None
        sanctions.sanction(ctx(), moderator(), user_id, kind, until, form.get("reason", "").strip())
    except ValueError:
        flash("Choose a sanction; a suspension needs an end date and time.", "error")
        return redirect(back)
    except DomainError as exc:
        flash(exc.message, "error")
        return redirect(back)
    flash(f"Sanction recorded: {kind.value}.")
    return redirect(back)


def _local_datetime(value: str) -> datetime:
    """A `datetime-local` form value, read on the newsroom's clock."""
    return datetime.fromisoformat(value).replace(tzinfo=newsroom_tz())


# --- one commenter ---------------------------------------------------------------------------------

@bp.get("/users/<user_id>")
@login_required
def user_page(user_id: str):
    try:
        history = sanctions.user_history(ctx(), moderator(), ensure_id(user_id, "user_id"), limit=100)
    except DomainError:
        abort(404)
    return render_template("dashboard/user.html", user=history, reasons=REASON_LABELS,
                           sanction_kinds=[k.value for k in SanctionKind])


@bp.post("/users/<user_id>/notes")
@login_required
def user_note(user_id: str):
    try:
        sanctions.add_note(ctx(), moderator(), user_id, request.form.get("note", ""))
        flash("Note added.")
    except DomainError as exc:
        flash(exc.message, "error")
    return redirect(url_for(".user_page", user_id=user_id))


@bp.post("/users/<user_id>/remove-all")
@login_required
def remove_all(user_id: str):
    """Delete every visible or waiting comment of one commenter, for one reason (a spammer, a troll)."""
    if request.form.get("confirm") != "1":
        flash("Tick the box to confirm that every comment of this commenter should be removed.", "error")
        return redirect(url_for(".user_page", user_id=user_id))
    try:
        done, refused = decisions.remove_all_by_author(ctx(), moderator(), user_id, _reason(request.form.get("reason")),
                                                       request.form.get("note", "").strip()[:1000])
    except DomainError as exc:
        flash(exc.message, "error")
        return redirect(url_for(".user_page", user_id=user_id))
    flash(f"Removed {plural(done, 'comment')}." if done else "There was nothing left to remove.")
    for message in refused[:5]:
        flash(message, "error")
    return redirect(url_for(".user_page", user_id=user_id))


# --- formatting for the templates -------------------------------------------------------------------

def newsroom_tz() -> ZoneInfo:
    """The newsroom's clock, which every time on the dashboard is read on (once per request)."""
    if "newsroom_tz" not in g:
        g.newsroom_tz = ZoneInfo(policy_settings.newsroom_timezone(ctx()))
    return g.newsroom_tz


def when(value: datetime | None) -> str:
    """A moment, on the newsroom's clock."""
    if value is None:
        return ""
    return value.astimezone(newsroom_tz()).strftime("%a %d %b, %H:%M")


def _highlight(text: str | None, words: str) -> Markup:
    """`text`, escaped, with every match of the searched words (any case) marked."""
    text = text or ""
    terms = sorted({w for w in words.split() if w}, key=len, reverse=True)
    if not terms:
        return Markup.escape(text)
    pattern = re.compile("|".join(re.escape(t) for t in terms), re.IGNORECASE)
    out, last = [], 0
    for match in pattern.finditer(text):
        out.append(Markup.escape(text[last:match.start()]))
        out.append(Markup("<mark>%s</mark>") % match.group(0))
        last = match.end()
    out.append(Markup.escape(text[last:]))
    return Markup("").join(out)


def _due(value: datetime | None) -> str:
    """'in 45 min' or 'overdue by 2 h 5 min', from the service's clock."""
    if value is None:
        return ""
    left = value - ctx().now()
    return f"in {duration(left)}" if left.total_seconds() > 0 else f"overdue by {duration(left)}"


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{round(value * 100)}%"


def _staff_name(user_id: str | None) -> str:
    """A colleague's display name in place of the id they act under (ids of non-staff pass through)."""
    if not user_id:
        return ""
    if "staff_names" not in g:
        g.staff_names = {a.user_id: a.name for a in staff.list_accounts(ctx())}
    return g.staff_names.get(user_id, user_id)


def _link_safe(url: str | None) -> bool:
    """Only web links and site paths become links (never `javascript:` and the like)."""
    return url is not None and (url.startswith(("https://", "http://")) or (url.startswith("/") and not url.startswith("//")))


ACTION_LABELS = {
    "approve": "approved", "amend": "amended", "delete": "deleted", "edited": "edited by its author",
    "withdrawn": "withdrawn by its author", "withheld": "withheld", "queued": "queued", "claimed": "claimed",
    "user_note": "note on the commenter", "sanction_warn": "warning", "sanction_suspend": "suspension",
    "sanction_ban": "ban", "sanction_lift": "sanction lifted",
}


FILTERS = {"staff_name": _staff_name, "link_safe": _link_safe, "when": when, "due": _due, "percent": _percent,
           "reason_label": lambda r: REASON_LABELS.get(r, r or ""), "highlight": _highlight,
           "action_label": lambda a: ACTION_LABELS.get(a, (a or "").replace("_", " ")),
           "excerpt": lambda t, n=120: excerpt(t or "", n), "plural": plural}
