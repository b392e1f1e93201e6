"""Finding comments, the audit trail, and charts of how the queue is being worked."""
from __future__ import annotations

from flask import render_template, request
from flask_login import login_required

from ..adapters.model_thresholds import starting_version
from ..domain.model import InvalidInput
from ..services import appeals, audit, reports, retraining, review, staff
from ..web import ctx
from . import bp, charts
from .views import moderator, newsroom_tz


@bp.get("/search")
@login_required
def search():
    terms = {key: request.args.get(key, "")[:200] for key in ("text", "author", "article")}
    results = review.search_comments(ctx(), moderator(), text=terms["text"], author=terms["author"],
                                     article_id=terms["article"])
    return render_template("dashboard/search.html", terms=terms, results=results, tab="search",
                           searched=any(terms.values()))


@bp.get("/audit")
@login_required
def audit_trail():
    before = request.args.get("before", "")
    actor = request.args.get("actor", "").strip()
    # Staff are listed by name, so a name (or a username) finds them as well as their id.
    for account in staff.list_accounts(ctx()):
        if actor.lower() in (account.name.lower(), account.username):
            actor = account.user_id
    page = audit.recent_events(ctx(), actor=actor,
                               action=request.args.get("action", "").strip(),
                               before_id=_event_id(before))
    return render_template("dashboard/audit.html", page=page, tab="audit",
                           actor=request.args.get("actor", ""), action=request.args.get("action", ""))


def _event_id(before: str) -> int | None:
    """The event a page of the trail starts before: an id from a "next" link (a BIGINT), if any."""
    if not before:
        return None
    # ASCII digits only ("²" is a digit to str.isdigit, not to int), and no more than a BIGINT holds.
    if before.isascii() and before.isdigit() and len(before) <= 19 and int(before) < 2**63:
        return int(before)
    raise InvalidInput("invalid_before", "The page of the audit trail asked for does not exist.")


APPEAL_DAYS = 30  # appeals are rarer than decisions: a month shows a moderator's overturn rate


@bp.get("/charts")
@login_required
def charts_page():
    depth = reports.queue_depth(ctx(), hours=72, step_minutes=60)
    labels = [p.astimezone(newsroom_tz()).strftime("%a %H:%M") for p in depth.points]
    per_moderator = reports.decisions_per_moderator(ctx(), days=7)
    deadlines = reports.deadlines_met(ctx(), days=7)
    days = [d.day.strftime("%a %d") for d in deadlines]
    appealed = appeals.figures(ctx(), days=APPEAL_DAYS)
    return render_template(
        "dashboard/charts.html", tab="charts",
        depth_chart=charts.line_chart("Open items in the queue, last 72 hours", labels, list(depth.depth)),
        depth_now=depth.depth[-1] if depth.depth else 0,
        depth_rows=list(zip(labels, depth.depth))[::-6],  # every sixth hour, newest first
        moderator_chart=charts.stacked_bars(
            "Decisions per moderator, last 7 days", [m.moderator for m in per_moderator],
            {a: [getattr(m, a) for m in per_moderator] for a in ("approve", "amend", "delete")},
            {"approve": "approve", "amend": "amend", "delete": "delete"},
        ),
        per_moderator=per_moderator,
        deadline_chart=charts.stacked_bars(
            "Items decided by their deadline, last 7 days", days,
            {"met": [d.met for d in deadlines], "missed": [d.missed for d in deadlines]},
            {"met": "met", "missed": "missed"},
        ),
        deadlines=deadlines,
        appeal_chart=charts.stacked_bars(
            f"Appeals against each moderator's decisions, last {APPEAL_DAYS} days", [a.moderator for a in appealed],
            {state: [getattr(a, state) for a in appealed] for state in ("upheld", "overturned", "pending")},
            {"upheld": "upheld", "overturned": "overturned", "pending": "pending"},
        ),
        appealed=appealed, appeal_days=APPEAL_DAYS,
    )


@bp.get("/models")
@login_required
def models_page():
    settings = ctx().settings
    state = retraining.status(ctx())
    started_with = starting_version(settings.model_dir)
    return render_template("dashboard/models.html", tab="models", state=state, started_with=started_with,
                           candidates=retraining.history(ctx(), limit=50), retraining_on=bool(settings.training_data),
                           needed=settings.retrain_min_decisions, signals=("abuse", "spam", "off_topic"))
