"""The dashboard's search on a real PostgreSQL: answered from trigram indexes, and finding exactly
what the same search finds on SQLite."""
from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import create_engine, insert, text

from moderation.adapters.migrations import upgrade
from moderation.adapters.orm import Article, Comment
from moderation.services.review import search_query

pytestmark = pytest.mark.integration

WORDS = ["ferry", "timetable", "council", "budget", "school", "road", "bridge", "harbour", "election", "vote", "market", "rent", "housing", "hospital", "waiting", "list", "library", "closure", "parking", "charge", "cycle", "lane", "flood", "defence"]
SEARCHES = [
    ("quillwort", "", ""), ("QUILLWORT", "", ""), ("ferry time", "", ""), ("50%", "", ""), ("a_b", "", ""),
    ("", "Marchbanks", ""), ("", "reader-17", ""), ("council", "", "a3"), ("", "", "a1"),
]


def _engine(url: str):
    return create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))


def _fill(engine, count: int = 4000) -> None:
    rng = random.Random(3)
    start = datetime(2026, 12, 2, 12, tzinfo=UTC)
    rows = []
    for n in range(count):
        body = " ".join(rng.choices(WORDS, k=30))
        if n % 400 == 0:
            body += " a quillwort grows by the pier"
        if n == 7:
            body += " rates up 50% this year"
        if n == 8:
            body += " the a_b road"
        if n == 9:
            body += " the axb road"  # not a match for "a_b": the underscore is a character, not a wildcard
        reader = n % 300
        rows.append({
            "id": f"c{n:05d}", "article_id": f"a{n % 5}", "root_id": f"c{n:05d}", "author_id": f"reader-{reader}",
            "author_name": "Morag Marchbanks" if reader == 17 else f"Reader {reader}", "body": body,
            "amended_body": "amended: a quillwort" if n == 1234 else None, "state": "published", "withheld": False,
            "revision": 1, "scored_revision": 1, "created_at": start - timedelta(minutes=n),
        })
    with engine.begin() as connection:
        connection.execute(insert(Article), [
            {"id": f"a{i}", "title": f"Article {i}", "created_at": start, "updated_at": start} for i in range(5)])
        connection.execute(insert(Comment), rows)
        if engine.dialect.name == "postgresql":
            connection.execute(text("ANALYZE comments"))


def _ids(engine, query) -> list[str]:
    with engine.connect() as connection:
        return list(connection.scalars(query.with_only_columns(Comment.id).limit(50)))


def test_the_same_search_finds_the_same_comments_in_the_same_order_on_postgresql_and_sqlite(db_url, tmp_path):
    sqlite_url = f"sqlite:///{tmp_path / 'search.db'}"
    upgrade(sqlite_url)
    pg, lite = _engine(db_url), create_engine(sqlite_url)
    _fill(pg)
    _fill(lite)
    for search in SEARCHES:
        found = _ids(pg, search_query(*search))
        assert found, search
        assert found == _ids(lite, search_query(*search)), search
    assert "c01234" in _ids(pg, search_query("quillwort", "", ""))  # a moderator's amendment counts
    assert _ids(pg, search_query("a_b", "", "")) == ["c00008"]


@pytest.mark.parametrize(("search", "index"), [
    (("quillwort", "", ""), "ix_comments_body_trigrams"),
    (("", "Marchbanks", ""), "ix_comments_author_name_trigrams"),
])
def test_searching_by_words_or_by_name_can_be_answered_from_the_trigram_index(db_url, search, index):
    # On a few thousand comments reading them all is as cheap as the index, so the planner is told
    # to avoid that if it can: it can only if the query's shape lets the index answer it
    # (bench/search.py measures the difference on 200,000 comments).
    pg = _engine(db_url)
    _fill(pg)
    query = search_query(*search).limit(50).compile(pg)
    with pg.begin() as connection:
        connection.execute(text("SET LOCAL enable_seqscan = off"))
        plan = "\n".join(row[0] for row in connection.exec_driver_sql(f"EXPLAIN {query}", query.params))
    assert index in plan, plan
    assert "Seq Scan" not in plan, plan
