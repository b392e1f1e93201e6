"""Live updates benchmark: what open comment widgets cost while they look for changes.

Each simulated widget does what the real one does once loaded: every MODERATION_LIVE_UPDATE_SECONDS
(as /api/v1/config reports it) it asks for the first page of its article's thread with the ETag it
holds, and a signed-in reader's widget also asks for their notifications the same way; the service
answers 304 while nothing changed. Meanwhile readers keep commenting (new comments arrive on the
articles at --comments-per-minute), so some polls find something new and fetch the page again.

Prints, from one run: requests per reader per minute (signed out and signed in), the share answered
304, latency p50/p99, and the CPU the server's processes used, as a share of one core per 1,000 open
widgets.

Usage: .venv/bin/python bench/live_updates.py [--widgets 1000] [--seconds 60] [--signed-in 0.3]
Needs: PostgreSQL (BENCH_DATABASE_URL, default postgresql://postgres@127.0.0.1:5432/postgres; a
scratch database is created and dropped).
"""
from __future__ import annotations

import argparse
import asyncio
import os
import random
import signal
import sys
import time
from pathlib import Path

import httpx
import jwt
import psutil
import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from common import SECRET, create_database, drop_database, free_port, percentiles, start_gunicorn  # noqa: E402

from moderation.adapters.migrations import upgrade  # noqa: E402


def seed(db_url: str, articles: int, comments_each: int) -> None:
    """`articles` articles with `comments_each` comments each, a fifth of them replies."""
    with psycopg.connect(db_url, autocommit=True) as conn:
        conn.execute("""
            INSERT INTO articles (id, title, url, body, section, published_at, comments_open, created_at, updated_at)
            SELECT 'art-' || g, 'Article ' || g, '', '', 'News', now(), true, now(), now()
            FROM generate_series(1, %s::int) AS g
        """, (articles,))
        conn.execute("""
            INSERT INTO comments (id, article_id, parent_id, root_id, author_id, author_name, body, state, withheld,
                                  revision, scored_revision, created_at)
            SELECT md5(g::text), 'art-' || (g %% %s + 1),
                   CASE WHEN g %% 5 = 0 AND g > %s THEN md5((g - %s)::text) END,
                   CASE WHEN g %% 5 = 0 AND g > %s THEN md5((g - %s)::text) ELSE md5(g::text) END,
                   'reader-' || (g %% 5000), 'Reader ' || (g %% 5000), 'Seeded comment number ' || g, 'published',
                   false, 1, 1, now() - ((%s - g) || ' seconds')::interval
            FROM generate_series(1, %s::int) AS g
        """, (articles, articles, articles, articles, articles, articles * comments_each, articles * comments_each))
        conn.execute("VACUUM ANALYZE")


def token(sub: str, exp: int, **claims) -> str:
    return jwt.encode({"sub": sub, "name": sub.title(), "exp": exp, **claims}, SECRET, algorithm="HS256")


class Tally:
    def __init__(self):
        self.latencies: list[float] = []
        self.by_status: dict[int, int] = {}
        self.signed_out = 0
        self.signed_in = 0


async def widget(http: httpx.AsyncClient, article: str, bearer: str | None, every: float, until: float, tally: Tally,
                 measuring: asyncio.Event) -> None:
    headers = {"Authorization": f"Bearer {bearer}"} if bearer else {}
    paths = [f"/api/v1/articles/{article}/comments?limit=20&order=newest"] + (["/api/v1/me/notifications"] if bearer else [])
    tags: dict[str, str] = {}
    await asyncio.sleep(random.uniform(0, every))  # widgets open at different moments
    while time.monotonic() < until:
        for path in paths:
            sent = dict(headers, **({"If-None-Match": tags[path]} if path in tags else {}))
            started = time.perf_counter()
            counted = measuring.is_set()  # asked within the measured window
            response = await http.get(path, headers=sent)
            if counted:
                tally.latencies.append(time.perf_counter() - started)
                tally.by_status[response.status_code] = tally.by_status.get(response.status_code, 0) + 1
                if bearer:
                    tally.signed_in += 1
                else:
                    tally.signed_out += 1
            if response.status_code == 200:
                tags[path] = response.headers["ETag"]
        await asyncio.sleep(every)


async def commenters(http: httpx.AsyncClient, articles: int, per_minute: float, until: float, exp: int,
                     measuring: asyncio.Event) -> int:
    posted = sent = 0
    if per_minute <= 0:  # a quiet hour: every poll finds nothing new
        return 0
    while time.monotonic() < until:
        await asyncio.sleep(60 / per_minute)
        counted = measuring.is_set()
        response = await http.post(f"/api/v1/articles/art-{random.randint(1, articles)}/comments",
                                   json={"body": f"A new comment, number {sent}."},
                                   headers={"Authorization": f"Bearer {token(f'poster-{sent}', exp, subscriber=True)}"})
        sent += 1
        posted += counted and response.status_code == 201
    return posted


