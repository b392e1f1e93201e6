"""What every use case needs from outside: the database, the clock and the settings."""
from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Callable, Iterator

from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from ..config import Settings


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


@dataclass
class Context:
    sessions: sessionmaker[Session]
    settings: Settings
    autocommit: Engine  # for single statements that need no transaction around them
    clock: Callable[[], datetime] = utc_now
    # Asks the workers to score these comments' current text. Best effort: whatever it misses
    # (a broker outage) the periodic sweep of unscored comments picks up.
    request_scoring: Callable[[list[str]], None] = lambda comment_ids: None
    _prepared: dict[str, Any] = field(default_factory=dict, repr=False)

    def now(self) -> datetime:
        return self.clock()

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

