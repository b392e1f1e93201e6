"""Readers' data benchmark: erasure and the retention purge on a scratch PostgreSQL database.

Prints the time to erase a reader with `--comments` comments on a trail that already holds
`--events` other audit events, then the purge a year and six years later (another reader's
comments, a fifth as many, were reported and deleted meanwhile), each run twice (the second finds
nothing left to do).

Usage: .venv/bin/python bench/readers_data.py [--comments 500] [--events 200000]
Needs: PostgreSQL (BENCH_DATABASE_URL as for bench/ingest.py; a scratch database is created and dropped).
"""
from __future__ import annotations

import argparse
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import text

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from common import SECRET, create_database, drop_database  # noqa: E402

from moderation import create_app  # noqa: E402
from moderation.adapters.migrations import upgrade  # noqa: E402
from moderation.config import Settings  # noqa: E402
from moderation.domain.model import Action, Reader, Reason  # noqa: E402
from moderation.services import articles, comments, complaints, decisions, erasure, retention  # noqa: E402


class Clock:
    def __init__(self, start: datetime):
        self.now = start

    def __call__(self) -> datetime:
        return self.now


def timed(job) -> tuple[float, dict]:
    start = time.perf_counter()
    result = job()
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--comments", type=int, default=500)
    parser.add_argument("--events", type=int, default=200_000)
    args = parser.parse_args()
    url = create_database()
    upgrade(url)
    clock = Clock(datetime(2026, 11, 25, 10, 30, tzinfo=UTC))
    settings = Settings.from_env({}, database_url=url, sso_secret=SECRET, secret_key=SECRET, log_level="WARNING",
                                 comment_rate_per_minute=10**6, complaint_rate_per_minute=10**6)
    app = create_app(settings, clock=clock)
    ctx = app.extensions["moderation"].context
    try:
        articles.upsert_article(ctx, Reader(id="ed", name="Ed", roles=frozenset({"editor"})), "a1", {"title": "Bench"})
        with ctx.transaction() as session:
            session.execute(text(
                "INSERT INTO audit_events (comment_id, actor, action, note, before, after, created_at) "
                "SELECT md5(g::text)::varchar(32), 'mod-x', 'claimed', '', NULL, NULL, :start - g * interval '1 minute' "
                "FROM generate_series(1, :n) g"), {"start": clock.now, "n": args.events})
        reader, moderator = Reader(id="bench-reader", name="Reader", subscriber=True), Reader(
            id="mod", name="Mod", roles=frozenset({"moderator"}))
        other = Reader(id="bench-other", name="Other", subscriber=True)
        for n in range(args.comments):
            clock.now += timedelta(seconds=30)
            comments.post_comment(ctx, reader, "a1", f"Comment number {n}", None)
            if n % 5 == 0:  # another reader's comment, reported and deleted: its text is purged a year on
                removed = comments.post_comment(ctx, other, "a1", f"Removed comment {n}", None)["id"]
                complaints.file_complaint(ctx, None, "anon:bench", removed, Reason.ABUSE, "a note")
                decisions.decide(ctx, moderator, removed, Action.DELETE, Reason.ABUSE, None, "")
        seconds, result = timed(lambda: erasure.erase_reader(ctx, reader.id, "admin"))
        print(f"erasure: {seconds:.2f} s for {result['comments']} comments, {args.events:,} other audit events")
        for label, later in (("a year later", timedelta(days=400)), ("six years later", timedelta(days=6 * 366))):
            clock.now += later
            for run in ("first", "again"):
                seconds, result = timed(lambda: retention.purge(ctx))
                print(f"purge {label} ({run}): {seconds:.3f} s {result}")
    finally:
        app.extensions["moderation_engine"].dispose()
        ctx.autocommit.dispose()
        drop_database(url)


if __name__ == "__main__":
    main()
