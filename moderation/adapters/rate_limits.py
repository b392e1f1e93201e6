"""Sliding-window rate limits: at most `limit` uses of a key in any `window` seconds. A use may
carry an id (a request's idempotency key), and is then counted once however often it is sent.

Kept in Redis when it is configured, so every gunicorn worker on every machine counts the same
uses; the embedded default (one process) keeps them in memory. Times are the service's clock in
seconds, so tests move them with the clock they set.
"""
from __future__ import annotations

import logging
import math
import threading
import uuid
from collections import deque

import redis

from .redis_client import OutagePause

log = logging.getLogger(__name__)

PREFIX = "moderation:rate:"  # apart from the broker's keys in the same database


def _wait(earlier_uses: list[float], limit: int, window: float, now: float) -> float:
    """Seconds until one more use fits, given the uses (oldest first) already in the window."""
    return earlier_uses[len(earlier_uses) - limit] + window - now


class InProcessWindows:
    SWEEP_EVERY = 1000  # uses between drops of keys nobody has used for a whole window

    def __init__(self):
        self._uses: dict[str, tuple[float, deque[tuple[float, str | None]]]] = {}  # key: (window, [(time, use)])
        self._lock = threading.Lock()
        self._until_sweep = self.SWEEP_EVERY

    def take(self, key: str, limit: int, window: float, now: float, use: str | None = None) -> float:
        """Counts a use of `key` and returns 0 if it fits in the limit (or `use` was counted
        already); otherwise counts nothing and returns the seconds until a use would fit."""
        with self._lock:
            self._sweep(now)
            _, uses = self._uses.setdefault(key, (window, deque()))
            while uses and uses[0][0] <= now - window:
                uses.popleft()
            if use is not None and any(earlier == use for _, earlier in uses):
                return 0.0
            if len(uses) >= limit:
                return _wait([at for at, _ in uses], limit, window, now)
            uses.append((now, use))
            return 0.0

    def _sweep(self, now: float) -> None:
        self._until_sweep -= 1
        if self._until_sweep <= 0:
            self._until_sweep = self.SWEEP_EVERY
            self._uses = {key: entry for key, entry in self._uses.items() if entry[1] and entry[1][-1][0] > now - entry[0]}


class RedisWindows:
    """One sorted set of use times per key."""

    def __init__(self, client: redis.Redis):
        self.client = client
        self.outage = OutagePause()

    def take(self, key: str, limit: int, window: float, now: float, use: str | None = None) -> float:
        if self.outage.active():
            return 0.0
        key, member = PREFIX + key, (use or uuid.uuid4().hex).encode()  # members come back as bytes
        try:
            with self.client.pipeline() as pipe:  # MULTI/EXEC: concurrent uses are added one after another
                pipe.zremrangebyscore(key, "-inf", now - window)
                pipe.zadd(key, {member: now}, nx=True)
                pipe.zrange(key, 0, -1, withscores=True)
                pipe.expire(key, math.ceil(window))
                _, added, uses, _ = pipe.execute()
            if not added or len(uses) <= limit:
                return 0.0  # counted already, or within the limit
            # Over the limit: this use is taken back, so a refused request never counts.
            self.client.zrem(key, member)
        except redis.RedisError as exc:
            # Posting must not depend on Redis (comments are safe without it): an outage lifts the limits.
            self.outage.begin()
            log.warning("rate limit not checked: Redis unavailable", extra={"error": exc.__class__.__name__})
            return 0.0
        earlier = [score for other, score in uses if other != member]  # oldest first, as ZRANGE gives them
        return _wait(earlier, limit, window, now)
