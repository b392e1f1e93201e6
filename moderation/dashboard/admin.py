"""Admins' pages: the staffing schedule, thresholds and deadlines (each change previewed against the
open queue before it is saved), the policy's history with revert, and staff accounts.

The forms are described by their settings' paths in the policy's JSON form, so a page edits only
its own settings and keeps everything else in the document as it is. A problem the policy's
validation finds is shown next to each setting whose own change brings it about (found by putting
that setting back and checking again), so a new rule in the domain needs nothing new here.
"""
from __future__ import annotations

import copy
import functools
import hashlib
import json
import math
import zoneinfo
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

import holidays
from flask import abort, flash, redirect, render_template, request, session, url_for
from flask_login import login_required

from ..domain.coverage import Coverage
from ..domain.model import DomainError, Reason, Role
from ..domain.policy_changes import (
    DAY_NAMES,
    coverage_calendar,
    duration_words,
    full_time_hours_per_week,
    setting_label,
)
from ..domain.policy_codec import config_from_dict, problems_in
from ..services import policy_admin, staff
from ..web import ctx
from . import bp
from .views import moderator, newsroom_tz, when

CALENDAR_MONTHS = 12
SHOWN_ITEMS = 5  # open items named under each line of a preview


def admin_page(view):
    """Signed-in admins only; everyone else is told so, in words."""
    @functools.wraps(view)
    @login_required
    def guarded(*args, **kwargs):
        if not moderator().is_admin:
            return render_template("dashboard/error.html", title="For admins only",
                                   message="The schedule, the policy's thresholds and deadlines and the staff accounts "
                                           "are changed by admins. Ask an admin if something here needs changing."), 403
        return view(*args, **kwargs)
    return guarded


# --- the settings the forms edit ------------------------------------------------------------------

@dataclass(frozen=True)
class Setting:
    path: tuple[str, ...]
    kind: str  # number, count, optional_count, minutes, clock, text, optional_text, weekdays, yes_no, sections
    hint: str = ""
    datalist: str = ""

    @property
    def name(self) -> str:
        return "-".join(self.path)

    @property
    def label(self) -> str:
        return setting_label(self.path)


LEVELS = (Coverage.FULL.value, Coverage.PART.value)
SCHEDULE = (
    Setting(("schedule", "timezone"), "text", "The newsroom's clock, e.g. Europe/London.", "timezones"),
    Setting(("schedule", "full_weekdays"), "weekdays"),
    Setting(("schedule", "full_start"), "clock"),
    Setting(("schedule", "full_end"), "clock"),
    Setting(("schedule", "holiday_country"), "text", "Country code, e.g. GB.", "countries"),
    Setting(("schedule", "holiday_subdivision"), "optional_text", "e.g. SCT for Scotland; empty for the whole country.",
            "subdivisions"),
)
THRESHOLD_GROUPS = {
    "Flag thresholds": tuple(Setting(("flag", s), "number", "From 0 to 1: at or above it a comment enters the queue.")
                             for s in ("abuse", "off_topic", "spam")),
    "Withholding bars": tuple(
        Setting(("withhold", level, key), kind, hint)
        for level in LEVELS
        for key, kind, hint in (
            ("abuse", "number", "From 0 to 1: at or above it a comment is hidden until reviewed."),
            ("complaint_weight", "number", "Summed weight of the readers' complaints that hides a comment…"),
            ("min_complainants", "count", "…when at least this many distinct readers complained."),
        )
    ),
    "Review deadlines": tuple(Setting(("deadlines_minutes", level, kind), "minutes", "In minutes")
                              for level in LEVELS for kind in ("complaint", "flag")),
    "Complaint weights": tuple(Setting(("complaint_weight", r.value), "number", "How much one reader's complaint counts.")
                               for r in Reason),
    "Queue order and closing": (
        Setting(("priority", "severity_first"), "yes_no",
                "Ticked: a graver reason always comes first. Unticked: an overdue item or a busy thread may rise above it."),
        Setting(("closing", "after_days"), "optional_count",
                "Days after an article is published when its comments close by themselves; empty: never."),
        Setting(("closing", "sections"), "sections",
                "One section a line, as the CMS names it, with its own days or “never”, e.g. “Court reports: 1”."),
    ),
}
THRESHOLDS = tuple(s for group in THRESHOLD_GROUPS.values() for s in group)
EXCEPTION_ROWS_TO_ADD = 2


def _get(data: dict[str, Any], path: tuple[str, ...]) -> Any:
    found: Any = data
    for key in path:
        found = found.get(key) if isinstance(found, dict) else None
    return found


