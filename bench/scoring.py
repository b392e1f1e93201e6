"""Scoring pipeline benchmark: gunicorn and Celery workers on PostgreSQL and Redis, all on this machine.

Prints:
  * time from comment to score (p50/p99/max) while comments are posted through the API at a
    sustained rate (default 200/s for 60 s), each one dispatched to the workers as it is stored;
  * the maximum sustained scoring rate: a backlog of unscored comments handed to the workers in
    batches, timed until the last score is stored, in all and per worker process.

Usage: .venv/bin/python bench/scoring.py [--rate 200] [--seconds 60] [--backlog 20000] [--concurrency 2]
Needs: PostgreSQL (BENCH_DATABASE_URL as for bench/ingest.py; a scratch database is created and
dropped) and Redis (BENCH_REDIS_URL, default redis://127.0.0.1:6379/14, emptied first).
"""
from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import httpx
import jwt
import psycopg
import redis

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from celery import Celery  # noqa: E402
from common import SECRET, create_database, drop_database, free_port, percentiles, start_gunicorn  # noqa: E402

from moderation.adapters.migrations import upgrade  # noqa: E402

ARTICLE = "bench-article"
BATCH = 200
WORDS = ["bridge", "harbour", "council", "toll", "ferry", "cycle", "lane", "traffic", "repairs", "steel", "deck", "paint", "budget", "welding", "lights", "night", "morning", "commute", "detour", "estate", "school", "breakfast", "pupils", "attendance", "reading", "teachers", "committee", "pilot", "region", "final", "header", "corner", "keeper", "saves", "manager", "extra", "time", "league", "cup", "season", "fans", "tickets", "stadium", "referee", "weather", "rain", "wind", "storm", "flood", "road", "closure", "bus", "train", "station", "platform", "delay", "timetable", "fares", "residents", "shops", "market", "parking", "permits", "housing", "rent", "planning", "application", "objection", "meeting", "vote", "election", "candidate", "policy", "tax", "hospital", "waiting", "nurses", "doctors", "ambulance", "clinic", "library", "museum", "park", "playground", "trees", "river", "walk", "dog", "beach"]


COMMENT_CHARS = 440  # a typical news comment; the deep stage's cost grows with length


def comment_text(i: int, chars: int = COMMENT_CHARS) -> str:
    """Varied wording, as real comments have (identical texts would all be near-duplicates of each
    other), about ``chars`` characters long."""
    rng = random.Random(i)
    words = [f"{i}:"]
    while sum(len(w) + 1 for w in words) < chars:
        words.append(rng.choice(WORDS))
    return " ".join(words) + "."


def token(sub: str, **claims) -> str:
    return jwt.encode({"sub": sub, "name": sub, "subscriber": True, "exp": int(time.time()) + 7200, **claims}, SECRET)


def start_worker(db_url: str, broker: str, concurrency: int) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": db_url, "REDIS_URL": broker, "MODERATION_SSO_SECRET": SECRET,
           "MODERATION_SECRET_KEY": uuid.uuid4().hex, "MODERATION_LOG_LEVEL": "WARNING"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "workers.app", "worker", "--loglevel", "INFO", "--concurrency",
         str(concurrency), "--without-gossip", "--without-mingle", "--without-heartbeat"],
        env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True,
    )
    for line in proc.stdout:
        if " ready." in line:
            threading.Thread(target=lambda: [None for _ in proc.stdout], daemon=True).start()  # keep the pipe drained
            return proc
    raise SystemExit("the Celery worker did not start")


def warm_up(db_url: str, base: str, headers: dict, concurrency: int) -> None:
    """Score a few comments first, so every pool process has loaded the models."""
    ids = [post(base, headers, f"Warming up the scorer, comment {i}.") for i in range(4 * concurrency)]
    wait_until_scored(db_url, len(ids), timeout=120)


def post(base: str, headers: dict, body: str, client: httpx.Client | None = None) -> str:
    response = (client or httpx).post(f"{base}/api/v1/articles/{ARTICLE}/comments", json={"body": body}, headers=headers)
    if response.status_code != 201:
        raise RuntimeError(f"post failed: {response.status_code} {response.text[:200]}")
    return response.json()["id"]


def scored_count(db_url: str) -> int:
    with psycopg.connect(db_url) as conn:
        return conn.execute("SELECT count(DISTINCT comment_id) FROM comment_scores").fetchone()[0]


def unscored_count(db_url: str) -> int:
    # Cheap enough to ask often (a partial index holds exactly these rows), so watching does not slow the run.
    with psycopg.connect(db_url) as conn:
        return conn.execute("SELECT count(*) FROM comments WHERE scored_revision < revision").fetchone()[0]


def wait_until_scored(db_url: str, expected: int, timeout: float) -> float:
    started = time.monotonic()
    while unscored_count(db_url) > 0:
        if time.monotonic() - started > timeout:
            raise SystemExit(f"{unscored_count(db_url)} comments still unscored after {timeout:.0f} s")
        time.sleep(0.1)
    if scored_count(db_url) < expected:
        raise SystemExit(f"only {scored_count(db_url)} of {expected} comments were scored")
    return time.monotonic() - started


