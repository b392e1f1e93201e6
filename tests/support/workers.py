"""Real processes for end-to-end tests: Celery workers (on their own Redis database), gunicorn,
a private Redis."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import httpx
import redis

from support.tokens import SSO_SECRET

ROOT = Path(__file__).resolve().parents[2]
# Kept apart from anything else on the test Redis, and emptied per test (TEST_WORKER_REDIS_DB lets two
# suites share one Redis).
WORKER_REDIS_DB = int(os.environ.get("TEST_WORKER_REDIS_DB", "13"))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def service_env(database_url: str, redis_url: str, **extra: str) -> dict[str, str]:
    """The environment of a service process (a Celery worker, gunicorn) under test."""
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "MODERATION_SSO_SECRET": SSO_SECRET,
        "MODERATION_SECRET_KEY": "test-secret-key",
        "MODERATION_LOG_LEVEL": "WARNING",
        **extra,
    }


def broker_url(redis_url: str) -> str:
    parts = urlsplit(redis_url)
    return urlunsplit(parts._replace(path=f"/{WORKER_REDIS_DB}"))


class WorkerProcess:
    """`celery -A workers.app worker` against the test's database and broker."""

    def __init__(self, database_url: str, broker: str, concurrency: int = 1, beat: bool = False,
                 queues: str = "celery", env: dict[str, str] | None = None):
        self.env = service_env(database_url, broker, **(env or {}))
        self.queues = queues  # "celery,training" also takes retraining
        self.concurrency = concurrency
        self.beat = beat  # also run the periodic jobs (the sweep of unscored comments) in this process
        self.output: list[str] = []
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 60) -> WorkerProcess:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "workers.app", "worker", "--loglevel", "INFO",
             "--concurrency", str(self.concurrency), "--queues", self.queues, "--without-gossip", "--without-mingle", "--without-heartbeat",
             *(["--beat", "--schedule", f"/tmp/celerybeat-{os.getpid()}-{id(self)}"] if self.beat else [])],
            cwd=ROOT, env=self.env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            start_new_session=True,  # its own process group, so a test can kill it and its children at once
        )
        ready = threading.Event()

        def read():
            for line in self.process.stdout:
                self.output.append(line)
                if " ready." in line:
                    ready.set()

        threading.Thread(target=read, daemon=True).start()
        if not ready.wait(timeout):
            self.stop()
            raise RuntimeError("the Celery worker did not start:\n" + "".join(self.output[-40:]))
        return self

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()

    def kill(self) -> None:
        """SIGKILL the worker and its pool processes, as an out-of-memory killer would."""
        import signal

        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)


def empty_broker(url: str) -> None:
    redis.Redis.from_url(url).flushdb()


def wait_for(condition, timeout: float = 30, every: float = 0.1, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


class PrivateRedis:
    """A Redis server of the test's own, so the test can stop and restart it."""

    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> PrivateRedis:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            # A time-shifting preload (libfaketime, to run the suite at a chosen hour) breaks
            # Redis's allocator; the server keeps the real clock like the shared one does.
            env={name: value for name, value in os.environ.items() if name != "LD_PRELOAD"},
        )
        wait_for(self._answers, timeout=10, what="the private Redis to start")
        return self

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)

    def _answers(self) -> bool:
        try:
            return redis.Redis.from_url(self.url, socket_connect_timeout=0.2).ping()
        except redis.RedisError:
            return False


class GunicornService:
    """`gunicorn 'moderation:create_app()'` with the repository's gunicorn.conf.py, as production runs it."""

    def __init__(self, database_url: str, redis_url: str, workers: int, options: tuple[str, ...] = (), **env: str):
        self.base = f"http://127.0.0.1:{free_port()}"
        self.command = [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py", "--bind", self.base.removeprefix("http://"),
                        "--workers", str(workers), *options, "moderation:create_app()"]
        self.env = service_env(database_url, redis_url, **env)
        self.process: subprocess.Popen | None = None

    def start(self) -> GunicornService:
        self.process = subprocess.Popen(self.command, cwd=ROOT, env=self.env, start_new_session=True)
        try:
            wait_for(self._answers, timeout=60, every=0.2, what="gunicorn to start")
        except AssertionError:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)

    def _answers(self) -> bool:
        try:
            return httpx.get(f"{self.base}/healthz", timeout=1).status_code == 200
        except httpx.HTTPError:
            return False
