"""The moderators' review dashboard: server-rendered pages behind a staff login.

Staff sign in with a username and password (argon2 hashes, see services.staff); the session is a
signed, HTTP-only cookie and every form carries a CSRF token. Readers' bearer tokens mean nothing
here: the dashboard only knows its own session.
"""
from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, Flask
from flask_login import LoginManager, UserMixin
from flask_wtf.csrf import CSRFProtect

from ..domain.model import Reader

# Idle sessions end after this long, and every session this long after signing in, however busy.
SESSION_LIFETIME = timedelta(hours=12)

bp = Blueprint("dashboard", __name__, url_prefix="/dashboard", static_folder="static")
csrf = CSRFProtect()
login_manager = LoginManager()
login_manager.login_view = "dashboard.login"
login_manager.login_message = "Sign in to use the review dashboard."
login_manager.session_protection = "strong"


class StaffUser(UserMixin):
    """The signed-in member of staff. The session holds the account id with its session version,
    so ending the account's sessions (sign-out, new password, disabling) invalidates every cookie."""

    def __init__(self, account_id: int, session_version: int, reader: Reader):
        self.account_id = account_id
        self.session_version = session_version
        self.reader = reader

    def get_id(self) -> str:
        return f"{self.account_id}:{self.session_version}"


def init_app(app: Flask) -> None:
    settings = app.extensions["moderation"].context.settings
    app.config.update(
        SESSION_COOKIE_NAME="moderation_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.secure_cookies,
        PERMANENT_SESSION_LIFETIME=SESSION_LIFETIME,
        # Only the dashboard's forms are checked (auth.py); the API authenticates by bearer token,
        # which a browser never attaches on its own, so it needs no CSRF token.
        WTF_CSRF_CHECK_DEFAULT=False,
        WTF_CSRF_TIME_LIMIT=None,  # the token lives as long as the session
    )
    csrf.init_app(app)
    login_manager.init_app(app)
    from . import admin, alerts, auth, controls, insight, views  # noqa: F401  (routes register on the blueprint)

    app.register_blueprint(bp)
    app.jinja_env.filters.update(views.FILTERS)
