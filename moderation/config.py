"""Every setting the service reads from its environment, parsed and typed in one place.

The README's configuration table is generated from SETTINGS below (`moderation config`),
so the documentation cannot drift from the code.
"""
from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from typing import Any


def _bool(value: str) -> bool:
    if value.strip().lower() in {"1", "true", "yes", "on"}:
        return True
    if value.strip().lower() in {"0", "false", "no", "off", ""}:
        return False
    raise ValueError(f"not a boolean: {value!r}")


def _list(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split(",") if part.strip())


MIN_SECRET_BYTES = 32


def _setting(env: str, default: Any, doc: str, parse: Callable[[str], Any] = str, min: float | None = None) -> Any:
    return field(default=default, metadata={"env": env, "doc": doc, "parse": parse, "min": min})


@dataclass(frozen=True)
class Settings:
    database_url: str = _setting(
        "DATABASE_URL", "sqlite:///moderation.db", "SQLAlchemy URL of the database (PostgreSQL in production)."
    )
    redis_url: str = _setting(
        "REDIS_URL", "", "Redis URL of the Celery broker; `/readyz` checks it when set."
    )
    db_connect_timeout_seconds: int = _setting(
        "MODERATION_DB_CONNECT_TIMEOUT_SECONDS", 3, "How long to wait for a new PostgreSQL connection.", int, min=2
    )
    db_statement_timeout_seconds: float = _setting(
        "MODERATION_DB_STATEMENT_TIMEOUT_SECONDS", 5.0, "Longest one PostgreSQL statement may run (lock waits included); "
        "with no answer at all 2 s later the connection is dropped as lost.", float, min=0.1
    )
    db_pool_timeout_seconds: float = _setting(
        "MODERATION_DB_POOL_TIMEOUT_SECONDS", 5.0, "How long a request waits for a free database connection.", float, min=0.1
    )
    redis_timeout_seconds: float = _setting(
        "MODERATION_REDIS_TIMEOUT_SECONDS", 1.0, "How long the web service waits on Redis (rate limits, readiness, "
        "sending scoring jobs, task counts) before going on without it.", float, min=0.1
    )
    sso_secret: str = _setting(
        "MODERATION_SSO_SECRET", "", "Shared secret the publisher signs readers' HS256 tokens with."
    )
    sso_public_key: str = _setting(
        "MODERATION_SSO_PUBLIC_KEY", "", "PEM public key for RS256 reader tokens (optional)."
    )
    secret_key: str = _setting(
        "MODERATION_SECRET_KEY", "", "Key for the dashboard's session cookies and reporter hashing."
    )
    token_leeway_seconds: int = _setting(
        "MODERATION_TOKEN_LEEWAY_SECONDS", 30, "Clock skew allowed when checking token expiry.", int, min=0
    )
    edit_window_seconds: int = _setting(
        "MODERATION_EDIT_WINDOW_SECONDS", 900, "How long authors may edit their comment after posting.", int, min=0
    )
    live_update_seconds: int = _setting(
        "MODERATION_LIVE_UPDATE_SECONDS", 20,
        "How often an open comment widget asks for new comments and moderation updates (answered 304 when nothing changed).",
        int, min=5,
    )
    claim_seconds: int = _setting(
        "MODERATION_CLAIM_SECONDS", 300, "How long a moderator's claim on a queue item lasts.", int, min=1
    )
    appeal_window_days: int = _setting(
        "MODERATION_APPEAL_WINDOW_DAYS", 14, "How long after a moderator removed or amended a comment its author may "
        "appeal (once).", int, min=1
    )
    retain_removed_text_months: int = _setting(
        "MODERATION_RETAIN_REMOVED_TEXT_MONTHS", 12, "Months the text of comments deleted by moderators or withdrawn "
        "by their authors is kept, then purged (a legal hold keeps it).", int, min=1
    )
    retain_complaint_notes_months: int = _setting(
        "MODERATION_RETAIN_COMPLAINT_NOTES_MONTHS", 12, "Months readers' notes with their reports are kept.", int, min=1
    )
    retain_audit_details_months: int = _setting(
        "MODERATION_RETAIN_AUDIT_DETAILS_MONTHS", 72, "Months the audit trail keeps texts and notes; who did what, "
        "when, stays.", int, min=1
    )
    comment_rate_per_minute: int = _setting(
        "MODERATION_COMMENT_RATE_PER_MINUTE", 5, "Comments and replies one reader may post per minute (429 past it).", int, min=1
    )
    complaint_rate_per_minute: int = _setting(
        "MODERATION_COMPLAINT_RATE_PER_MINUTE", 10, "Complaints one reader may file per minute (429 past it).", int, min=1
    )
    max_request_bytes: int = _setting(
        "MODERATION_MAX_REQUEST_BYTES", 65536, "Largest request body accepted, with a Content-Length or "
        "sent chunked (413 past it).", int, min=1024
    )
    subscribe_url: str = _setting(
        "MODERATION_SUBSCRIBE_URL", "/subscribe", "Where the widget sends non-subscribers to subscribe."
    )
    allowed_origins: tuple[str, ...] = _setting(
        "MODERATION_ALLOWED_ORIGINS", (), "Comma-separated origins allowed to call the API from a browser.", _list
    )
    secure_cookies: bool = _setting(
        "MODERATION_SECURE_COOKIES", True, "Send the dashboard's session cookie over HTTPS only (turn off only for plain-HTTP development).", _bool
    )
    smtp_host: str = _setting("MODERATION_SMTP_HOST", "", "SMTP server for e-mail notifications; empty disables e-mail.")
    smtp_port: int = _setting("MODERATION_SMTP_PORT", 25, "SMTP port.", int, min=1)
    smtp_sender: str = _setting("MODERATION_SMTP_SENDER", "moderation@localhost", "From address of notifications.")
    public_url: str = _setting(
        "MODERATION_PUBLIC_URL", "http://127.0.0.1:8000", "Address the service is reached at by staff, for the "
        "dashboard links in on-call alerts."
    )
    trusted_proxies: int = _setting(
        "MODERATION_TRUSTED_PROXIES", 0, "Reverse proxies in front of the service whose X-Forwarded-For is trusted.", int, min=0
    )
    metrics_token: str = _setting(
        "MODERATION_METRICS_TOKEN", "", "Bearer token the Prometheus scraper sends to /metrics; empty leaves it open."
    )
    model_dir: str = _setting(
        "MODERATION_MODEL_DIR", "", "Classifier artifact to score with until a retrained model is promoted; empty: the shipped one."
    )
    training_data: str = _setting(
        "MODERATION_TRAINING_DATA", "", "Directory of the labelled data (as in `shared/data`) that retraining starts from "
        "and validates on; empty turns retraining off."
    )
    retrain_min_decisions: int = _setting(
        "MODERATION_RETRAIN_MIN_DECISIONS", 200, "New moderators' decisions needed before the models are retrained.", int, min=1
    )
    task_time_limit_seconds: int = _setting(
        "MODERATION_TASK_TIME_LIMIT_SECONDS", 120, "Longest a scoring, sweep or escalation job may run (a worker's first "
        "job loads the models too): at three quarters of it the job is interrupted and fails, at all of it its worker "
        "process is killed. The jobs of a worker that dies are handed to another within this plus 40 s.", int, min=30
    )
    log_level: str = _setting("MODERATION_LOG_LEVEL", "INFO", "Logging level.")
    log_format: str = _setting("MODERATION_LOG_FORMAT", "json", "`json` (one object per line) or `text`.")

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
        environ = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for f in fields(cls):
            raw = environ.get(f.metadata["env"])
            if raw is not None:
                try:
                    values[f.name] = f.metadata["parse"](raw)
                except ValueError as exc:
                    raise ValueError(f"{f.metadata['env']}: {exc}") from None
        values.update(overrides)
        return cls(**values)

    def check(self) -> None:
        """Refuse to start on settings that would be unsafe or meaningless (the embedded default
        makes its own secrets)."""
        problems = []
        if not self.sso_secret and not self.sso_public_key:
            problems.append("set MODERATION_SSO_SECRET or MODERATION_SSO_PUBLIC_KEY to check readers' tokens")
        if self.sso_secret and len(self.sso_secret.encode()) < MIN_SECRET_BYTES:
            # A short HS256 secret can be guessed offline from any token, and then any role forged.
            problems.append(f"MODERATION_SSO_SECRET must be at least {MIN_SECRET_BYTES} bytes")
        if not self.secret_key:
            problems.append("set MODERATION_SECRET_KEY")
        for f in fields(self):
            low = f.metadata.get("min")
            if low is not None and getattr(self, f.name) < low:
                problems.append(f"{f.metadata['env']} must be at least {low}")
        if problems:
            raise RuntimeError("; ".join(problems) + " (see the README's configuration table)")


def settings_table() -> str:
    """The README's configuration table."""
    rows = ["| variable | default | meaning |", "|---|---|---|"]
    for f in fields(Settings):
        default = f.default
        if isinstance(default, tuple):
            default = ",".join(default)
        shown = "(none)" if default in ("", ()) else f"`{default}`"
        rows.append(f"| `{f.metadata['env']}` | {shown} | {f.metadata['doc']} |")
    return "\n".join(rows)
