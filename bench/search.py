"""Dashboard search benchmark: the moderators' search by words and by author over many comments
on a scratch PostgreSQL database, with the trigram indexes and without them.

Fills the database with `--comments` comments of 40 English words each, then times the search service, the median of five runs each, for:
a word in ten comments, a phrase in none, a word in many, part of one author's name, and words with
an article filter. Prints each time with the indexes and after dropping them (the query reads
every comment then), and the size of the indexes.

Usage: .venv/bin/python bench/search.py [--comments 200000]
Needs: PostgreSQL (BENCH_DATABASE_URL as for bench/ingest.py; a scratch database is created and dropped).
"""
from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
from sqlalchemy import bindparam, text

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from common import SECRET, create_database, drop_database  # noqa: E402

from moderation import create_app  # noqa: E402
from moderation.adapters.migrations import upgrade  # noqa: E402
from moderation.config import Settings  # noqa: E402
from moderation.domain.model import Reader  # noqa: E402
from moderation.services import review  # noqa: E402

INDEXES = ("ix_comments_body_trigrams", "ix_comments_amended_body_trigrams", "ix_comments_author_name_trigrams")
SEARCHES = {
    "a word in ten comments": {"text": "quillwort"},
    "a phrase in no comment": {"text": "harbour lighthouse keeper strike"},
    "a word in many comments": {"text": "council"},
    "part of one author's name": {"author": "Marchbanks"},
    "a word, on one article": {"text": "council", "article_id": "a5"},
}


def vocabulary() -> list[str]:
    """English words from the project's own prose (README, demo articles and comments), most
    frequent first, without "council" and the searched rarities, which are placed on purpose."""
    counts: Counter[str] = Counter()
    for path in ("README.md", "classifiers/README.md", "moderation/demo.py"):
        counts.update(re.findall(r"[a-z]{3,}", (ROOT / path).read_text().lower()))
    for word in ("council", "quillwort", "harbour", "lighthouse", "keeper", "strike", "marchbanks"):
        counts.pop(word, None)
    return [word for word, _ in counts.most_common()]


def fill(url: str, count: int) -> None:
    """`count` comments of 40 words drawn with Zipf's law (as words are in real text) from the
    vocabulary, "council" in one comment in 25, "quillwort" in ten, over 20 articles."""
    words = vocabulary()
    weights = [1 / rank for rank in range(1, len(words) + 1)]
    rng = random.Random(7)
    start = datetime(2026, 12, 2, 12, tzinfo=UTC)
    rare = set(range(0, count, max(count // 10, 1)))
    # Straight to PostgreSQL, without the service's bounded waits: this takes a while.
    with psycopg.connect(url) as connection:
        connection.execute(
            "INSERT INTO articles (id, title, url, body, section, comments_open, created_at, updated_at) "
            "SELECT 'a' || g, 'Article ' || g, '', '', 'news', true, now(), now() FROM generate_series(0, 19) g")
        with connection.cursor().copy(
                "COPY comments (id, article_id, root_id, author_id, author_name, body, state, withheld, "
                "revision, scored_revision, created_at, changes) FROM STDIN") as copy:
            for n in range(count):
                body = rng.choices(words, weights, k=40)
                if n % 25 == 0:
                    body[rng.randrange(40)] = "council"
                if n in rare:
                    body[rng.randrange(40)] = "quillwort"
                reader = n % 5000
                name = "Morag Marchbanks" if reader == 17 else f"Reader {reader}"
                copy.write_row((f"c{n}", f"a{n % 20}", f"c{n}", f"reader-{reader}", name, " ".join(body),
                                "published", False, 1, 1, start - timedelta(seconds=n), 0))
        connection.execute("ANALYZE comments")


def median_seconds(ctx, moderator: Reader, query: dict) -> tuple[float, int]:
    times, found = [], 0
    for _ in range(5):
        start = time.perf_counter()
        found = len(review.search_comments(ctx, moderator, **query))
        times.append(time.perf_counter() - start)
    return statistics.median(times), found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--comments", type=int, default=200_000)
    args = parser.parse_args()
    url = create_database()
    try:
        upgrade(url)
        settings = Settings.from_env({}, database_url=url, sso_secret=SECRET, secret_key=SECRET, log_level="WARNING")
        app = create_app(settings, clock=lambda: datetime(2026, 12, 2, 12, tzinfo=UTC))
        ctx = app.extensions["moderation"].context
        moderator = Reader(id="mod", name="Mod", roles=frozenset({"moderator"}))
        started = time.perf_counter()
        fill(url, args.comments)
        print(f"{args.comments:,} comments written in {time.perf_counter() - started:.0f} s")
        with ctx.transaction() as connection:
            size = connection.scalar(text("SELECT sum(pg_relation_size(c.oid)) FROM pg_class c WHERE relname IN :names")
                                     .bindparams(bindparam("names", INDEXES, expanding=True)))
            table = connection.scalar(text("SELECT pg_relation_size('comments')"))
        print(f"trigram indexes {size / 2**20:.0f} MB beside {table / 2**20:.0f} MB of comments")
        indexed = {name: median_seconds(ctx, moderator, query) for name, query in SEARCHES.items()}
        with ctx.transaction() as connection:
            for name in INDEXES:
                connection.execute(text(f"DROP INDEX {name}"))
        plain = {name: median_seconds(ctx, moderator, query) for name, query in SEARCHES.items()}
        print(f"{'search (median of 5)':32} {'found':>6} {'indexed':>10} {'no index':>10}")
        for name in SEARCHES:
            print(f"{name:32} {indexed[name][1]:>6} {indexed[name][0] * 1000:>8.1f} ms {plain[name][0] * 1000:>7.1f} ms")
        app.extensions["moderation_engine"].dispose()
        ctx.autocommit.dispose()
    finally:
        drop_database(url)


if __name__ == "__main__":
    main()
