"""What every use case needs from outside: the database, the clock and the settings."""
from __future__ import annotations

import contextlib
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from ..adapters.rate_limits import InProcessWindows
from ..config import Settings
from ..domain.model import RateLimited


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Context:
    """Built once per process by the composition root (moderation.bootstrap) and never changed."""

    sessions: sessionmaker[Session]
    settings: Settings
    autocommit: Engine  # for single statements that need no transaction around them
    clock: Callable[[], datetime] = utc_now
    # Asks the workers to score these comments' current text. Best effort: whatever it misses
    # (a broker outage) the periodic sweep of unscored comments picks up.
    request_scoring: Callable[[list[str]], None] = lambda comment_ids: None
    # Uses of rate-limited actions: in Redis when configured, shared by every process.
    rate_windows: Any = field(default_factory=InProcessWindows)
    _prepared: dict[str, Any] = field(default_factory=dict, repr=False)
    # What a use case may remember between requests in this process (it says how it stays current).
    memo: dict[str, Any] = field(default_factory=dict, repr=False)

    def now(self) -> datetime:
        return self.clock()

    def limit_rate(self, key: str, per_minute: int, refusal: str, message: str, use: str | None = None) -> None:
        """Counts one use of `key` (once only for a `use` id); raises RateLimited(refusal) once
        `per_minute` uses fall in the last minute. `message` may name the wait as {seconds}."""
        wait = math.ceil(self.rate_windows.take(key, per_minute, 60, self.now().timestamp(), use))
        if wait > 0:
            raise RateLimited(refusal, message.format(seconds=wait), retry_after=wait)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Session]:
        session = self.sessions()
        try:
            with session.begin():
                yield session
        finally:
            session.close()

    def prepared(self, name: str, build: Callable[[], Any]) -> Any:
        """A statement for the autocommit engine, prepared once per process (see adapters.single_statement)."""
        statement = self._prepared.get(name)
        if statement is None:
            from ..adapters.single_statement import SingleStatement

            statement = self._prepared[name] = SingleStatement(self.autocommit, build())
        return statement

