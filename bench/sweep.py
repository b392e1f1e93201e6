"""Deadline and coverage sweep benchmark: what one run costs on PostgreSQL with a long open queue.

Prints, for a queue seeded as bench/ingest.py seeds it (comments over 1,000 articles, some queued):
  * a run after the migration that added the priority parts (every open item to assess again, at
    most REASSESS_PER_RUN of them): seconds, and milliseconds per item assessed;
  * a run with nothing to do (the steady state, every 30 seconds with beat): milliseconds;
  * a run after one article gets busy (its open items take the activity boost): items, milliseconds.

Usage: .venv/bin/python bench/sweep.py [--comments 200000] [--open 20000]
Needs: PostgreSQL (BENCH_DATABASE_URL, default postgresql://postgres@127.0.0.1:5432/postgres; a
scratch database is created and dropped).
"""
from __future__ import annotations

import argparse
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from common import SECRET, create_database, drop_database  # noqa: E402
from ingest import seed_queue  # noqa: E402

from moderation import create_app  # noqa: E402
from moderation.adapters.migrations import upgrade  # noqa: E402
from moderation.config import Settings  # noqa: E402
from moderation.services.sweep import REASSESS_PER_RUN, sweep  # noqa: E402


def timed_sweep(ctx) -> tuple[dict, float]:
    started = time.perf_counter()
    result = sweep(ctx)
    return result, time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--comments", type=int, default=200_000)
    parser.add_argument("--open", type=int, default=20_000)
    args = parser.parse_args()

    db_url = create_database()
    try:
        upgrade(db_url)
        print(f"seeded {args.comments} comments, {args.open} open items in {seed_queue(db_url, args.comments, args.open):.1f} s")
        now = datetime.now(UTC)
        settings = Settings.from_env({}, database_url=db_url, sso_secret=SECRET, secret_key="bench-secret-key-0123456789",
                                     log_level="WARNING")
        app = create_app(settings, clock=lambda: now)
        ctx = app.extensions["moderation"].context

        result, seconds = timed_sweep(ctx)
        print(f"after the migration: {result['reassessed']} items assessed again (at most {REASSESS_PER_RUN} a run) "
              f"in {seconds:.2f} s, {1000 * seconds / max(result['reassessed'], 1):.1f} ms an item")
        runs = 1
        while result["reassessed"]:
            if runs > 100:
                raise SystemExit(f"still assessing items again after {runs} runs: {result}")
            result, _ = timed_sweep(ctx)
            runs += 1
        print(f"the whole open queue assessed again in {runs - 1} runs")

        steady = []
        for _ in range(5):
            result, seconds = timed_sweep(ctx)
            assert result["reassessed"] == 0, result
            steady.append(seconds)
        steady.sort()
        print(f"a run with nothing to do: median {1000 * steady[2]:.0f} ms, worst {1000 * steady[-1]:.0f} ms (5 runs)")

        with psycopg.connect(db_url, autocommit=True) as conn:
            conn.execute("""
                INSERT INTO comments (id, article_id, parent_id, root_id, author_id, author_name, body, state, withheld,
                                      revision, scored_revision, created_at)
                SELECT 'busy' || g, 'art-11', NULL, 'busy' || g, 'reader-b' || g, 'Reader', 'Busy', 'published', false, 1, 1,
                       %s FROM generate_series(1, 20) AS g
            """, (now,))
        result, seconds = timed_sweep(ctx)
        print(f"after one article got busy: {result['reassessed_for_exposure']} of its items assessed again "
              f"in {1000 * seconds:.0f} ms")
        app.extensions["moderation_engine"].dispose()
        app.extensions["moderation"].context.autocommit.dispose()
    finally:
        drop_database(db_url)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
