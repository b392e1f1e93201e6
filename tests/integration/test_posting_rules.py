"""One set of posting rules: the one-statement insert of the common case and the path that checks
each rule refuse exactly the same comments, on PostgreSQL and on SQLite."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from moderation.adapters.orm import Article, Comment
from moderation.domain.model import DomainError, Reader, SanctionKind
from moderation.domain.standing import STORED_BARS, PostingBar
from moderation.services import articles, comments, sanctions, site_controls
from moderation.services.word_lists import word_lists_in_force
from support.clock import MutableClock
from support.live import close_app, make_app

pytestmark = pytest.mark.integration

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
EDITOR = Reader(id="ed", name="Editor", roles=frozenset({"editor"}))
ADMIN = Reader(id="boss", name="Boss", roles=frozenset({"admin"}))
SAM = Reader(id="sam", name="Sam", subscriber=True)
STAFF = Reader(id="mo", name="Mo", roles=frozenset({"moderator"}))  # staff comment without subscribing


def _close_by_hand(ctx, clock):
    articles.upsert_article(ctx, EDITOR, "a1", {"title": "T", "comments_open": False})


def _closing_time_passed_before_the_sweep(ctx, clock):
    with ctx.transaction() as session:
        session.get(Article, "a1").closes_at = clock()  # they close at this very moment; the sweep has not run


def _closing_time_still_ahead(ctx, clock):
    with ctx.transaction() as session:
        session.get(Article, "a1").closes_at = clock() + timedelta(seconds=1)


def _paused(ctx, clock):
    site_controls.set_site(ctx, ADMIN, True, "Back soon.")


def _paused_then_resumed(ctx, clock):
    site_controls.set_site(ctx, ADMIN, True, "Back soon.")
    site_controls.set_site(ctx, ADMIN, False, "")


def _banned(ctx, clock):
    sanctions.sanction(ctx, STAFF, "sam", SanctionKind.BAN, None, "Abuse.")


def _suspended(ctx, clock):
    sanctions.sanction(ctx, STAFF, "sam", SanctionKind.SUSPEND, clock() + timedelta(hours=1), "Cool off.")


def _suspension_over(ctx, clock):
    sanctions.sanction(ctx, STAFF, "sam", SanctionKind.SUSPEND, clock() + timedelta(hours=1), "Cool off.")
    clock.advance(hours=1)  # it ends at this moment


def _ban_lifted(ctx, clock):
    sanctions.sanction(ctx, STAFF, "sam", SanctionKind.BAN, None, "Abuse.")
    sanctions.sanction(ctx, STAFF, "sam", SanctionKind.LIFT, None, "Appeal heard.")


def _nothing(ctx, clock):
    pass


# (case, what sets it up, the article posted to, who posts, the bar both paths must give: None = accepted)
CASES = [
    ("open article, reader in good standing", _nothing, "a1", SAM, None),
    ("staff member without a subscription", _nothing, "a1", STAFF, None),
    ("missing article", _nothing, "no-such-article", SAM, PostingBar.ARTICLE_MISSING),
    ("comments closed by hand", _close_by_hand, "a1", SAM, PostingBar.ARTICLE_CLOSED),
    ("closing time passed, not yet swept", _closing_time_passed_before_the_sweep, "a1", SAM, PostingBar.ARTICLE_CLOSED),
    ("closing time still ahead", _closing_time_still_ahead, "a1", SAM, None),
    ("commenting paused", _paused, "a1", SAM, PostingBar.SITE_PAUSED),
    ("commenting resumed", _paused_then_resumed, "a1", SAM, None),
    ("reader banned", _banned, "a1", SAM, PostingBar.ACCOUNT_BARRED),
    ("reader suspended", _suspended, "a1", SAM, PostingBar.ACCOUNT_BARRED),
    ("suspension just ended", _suspension_over, "a1", SAM, None),
    ("ban lifted", _ban_lifted, "a1", SAM, None),
]


@pytest.fixture
def ctx_and_clock(either_database):
    clock = MutableClock(T0)
    app = make_app(either_database, clock)
    yield app.extensions["moderation"].context, clock
    close_app(app)


def test_every_stored_bar_has_a_case_here():
    assert {bar for *_, bar in CASES if bar is not None} == set(STORED_BARS)


def _stored(ctx, comment_id: str) -> bool:
    with ctx.transaction() as session:
        return session.scalar(select(func.count()).select_from(Comment).where(Comment.id == comment_id)) == 1


@pytest.mark.parametrize(("setup", "article_id", "reader", "bar"), [case[1:] for case in CASES],
                         ids=[case[0] for case in CASES])
def test_the_one_statement_insert_and_the_checked_path_refuse_the_same_cases(ctx_and_clock, setup, article_id, reader, bar):
    ctx, clock = ctx_and_clock
    articles.upsert_article(ctx, EDITOR, "a1", {"title": "T"})
    setup(ctx, clock)
    now = clock()
    with ctx.transaction() as session:
        word_lists_version, _ = word_lists_in_force(ctx, session)

    fast = comments.new_comment_fields(reader, article_id, None, "A fair point.", now)
    inserted = comments.insert_if_allowed(ctx, fast, word_lists_version)

    checked = comments.new_comment_fields(reader, article_id, None, "A fair point.", now)
    refusal = None
    try:
        with ctx.transaction() as session:
            comments.insert_checked(ctx, session, reader, Comment(**checked), now)
    except DomainError as exc:
        refusal = exc.code

    assert inserted is (bar is None) and _stored(ctx, fast["id"]) is (bar is None)
    assert refusal == (bar.value if bar else None) and _stored(ctx, checked["id"]) is (bar is None)


@pytest.mark.parametrize(("setup", "article_id", "reader", "bar"), [case[1:] for case in CASES],
                         ids=[case[0] for case in CASES])
def test_a_reader_posting_gets_the_same_answer_whichever_path_takes_it(ctx_and_clock, setup, article_id, reader, bar):
    ctx, clock = ctx_and_clock
    articles.upsert_article(ctx, EDITOR, "a1", {"title": "T"})
    comments.post_comment(ctx, Reader(id="warm", name="W", subscriber=True), "a1", "First.", None)  # lists now remembered
    setup(ctx, clock)
    answers = []
    for body in ("Plain words.", "Plain words, again."):
        try:
            answers.append(comments.post_comment(ctx, reader, article_id, body, None).status)
        except DomainError as exc:
            answers.append(exc.code)
    assert answers == [bar.value if bar else "published"] * 2


@pytest.mark.parametrize(("reader", "code"), [(None, "unauthenticated"),
                                              (Reader(id="lapsed", name="L", subscriber=False), "subscription_required")])
def test_bars_known_from_the_token_are_refused_before_either_path(ctx_and_clock, reader, code):
    ctx, _ = ctx_and_clock
    articles.upsert_article(ctx, EDITOR, "a1", {"title": "T"})
    with pytest.raises(DomainError) as refused:
        comments.post_comment(ctx, reader, "a1", "Hello.", None)
    assert refused.value.code == code
    with ctx.transaction() as session:
        assert session.scalar(select(func.count()).select_from(Comment)) == 0
