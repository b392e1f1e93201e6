"""The schema and the rules that only a real database can enforce."""
from __future__ import annotations

import pytest
from sqlalchemy import create_engine, func, inspect, select, text
from sqlalchemy.exc import DBAPIError

from classifiers.scores import Scores
from moderation import create_app
from moderation.adapters.migrations import upgrade
from moderation.adapters.orm import Comment, Score
from moderation.config import Settings
from moderation.domain.model import Conflict, Reader, Reason
from moderation.services import articles, comments, complaints, queue, scoring
from moderation.services.results import ClaimedItem, DecisionOutcome
from support.api import FixedScorer
from support.concurrency import at_once
from support.tokens import SSO_SECRET

pytestmark = pytest.mark.integration

EDITOR = Reader(id="ed", name="Editor", roles=frozenset({"editor"}))


def _context(url, **overrides):
    settings = Settings.from_env({}, database_url=url, sso_secret=SSO_SECRET, secret_key="k", log_level="WARNING", **overrides)
    return create_app(settings).extensions["moderation"].context


def _queued(ctx):
    articles.upsert_article(ctx, EDITOR, "a1", {"title": "T"})
    comment = comments.post_comment(ctx, Reader(id="sam", name="Sam", subscriber=True), "a1", "Hello", None)
    complaints.file_complaint(ctx, None, "anon:1", comment.id, Reason.ABUSE, "")
    return comment.id


def test_migrations_build_the_same_schema_on_postgresql_and_sqlite(db_url, tmp_path):
    sqlite_url = f"sqlite:///{tmp_path / 'm.db'}"
    upgrade(sqlite_url)
    upgrade(sqlite_url)  # running again is harmless
    pg = inspect(create_engine(db_url.replace("postgresql://", "postgresql+psycopg://", 1)))
    lite = inspect(create_engine(sqlite_url))
    assert set(pg.get_table_names()) == set(lite.get_table_names())
    for table in pg.get_table_names():
        assert {c["name"] for c in pg.get_columns(table)} == {c["name"] for c in lite.get_columns(table)}, table
    assert "ix_queue_page" in {i["name"] for i in pg.get_indexes("queue_items")}


def test_audit_trail_is_append_only_in_postgresql(db_url):
    ctx = _context(db_url)
    _queued(ctx)
    with pytest.raises(DBAPIError, match="append-only"), ctx.transaction() as session:
        session.execute(text("UPDATE audit_events SET note = 'rewritten'"))
    with pytest.raises(DBAPIError, match="append-only"), ctx.transaction() as session:
        session.execute(text("DELETE FROM audit_events"))


def test_concurrent_claims_let_exactly_one_moderator_in(db_url):
    ctx = _context(db_url)
    comment_id = _queued(ctx)
    outcomes = at_once(lambda n: queue.claim(ctx, Reader(id=f"mod{n}", name="M", roles=frozenset({"moderator"})), comment_id),
                       range(6))
    assert sum(isinstance(o, Conflict) for o in outcomes) == 5 and sum(isinstance(o, ClaimedItem) for o in outcomes) == 1


def test_concurrent_scoring_of_the_same_text_writes_one_row(db_url):
    ctx = _context(db_url)
    comment_id = _queued(ctx)
    scorer = FixedScorer(Scores(abuse=0.4, spam=0.1, model="model-x"))
    outcomes = at_once(lambda _: scoring.score_comments(ctx, scorer, [comment_id]), range(5))
    with ctx.transaction() as session:
        assert session.scalar(select(func.count()).select_from(Score)) == 1
    assert sorted(outcomes) == [0, 0, 0, 0, 1]


def test_simultaneous_decisions_all_count_in_the_running_totals(db_url):
    from moderation.adapters.orm import DecisionTally
    from moderation.domain.model import Action
    from moderation.services import decisions

    ctx = _context(db_url)
    articles.upsert_article(ctx, EDITOR, "a1", {"title": "T"})
    ids = [comments.post_comment(ctx, Reader(id=f"r{n}", name="R", subscriber=True), "a1", f"Comment {n}", None).id
           for n in range(6)]
    moderator = Reader(id="mod", name="M", roles=frozenset({"moderator"}))
    # The first decisions of a moderator and action all create the same totals row at once.
    outcomes = at_once(lambda comment_id: decisions.decide(ctx, moderator, comment_id, Action.DELETE, Reason.ABUSE, None, ""), ids)
    assert all(isinstance(o, DecisionOutcome) for o in outcomes), outcomes
    with ctx.transaction() as session:
        assert session.execute(select(DecisionTally.moderator_id, DecisionTally.action, DecisionTally.decisions)).all() == [
            ("mod", "delete", 6)]


def test_simultaneous_copies_of_a_post_with_one_idempotency_key_store_one_comment(db_url):
    from moderation.services.idempotency import IdempotencyKey

    ctx = _context(db_url)
    articles.upsert_article(ctx, EDITOR, "a1", {"title": "T"})
    key = IdempotencyKey("key-1", "fingerprint-of-the-request")
    sam = Reader(id="sam", name="Sam", subscriber=True)
    outcomes = at_once(lambda _: comments.post_comment(ctx, sam, "a1", "Said once", None, key), range(8))
    assert len({o.id for o in outcomes}) == 1  # every copy got the one comment's answer
    with ctx.transaction() as session:
        assert session.scalar(select(func.count()).select_from(Comment)) == 1


def test_readiness_reports_the_real_broker(db_url, redis_url):
    app = create_app(Settings.from_env({}, database_url=db_url, redis_url=redis_url, sso_secret=SSO_SECRET, secret_key="k",
                                        log_level="WARNING"))
    assert app.test_client().get("/readyz").get_json()["checks"] == {"database": "ok", "broker": "ok"}
    away = create_app(Settings.from_env({}, database_url=db_url, redis_url="redis://127.0.0.1:1/0", sso_secret=SSO_SECRET,
                                        secret_key="k", log_level="WARNING"))
    response = away.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.get_json()["checks"]["broker"].startswith("unavailable")


def test_unreachable_database_answers_503_in_the_error_format():
    app = create_app(Settings.from_env({}, database_url="postgresql://postgres@127.0.0.1:1/none", sso_secret=SSO_SECRET,
                                       secret_key="k", log_level="CRITICAL"))
    response = app.test_client().get("/api/v1/articles/a1")
    assert response.status_code == 503
    assert response.get_json()["error"]["code"] == "database_unavailable"


def test_migrate_command_brings_an_empty_database_to_head(tmp_path, monkeypatch, capsys):
    from moderation.cli import main

    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    assert main(["migrate"]) == 0
    assert "database at head" in capsys.readouterr().out
    assert "queue_items" in inspect(create_engine(url)).get_table_names()


def test_simultaneous_complaints_cannot_pass_the_rate_limit(db_url):
    from moderation.domain.model import RateLimited

    ctx = _context(db_url, complaint_rate_per_minute=10)
    articles.upsert_article(ctx, EDITOR, "a1", {"title": "T"})
    ids = [comments.post_comment(ctx, Reader(id=f"au{n}", name="A", subscriber=True), "a1", f"Comment {n}", None).id
           for n in range(30)]
    outcomes = at_once(lambda cid: complaints.file_complaint(ctx, None, "anon:flooder", cid, Reason.SPAM, ""), ids)
    assert sum(isinstance(o, tuple) for o in outcomes) == 10 and sum(isinstance(o, RateLimited) for o in outcomes) == 20