def sustained(db_url: str, base: str, rate: int, seconds: int) -> dict:
    """Post at `rate`/s for `seconds`, then read each comment's time to score from the database."""
    before = scored_count(db_url)
    total = rate * seconds
    failures = []
    start = time.monotonic()
    local = threading.local()

    def send(i: int):
        client = getattr(local, "client", None)
        if client is None:
            client = local.client = httpx.Client(timeout=10)
        try:
            post(base, {"Authorization": f"Bearer {token(f'reader-{i % 500}')}"}, "Sustained " + comment_text(i), client)
        except Exception as exc:  # noqa: BLE001 - counted and reported, never hidden
            failures.append(str(exc))

    with ThreadPoolExecutor(max_workers=16) as pool:
        for i in range(total):
            due = start + i / rate
            delay = due - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            pool.submit(send, i)
    posting_seconds = time.monotonic() - start
    wait_until_scored(db_url, before + total - len(failures), timeout=300)
    with psycopg.connect(db_url) as conn:
        rows = conn.execute(
            """SELECT extract(epoch FROM s.created_at - c.created_at) FROM comment_scores s JOIN comments c ON c.id = s.comment_id
               WHERE c.body LIKE 'Sustained %%'"""
        ).fetchall()
    latencies = [float(r[0]) for r in rows]
    figures = percentiles(latencies)
    return {
        "posted": total - len(failures),
        "post_failures": len(failures),
        "achieved_post_rate_per_s": round((total - len(failures)) / posting_seconds, 1),
        "time_to_score_p50_ms": round(figures["p50_ms"], 1),
        "time_to_score_p99_ms": round(figures["p99_ms"], 1),
        "time_to_score_max_ms": round(max(latencies) * 1000, 1),
        "scored": figures["n"],
    }


def backlog_rate(db_url: str, broker: str, n: int) -> dict:
    """Store `n` unscored comments, hand them to the workers in batches, time until all are scored."""
    now = datetime.now(UTC)
    ids = [uuid.uuid4().hex for _ in range(n)]
    with psycopg.connect(db_url) as conn, conn.cursor() as cur:
        with cur.copy("COPY comments (id, article_id, root_id, author_id, author_name, body, state, withheld, revision,"
                      " scored_revision, created_at) FROM STDIN") as copy:
            for i, cid in enumerate(ids):
                copy.write_row((cid, ARTICLE, cid, f"backlog-{i % 1000}", "Backlog reader",
                                "Backlog " + comment_text(i), "published", False, 1, 0, now))
    before = scored_count(db_url)
    client = Celery(broker=broker)
    start = time.monotonic()
    for i in range(0, n, BATCH):
        client.send_task("workers.tasks.score", args=[ids[i:i + BATCH]])
    wait_until_scored(db_url, before + n, timeout=1800)
    elapsed = time.monotonic() - start
    return {"backlog": n, "seconds": round(elapsed, 2), "scored_per_s": round(n / elapsed, 1)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rate", type=int, default=200, help="comments posted per second")
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--backlog", type=int, default=20_000, help="comments for the maximum-rate run (0 skips it)")
    parser.add_argument("--concurrency", type=int, default=2, help="worker processes")
    parser.add_argument("--web-workers", type=int, default=2)
    args = parser.parse_args()

    broker = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
    redis.Redis.from_url(broker).flushdb()
    db_url = create_database()
    processes = []
    try:
        upgrade(db_url)
        port = free_port()
        processes.append(start_gunicorn(db_url, port, args.web_workers, 4, "gthread", REDIS_URL=broker))
        processes.append(start_worker(db_url, broker, args.concurrency))
        base = f"http://127.0.0.1:{port}"
        editor = {"Authorization": f"Bearer {token('bench-editor', roles=['editor'])}"}
        httpx.put(f"{base}/api/v1/articles/{ARTICLE}", json={"title": "Harbour bridge reopens",
                  "body": "The swing bridge reopened after eighteen months of repairs."}, headers=editor).raise_for_status()
        warm_up(db_url, base, {"Authorization": f"Bearer {token('warm-up')}"}, args.concurrency)
        results = {"load_average_at_start": os.getloadavg()[0],
                   "sustained": sustained(db_url, base, args.rate, args.seconds)}
        if args.backlog:
            most = results["maximum_rate"] = backlog_rate(db_url, broker, args.backlog)
            most["scored_per_s_per_process"] = round(most["scored_per_s"] / args.concurrency, 1)  # the workers' sizing (README)
        results["worker_processes"] = args.concurrency
        print(json.dumps(results, indent=2))
    finally:
        for proc in processes:
            try:
                os.killpg(proc.pid, signal.SIGTERM)
                proc.wait(timeout=20)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                os.killpg(proc.pid, signal.SIGKILL)
        drop_database(db_url)
        redis.Redis.from_url(broker).flushdb()
    return 0


if __name__ == "__main__":
    sys.exit(main())
