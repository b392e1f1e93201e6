"""The retention purge, with the service's clock set months and years ahead."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from dateutil.relativedelta import relativedelta
from sqlalchemy import select

from moderation import create_app
from moderation.adapters.orm import AuditEvent, Comment, Complaint, Decision
from moderation.config import Settings
from moderation.domain.model import Action, Reader, Reason
from moderation.services import articles, comments, complaints, decisions, legal_holds, retention
from moderation.services.results import PurgeSummary
from support.clock import WEEKDAY_MORNING, MutableClock
from support.tokens import SSO_SECRET

pytestmark = pytest.mark.integration

EDITOR = Reader(id="ed", name="Editor", roles=frozenset({"editor"}))
MODERATOR = Reader(id="mod-morgan", name="Morgan", roles=frozenset({"moderator"}))
ADMIN = Reader(id="admin-ash", name="Ash", roles=frozenset({"admin"}))
SAM = Reader(id="sam", name="Sam", subscriber=True)


@pytest.fixture
def setup(db_url):
    clock = MutableClock(WEEKDAY_MORNING)
    settings = Settings.from_env({}, database_url=db_url, sso_secret=SSO_SECRET, secret_key="k", log_level="WARNING")
    app = create_app(settings, clock=clock)
    ctx = app.extensions["moderation"].context
    yield ctx, clock
    app.extensions["moderation_engine"].dispose()
    ctx.autocommit.dispose()


def _post(ctx, body):
    return comments.post_comment(ctx, SAM, "a1", body, None).id


def _state(ctx, comment_id):
    with ctx.transaction() as session:
        comment = session.get(Comment, comment_id)
        texts = session.scalars(select(Decision.text).where(Decision.comment_id == comment_id)).all()
        trail = [(e.before, e.after, e.note) for e in session.scalars(
            select(AuditEvent).where(AuditEvent.comment_id == comment_id).order_by(AuditEvent.id))]
        return comment.body, texts, trail


def _purges(ctx):
    with ctx.transaction() as session:
        return [e.after for e in session.scalars(select(AuditEvent).where(AuditEvent.action == "retention_purge"))]


def test_removed_texts_and_notes_go_after_their_periods_and_audit_details_after_six_years(setup):
    ctx, clock = setup
    start = WEEKDAY_MORNING
    articles.upsert_article(ctx, EDITOR, "a1", {"title": "Harbour bridge"})
    deleted, withdrawn, held, kept = (_post(ctx, f"{name} words") for name in ("deleted", "withdrawn", "held", "kept"))
    for comment_id in (deleted, held):
        decisions.decide(ctx, MODERATOR, comment_id, Action.DELETE, Reason.ABUSE, None, "abusive")
    comments.withdraw_comment(ctx, SAM, withdrawn)
    complaints.file_complaint(ctx, None, "anon:1", kept, Reason.UNTRUE, "Wrong figures, says a reader")
    legal_holds.place_hold(ctx, ADMIN, held, "Case 2026/114")

    clock.set(start + relativedelta(months=12) - timedelta(minutes=1))
    assert retention.purge(ctx) == PurgeSummary(comment_texts=0, complaint_notes=0, audit_details=0)
    assert _purges(ctx) == []  # a purge that removed nothing leaves no trace

    clock.set(start + relativedelta(months=12) + timedelta(minutes=1))
    assert retention.purge(ctx) == PurgeSummary(comment_texts=2, complaint_notes=1, audit_details=0)
    for comment_id in (deleted, withdrawn):
        body, texts, trail = _state(ctx, comment_id)
        assert body == "" and all(t == "" for t in texts)
        assert not any("words" in str(event) for event in trail)
    assert _state(ctx, held)[0] == "held words" and _state(ctx, held)[1] == ["held words"]
    assert _state(ctx, kept)[0] == "kept words"  # still published: no period runs
    with ctx.transaction() as session:
        assert session.scalars(select(Complaint.note)).all() == [""]
    [purge] = _purges(ctx)
    assert purge["comment_texts"] == 2 and purge["periods_months"] == {"removed_text": 12, "complaint_notes": 12,
                                                                        "audit_details": 72}
    assert retention.purge(ctx) == PurgeSummary(comment_texts=0, complaint_notes=0, audit_details=0)
    assert len(_purges(ctx)) == 1

    clock.set(start + relativedelta(years=6) + timedelta(minutes=1))
    summary = retention.purge(ctx)
    assert summary.audit_details > 0
    assert all(before is None and after is None and note == "" for before, after, note in _state(ctx, kept)[2])
    held_trail = _state(ctx, held)[2]
    assert any(after and after.get("state") == "deleted" for _, after, _ in held_trail)  # the hold keeps it all
    assert len(_purges(ctx)) == 2

    released = legal_holds.release_hold(ctx, ADMIN, held)
    assert released.text_purged is True  # long past its period
    body, _, trail = _state(ctx, held)
    assert body == "" and all(before is None and after is None and note == "" for before, after, note in trail[:-1])
    assert trail[-1][1] == {"text_purged": True}  # the release itself, just now
    assert retention.purge(ctx).audit_details == 0  # each window of the trail is done once


def test_the_purge_command_purges_what_is_past_its_period(setup, db_url, monkeypatch, capsys):
    from moderation.cli import main

    ctx, clock = setup
    clock.set(datetime(2020, 1, 6, 10, 0, tzinfo=UTC))  # long enough ago on any clock
    articles.upsert_article(ctx, EDITOR, "a1", {"title": "Harbour bridge"})
    comment_id = _post(ctx, "old words")
    decisions.decide(ctx, MODERATOR, comment_id, Action.DELETE, Reason.SPAM, None, "")
    monkeypatch.setenv("DATABASE_URL", db_url)
    assert main(["purge"]) == 0
    assert "purged: 1 removed comments' texts" in capsys.readouterr().out
    assert _state(ctx, comment_id)[0] == ""


def test_a_backlog_of_audit_details_is_redacted_over_several_runs(setup, monkeypatch):
    ctx, clock = setup
    monkeypatch.setattr(retention, "DETAILS_BATCH", 3)
    articles.upsert_article(ctx, EDITOR, "a1", {"title": "Harbour bridge"})
    for n in range(4):
        comment_id = _post(ctx, f"words {n}")
        decisions.decide(ctx, MODERATOR, comment_id, Action.DELETE, Reason.ABUSE, None, f"note {n}")
    with ctx.transaction() as session:
        detailed = sum(1 for e in session.scalars(select(AuditEvent)) if e.before or e.after or e.note)
    assert detailed > 3
    clock.set(WEEKDAY_MORNING + relativedelta(years=6) + timedelta(minutes=1))
    redacted = [retention.purge(ctx).audit_details for _ in range(4)]
    assert redacted[0] == 3 and max(redacted) == 3  # at most a batch a run
    assert sum(redacted) == detailed and redacted[-1] == 0  # each once, and all of them
    with ctx.transaction() as session:
        old = session.scalars(select(AuditEvent).where(AuditEvent.created_at <= WEEKDAY_MORNING)).all()
        assert old and all(e.before is None and e.after is None and e.note == "" for e in old)
