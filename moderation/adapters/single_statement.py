"""Running one prepared statement on the busiest path with as little machinery as possible."""
from __future__ import annotations

from typing import Any

from sqlalchemy.engine import Engine, Row
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql import ClauseElement, Executable


class SingleStatement:
    """A statement returning rows, run in autocommit.

    On PostgreSQL (psycopg) it is compiled to SQL once and sent on the pooled driver connection
    directly, which costs a fraction of a full SQLAlchemy execution per call; the parameters are
    values psycopg adapts natively (text, numbers, booleans, aware datetimes). Elsewhere it runs
    through SQLAlchemy as usual.
    """

    def __init__(self, engine: Engine, statement: Executable):
        self._engine = engine
        self._statement = statement
        self._sql: str | None = None
        if engine.dialect.name == "postgresql" and engine.dialect.driver == "psycopg":
            assert isinstance(statement, ClauseElement)  # a statement is both
            self._sql = str(statement.compile(dialect=engine.dialect))

    def first(self, params: dict[str, Any]) -> Row[Any] | tuple[Any, ...] | None:
        """The first row the statement returns, or None."""
        if self._sql is None:
            with self._engine.connect() as connection:
                return connection.execute(self._statement, params).first()
        driver_error = self._engine.dialect.loaded_dbapi.Error
        try:
            raw = self._engine.raw_connection()
        except driver_error as exc:  # the database cannot be reached at all
            raise DBAPIError.instance(self._sql, params, exc, driver_error, connection_invalidated=True) from exc
        try:
            cursor = raw.cursor()
            try:
                cursor.execute(self._sql, params)
                row: tuple[Any, ...] | None = cursor.fetchone()
                return row
            finally:
                cursor.close()
        except driver_error as exc:
            # Raise what SQLAlchemy would have (so a lost database is a 503 like everywhere else),
            # and drop a connection the database has gone from instead of pooling it again.
            lost = self._engine.dialect.is_disconnect(exc, raw.dbapi_connection, None)
            if lost:
                raw.invalidate(exc)
            raise DBAPIError.instance(self._sql, params, exc, driver_error, connection_invalidated=lost) from exc
        finally:
            raw.close()  # back to the pool