def _put(data: dict, path: tuple[str, ...], value: Any) -> None:
    for key in path[:-1]:
        data = data.setdefault(key, {})
    data[path[-1]] = value


def _shown(setting: Setting, value: Any) -> Any:
    """The form's value for a setting as stored."""
    if setting.kind == "weekdays":
        return [int(d) for d in value or ()]
    if setting.kind == "yes_no":
        return bool(value)
    if setting.kind == "sections":
        return "\n".join(f"{name}: {'never' if days is None else days}" for name, days in (value or {}).items())
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    return value


def _parse(setting: Setting, form) -> tuple[Any, str | None]:
    """The stored value of what was typed for a setting, or a message saying what is wrong."""
    if setting.kind == "weekdays":
        days = form.getlist(setting.name)
        if any(d not in {str(n) for n in range(7)} for d in days):
            return None, "Choose days from the list."
        return sorted({int(d) for d in days}), None
    if setting.kind == "yes_no":
        return setting.name in form, None
    if setting.kind == "sections":
        return _sections(form.get(setting.name, ""))
    raw = form.get(setting.name, "").strip()
    if setting.kind == "optional_text":
        return raw or None, None
    if setting.kind == "optional_count" and not raw:
        return None, None
    if setting.kind == "text":
        return (raw, None) if raw else (None, "This cannot be empty.")
    if setting.kind == "clock":
        try:
            return time.fromisoformat(raw).isoformat(timespec="minutes"), None
        except ValueError:
            return None, "Enter a time of day, such as 09:00."
    try:
        number = float(raw)
    except ValueError:
        number = float("nan")
    if not math.isfinite(number):
        return None, {"count": "Enter a whole number, such as 2.", "minutes": "Enter a number of minutes, such as 60."}.get(
            setting.kind, "Enter a number, such as 0.85.")
    if setting.kind == "count":
        if number != int(number):
            return None, "Enter a whole number, such as 2."
        return int(number), None
    return number, None


def _sections(text: str) -> tuple[dict | None, str | None]:
    """Lines of "Section: days" (or "never") as the policy keeps them, or what is wrong with them."""
    sections: dict[str, int | None] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        name, colon, days = line.rpartition(":")
        name, days = name.strip(), days.strip().lower()
        if not colon or not name:
            return None, f"Line {number}: write the section's name, a colon, then its days or “never”."
        if name.casefold() in {n.casefold() for n in sections}:
            return None, f"Line {number}: the section “{name}” is already listed."
        if days == "never":
            sections[name] = None
        elif days.isascii() and days.isdigit():
            sections[name] = int(days)
        else:
            return None, f"Line {number}: “{days}” is not a number of days; write a whole number or “never”."
    return sections, None


@dataclass
class Draft:
    """A policy as the admin is editing it: the document with the form's values put in, and what is
    wrong with them, by field name ("" for what belongs to no one field)."""

    data: dict
    values: dict  # field name -> what to show in the form
    errors: dict
    exceptions: list  # rows of the exceptions table, as shown

    @property
    def has_errors(self) -> bool:
        return any(self.errors.values())

    def fingerprint(self) -> str:
        return hashlib.sha256(json.dumps(self.data, sort_keys=True).encode()).hexdigest()


def _draft_from(base: dict, settings: tuple[Setting, ...], with_exceptions: bool) -> Draft:
    return Draft(copy.deepcopy(base), {s.name: _shown(s, _get(base, s.path)) for s in settings}, {},
                 _exception_rows(base) if with_exceptions else [])


def _draft_from_form(base: dict, settings: tuple[Setting, ...], form, with_exceptions: bool) -> Draft:
    data = copy.deepcopy(base)
    draft = Draft(data, {}, {}, [])
    for setting in settings:
        value, problem = _parse(setting, form)
        if setting.kind == "weekdays":
            draft.values[setting.name] = [int(d) for d in form.getlist(setting.name) if d.isascii() and d.isdigit()]
        elif setting.kind == "yes_no":
            draft.values[setting.name] = value
        else:
            draft.values[setting.name] = form.get(setting.name, "")
        if problem:
            draft.errors[setting.name] = [problem]
        else:
            _put(data, setting.path, value)
    if with_exceptions:
        _read_exceptions(draft, form)
    if not draft.has_errors:
        _attribute(draft, base, settings)
    return draft


# --- named exceptions to the schedule --------------------------------------------------------------

def _local(value: str, tz: zoneinfo.ZoneInfo) -> str:
    return datetime.fromisoformat(value).astimezone(tz).strftime("%Y-%m-%dT%H:%M")


