"""Signing staff in and out of the dashboard."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_user, logout_user
from flask_wtf.csrf import CSRFError

from ..api.wiring import ctx
from ..domain.model import Unauthenticated
from ..services import staff
from . import StaffUser, bp, csrf, login_manager


@login_manager.user_loader
def _load(account_id: str) -> StaffUser | None:
    reader = staff.staff_member(ctx(), int(account_id))
    return StaffUser(int(account_id), reader) if reader is not None else None


@bp.before_request
def _check_forms():
    # Every state-changing request must carry the token from a page this dashboard rendered.
    if request.method not in ("GET", "HEAD", "OPTIONS"):
        csrf.protect()


@bp.after_request
def _lock_down(response):
    # Only this dashboard's own scripts and styles run here, and no other site may frame it.
    response.headers.setdefault(
        "Content-Security-Policy",
        "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; "
        "frame-ancestors 'none'",
    )
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    if request.endpoint != "dashboard.static":
        response.headers.setdefault("Cache-Control", "no-store")  # queue pages hold readers' words
    return response


@bp.errorhandler(CSRFError)
def _csrf_failed(error: CSRFError):
    return render_template("dashboard/error.html", title="Form expired",
                           message="This form did not come from a page of this dashboard, or your session "
                                   "ended. Go back, reload the page and try again."), 400


@bp.errorhandler(404)
def _not_found(error):
    return render_template("dashboard/error.html", title="Not found",
                           message="There is no such comment, or it is no longer here."), 404


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for(".queue_page"))
    error = None
    username = ""
    if request.method == "POST":
        username = request.form.get("username", "")
        try:
            account_id, reader = staff.authenticate(ctx(), username, request.form.get("password", ""))
        except Unauthenticated as exc:
            error = exc.message
        else:
            session.clear()  # a fresh session for the signed-in member of staff
            login_user(StaffUser(account_id, reader))
            session.permanent = True
            return redirect(_safe_next(request.args.get("next")))
    status = 401 if error else 200
    return render_template("dashboard/login.html", error=error, username=username), status


@bp.post("/logout")
def logout():
    logout_user()
    session.clear()
    flash("You are signed out.")
    return redirect(url_for(".login"))


def _safe_next(target: str | None) -> str:
    """Only ever return to a page of this dashboard after signing in."""
    if target and target.startswith("/dashboard/") and not target.startswith("//"):
        return target
    return url_for(".queue_page")
