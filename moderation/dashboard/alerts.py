"""On-call alerts in the dashboard: their history, acknowledging one from the link in its message,
and the rota (admins only)."""
from __future__ import annotations

from datetime import time
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import login_required

from ..domain.model import DomainError, NotFound
from ..domain.rota import DAY_NAMES, WEBHOOK_FORMATS, on_call, rota_from_dict
from ..services import alerts as alert_service
from ..services import policy_settings, rota_settings, staff
from ..web import ctx
from . import bp
from .views import moderator

BLANK_ROWS = 2  # empty rows offered for new people and shifts


@bp.get("/alerts")
@login_required
def alerts_page():
    return render_template("dashboard/alerts/history.html", alerts=alert_service.history(ctx()), tab="alerts",
                           rota=_rota_summary())


@bp.route("/alerts/ack/<token>", methods=["GET", "POST"])
@login_required
def acknowledge_alert(token: str):
    """The link in each alert message. Signing in is required, so the audit trail names the person
    who took the alerts in hand (and a mail scanner following links acknowledges nothing)."""
    batch_id = alert_service.batch_of_token(ctx(), token)
    try:
        if request.method == "POST":
            if alert_service.acknowledge(ctx(), batch_id, moderator()):
                flash("Acknowledged: the alerts are yours, and nobody else will be called about them.")
            else:
                flash("These alerts had already been acknowledged.", "error")
            return redirect(url_for(".acknowledge_alert", token=token))
        message = alert_service.message_view(ctx(), batch_id)
    except NotFound:
        abort(404)
    return render_template("dashboard/alerts/acknowledge.html", message=message, token=token, tab="alerts")


@bp.route("/alerts/rota", methods=["GET", "POST"])
@login_required
def rota_page():
    if not moderator().is_admin:
        return render_template("dashboard/error.html", title="Admins only",
                               message="Only an admin may change the on-call rota. The alerts are on the Alerts page."), 403
    problems: list[str] = []
    if request.method == "POST":
        rota, problems = _rota_from_form(request.form)
        if not problems:
            try:
                rota_settings.save_rota(ctx(), moderator(), rota, request.form.get("note", "").strip()[:2000])
            except DomainError as exc:
                problems = _sentences(exc.message)
            else:
                flash("Rota saved: it is part of the policy now in force (the earlier version is kept in its history).")
                return redirect(url_for(".rota_page"))
        shown = rota
    else:
        shown = policy_settings.get_policy(ctx())["rota"]
    status = 422 if problems else 200
    return render_template("dashboard/alerts/rota.html", rota=_with_blank_rows(shown), problems=problems,
                           days=DAY_NAMES, formats=WEBHOOK_FORMATS, usernames=_usernames(), tab="alerts",
                           summary=_rota_summary(), note=request.form.get("note", "")), status


def _rota_summary() -> dict:
    """Who is on call right now, for the pages' heading."""
    with ctx().transaction() as session:
        config = policy_settings.current_policy(session)
    names = {a.username: a.name for a in staff.list_accounts(ctx())}
    on_duty = on_call(config.rota, config.schedule.tz, ctx().now())
    return {"active": config.rota.active, "on_call": [names.get(u, u) for u in on_duty],
            "fallback": config.rota.fallback.name if config.rota.fallback else None}


def _usernames() -> list[str]:
    return [a.username for a in staff.list_accounts(ctx()) if a.active]


def _sentences(message: str) -> list[str]:
    """The domain's problems, one per line, each starting with a capital (on this page, "rota:" goes
    without saying)."""
    problems = [p.removeprefix("rota: ") for p in message.split("; ") if p]
    return [p[:1].upper() + p[1:] for p in problems]


# --- the form ------------------------------------------------------------------------------------

def _rota_from_form(form) -> tuple[dict, list[str]]:
    """The rota document from the form's fields, with what could not be read said in words (the
    domain judges the rest). Rows left empty are dropped: clearing a row removes it."""
    problems: list[str] = []
    people = []
    for i in _row_numbers(form, "person"):
        username, email = form.get(f"person-{i}-username", "").strip(), form.get(f"person-{i}-email", "").strip()
        hook = _hook(form, f"person-{i}")
        if username or email or hook:
            people.append({"username": username, "email": email, "webhook": hook})
    shifts: list[dict[str, Any]] = []
    for i in _row_numbers(form, "shift"):
        username = form.get(f"shift-{i}-username", "").strip()
        days = [d for d in range(7) if form.get(f"shift-{i}-day-{d}")]
        start, end = form.get(f"shift-{i}-start", "").strip(), form.get(f"shift-{i}-end", "").strip()
        if not (username or days or start or end):
            continue
        for label, value in (("start", start), ("end", end)):
            if not _is_clock(value):
                problems.append(f"Shift {len(shifts) + 1} ({username or 'nobody'}): the {label} time "
                                f"“{value}” is not a time of day (HH:MM, 24-hour clock).")
        shifts.append({"username": username, "weekdays": days, "start": start, "end": end})
    fallback_name, fallback_email = form.get("fallback-name", "").strip(), form.get("fallback-email", "").strip()
    fallback_hook = _hook(form, "fallback")
    fallback = ({"name": fallback_name, "email": fallback_email, "webhook": fallback_hook}
                if fallback_name or fallback_email or fallback_hook else None)
    numbers: dict[str, int | str | None] = {}
    for field, label, optional in (("batch_minutes", "Gather alerts for", False),
                                   ("acknowledge_minutes", "Escalate after", False),
                                   ("queue_size_alert", "Alert when the queue reaches", True)):
        raw = form.get(field, "").strip()
        if optional and not raw:
            numbers[field] = None
        elif raw.isascii() and raw.isdigit() and len(raw) <= 6:
            numbers[field] = int(raw)
        else:
            problems.append(f"{label}: “{raw}” is not a whole number.")
            numbers[field] = raw
    rota = {"people": people, "shifts": shifts, "fallback": fallback, "newsroom_webhook": _hook(form, "newsroom"),
            **numbers}
    if not problems:
        try:
            rota_from_dict(rota)
        except (KeyError, TypeError, ValueError) as exc:
            problems.append(f"The rota could not be read: {exc}.")
    return rota, problems


def _row_numbers(form, prefix: str) -> list[int]:
    found = set()
    for key in form:
        parts = key.split("-")
        if len(parts) >= 3 and parts[0] == prefix and parts[1].isdigit() and len(parts[1]) <= 3:
            found.add(int(parts[1]))
    return sorted(found)


def _hook(form, prefix: str) -> dict | None:
    url = form.get(f"{prefix}-webhook", "").strip()
    if not url:
        return None
    form_format = form.get(f"{prefix}-webhook-format", "slack")
    return {"url": url, "format": form_format if form_format in WEBHOOK_FORMATS else "slack"}


def _is_clock(value: str) -> bool:
    try:
        time.fromisoformat(value)
    except ValueError:
        return False
    return len(value) in (5, 8)


def _with_blank_rows(rota: dict) -> dict:
    shown = dict(rota)
    shown["people"] = list(rota.get("people") or []) + [{"username": "", "email": "", "webhook": None}] * BLANK_ROWS
    shown["shifts"] = list(rota.get("shifts") or []) + [{"username": "", "weekdays": [], "start": "", "end": ""}] * BLANK_ROWS
    return shown
