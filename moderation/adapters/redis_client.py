"""Opening Redis for the web process, whose every use of it can go on without it."""
from __future__ import annotations

import time

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry


def connect(url: str, timeout: float) -> redis.Redis:
    """A client that gives up after `timeout` seconds and never retries: its callers carry on
    without Redis (fail open, report not ready, leave a job to the sweep) rather than wait."""
    return redis.Redis.from_url(url, socket_connect_timeout=timeout, socket_timeout=timeout, retry=Retry(NoBackoff(), 0))


class OutagePause:
    """After Redis fails, its callers skip it for a few seconds, so an outage costs requests
    nothing, not even a timeout each."""

    def __init__(self, seconds: float = 5.0):
        self.seconds = seconds
        self._until = 0.0

    def active(self) -> bool:
        return time.monotonic() < self._until

    def begin(self) -> None:
        self._until = time.monotonic() + self.seconds
