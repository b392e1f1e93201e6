"""The `moderation` command: run the service, migrate a database, and operators' chores."""
from __future__ import annotations

import argparse
import contextlib
import os
import secrets
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import demo, demo_site
from .config import Settings, settings_table

if TYPE_CHECKING:
    from .services.context import Context


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="moderation", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", help="run the service on its own SQLite database with demo data")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    serve.add_argument("--data-dir", default=os.environ.get("MODERATION_DATA_DIR", "var"),
                       help="where the embedded SQLite database lives (default: ./var)")
    sub.add_parser("migrate", help="bring DATABASE_URL to the current schema")
    sub.add_parser("config", help="print the table of environment variables")
    sub.add_parser("send-emails", help="e-mail pending notifications through MODERATION_SMTP_HOST")
    sub.add_parser("send-alerts", help="on-call alerts: escalate, batch and send them (beat does it every 15 s)")
    sub.add_parser("sweep", help="move items reaching their deadline up the queue; apply part-time bars when a shift ends")
    sub.add_parser("purge", help="purge what is past its retention period (legal holds kept); beat does it hourly")

    staff = sub.add_parser("staff", help="dashboard logins: add, list, set a password, disable or enable")
    staff_sub = staff.add_subparsers(dest="staff_command", required=True)
    add = staff_sub.add_parser("add", help="create a login (the password is read from the terminal or stdin)")
    add.add_argument("username")
    add.add_argument("--name", required=True, help="display name shown to other staff")
    add.add_argument("--role", action="append", choices=["moderator", "editor", "admin"], required=True,
                     help="may be given more than once")
    add.add_argument("--user-id", help="the id this person has in the publisher's tokens (default: staff-USERNAME)")
    staff_sub.add_parser("list", help="list logins")
    passwd = staff_sub.add_parser("passwd", help="set a new password (read from the terminal or stdin)")
    passwd.add_argument("username")
    for verb in ("disable", "enable"):
        staff_sub.add_parser(verb, help=f"{verb} a login").add_argument("username")

    models = sub.add_parser("models", help="classifier models: what the gate promoted or refused, and retraining now")
    models_sub = models.add_subparsers(dest="models_command", required=True)
    models_sub.add_parser("list", help="the model in force and the candidates retraining produced, newest first")
    retrain = models_sub.add_parser("retrain", help="retrain from moderators' decisions now (from MODERATION_TRAINING_DATA)")
    retrain.add_argument("--min-decisions", type=int, default=1,
                         help="new decisions needed since the last candidate (default: 1; the workers wait for "
                              "MODERATION_RETRAIN_MIN_DECISIONS)")

    args = parser.parse_args(argv)
    if args.command == "models":
        return _models(args)
    if args.command == "serve":
        return _serve(args)
    if args.command == "migrate":
        from .adapters.migrations import upgrade

        settings = Settings.from_env()
        upgrade(settings.database_url)
        print(f"database at head: {_redact(settings.database_url)}")
        return 0
    if args.command == "staff":
        return _staff(args)
    if args.command == "config":
        print(settings_table())
        return 0
    if args.command == "send-emails":
        return _send_emails()
    if args.command == "send-alerts":
        return _send_alerts()
    if args.command == "purge":
        from .services.retention import purge

        summary = purge(_database_context(Settings.from_env()))
        print(f"purged: {summary.comment_texts} removed comments' texts, {summary.complaint_notes} report notes, "
              f"{summary.audit_details} audit events' details")
        return 0
    if args.command == "sweep":
        from .bootstrap import build
        from .services.sweep import sweep

        print(sweep(build(Settings.from_env()).context).model_dump(mode="json"))
        return 0
    return 2


