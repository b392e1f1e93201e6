"""Sending scoring jobs to the Celery workers over Redis, without ever holding up a request."""
from __future__ import annotations

import logging

from celery import Celery

from .redis_client import OutagePause

log = logging.getLogger(__name__)

SCORE_TASK = "workers.tasks.score"


class ScoringDispatcher:
    """`request(ids)` publishes one scoring job. When Redis is away the comment is already
    stored, so the job is simply not sent: the workers' sweep of unscored comments finds it
    once the broker is back. After a failure it stops trying for a few seconds, so an outage
    costs requests nothing."""

    def __init__(self, redis_url: str, timeout: float, on_failure=lambda: None):
        self.client = Celery("moderation-web", broker=redis_url)
        self.client.conf.update(
            broker_connection_retry=False,
            broker_connection_timeout=timeout,
            broker_transport_options={"socket_connect_timeout": timeout, "socket_timeout": timeout, "max_retries": 0},
            task_serializer="json",
        )
        self.on_failure = on_failure
        self.outage = OutagePause()

    def request(self, comment_ids: list[str]) -> None:
        if self.outage.active():
            self.on_failure()
            return
        try:
            self.client.send_task(SCORE_TASK, args=[comment_ids], retry=False)
        except Exception as exc:  # noqa: BLE001 - kombu and redis raise many kinds; the comment is safe either way
            self.outage.begin()
            self.on_failure()
            log.warning("scoring job not sent; the sweep will pick it up", extra={"error": exc.__class__.__name__})
