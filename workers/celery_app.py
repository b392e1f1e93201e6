"""The Celery application, over the parts the composition root (moderation.bootstrap) built."""
from __future__ import annotations

from typing import Any

from celery import Celery
from celery.signals import task_failure, task_retry, worker_process_init

from moderation.adapters.task_counters import TaskCounters
from moderation.bootstrap import Runtime

# How often the periodic jobs run (seconds).
SWEEP_UNSCORED_EVERY = 10.0
ESCALATE_EVERY = 30.0
RETRAIN_CHECK_EVERY = 3600.0  # it trains only once enough new decisions have gathered
ALERTS_EVERY = 15.0  # on-call alerts: batched per recipient over minutes, so seconds of delay are nothing
PURGE_EVERY = 3600.0  # retention periods are months: an hour late is on time
# Retraining runs on its own queue, so a run of a minute or more never holds up scoring:
# a worker started with `-Q training` takes it.
TRAINING_QUEUE = "training"
# A job taken by a worker stays in Redis, unacknowledged, until it is done. Once it is older than
# the visibility timeout any worker puts it back in the queue (kombu looks every RESTORE_EVERY
# seconds), so the timeout sits above the longest a job may run: no job is handed to a second
# worker while the first still runs it.
VISIBILITY_MARGIN = 30
RESTORE_EVERY = 10


class ModerationCelery(Celery):  # type: ignore[misc]
    """A Celery application holding the parts of its process: its tasks reach them as
    `current_app.runtime` (workers/tasks.py), the scorer included (loaded on its first job)."""

    def __init__(self, runtime: Runtime, **options: Any):
        super().__init__("moderation", **options)
        self.runtime = runtime


def make_celery(runtime: Runtime) -> ModerationCelery:
    settings = runtime.settings
    celery = ModerationCelery(runtime)
    limit = settings.task_time_limit_seconds
    celery.conf.update(
        broker_url=settings.redis_url or "memory://",
        task_ignore_result=True,
        task_serializer="json",
        accept_content=["json"],
        # A job is acknowledged only once done, and given back if its worker dies mid-way:
        # scoring is idempotent, so running it twice is harmless, losing it is not.
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        task_soft_time_limit=limit * 3 // 4,  # retraining has limits of its own (workers/tasks.py)
        task_time_limit=limit,
        # One job per pool process and none waiting behind it inside the worker, so a job's time
        # unacknowledged is its running time, which the time limit bounds (a job takes up to a
        # batch of waiting comments along, so there is little to gain from taking more).
        worker_prefetch_multiplier=1,
        broker_connection_retry_on_startup=True,
        broker_transport_options={"visibility_timeout": limit + VISIBILITY_MARGIN,
                                  "unacked_restore_interval": RESTORE_EVERY, "unacked_restore_throttle": 1},
        task_routes={"workers.tasks.retrain": {"queue": TRAINING_QUEUE}},
        # A periodic job not started by the time the next one is due is dropped: after an outage
        # the workers find one of each, not a backlog.
        beat_schedule={
            "sweep-unscored": _periodic("workers.tasks.sweep_unscored", SWEEP_UNSCORED_EVERY),
            "escalate": _periodic("workers.tasks.escalate", ESCALATE_EVERY),
            "purge": _periodic("workers.tasks.purge", PURGE_EVERY),
            "alerts": _periodic("workers.tasks.deliver_alerts", ALERTS_EVERY),
            **({"retrain": _periodic("workers.tasks.retrain", RETRAIN_CHECK_EVERY)} if settings.training_data else {}),
        },
    )
    celery.set_default()

    counters = TaskCounters(settings.redis_url, settings.redis_timeout_seconds) if settings.redis_url else None
    if counters is not None:
        task_failure.connect(lambda sender=None, **_: counters.add("failed", sender.name), weak=False)
        task_retry.connect(lambda sender=None, **_: counters.add("retried", sender.name), weak=False)

    @worker_process_init.connect(weak=False)
    def _own_connections(**_: Any) -> None:
        # A forked pool process must not share the parent's database connections.
        runtime.engine.dispose(close=False)
        runtime.context.autocommit.dispose(close=False)

    return celery


def _periodic(task: str, every: float) -> dict[str, Any]:
    return {"task": task, "schedule": every, "options": {"expires": every}}