def server_cpu(root: psutil.Process) -> float:
    total = 0.0
    for proc in [root, *root.children(recursive=True)]:
        try:
            times = proc.cpu_times()
            total += times.user + times.system
        except psutil.NoSuchProcess:
            pass
    return total


async def run(base: str, args, server_pid: int) -> dict:
    exp = int(time.time()) + 3600
    limits = httpx.Limits(max_connections=64, max_keepalive_connections=64)
    async with httpx.AsyncClient(base_url=base, timeout=30, limits=limits) as http:
        every = (await http.get("/api/v1/config")).json()["live_update_seconds"]
        warmup, seconds = every, args.seconds
        until = time.monotonic() + warmup + seconds
        tally, measuring = Tally(), asyncio.Event()
        signed_in = int(args.widgets * args.signed_in)
        tasks = [
            asyncio.create_task(widget(http, f"art-{n % args.articles + 1}",
                                       token(f"reader-{n}", exp, subscriber=True) if n < signed_in else None,
                                       every, until, tally, measuring))
            for n in range(args.widgets)
        ]
        posting = asyncio.create_task(commenters(http, args.articles, args.comments_per_minute, until, exp, measuring))
        await asyncio.sleep(warmup)  # every widget has loaded once: from here on they only poll
        server = psutil.Process(server_pid)
        cpu_before, wall_before = server_cpu(server), time.monotonic()
        measuring.set()
        await asyncio.sleep(until - time.monotonic())
        measuring.clear()  # requests sent from here on are not counted; the server's CPU is read now
        cpu_used, wall = server_cpu(server) - cpu_before, time.monotonic() - wall_before
        await asyncio.gather(*tasks)
        posted = await posting
    minutes = wall / 60
    answered = sum(tally.by_status.values())
    return {
        "poll_seconds": every,
        "widgets": args.widgets,
        "signed_in_widgets": signed_in,
        "seconds": wall,
        "comments_posted": posted,
        "requests_per_signed_out_reader_per_minute": tally.signed_out / max(args.widgets - signed_in, 1) / minutes,
        "requests_per_signed_in_reader_per_minute": tally.signed_in / max(signed_in, 1) / minutes,
        "requests_per_second": answered / wall,
        "share_304": tally.by_status.get(304, 0) / max(answered, 1),
        "statuses": tally.by_status,
        "latency": percentiles(tally.latencies),
        "server_cpu_cores": cpu_used / wall,
        "server_cpu_cores_per_1000_widgets": cpu_used / wall * 1000 / args.widgets,
        "server_cpu_ms_per_request": cpu_used * 1000 / max(answered, 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--widgets", type=int, default=1000)
    parser.add_argument("--signed-in", type=float, default=0.3, help="share of widgets with a signed-in reader")
    parser.add_argument("--articles", type=int, default=50)
    parser.add_argument("--comments-each", type=int, default=200)
    parser.add_argument("--comments-per-minute", type=float, default=30)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args()

    db_url = create_database()
    server = None
    try:
        upgrade(db_url)
        seed(db_url, args.articles, args.comments_each)
        port = free_port()
        server = start_gunicorn(db_url, port, args.workers, args.threads, "gthread",
                                MODERATION_COMMENT_RATE_PER_MINUTE="1000000")
        result = asyncio.run(run(f"http://127.0.0.1:{port}", args, server.pid))
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
        drop_database(db_url)
    print(f"{result['widgets']} open widgets ({result['signed_in_widgets']} signed in) over {args.articles} articles, "
          f"polling every {result['poll_seconds']} s, {result['comments_posted']} new comments in "
          f"{result['seconds']:.0f} s measured ({args.workers} gunicorn workers x {args.threads} threads):")
    print(f"  requests per reader per minute: {result['requests_per_signed_out_reader_per_minute']:.2f} signed out, "
          f"{result['requests_per_signed_in_reader_per_minute']:.2f} signed in")
    print(f"  {result['requests_per_second']:.1f} requests/s, {result['share_304']:.1%} answered 304 "
          f"(statuses {result['statuses']}); latency p50 {result['latency']['p50_ms']:.1f} ms, "
          f"p99 {result['latency']['p99_ms']:.1f} ms")
    print(f"  server CPU: {result['server_cpu_cores']:.3f} cores in all, "
          f"{result['server_cpu_cores_per_1000_widgets']:.3f} cores per 1,000 open widgets "
          f"({result['server_cpu_ms_per_request']:.2f} ms of CPU per request)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
