"""The composition root: the one place where the parts are made and wired.

The web application (`create_app`), the `moderation` command, the Celery workers and the embedded
default (`moderation serve`) all get their parts from `build`. Every choice is made there, from
the settings and the arguments; what it returns, and the context in it, is never changed afterwards.
"""
from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy.engine import Engine

from .adapters import logs
from .adapters.classifier import ModelScorer
from .adapters.database import Timeouts, make_engine, make_sessions
from .adapters.identity import TokenVerifier
from .adapters.metrics import WebMetrics, make_metrics
from .adapters.rate_limits import InProcessWindows
from .config import Settings
from .services.context import Context, utc_now
from .services.scoring import Scorer

if TYPE_CHECKING:
    import redis

    from workers.local import LocalScoringWorker


class Scoring(enum.Enum):
    """Where a new comment's scoring job goes."""

    BROKER = "broker"  # to Redis, for the Celery workers (nowhere without REDIS_URL: the sweep finds them)
    IN_PROCESS = "in_process"  # to a worker thread of this process (the embedded default, no broker)


class Checks(enum.Enum):
    """How the settings are checked before anything is built."""

    SERVICE = "service"  # everything a process reading tokens and cookies needs (Settings.check)
    DATABASE_ONLY = "database_only"  # operators' commands that only use the database: no secrets needed


@dataclass(frozen=True)
class Runtime:
    """Everything a process may need, made once."""

    settings: Settings
    context: Context  # what the use cases are given
    engine: Engine  # the transactional engine behind context.sessions
    tokens: TokenVerifier  # checks readers' bearer tokens
    metrics: WebMetrics  # what /metrics serves and what a web process counts
    scorer: Scorer  # the classifiers; loads a model only when first asked to score
    broker_check: Callable[[], str]  # "ok", "not_configured" or why the broker is unavailable
    local_worker: LocalScoringWorker | None = None  # scores in a thread of this process (Scoring.IN_PROCESS)

    def close(self) -> None:
        """Close the database connections."""
        self.engine.dispose()
        self.context.autocommit.dispose()


def build(
    settings: Settings,
    *,
    clock: Callable[[], datetime] | None = None,
    scoring: Scoring = Scoring.BROKER,
    checks: Checks = Checks.SERVICE,
    scorer_factory: Callable[[Context], Scorer] = ModelScorer,
) -> Runtime:
    if checks is Checks.SERVICE:
        settings.check()
    logs.configure(settings.log_level, settings.log_format)

    timeouts = Timeouts(settings.db_connect_timeout_seconds, settings.db_statement_timeout_seconds,
                        settings.db_pool_timeout_seconds)
    engine = make_engine(settings.database_url, timeouts=timeouts)
    metrics = make_metrics(settings.redis_url, settings.redis_timeout_seconds)
    redis_client = None
    local_worker = None
    request_scoring: Callable[[list[str]], None] = _nowhere
    rate_windows: object = InProcessWindows()
    if settings.redis_url:
        from .adapters.rate_limits import RedisWindows
        from .adapters.redis_client import connect

        redis_client = connect(settings.redis_url, settings.redis_timeout_seconds)
        rate_windows = RedisWindows(redis_client)
    if scoring is Scoring.IN_PROCESS:
        from workers.local import LocalScoringWorker

        local_worker = LocalScoringWorker()
        request_scoring = local_worker.request
    elif settings.redis_url:
        from .adapters.broker import ScoringDispatcher

        request_scoring = ScoringDispatcher(settings.redis_url, settings.redis_timeout_seconds,
                                            metrics.job_unsent).request
    context = Context(
        sessions=make_sessions(engine),
        settings=settings,
        autocommit=make_engine(settings.database_url, autocommit=True, timeouts=timeouts),
        clock=clock or utc_now,
        request_scoring=request_scoring,
        rate_windows=rate_windows,
    )
    metrics.watch_queue(context)
    scorer = scorer_factory(context)
    if local_worker is not None:
        local_worker.start(context, scorer)
    return Runtime(
        settings=settings,
        context=context,
        engine=engine,
        tokens=TokenVerifier(settings.sso_secret, settings.sso_public_key, settings.token_leeway_seconds),
        metrics=metrics,
        scorer=scorer,
        broker_check=_broker_check(redis_client),
        local_worker=local_worker,
    )


def _nowhere(comment_ids: list[str]) -> None:
    """No broker and no worker: the periodic sweep of unscored comments finds them."""


def _broker_check(client: redis.Redis | None) -> Callable[[], str]:
    if client is None:
        return lambda: "not_configured"

    import redis

    def check() -> str:
        try:
            client.ping()
            return "ok"
        except redis.RedisError as exc:
            return f"unavailable: {exc.__class__.__name__}"

    return check
