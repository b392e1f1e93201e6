"""Ingest and queue benchmark: gunicorn on PostgreSQL, driven by wrk over loopback.

Prints, from one run in one server configuration:
  * posting comments: accepted comments/s, p50/p99 latency, checked against the rows stored;
  * a no-op endpoint (/healthz) in the same server: requests/s, p50/p99;
  * the moderation queue listing with 1,000,000 comments and 100,000 open items: p50/p99 per page;
  * a Prometheus scrape of /metrics over the same database: p50/p99.

Usage: .venv/bin/python bench/ingest.py [--seconds 20] [--connections 32] [--workers 2] [--threads 8]
Needs: PostgreSQL (BENCH_DATABASE_URL, default postgresql://postgres@127.0.0.1:5432/postgres; a
scratch database is created and dropped) and wrk (`apt-get install wrk`).
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import httpx
import jwt
import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from common import SECRET, create_database, drop_database, free_port, percentiles, start_gunicorn  # noqa: E402

from moderation.adapters.migrations import upgrade  # noqa: E402

ARTICLE = "bench-article"

WRK_SCRIPT = r"""
local tokens = {}
for line in io.lines("%(tokens)s") do tokens[#tokens + 1] = line end
local counter = 0
local method = "%(method)s"
request = function()
  counter = counter + 1
  if method == "GET" then
    return wrk.format("GET", nil, nil, nil)
  end
  local token = tokens[(counter %% #tokens) + 1]
  local body = '{"body": "Benchmark comment ' .. counter .. ' about the harbour bridge repairs and the new cycle lane."}'
  return wrk.format("POST", nil, {["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json"}, body)
end
done = function(summary, latency, requests)
  local out = io.open("%(out)s", "w")
  out:write(string.format('{"requests": %%d, "seconds": %%f, "errors_status": %%d, "errors_connect": %%d, "errors_timeout": %%d, "p50_us": %%d, "p90_us": %%d, "p99_us": %%d, "max_us": %%d}',
    summary.requests, summary.duration / 1e6, summary.errors.status, summary.errors.connect, summary.errors.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
  out:close()
end
"""


def run_wrk(url: str, method: str, seconds: int, connections: int, tokens_file: Path, workdir: Path) -> dict:
    out = workdir / f"wrk-{uuid.uuid4().hex}.json"
    script = workdir / f"wrk-{uuid.uuid4().hex}.lua"
    script.write_text(WRK_SCRIPT % {"tokens": tokens_file, "method": method, "out": out})
    subprocess.run(
        ["wrk", "-t", "1", "-c", str(connections), "-d", f"{seconds}s", "--timeout", "5s", "-s", str(script), url],
        check=True, stdout=subprocess.DEVNULL,
    )
    result = json.loads(out.read_text())
    result["rps"] = result["requests"] / result["seconds"]
    return result


def seed_queue(db_url: str, comments: int, open_items: int) -> float:
    """Fill the database with `comments` comments over 1,000 articles, `open_items` of them queued."""
    started = time.perf_counter()
    with psycopg.connect(db_url, autocommit=True) as conn:
        conn.execute("""
            INSERT INTO articles (id, title, url, body, section, published_at, comments_open, created_at, updated_at)
            SELECT 'art-' || g, 'Article ' || g, '', '', 'News', now() - (g || ' hours')::interval, true, now(), now()
            FROM generate_series(1, 1000) AS g
        """)
        conn.execute("""
            INSERT INTO comments (id, article_id, parent_id, root_id, author_id, author_name, body, state, withheld,
                                  revision, scored_revision, created_at)
            SELECT md5(g::text), 'art-' || (g %% 1000 + 1), NULL, md5(g::text), 'reader-' || (g %% 50000),
                   'Reader ' || (g %% 50000), 'Seeded comment number ' || g, 'published', false, 1, 1,
                   now() - ((%s - g) || ' seconds')::interval
            FROM generate_series(1, %s::int) AS g
        """, (comments, comments))
        if not 0 < open_items <= comments:
            raise SystemExit("--queue-open must be between 1 and --queue-comments")
        step = comments // open_items
        conn.execute("""
            INSERT INTO queue_items (comment_id, article_id, state, reason, priority, due_at, entered_at, entered_coverage,
                                     triggers, explanation, reviewed_revision)
            SELECT md5(g::text), 'art-' || (g %% 1000 + 1), 'open',
                   (ARRAY['abuse','spam','off_topic','legal','untrue','other'])[g %% 6 + 1],
                   1000 + (g::bigint * 7919) %% 5000, now() + (((g::bigint * 104729) %% 28800) - 3600 || ' seconds')::interval, now(),
                   CASE WHEN g %% 3 = 0 THEN 'part' ELSE 'full' END,
                   '[]'::json, '["Seeded for the benchmark."]'::json, 0
            FROM generate_series(%s::int, %s::int, %s::int) AS g
        """, (step, comments, step))
        conn.execute("""
            INSERT INTO complaints (comment_id, reporter_key, reporter_id, reason, note, created_at)
            SELECT md5(g::text), 'reader:r' || g, 'r' || g, 'abuse', 'Seeded complaint', now()
            FROM generate_series(%s::int, %s::int, %s::int) AS g
        """, (step, comments, step * 2))
        conn.execute("""
            INSERT INTO comment_scores (comment_id, revision, model_version, abuse, off_topic, spam, labels, created_at)
            SELECT md5(g::text), 1, 'bench', ((g * 31) %% 100) / 100.0, 0.1, 0.05, '{}'::json, now()
            FROM generate_series(%s::int, %s::int, %s::int) AS g
        """, (step, comments, step))
        conn.execute("VACUUM ANALYZE")  # as autovacuum leaves a database in use (index-only scans need it)
    return time.perf_counter() - started


def random_cursors(db_url: str, n: int) -> list[str]:
    """Cursors pointing anywhere in the open queue, as a moderator paging deep would hold."""
    from moderation.services.cursors import encode_cursor

    with psycopg.connect(db_url) as conn:
        rows = conn.execute(
            "SELECT priority, due_at, comment_id FROM queue_items WHERE state = 'open' ORDER BY random() LIMIT %s", (n,)
        ).fetchall()
    return [encode_cursor(*row) for row in rows]


def time_queue_pages(base: str, token: str, pages: int, cursors: list[str]) -> dict[str, dict]:
    headers = {"Authorization": f"Bearer {token}"}
    scenarios = {
        "first page": dict,
        "reason=abuse": lambda: {"reason": "abuse"},
        "article filter": lambda: {"article_id": "art-17"},
        "overdue": lambda: {"overdue": "true"},
        "random depth (cursor)": lambda: {"cursor": cursors.pop()},
    }
    results = {}
    with httpx.Client(base_url=base, headers=headers, timeout=10) as client:
        for name, params in scenarios.items():
            samples = []
            for _ in range(pages):
                t = time.perf_counter()
                r = client.get("/api/v1/moderation/queue", params={"limit": 50, **params()})
                samples.append(time.perf_counter() - t)
                assert r.status_code == 200, r.text
            results[name] = percentiles(samples)
        # Walking deep into the queue with the cursor: every page costs the same with keyset pagination.
        samples, cursor, walked = [], None, 0
        while walked < pages:
            t = time.perf_counter()
            r = client.get("/api/v1/moderation/queue", params={"limit": 50, **({"cursor": cursor} if cursor else {})})
            samples.append(time.perf_counter() - t)
            body = r.json()
            walked += 1
            cursor = body["next_cursor"]
        results[f"cursor walk ({walked} pages deep)"] = percentiles(samples)
    return results


def time_scrapes(base: str, scrapes: int) -> dict:
    samples = []
    with httpx.Client(base_url=base, timeout=10) as client:
        for _ in range(scrapes):
            t = time.perf_counter()
            r = client.get("/metrics")
            samples.append(time.perf_counter() - t)
            assert r.status_code == 200, r.text
    return percentiles(samples)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--worker-class", default="gthread", help="gunicorn worker class (gthread, sync)")
    parser.add_argument("--queue-comments", type=int, default=1_000_000)
    parser.add_argument("--queue-open", type=int, default=100_000)
    parser.add_argument("--queue-pages", type=int, default=200)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed: apt-get install wrk")

    db_url = create_database()
    upgrade(db_url)
    workdir = Path(tempfile.mkdtemp(prefix="moderation-bench-"))
    tokens_file = workdir / "tokens.txt"
    exp = int(time.time()) + 3600
    tokens_file.write_text("\n".join(
        jwt.encode({"sub": f"bench-{n}", "name": f"Reader {n}", "subscriber": True, "exp": exp}, SECRET, algorithm="HS256")
        for n in range(2000)
    ))
    editor = jwt.encode({"sub": "bench-editor", "roles": ["editor", "moderator"], "exp": exp}, SECRET, algorithm="HS256")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_gunicorn(db_url, port, args.workers, args.threads, args.worker_class)
    try:
        r = httpx.put(f"{base}/api/v1/articles/{ARTICLE}", json={"title": "Benchmark article"},
                      headers={"Authorization": f"Bearer {editor}"})
        assert r.status_code == 201, r.text
        post_url = f"{base}/api/v1/articles/{ARTICLE}/comments"
        # Warm up both paths (connection pools, imports) before measuring.
        run_wrk(post_url, "POST", 3, args.connections, tokens_file, workdir)
        run_wrk(f"{base}/healthz", "GET", 3, args.connections, tokens_file, workdir)
        with psycopg.connect(db_url) as conn:
            before = conn.execute("SELECT count(*) FROM comments").fetchone()[0]
        noop = run_wrk(f"{base}/healthz", "GET", args.seconds, args.connections, tokens_file, workdir)
        post = run_wrk(post_url, "POST", args.seconds, args.connections, tokens_file, workdir)
        with psycopg.connect(db_url) as conn:
            stored = conn.execute("SELECT count(*) FROM comments").fetchone()[0] - before
        accepted = post["requests"] - post["errors_status"]

        print(f"server: gunicorn {args.worker_class}, {args.workers} workers x {args.threads} threads; PostgreSQL; "
              f"wrk 1 thread, {args.connections} connections, {args.seconds} s each; {os.cpu_count()} cores")
        print(f"{'endpoint':<28}{'req/s':>10}{'p50 ms':>9}{'p90 ms':>9}{'p99 ms':>9}{'errors':>8}")
        for name, r in (("no-op GET /healthz", noop), ("POST comment", post)):
            errors = r["errors_status"] + r["errors_connect"] + r["errors_timeout"]
            print(f"{name:<28}{r['rps']:>10.0f}{r['p50_us'] / 1000:>9.2f}{r['p90_us'] / 1000:>9.2f}"
                  f"{r['p99_us'] / 1000:>9.2f}{errors:>8}")
        # Requests still in flight when wrk stops are stored but not counted by wrk, so stored may
        # exceed the 201s counted by at most the number of connections; fewer would mean a loss.
        in_flight = stored - accepted
        verdict = "ok" if 0 <= in_flight <= args.connections else "MISMATCH"
        print(f"accepted comments/s: {accepted / post['seconds']:.0f}  (201s counted: {accepted}, rows stored: {stored}, "
              f"in flight at the end: {in_flight}: {verdict})")
        print(f"posting throughput vs no-op: {100 * post['rps'] / noop['rps']:.0f} %")
        if verdict != "ok":
            raise SystemExit("stored rows do not match the comments accepted")

        seconds = seed_queue(db_url, args.queue_comments, args.queue_open)
        print(f"\nqueue listing: {args.queue_comments:,} comments, {args.queue_open:,} open items "
              f"(seeded in {seconds:.0f} s); limit=50, {args.queue_pages} requests per row, one client")
        print(f"{'query':<34}{'p50 ms':>9}{'p99 ms':>9}")
        cursors = random_cursors(db_url, args.queue_pages)
        for name, r in time_queue_pages(base, editor, args.queue_pages, cursors).items():
            print(f"{name:<34}{r['p50_ms']:>9.2f}{r['p99_ms']:>9.2f}")
        r = time_scrapes(base, args.queue_pages)
        print(f"{'GET /metrics (a scrape)':<34}{r['p50_ms']:>9.2f}{r['p99_ms']:>9.2f}")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)
        drop_database(db_url)
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
