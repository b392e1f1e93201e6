"""Signing staff in and out of the dashboard."""
from __future__ import annotations

import secrets
import time
from datetime import timedelta

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_user, logout_user
from flask_wtf.csrf import CSRFError
from itsdangerous import BadData, URLSafeTimedSerializer

from ..domain.client_input import ensure_storable
from ..domain.model import InvalidInput, Unauthenticated
from ..services import staff
from ..web import ctx, network_of
from . import SESSION_LIFETIME, StaffUser, bp, csrf, login_manager

# Kept after signing out: the browser stays known to the account it last signed in to.
DEVICE_COOKIE = "moderation_device"
DEVICE_LIFETIME = timedelta(days=90)


@login_manager.user_loader
def _load(user_id: str) -> StaffUser | None:
    signed_in_at = session.get("signed_in_at", 0)
    if not isinstance(signed_in_at, (int, float)) or time.time() - signed_in_at > SESSION_LIFETIME.total_seconds():
        return None
    account_id, _, version = user_id.partition(":")
    if not (account_id.isdigit() and version.isdigit()):
        return None
    reader = staff.staff_member(ctx(), int(account_id), int(version))
    return StaffUser(int(account_id), int(version), reader) if reader is not None else None


@bp.before_request
def _check_forms():
    # Every state-changing request must carry the token from a page this dashboard rendered.
    if request.method not in ("GET", "HEAD", "OPTIONS"):
        csrf.protect()


@bp.before_request
def _check_text():
    # Every value in the address and the form may reach the database, which cannot hold a NUL.
    ensure_storable([request.view_args or {}, request.args.to_dict(flat=False), request.form.to_dict(flat=False)],
                    "request")


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


@bp.errorhandler(InvalidInput)
def _invalid(error: InvalidInput):
    return render_template("dashboard/error.html", title="Not a valid request", message=error.message), 400


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
        device = _known_device(username)
        try:
            signed = staff.authenticate(ctx(), username, request.form.get("password", ""), network_of(request.remote_addr),
                                        device)
        except Unauthenticated as exc:
            error = exc.message
        else:
            session.clear()  # a fresh session for the signed-in member of staff
            login_user(StaffUser(signed.account_id, signed.session_version, signed.member))
            session["signed_in_at"] = time.time()
            session.permanent = True
            response = redirect(_safe_next(request.args.get("next")))
            _remember_device(response, username, device)
            return response
    status = 401 if error else 200
    return render_template("dashboard/login.html", error=error, username=username), status


def _devices() -> URLSafeTimedSerializer:
    secret = current_app.secret_key
    if secret is None:  # create_app always sets one
        raise RuntimeError("the dashboard needs the application's secret key")
    return URLSafeTimedSerializer(secret, salt="staff-device")


def _known_device(username: str) -> str | None:
    """This browser's id if it signed in to `username` before: its failed attempts are then
    counted apart from its network's (see staff.authenticate)."""
    try:
        known = _devices().loads(request.cookies.get(DEVICE_COOKIE, ""), max_age=int(DEVICE_LIFETIME.total_seconds()))
    except BadData:
        return None
    return known["device"] if known.get("username") == staff.canonical_username(username) else None


def _remember_device(response, username: str, device: str | None) -> None:
    value = _devices().dumps({"username": staff.canonical_username(username), "device": device or secrets.token_urlsafe(16)})
    response.set_cookie(DEVICE_COOKIE, value, max_age=int(DEVICE_LIFETIME.total_seconds()), path="/dashboard/",
                        secure=ctx().settings.secure_cookies, httponly=True, samesite="Lax")


@bp.post("/logout")
def logout():
    if current_user.is_authenticated:
        staff.end_sessions(ctx(), current_user.account_id)  # a copied cookie stops working too
    logout_user()
    session.clear()
    flash("You are signed out.")
    return redirect(url_for(".login"))


def _safe_next(target: str | None) -> str:
    """Only ever return to a page of this dashboard after signing in."""
    if target and target.startswith("/dashboard/") and not target.startswith("//"):
        return target
    return url_for(".queue_page")
