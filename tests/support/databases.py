"""A throwaway PostgreSQL database per test run, on the real server the suite is pointed at."""
from __future__ import annotations

import os
import uuid

import psycopg
from sqlalchemy import create_engine, text

ADMIN_URL_ENV = "TEST_DATABASE_URL"
DEFAULT_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"


def admin_url() -> str:
    return os.environ.get(ADMIN_URL_ENV, DEFAULT_ADMIN_URL)


def create_database() -> str:
    """Create an empty database; returns its URL. Fails loudly when PostgreSQL is unreachable."""
    base = admin_url()
    name = f"moderation_test_{uuid.uuid4().hex[:10]}"
    try:
        with psycopg.connect(base, autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as exc:
        raise RuntimeError(
            f"PostgreSQL is not reachable at {base} (set {ADMIN_URL_ENV}); integration tests need it: {exc}"
        ) from exc
    return base.rsplit("/", 1)[0] + "/" + name


def drop_database(url: str) -> None:
    base = admin_url()
    name = url.rsplit("/", 1)[1]
    with psycopg.connect(base, autocommit=True, connect_timeout=5) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def truncate_all(url: str) -> None:
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as conn:
        tables = conn.execute(
            text("SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'alembic_version'")
        ).scalars().all()
        conn.execute(text("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE"))
    engine.dispose()
