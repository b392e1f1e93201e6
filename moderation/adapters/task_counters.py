"""Counts of failed and retried worker tasks, kept in Redis so the web's /metrics can report them
whichever worker process they happened in."""
from __future__ import annotations

import contextlib

import redis

from .redis_client import connect

PREFIX = "moderation:tasks:"


class TaskCounters:
    def __init__(self, redis_url: str, timeout: float):
        self._redis = connect(redis_url, timeout)

    def add(self, outcome: str, task: str) -> None:
        with contextlib.suppress(redis.RedisError):  # a metric is not worth failing a task over
            self._redis.hincrby(PREFIX + outcome, task, 1)

    def read(self) -> dict[str, dict[str, int]]:
        """{"failed": {task: n}, "retried": {task: n}}"""
        return {
            outcome: {(k.decode() if isinstance(k, bytes) else k): int(v)  # bytes: the client does not decode
                      for k, v in self._redis.hgetall(PREFIX + outcome).items()}
            for outcome in ("failed", "retried")
        }