def _schedule_tz(data: dict) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(str(_get(data, ("schedule", "timezone"))))
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return newsroom_tz()


def _exception_rows(data: dict) -> list[dict]:
    tz = _schedule_tz(data)
    rows = [{"name": e["name"], "start": _local(e["start"], tz), "end": _local(e["end"], tz), "coverage": e["coverage"]}
            for e in _get(data, ("schedule", "exceptions")) or []]
    return rows + [{"name": "", "start": "", "end": "", "coverage": Coverage.FULL.value}
                   for _ in range(EXCEPTION_ROWS_TO_ADD)]


def _read_exceptions(draft: Draft, form) -> None:
    """The exception rows typed in: empty rows are ignored, ticked ones removed; times are read on
    the schedule's clock (the one being saved, when it is a real time zone)."""
    tz = _schedule_tz(draft.data)
    kept: list[dict[str, str]] = []
    rows = sorted({int(k.split("-")[1]) for k in form if k.startswith("exception-") and k.split("-")[1].isdigit()})
    for n in rows:
        row = {key: form.get(f"exception-{n}-{key}", "").strip() for key in ("name", "start", "end", "coverage")}
        row["remove"] = form.get(f"exception-{n}-remove") == "1"
        row["index"] = len(draft.exceptions)  # its place on the page, which names its fields
        draft.exceptions.append(row)
        if row["remove"] or not (row["name"] or row["start"] or row["end"]):
            continue
        problems = []
        if not row["name"]:
            problems.append("Give the exception a name, such as “Election night”.")
        moments = {}
        for key in ("start", "end"):
            try:
                moments[key] = datetime.fromisoformat(row[key]).replace(tzinfo=tz).isoformat()
            except ValueError:
                problems.append(f"Enter the date and time it {'starts' if key == 'start' else 'ends'}.")
        if row["coverage"] not in LEVELS:
            problems.append("Choose full-time or part-time coverage.")
        if problems:
            draft.errors[f"exception-{row['index']}"] = problems
            continue
        row["kept"] = len(kept)
        kept.append({"name": row["name"], "start": moments["start"], "end": moments["end"], "coverage": row["coverage"]})
    _put(draft.data, ("schedule", "exceptions"), kept)
    if all(r["name"] or r["start"] or r["end"] for r in draft.exceptions):
        draft.exceptions.append({"name": "", "start": "", "end": "", "coverage": Coverage.FULL.value})


def _attribute(draft: Draft, base: dict, settings: tuple[Setting, ...]) -> None:
    """Put each problem the policy's validation finds next to every field whose own change brings it
    about: the one that, put back as it was (an exception row: left out), makes the problem go."""
    problems = problems_in(draft.data)
    if not problems:
        return
    candidates = []
    for setting in settings:
        if _get(draft.data, setting.path) != _get(base, setting.path):
            trial = copy.deepcopy(draft.data)
            _put(trial, setting.path, copy.deepcopy(_get(base, setting.path)))
            candidates.append((setting.name, trial))
    for row in draft.exceptions:
        if "kept" in row:
            trial = copy.deepcopy(draft.data)
            del trial["schedule"]["exceptions"][row["kept"]]
            candidates.append((f"exception-{row['index']}", trial))
    placed = set()
    for name, trial in candidates:
        remaining = problems_in(trial)
        for problem in problems:
            if problem not in remaining:
                draft.errors.setdefault(name, []).append(_sentence(problem))
                placed.add(problem)
    draft.errors[""] = [_sentence(p) for p in problems if p not in placed]


def _sentence(problem: str) -> str:
    text = problem.strip()
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


# --- the pages -------------------------------------------------------------------------------------

@bp.get("/admin/")
@admin_page
def admin_home():
    return redirect(url_for(".admin_schedule"))


@bp.route("/admin/schedule", methods=["GET", "POST"])
@admin_page
def admin_schedule():
    return _policy_page("schedule", SCHEDULE, with_exceptions=True)


@bp.route("/admin/thresholds", methods=["GET", "POST"])
@admin_page
def admin_thresholds():
    return _policy_page("thresholds", THRESHOLDS, with_exceptions=False)


