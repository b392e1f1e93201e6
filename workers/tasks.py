"""Tasks take ids, re-read the database through the service layer, and may safely run twice."""
from __future__ import annotations

from datetime import timedelta
from typing import Any

from celery import current_app, shared_task
from sqlalchemy.exc import OperationalError

from moderation.adapters.alert_channels import make_channels
from moderation.adapters.classifier import ModelTrainer
from moderation.bootstrap import Runtime
from moderation.services import alerts, retention, retraining, scoring, sweep
from moderation.services.context import Context

BATCH = 200


def _runtime() -> Runtime:
    """The parts of this worker process, held by its Celery application (workers.celery_app)."""
    runtime: Runtime = current_app.runtime
    return runtime


def _ctx() -> Context:
    return _runtime().context


@shared_task(name="workers.tasks.score", autoretry_for=(OperationalError,), retry_backoff=True, retry_backoff_max=60,
             max_retries=10)
def score(comment_ids: list[str]) -> int:
    """Score these comments, and whatever else is waiting, up to a batch: under load one job does
    the work of many (the jobs for comments it took along then find nothing left to do). While the
    database is away it tries again, less and less often; the sweep catches anything given up on."""
    runtime = _runtime()
    return scoring.score_comments(runtime.context, runtime.scorer, comment_ids, fill_to=BATCH)


@shared_task(name="workers.tasks.sweep_unscored")
def sweep_unscored() -> int:
    """Queue scoring for anything left unscored (a broker outage, a lost message): nothing stays unscored."""
    ids = scoring.unscored(_ctx(), limit=10 * BATCH, settled_for=timedelta(seconds=5))
    for start in range(0, len(ids), BATCH):
        score.delay(ids[start:start + BATCH])
    return len(ids)


@shared_task(name="workers.tasks.escalate")
def escalate() -> dict[str, Any]:
    """Deadline escalation, and the part-time bars when a full-time shift ends."""
    return sweep.sweep(_ctx()).model_dump(mode="json")  # what Celery keeps is JSON


@shared_task(name="workers.tasks.deliver_alerts")
def deliver_alerts() -> dict[str, Any]:
    """On-call alerts: escalate the unacknowledged, batch what waits, send the outbox. Running it
    twice at once is harmless: each message is claimed before it is sent."""
    ctx = _ctx()
    return alerts.run(ctx, make_channels(ctx.settings)).model_dump(mode="json")


@shared_task(name="workers.tasks.purge")
def purge() -> dict[str, Any]:
    """The retention purge: what is past its period goes (legal holds kept), each purge audited."""
    return retention.purge(_ctx()).model_dump(mode="json")


@shared_task(name="workers.tasks.retrain", acks_late=False, soft_time_limit=30 * 60, time_limit=35 * 60)
def retrain() -> dict[str, Any]:
    """Retrain from moderators' decisions once enough have gathered; the gate decides whether the
    candidate replaces the model in force. Acknowledged on receipt: a run takes a minute or two
    (half an hour is the most it may take), and one lost with its worker is simply tried again at
    the next check."""
    ctx = _ctx()
    settings = ctx.settings
    if not settings.training_data:
        return {"outcome": "off", "why": "MODERATION_TRAINING_DATA is not set"}
    outcome = retraining.retrain(ctx, ModelTrainer(settings.training_data, settings.model_dir), settings.retrain_min_decisions)
    return outcome.model_dump(mode="json")
