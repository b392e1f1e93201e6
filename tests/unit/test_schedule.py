"""The periodic jobs beat runs, and where retraining goes."""
from __future__ import annotations

from moderation import create_app
from moderation.config import Settings
from support.tokens import SSO_SECRET
from workers.celery_app import ESCALATE_EVERY, SWEEP_UNSCORED_EVERY, TRAINING_QUEUE, make_celery


def _celery(**settings):
    app = create_app(Settings.from_env({}, database_url="sqlite://", sso_secret=SSO_SECRET, secret_key="k", **settings))
    return make_celery(app).conf


def test_sweeps_and_escalation_are_always_scheduled():
    schedule = _celery().beat_schedule
    assert schedule["sweep-unscored"] == {"task": "workers.tasks.sweep_unscored", "schedule": SWEEP_UNSCORED_EVERY}
    assert schedule["escalate"] == {"task": "workers.tasks.escalate", "schedule": ESCALATE_EVERY}


def test_retraining_is_scheduled_only_with_labelled_data_to_start_from():
    assert "retrain" not in _celery().beat_schedule
    conf = _celery(training_data="/srv/training-data")
    assert conf.beat_schedule["retrain"]["task"] == "workers.tasks.retrain"
    # On a queue of its own, so a run of a minute or more never holds up scoring.
    assert conf.task_routes == {"workers.tasks.retrain": {"queue": TRAINING_QUEUE}}
