"""The SQL that finds queue items free to take says what the domain's claim rule says, case by case,
on PostgreSQL and on SQLite."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from moderation.adapters.orm import Article, Comment, QueueItem
from moderation.domain.model import CommentState, QueueState, Reason
from moderation.domain.queue_item import QueueEntry
from support.clock import MutableClock
from support.live import close_app, make_app

pytestmark = pytest.mark.integration

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
SECOND = timedelta(seconds=1)

# (claimed_by, claim_expires_at) as rows may hold them, looked at at T0
CLAIMS = {
    "never claimed": (None, None),
    "claimed, an hour to go": ("ana", T0 + timedelta(hours=1)),
    "claimed, a second to go": ("ana", T0 + SECOND),
    "claim expiring this instant": ("ana", T0),
    "claim expired a second ago": ("ana", T0 - SECOND),
    "claim expired a day ago": ("ana", T0 - timedelta(days=1)),
    "claimant without an end": ("ana", None),
    "end without a claimant": (None, T0 + timedelta(hours=1)),
}


@pytest.fixture
def ctx(either_database):
    app = make_app(either_database, MutableClock(T0))
    yield app.extensions["moderation"].context
    close_app(app)


def test_items_free_to_claim_in_sql_are_those_whose_claim_is_not_live(ctx):
    with ctx.transaction() as session:
        session.add(Article(id="a1", title="T", created_at=T0, updated_at=T0))
        for n, (name, (claimed_by, expires)) in enumerate(CLAIMS.items()):
            cid = f"c{n}"
            session.add(Comment(id=cid, article_id="a1", root_id=cid, author_id="sam", author_name="Sam", body=name,
                                state=CommentState.PUBLISHED, created_at=T0))
            session.flush()
            session.add(QueueItem(comment_id=cid, article_id="a1", state=QueueState.OPEN, reason=Reason.ABUSE, priority=1,
                                  due_at=T0, entered_at=T0, entered_coverage="full", claimed_by=claimed_by,
                                  claim_expires_at=expires))
    names = {f"c{n}": name for n, name in enumerate(CLAIMS)}
    with ctx.transaction() as session:
        free_in_sql = {names[cid] for cid in session.scalars(select(QueueItem.comment_id).where(QueueItem.free_to_claim(T0)))}
    free_in_domain = {name for name, (by, until) in CLAIMS.items() if not QueueEntry(QueueState.OPEN, by, until).claim_live(T0)}
    assert free_in_sql == free_in_domain
    assert free_in_domain == {"never claimed", "claim expiring this instant", "claim expired a second ago",
                              "claim expired a day ago", "claimant without an end", "end without a claimant"}
