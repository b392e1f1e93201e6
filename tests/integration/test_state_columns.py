"""State and kind columns hold the domain's enums: read back as members, and a value outside the
enum is refused before anything is written."""
from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import StatementError

from moderation.adapters.orm import Article, Comment
from moderation.domain.model import CommentState
from support.clock import MutableClock
from support.live import close_app, make_app

pytestmark = pytest.mark.integration

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def ctx(db_url):
    app = make_app(db_url, MutableClock(T0))
    yield app.extensions["moderation"].context
    close_app(app)


def _comment(cid: str, state: object) -> Comment:
    return Comment(id=cid, article_id="a1", root_id=cid, author_id="sam", author_name="Sam", body="Hi",
                   state=state, created_at=T0)


def test_a_state_reads_back_as_the_enum_member_from_the_orm_and_from_plain_rows(ctx):
    with ctx.transaction() as session:
        session.add(Article(id="a1", title="T", created_at=T0, updated_at=T0))
        session.flush()
        session.add(_comment("c1", "withdrawn"))  # the stored string is accepted as the member it names
    with ctx.transaction() as session:
        assert session.get(Comment, "c1").state is CommentState.WITHDRAWN
        assert session.execute(select(Comment.__table__.c.state)).scalar_one() is CommentState.WITHDRAWN


def test_an_unknown_state_is_refused_and_nothing_is_written(ctx):
    with ctx.transaction() as session:
        session.add(Article(id="a1", title="T", created_at=T0, updated_at=T0))
    with pytest.raises(StatementError, match="hidden"), ctx.transaction() as session:
        session.add(_comment("c1", "hidden"))
    with ctx.transaction() as session:
        assert session.scalar(select(func.count()).select_from(Comment)) == 0


def test_filtering_on_a_state_that_does_not_exist_finds_nothing(ctx):
    with ctx.transaction() as session:
        session.add(Article(id="a1", title="T", created_at=T0, updated_at=T0))
        session.flush()
        session.add(_comment("c1", CommentState.PUBLISHED))
    with ctx.transaction() as session:
        assert session.scalars(select(Comment.id).where(Comment.state == "hidden")).all() == []
        assert session.scalars(select(Comment.id).where(Comment.state.in_(["published", "hidden"]))).all() == ["c1"]
