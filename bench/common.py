"""What the benchmarks share: a scratch PostgreSQL database, gunicorn, percentiles."""
from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

import httpx
import psycopg

ROOT = Path(__file__).resolve().parent.parent
SECRET = "bench-sso-secret-" + uuid.uuid4().hex


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def admin_url() -> str:
    return os.environ.get("BENCH_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres")


def create_database() -> str:
    name = f"moderation_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(admin_url(), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return admin_url().rsplit("/", 1)[0] + "/" + name


def drop_database(url: str) -> None:
    with psycopg.connect(admin_url(), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')


def start_gunicorn(db_url: str, port: int, workers: int, threads: int, worker_class: str, **env_extra: str) -> subprocess.Popen:
    env = {
        **os.environ,
        # The benchmarks post as fast as the service takes comments, far past a reader's limit.
        "MODERATION_COMMENT_RATE_PER_MINUTE": "1000000000",
        **env_extra,
        "DATABASE_URL": db_url,
        "MODERATION_SSO_SECRET": SECRET,
        "MODERATION_SECRET_KEY": uuid.uuid4().hex,
        "MODERATION_LOG_LEVEL": "WARNING",
    }
    cmd = [
        sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
        "--worker-class", worker_class, "--threads", str(threads), "--keep-alive", "30",
        "--log-level", "warning", "moderation:create_app()",
    ]
    proc = subprocess.Popen(cmd, env=env, cwd=ROOT, start_new_session=True)
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("gunicorn did not come up")


def percentiles(samples: list[float]) -> dict:
    ordered = sorted(samples)
    return {
        "p50_ms": statistics.median(ordered) * 1000,
        "p99_ms": ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000,
        "n": len(ordered),
    }
