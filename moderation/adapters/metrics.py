"""Prometheus metrics. Queue figures are read from the database at scrape time, and the workers'
task counts from Redis, so every web process reports the same truth however many there are. What
a web process counts itself (requests, scoring jobs left unsent) is added up across processes by
prometheus_client's multiprocess mode when PROMETHEUS_MULTIPROC_DIR is set (gunicorn.conf.py sets it)."""
from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Histogram
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector
from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from ..domain.model import CommentState, QueueState
from ..services.retraining import promoted_version
from .model_thresholds import starting_version
from .orm import Comment, DecisionTally, ModelVersion, QueueItem, Score

SCORING_WINDOW = timedelta(minutes=10)
SCORING_SAMPLE = 1000  # the newest scores in the window the quantiles are taken from


class QueueCollector:
    def __init__(self, context):
        self._ctx = context

    def collect(self):
        now = self._ctx.now()
        depth = GaugeMetricFamily("moderation_queue_open_items", "Open queue items", labels=["reason", "entered_coverage"])
        overdue = GaugeMetricFamily("moderation_queue_overdue_items", "Open queue items past their review deadline")
        withheld = GaugeMetricFamily("moderation_withheld_comments", "Comments hidden from readers pending review")
        unscored = GaugeMetricFamily("moderation_unscored_comments", "Comments whose current text has no score yet")
        decisions = CounterMetricFamily("moderation_decisions", "Moderators' decisions", labels=["moderator", "action"])
        to_score = GaugeMetricFamily("moderation_time_to_score_seconds",
                                     f"Time from a text being written to its score being stored, over the last "
                                     f"{SCORING_WINDOW.seconds // 60} minutes (the newest {SCORING_SAMPLE:,} texts)",
                                     labels=["quantile"])
        model = GaugeMetricFamily("moderation_model_in_force", "The classifier model scoring new comments (value 1)",
                                  labels=["version"])
        candidates = GaugeMetricFamily("moderation_model_candidates", "Models retrained from moderators' decisions, "
                                       "by the gate's verdict", labels=["state"])
        earlier = aliased(Score)
        # Every query below reads an index or a few rows, so a scrape costs the same at any size.
        newest = (select(Score).where(Score.created_at >= now - SCORING_WINDOW)
                  .order_by(Score.created_at.desc()).limit(SCORING_SAMPLE).subquery())
        # A text's first score (re-scoring by a newly promoted model is not waiting), looked up
        # score by score: as an anti-join the planner may read the whole table.
        first_score = (select(func.min(earlier.id))
                       .where(earlier.comment_id == newest.c.comment_id, earlier.revision == newest.c.revision)
                       .scalar_subquery())
        try:
            with self._ctx.transaction() as session:
                for reason, coverage, n in session.execute(
                    select(QueueItem.reason, QueueItem.entered_coverage, func.count())
                    .where(QueueItem.state == QueueState.OPEN)
                    .group_by(QueueItem.reason, QueueItem.entered_coverage)
                ):
                    depth.add_metric([reason, coverage], n)
                overdue.add_metric([], session.scalar(
                    select(func.count()).select_from(QueueItem).where(QueueItem.state == QueueState.OPEN, QueueItem.due_at <= now)
                ))
                withheld.add_metric([], session.scalar(
                    select(func.count()).select_from(Comment).where(Comment.withheld, Comment.state == CommentState.PUBLISHED)
                ))
                unscored.add_metric([], session.scalar(
                    select(func.count()).select_from(Comment).where(
                        Comment.scored_revision < Comment.revision, Comment.created_at >= now - timedelta(days=7)
                    )
                ))
                waits = sorted(
                    (scored - written).total_seconds()
                    for scored, written in session.execute(
                        select(newest.c.created_at, func.coalesce(Comment.edited_at, Comment.created_at))
                        .join(Comment, Comment.id == newest.c.comment_id)
                        .where(newest.c.revision == Comment.revision, newest.c.id == first_score)
                    )
                )
                if waits:
                    for q in (0.5, 0.9, 0.99):
                        to_score.add_metric([str(q)], waits[min(len(waits) - 1, int(len(waits) * q))])
                for moderator, action, n in session.execute(
                    select(DecisionTally.moderator_id, DecisionTally.action, DecisionTally.decisions)
                ):
                    decisions.add_metric([moderator, action], n)
                for state, n in session.execute(select(ModelVersion.state, func.count()).group_by(ModelVersion.state)):
                    candidates.add_metric([state], n)
                in_force = promoted_version(session)
        except Exception:  # noqa: BLE001 - the database being down shows in /readyz; metrics stay scrapeable
            return
        model.add_metric([in_force or starting_version(self._ctx.settings.model_dir)], 1)
        yield from (depth, overdue, withheld, unscored, decisions, to_score, model, candidates)


class TaskCollector:
    """Worker tasks that failed or were retried, as the workers counted them in Redis."""

    def __init__(self, counters):
        self._counters = counters

    def collect(self):
        family = CounterMetricFamily("moderation_worker_tasks", "Worker tasks that failed or were retried",
                                     labels=["task", "outcome"])
        try:
            for outcome, per_task in self._counters.read().items():
                for task, n in per_task.items():
                    family.add_metric([task, outcome], n)
        except Exception:  # noqa: BLE001 - Redis being down shows in /readyz
            return
        yield family


@dataclass(frozen=True)
class WebMetrics:
    """The registry /metrics serves, and the two things a web process counts: `observe(endpoint,
    method, status, seconds)` for each request, `job_unsent()` for each scoring job the broker missed."""

    registry: CollectorRegistry
    observe: Callable[[str, str, int, float], None]
    job_unsent: Callable[[], None]

    def watch_queue(self, context: Any) -> None:
        """Report the queue figures `context`'s database holds at each scrape."""
        self.registry.register(QueueCollector(context))


def make_metrics(redis_url: str, redis_timeout_seconds: float) -> WebMetrics:
    registry = CollectorRegistry()
    if redis_url:
        from .task_counters import TaskCounters

        registry.register(TaskCollector(TaskCounters(redis_url, redis_timeout_seconds)))
    own: CollectorRegistry | None = registry
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        # Each process writes its counts to a file of its own there; a scrape, whichever process
        # answers it, adds up every file, those of processes since ended included.
        MultiProcessCollector(registry)
        own = None  # this process's counts reach the scrape through its file, so not a second time
    latency = Histogram(
        "moderation_http_request_seconds",
        "HTTP request latency",
        ["endpoint", "method", "status"],
        registry=own,
        buckets=(0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5),
    )
    unsent = Counter("moderation_scoring_jobs_unsent", "Scoring jobs not sent because the broker was away "
                     "(the sweep of unscored comments picks them up)", registry=own)

    def observe(endpoint: str, method: str, status: int, seconds: float) -> None:
        latency.labels(endpoint, method, str(status)).observe(seconds)

    return WebMetrics(registry, observe, unsent.inc)