def _policy_page(page: str, settings: tuple[Setting, ...], with_exceptions: bool):
    in_force = policy_admin.policy_in_force(ctx())
    base = in_force.config
    preview, status = None, 200
    if request.method == "GET":
        draft = _draft_from(base, settings, with_exceptions)
        based_on = in_force.version
    else:
        based_on = _version(request.form.get("based_on"))
        if based_on != in_force.version:
            # Someone saved meanwhile: the admin's edits are applied to the version in force now.
            flash(f"The policy was changed (version {in_force.version}, by {_name(in_force.author)}) after you "
                  "opened this page. Your changes are still in the form, now on top of that version: check the preview "
                  "and save again.", "error")
            based_on = in_force.version
        draft = _draft_from_form(base, settings, request.form, with_exceptions)
        if any(_get(draft.data, ("flag", s)) != _get(base, ("flag", s)) for s in ("abuse", "off_topic", "spam")):
            _put(draft.data, ("flag", "source"), f"set on the dashboard by {moderator().name}")
        if draft.has_errors:
            status = 422
        elif request.form.get("action") == "save" and request.form.get("previewed") == draft.fingerprint() \
                and _version(request.form.get("based_on")) == based_on:
            try:
                version = policy_admin.save_on_top_of(ctx(), moderator(), draft.data, based_on,
                                                      request.form.get("note", "").strip()[:1000])
            except DomainError as exc:
                flash(exc.message, "error")
                status = 409
            else:
                flash(f"Saved: version {version} of the policy is in force.")
                return redirect(url_for(f".admin_{page}"))
        else:
            if request.form.get("action") == "save":
                flash("The form changed after the preview: check this preview, then save.", "error")
            preview = policy_admin.preview(ctx(), config_from_dict(draft.data))
    schedule_data = draft.data if (preview or request.method == "GET") else base
    return render_template(
        f"dashboard/admin/{page}.html", tab="admin", admin_tab=page, draft=draft, settings=settings,
        groups=THRESHOLD_GROUPS, in_force=in_force, based_on=based_on, preview=preview,
        calendar=_calendar(schedule_data) if with_exceptions else None, day_names=DAY_NAMES,
        datalists=_datalists(draft) if with_exceptions else {}, levels=LEVELS,
        hours_per_week=full_time_hours_per_week(config_from_dict(schedule_data).schedule),
        duration_words=duration_words,
    ), status


def _version(value: str | None) -> int | None:
    return int(value) if value and value.isascii() and value.isdigit() and len(value) < 19 else None


def _name(user_id: str | None) -> str:
    names = {a.user_id: a.name for a in staff.list_accounts(ctx())}
    return names.get(user_id or "", user_id or "nobody")


def _calendar(data: dict) -> list[dict]:
    """Twelve months of coverage from the start of this month, on the schedule's clock, by weeks."""
    schedule = config_from_dict(data).schedule
    today = ctx().now().astimezone(schedule.tz).date()
    first = today.replace(day=1)
    last = _add_months(first, CALENDAR_MONTHS) - timedelta(days=1)
    days = coverage_calendar(schedule, first, last)
    months: list[dict[str, Any]] = []
    for day in days:
        if day.day.day == 1:
            months.append({"title": day.day.strftime("%B %Y"), "weeks": [[None] * day.day.weekday()]})
        weeks = months[-1]["weeks"]
        if len(weeks[-1]) == 7:
            weeks.append([])
        weeks[-1].append(day)
    for month in months:
        month["weeks"][-1].extend([None] * (7 - len(month["weeks"][-1])))
    return months


def _add_months(day: date, months: int) -> date:
    year, month = divmod(day.month - 1 + months, 12)
    return day.replace(year=day.year + year, month=month + 1)


def _datalists(draft: Draft) -> dict:
    countries = holidays.list_supported_countries()
    chosen = str(_get(draft.data, ("schedule", "holiday_country")) or "")
    return {"timezones": sorted(zoneinfo.available_timezones()), "countries": sorted(countries),
            "subdivisions": countries.get(chosen, [])}


# --- history ------------------------------------------------------------------------------------------

@bp.get("/admin/history")
@admin_page
def admin_history():
    return render_template("dashboard/admin/history.html", tab="admin", admin_tab="history",
                           versions=policy_admin.versions(ctx()))


@bp.post("/admin/history/<int:version>/revert")
@admin_page
def admin_revert(version: int):
    try:
        new = policy_admin.revert(ctx(), moderator(), version, request.form.get("note", "").strip()[:1000])
    except DomainError as exc:
        flash(exc.message, "error")
    else:
        flash(f"Reverted: version {new} of the policy, the same as version {version}, is in force.")
    return redirect(url_for(".admin_history"))


# --- staff ---------------------------------------------------------------------------------------------

ROLE_LABELS = {Role.MODERATOR.value: "Moderator", Role.EDITOR.value: "Editor", Role.ADMIN.value: "Admin"}
LINK_KEY = "staff_password_link"


