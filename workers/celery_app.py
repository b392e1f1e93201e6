"""The Celery application, made from the Flask application (one composition root for both)."""
from __future__ import annotations

from celery import Celery, Task
from celery.signals import task_failure, task_retry, worker_process_init

from moderation.adapters.task_counters import TaskCounters
from flask import Flask

# How often the periodic jobs run (seconds).
SWEEP_UNSCORED_EVERY = 10.0
ESCALATE_EVERY = 30.0
RETRAIN_CHECK_EVERY = 3600.0  # it trains only once enough new decisions have gathered
# Retraining runs on its own queue, so a run of a minute or more never holds up scoring:
# a worker started with `-Q training` takes it.
TRAINING_QUEUE = "training"


def make_celery(app: Flask) -> Celery:
    settings = app.extensions["moderation"].context.settings

    class FlaskTask(Task):
        def __call__(self, *args, **kwargs):
            with app.app_context():
                return self.run(*args, **kwargs)

    celery = Celery(app.name, task_cls=FlaskTask)
    celery.conf.update(
        broker_url=settings.redis_url or "memory://",
        task_ignore_result=True,
        task_serializer="json",
        accept_content=["json"],
        # A job is acknowledged only once done, and given back if its worker dies mid-way:
        # scoring is idempotent, so running it twice is harmless, losing it is not.
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=4,
        broker_connection_retry_on_startup=True,
        broker_transport_options={"visibility_timeout": 300},
        task_routes={"workers.tasks.retrain": {"queue": TRAINING_QUEUE}},
        beat_schedule={
            "sweep-unscored": {"task": "workers.tasks.sweep_unscored", "schedule": SWEEP_UNSCORED_EVERY},
            "escalate": {"task": "workers.tasks.escalate", "schedule": ESCALATE_EVERY},
            **({"retrain": {"task": "workers.tasks.retrain", "schedule": RETRAIN_CHECK_EVERY}} if settings.training_data else {}),
        },
    )
    celery.set_default()
    app.extensions["celery"] = celery

    counters = TaskCounters(settings.redis_url, settings.redis_timeout_seconds) if settings.redis_url else None
    if counters is not None:
        task_failure.connect(lambda sender=None, **_: counters.add("failed", sender.name), weak=False)
        task_retry.connect(lambda sender=None, **_: counters.add("retried", sender.name), weak=False)

    @worker_process_init.connect(weak=False)
    def _own_connections(**_):
        # A forked pool process must not share the parent's database connections.
        app.extensions["moderation_engine"].dispose(close=False)
        app.extensions["moderation"].context.autocommit.dispose(close=False)

    return celery
