"""Engine and session factory for the configured database."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar, cast

import orjson
import psycopg
from psycopg.abc import PQGen
from sqlalchemy import create_engine, event
from sqlalchemy.engine import CursorResult, Engine, Result
from sqlalchemy.orm import Session, sessionmaker

# How much longer than the statement timeout to wait for the server before deciding the network
# has lost it (the server answers a timed-out statement at once with an error of its own).
ANSWER_GRACE_SECONDS = 2.0
POLL_INTERVAL_SECONDS = 0.1  # psycopg's own, between checks for an interrupt while waiting

RV = TypeVar("RV")


@dataclass(frozen=True)
class Timeouts:
    """How long to wait on PostgreSQL, so that a database that hangs or drops packets gives quick
    errors (503s) instead of requests stuck until gunicorn kills its workers."""

    connect: int  # seconds to open a connection (libpq takes whole seconds, 2 at least)
    statement: float  # seconds the server may spend on one statement, lock waits included
    pool: float  # seconds to wait for a free pooled connection

    def connect_args(self) -> dict[str, Any]:
        return {"connect_timeout": self.connect, "options": f"-c statement_timeout={round(self.statement * 1000)}"}

    @property
    def answer_within(self) -> float:
        return self.statement + ANSWER_GRACE_SECONDS


class _ConnectionThatStopsWaiting(psycopg.Connection):
    """statement_timeout makes a live server give up, but on a network that drops packets no
    answer ever comes and psycopg would wait for ever. This waits `answer_within` seconds for
    each reply, then closes the connection, which SQLAlchemy treats as lost: it is discarded and
    the request gets an OperationalError (a 503)."""

    answer_within: float | None = None

    def wait(self, gen: PQGen[RV], interval: float = POLL_INTERVAL_SECONDS, timeout: float | None = None) -> RV:
        # every round trip goes through here
        try:
            return super().wait(gen, interval, timeout=timeout or self.answer_within)
        except psycopg.errors._WaitTimeout:  # psycopg's own signal that the wait ran out
            self.close()
            raise psycopg.OperationalError(f"no answer from the database within {self.answer_within:g} s") from None


def make_engine(url: str, autocommit: bool = False, timeouts: Timeouts | None = None) -> Engine:
    """`autocommit=True` gives an engine for work that is one statement, atomic on its own: it saves
    the BEGIN and COMMIT round trips on the busiest path (posting a comment). `timeouts` bound
    every wait on PostgreSQL (migrations go without, however long a schema change takes)."""
    options = {"isolation_level": "AUTOCOMMIT"} if autocommit else {}
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30}, **options)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):
            cursor = dbapi_connection.cursor()
            # WAL lets the web process and the worker read while the other writes.
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

        return engine
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    limits = {} if timeouts is None else {"pool_timeout": timeouts.pool, "connect_args": timeouts.connect_args()}
    # JSON columns are read with orjson (PostgreSQL holds only valid JSON, which it reads alike).
    engine = create_engine(url, pool_size=5 if autocommit else 10, max_overflow=10, json_deserializer=orjson.loads,
                           **limits, **options)
    if timeouts is not None:
        @event.listens_for(engine, "do_connect")
        def _connect(_dialect, _record, cargs, cparams):
            connection = _ConnectionThatStopsWaiting.connect(*cargs, **cparams)
            connection.answer_within = timeouts.answer_within
            return connection

    return engine


def make_sessions(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


def rows_affected(result: Result[Any]) -> int:
    """How many rows an UPDATE or DELETE run through `Session.execute` matched. Such statements
    always give a CursorResult; the session's signature only promises a Result."""
    return cast(CursorResult[Any], result).rowcount