def _main_role(roles: list[str]) -> str:
    for role in (Role.ADMIN.value, Role.EDITOR.value, Role.MODERATOR.value):
        if role in roles:
            return role
    return Role.MODERATOR.value


@bp.get("/admin/staff")
@admin_page
def admin_staff():
    return _staff_page({}, {})


def _staff_page(form: dict, errors: dict, status: int = 200):
    accounts = staff.list_accounts(ctx())
    return render_template("dashboard/admin/staff.html", tab="admin", admin_tab="staff", accounts=accounts,
                           main_role={a.username: _main_role(a.roles) for a in accounts},
                           roles=ROLE_LABELS, form=form, errors=errors, link=session.pop(LINK_KEY, None),
                           link_days=staff.PASSWORD_LINK_LIFETIME.days, min_password=staff.MIN_PASSWORD_LENGTH), status


@bp.post("/admin/staff")
@admin_page
def admin_add_staff():
    form = {key: request.form.get(key, "").strip() for key in ("username", "name", "role", "user_id", "access")}
    password = request.form.get("password", "")
    invite = form["access"] != "password"
    errors = {}
    if form["role"] not in ROLE_LABELS:
        errors["role"] = "Choose a role."
    if not invite and not password:
        errors["password"] = "Type an initial password, or choose to send a link instead."
    if not errors:
        try:
            account = staff.create_account(ctx(), form["username"], form["name"], None if invite else password,
                                           [form["role"]], form["user_id"] or None, actor=moderator().id)
        except DomainError as exc:
            field = {"invalid_username": "username", "account_exists": "username", "invalid_name": "name",
                     "weak_password": "password", "invalid_roles": "role"}.get(exc.code, "")
            errors[field] = exc.message
        else:
            if invite:
                _remember_link(account.username, account.name)
            flash(f"Added {account.name} ({account.username}) as {ROLE_LABELS[form['role']].lower()}."
                  + (" Send them the link below to choose their password." if invite else ""))
            return redirect(url_for(".admin_staff"))
    return _staff_page(form, errors, 422)


def _remember_link(username: str, name: str) -> None:
    token, expires = staff.password_link(ctx(), username, actor=moderator().id)
    session[LINK_KEY] = {"name": name, "url": url_for(".choose_password", token=token, _external=True),
                         "expires": when(expires)}  # shown as it is: the session keeps text


@bp.post("/admin/staff/<username>/role")
@admin_page
def admin_staff_role(username: str):
    role = request.form.get("role", "")
    if role not in ROLE_LABELS:
        flash("Choose a role.", "error")
        return redirect(url_for(".admin_staff"))
    try:
        staff.set_roles(ctx(), username, [role], actor=moderator().id)
    except DomainError as exc:
        flash(exc.message, "error")
    else:
        flash(f"{username} is now {ROLE_LABELS[role].lower()}.")
    return redirect(url_for(".admin_staff"))


@bp.post("/admin/staff/<username>/active")
@admin_page
def admin_staff_active(username: str):
    active = request.form.get("active") == "1"
    try:
        staff.set_active(ctx(), username, active, actor=moderator().id)
    except DomainError as exc:
        flash(exc.message, "error")
    else:
        flash(f"{username} can sign in again." if active else f"{username} is disabled and signed out everywhere.")
    return redirect(url_for(".admin_staff"))


@bp.post("/admin/staff/<username>/password-link")
@admin_page
def admin_staff_link(username: str):
    account = next((a for a in staff.list_accounts(ctx()) if a.username == username), None)
    if account is None:
        abort(404)
    _remember_link(username, account.name)
    flash(f"A new link for {account.name} to choose a password is below. Their current password keeps working until they use it.")
    return redirect(url_for(".admin_staff"))


@bp.route("/welcome/<token>", methods=["GET", "POST"])
def choose_password(token: str):
    """Where an invited member of staff (or one an admin gave a reset link) chooses a password."""
    try:
        account = staff.account_for_link(ctx(), token)
    except DomainError as exc:
        return render_template("dashboard/error.html", title="This link does not work", message=exc.message), 400
    error = None
    if request.method == "POST":
        password = request.form.get("password", "")
        if password != request.form.get("repeat", ""):
            error = "The two passwords are not the same."
        else:
            try:
                staff.use_password_link(ctx(), token, password)
            except DomainError as exc:
                error = exc.message
            else:
                flash("Your password is set: sign in with it.")
                return redirect(url_for(".login"))
    return render_template("dashboard/admin/choose_password.html", account=account, error=error,
                           min_password=staff.MIN_PASSWORD_LENGTH), 422 if error else 200
