"""The periodic jobs beat runs, where retraining goes, and how long a job may run."""
from __future__ import annotations

from moderation.bootstrap import build
from moderation.config import Settings
from support.tokens import SSO_SECRET
from workers.celery_app import (
    ESCALATE_EVERY,
    RESTORE_EVERY,
    SWEEP_UNSCORED_EVERY,
    TRAINING_QUEUE,
    make_celery,
)


def _celery(**settings):
    runtime = build(Settings.from_env({}, database_url="sqlite://", sso_secret=SSO_SECRET, secret_key="k", **settings))
    return make_celery(runtime).conf


def test_sweeps_and_escalation_are_always_scheduled():
    schedule = _celery().beat_schedule
    # Each expires when the next is due, so an outage leaves no backlog of them.
    assert schedule["sweep-unscored"] == {"task": "workers.tasks.sweep_unscored", "schedule": SWEEP_UNSCORED_EVERY,
                                          "options": {"expires": SWEEP_UNSCORED_EVERY}}
    assert schedule["escalate"] == {"task": "workers.tasks.escalate", "schedule": ESCALATE_EVERY,
                                    "options": {"expires": ESCALATE_EVERY}}


def test_retraining_is_scheduled_only_with_labelled_data_to_start_from():
    assert "retrain" not in _celery().beat_schedule
    conf = _celery(training_data="/srv/training-data")
    assert conf.beat_schedule["retrain"]["task"] == "workers.tasks.retrain"
    # On a queue of its own, so a run of a minute or more never holds up scoring.
    assert conf.task_routes == {"workers.tasks.retrain": {"queue": TRAINING_QUEUE}}


def test_a_job_is_handed_to_another_worker_only_once_it_cannot_still_be_running():
    conf = _celery(task_time_limit_seconds=100)
    assert (conf.task_soft_time_limit, conf.task_time_limit) == (75, 100)
    transport = conf.broker_transport_options
    # Jobs do not wait inside a worker, so a job is unacknowledged only while it runs...
    assert conf.task_acks_late and conf.worker_prefetch_multiplier == 1
    # ... and kombu gives it back once it has been out longer than a job may run, looking often.
    assert transport["visibility_timeout"] == 130
    assert transport["unacked_restore_interval"] * transport["unacked_restore_throttle"] == RESTORE_EVERY == 10


def test_retraining_may_run_longer_and_is_acknowledged_on_receipt():
    from workers.tasks import retrain

    _celery()
    assert (retrain.soft_time_limit, retrain.time_limit) == (30 * 60, 35 * 60)
    assert retrain.acks_late is False  # so its half hour is never measured against the visibility timeout


def test_the_retention_purge_is_scheduled_hourly():
    from workers.celery_app import PURGE_EVERY

    assert _celery().beat_schedule["purge"] == {"task": "workers.tasks.purge", "schedule": PURGE_EVERY,
                                                "options": {"expires": PURGE_EVERY}}
    assert PURGE_EVERY == 3600.0