def _serve(args) -> int:
    from werkzeug.serving import make_server

    from .adapters.alert_channels import make_channels
    from .adapters.migrations import upgrade
    from .app import create_app
    from .bootstrap import Scoring, build
    from .services import alerts
    from .services.retention import purge
    from .services.sweep import sweep

    data_dir = Path(args.data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    # The embedded service is a demonstration: it never touches a configured production database
    # and never signs demo tokens with the production secret, whatever the environment says.
    for env in ("DATABASE_URL", "MODERATION_SSO_SECRET", "MODERATION_SSO_PUBLIC_KEY", "MODERATION_SECRET_KEY"):
        if os.environ.get(env):
            print(f"note: {env} is ignored by `moderation serve`, which runs on its own data in {data_dir}/", file=sys.stderr)
    overrides: dict[str, Any] = {
        "database_url": f"sqlite:///{(data_dir / 'moderation.db').resolve()}",
        "sso_public_key": "",
        # Its own secrets, kept beside the database so tokens survive restarts.
        "sso_secret": _local_secret(data_dir / ".sso_secret"),
        "secret_key": _local_secret(data_dir / ".secret_key"),
        "secure_cookies": False,  # served over plain HTTP on this machine
        "public_url": f"http://{args.host}:{args.port}",  # the links in on-call alerts
    }
    if "MODERATION_LOG_FORMAT" not in os.environ:
        overrides["log_format"] = "text"  # a person is reading this terminal
    settings = Settings.from_env(**overrides)
    upgrade(settings.database_url)
    # No broker here: comments are scored by a thread of this process, through the same service.
    runtime = build(settings, scoring=Scoring.IN_PROCESS)
    ctx = runtime.context
    app = create_app(runtime=runtime)
    seeded = demo.seed(ctx)
    staff_password = _local_secret(data_dir / ".demo_staff_password", length=12)
    demo.seed_staff(ctx, staff_password)
    tokens = demo.demo_tokens(settings.sso_secret)
    app.register_blueprint(demo_site.make_blueprint(tokens))
    # Bound before the URLs are printed, so whoever follows them finds the service listening.
    server = make_server(args.host, args.port, app, threaded=True)
    base = f"http://{args.host}:{args.port}"
    print(_welcome(base, settings, tokens, seeded, staff_password), flush=True)
    _every(30, lambda: sweep(ctx))
    _every(3600, lambda: purge(ctx))
    channels = make_channels(settings)
    _every(15, lambda: alerts.run(ctx, channels))
    local_worker = runtime.local_worker
    assert local_worker is not None  # built with Scoring.IN_PROCESS
    _every(10, lambda: local_worker.sweep_unscored(ctx))
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()
    return 0


def _welcome(base: str, settings: Settings, tokens: dict[str, str], seeded: bool, staff_password: str) -> str:
    article = demo.ARTICLES[0]["id"]
    logins = ", ".join(username for username, *_ in demo.STAFF)
    lines = [
        "",
        "Comment moderation service is running.",
        f"  demo newspaper:  {base}/demo/   (article pages with the comment widget; pick who is reading at the top)",
        f"  dashboard:       {base}/dashboard/   logins: {logins}   password: {staff_password}",
        f"  widget script:   {base}/widget.js",
        f"  database:        {_redact(settings.database_url)}{' (demo data added)' if seeded else ''}",
        f"  API:             {base}/api/v1/",
        f"  OpenAPI:         {base}/api/v1/openapi.json",
        f"  article:         {base}/api/v1/articles/{article}",
        f"  comments:        {base}/api/v1/articles/{article}/comments",
        f"  health:          {base}/healthz   readiness: {base}/readyz   metrics: {base}/metrics",
        "",
        "Demo accounts (reader tokens signed with this instance's SSO secret, valid 30 days):",
    ]
    for name, token in tokens.items():
        lines.append(f"  {name:<11} {token}")
    lines += [
        "",
        "Try it:",
        f"  curl -s -X POST {base}/api/v1/articles/{article}/comments \\",
        f"       -H 'Authorization: Bearer {tokens['subscriber']}' \\",
        "       -H 'Content-Type: application/json' -d '{\"body\": \"Hello from the demo\"}'",
        f"  curl -s {base}/api/v1/moderation/queue -H 'Authorization: Bearer {tokens['moderator']}'",
        "",
        "Press Ctrl+C to stop.",
    ]
    return "\n".join(lines)


def _every(seconds: float, job) -> None:
    """Run `job` periodically in a daemon thread (the embedded stand-in for a scheduler)."""
    import logging
    import threading

    def loop():
        while True:
            try:
                job()
            except Exception:
                logging.getLogger("moderation.sweep").exception("periodic job failed")
            threading.Event().wait(seconds)

    threading.Thread(target=loop, name="periodic-sweep", daemon=True).start()


def _local_secret(path: Path, length: int = 32) -> str:
    if path.exists():
        return path.read_text().strip()
    value = secrets.token_urlsafe(length)
    path.write_text(value)
    path.chmod(0o600)
    return value


def _redact(url: str) -> str:
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        creds, host = rest.rsplit("@", 1)
        user = creds.split(":", 1)[0]
        return f"{scheme}://{user}:***@{host}" if ":" in creds else url
    return url


def _database_context(settings: Settings) -> Context:
    """For the commands that only use the database: the secrets the web service checks tokens
    and cookies with need not be set."""
    from .bootstrap import Checks, build

    return build(settings, checks=Checks.DATABASE_ONLY).context


def _models(args) -> int:
    from .adapters.classifier import ModelTrainer
    from .adapters.model_thresholds import starting_version
    from .services import retraining
    from .services.results import CandidateJudged, RetrainingWaiting

    settings = Settings.from_env()
    ctx = _database_context(settings)
    if args.models_command == "retrain":
        if not settings.training_data:
            print("error: set MODERATION_TRAINING_DATA to the labelled data retraining starts from", file=sys.stderr)
            return 1
        trainer = ModelTrainer(settings.training_data, settings.model_dir)
        try:
            outcome = retraining.retrain(ctx, trainer, max(args.min_decisions, 1))
        except FileNotFoundError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        if isinstance(outcome, CandidateJudged):
            print(f"{outcome.outcome}: {outcome.version} (learnt from {outcome.decisions} decisions)")
            print(_gate_table(outcome.metrics))
            for reason in outcome.reasons:
                print(f"  refused: {reason}")
            if outcome.rescoring:
                print(f"  {outcome.rescoring} open items will be scored again by the new model")
        elif isinstance(outcome, RetrainingWaiting):
            print(f"nothing to learn yet: {outcome.new_decisions} new decisions, {outcome.needed} needed")
        else:
            print("another retraining run is under way")
        return 0
    with ctx.transaction() as session:
        promoted = retraining.promoted_version(session)
    print(f"in force: {promoted or starting_version(settings.model_dir)}" + ("" if promoted else " (the model the service started with)"))
    for entry in retraining.history(ctx):
        print(f"{entry.created_at:%Y-%m-%dT%H:%M:%S}  {entry.state:<9} {entry.version}  "
              f"({entry.decisions} decisions, against {entry.base_version})")
        for reason in entry.reasons:
            print(f"    refused: {reason}")
    return 0


def _gate_table(metrics: dict) -> str:
    rows = ["  validation ROC AUC   candidate   in force"]
    for signal in ("abuse", "spam", "off_topic"):
        rows.append(f"  {signal:<20} {metrics['candidate'][signal]['roc_auc']:>9.4f}  {metrics['current'][signal]['roc_auc']:>9.4f}")
    return "\n".join(rows)


def _staff(args) -> int:
    from sqlalchemy.exc import SQLAlchemyError

    from .domain.model import DomainError
    from .services import staff

    settings = Settings.from_env()
    ctx = _database_context(settings)
    try:
        if args.staff_command == "add":
            account = staff.create_account(ctx, args.username, args.name, _read_password(), args.role, args.user_id,
                                           actor="command line")
            print(f"created {account.username} ({', '.join(account.roles)}), acting as {account.user_id}")
        elif args.staff_command == "passwd":
            staff.set_password(ctx, args.username, _read_password())
            print(f"password changed for {args.username}")
        elif args.staff_command in ("disable", "enable"):
            staff.set_active(ctx, args.username, args.staff_command == "enable", actor="command line")
            print(f"{args.username} {args.staff_command}d")
        else:
            for a in staff.list_accounts(ctx):
                state = "" if a.active else "  (disabled)"
                print(f"{a.username:<20} {a.name:<30} {','.join(a.roles):<20} {a.user_id}{state}")
    except DomainError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return 1
    except SQLAlchemyError as exc:
        # Never echo the statement's parameters: they would include the password hash.
        print(f"error: cannot use the database at {_redact(settings.database_url)} ({exc.__class__.__name__}); "
              "is DATABASE_URL right, and has `moderation migrate` run?", file=sys.stderr)
        return 1
    return 0


def _read_password() -> str:
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\n")
    import getpass

    first = getpass.getpass("Password: ")
    if getpass.getpass("Again: ") != first:
        raise SystemExit("error: the passwords differ")
    return first


def _send_emails() -> int:
    from .adapters.mail import SmtpSender
    from .bootstrap import build
    from .services.notifications import deliver_emails

    settings = Settings.from_env()
    if not settings.smtp_host:
        print("MODERATION_SMTP_HOST is not set; nothing to do.", file=sys.stderr)
        return 1
    ctx = build(settings).context
    sender = SmtpSender(settings.smtp_host, settings.smtp_port, settings.smtp_sender)
    result = deliver_emails(ctx, sender.send)
    print(f"sent {result.sent} notification e-mails, {result.refused} refused")
    return 0


def _send_alerts() -> int:
    from .adapters.alert_channels import make_channels
    from .bootstrap import build
    from .services.alerts import run

    settings = Settings.from_env()
    ctx = build(settings).context
    result = run(ctx, make_channels(settings))
    print(f"escalated {result.escalated} alerts; composed {result.messages} messages; sent {result.sent}, "
          f"retrying {result.retrying}, failed {result.failed}, unconfirmed {result.unconfirmed}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
