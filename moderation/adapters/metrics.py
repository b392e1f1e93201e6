"""Prometheus metrics. Queue figures are read from the database at scrape time, so every web
process reports the same truth however many there are."""
from __future__ import annotations

from datetime import timedelta
from typing import Callable

from prometheus_client import CollectorRegistry, Counter, Histogram
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from sqlalchemy import exists, func, select
from sqlalchemy.orm import aliased

from ..services.retraining import promoted_version
from .model_thresholds import starting_version
from .orm import Comment, Decision, ModelVersion, QueueItem, Score

SCORING_WINDOW = timedelta(minutes=10)


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
                                     f"{SCORING_WINDOW.seconds // 60} minutes", labels=["quantile"])
        model = GaugeMetricFamily("moderation_model_in_force", "The classifier model scoring new comments (value 1)",
                                  labels=["version"])
        candidates = GaugeMetricFamily("moderation_model_candidates", "Models retrained from moderators' decisions, "
                                       "by the gate's verdict", labels=["state"])
        earlier = aliased(Score)
        try:
            with self._ctx.transaction() as session:
                for reason, coverage, n in session.execute(
                    select(QueueItem.reason, QueueItem.entered_coverage, func.count())
                    .where(QueueItem.state == "open")
                    .group_by(QueueItem.reason, QueueItem.entered_coverage)
                ):
                    depth.add_metric([reason, coverage], n)
                overdue.add_metric([], session.scalar(
                    select(func.count()).select_from(QueueItem).where(QueueItem.state == "open", QueueItem.due_at <= now)
                ))
                withheld.add_metric([], session.scalar(
                    select(func.count()).select_from(Comment).where(Comment.withheld.is_(True), Comment.state == "published")
                ))
                unscored.add_metric([], session.scalar(
                    select(func.count()).select_from(Comment).where(
                        Comment.scored_revision < Comment.revision, Comment.created_at >= now - timedelta(days=7)
                    )
                ))
                waits = sorted(
                    (scored - written).total_seconds()
                    for scored, written in session.execute(
                        select(Score.created_at, func.coalesce(Comment.edited_at, Comment.created_at))
                        .join(Comment, Comment.id == Score.comment_id)
                        .where(Score.created_at >= now - SCORING_WINDOW, Score.revision == Comment.revision,
                               # a text's first score: re-scoring by a newly promoted model is not waiting
                               ~exists().where(earlier.comment_id == Score.comment_id, earlier.revision == Score.revision,
                                               earlier.id < Score.id))
                        .order_by(Score.id.desc())
                        .limit(10_000)
                    )
                )
                if waits:
                    for q in (0.5, 0.9, 0.99):
                        to_score.add_metric([str(q)], waits[min(len(waits) - 1, int(len(waits) * q))])
                for moderator, action, n in session.execute(
                    select(Decision.moderator_id, Decision.action, func.count()).group_by(Decision.moderator_id, Decision.action)
                ):
                    decisions.add_metric([moderator, action], n)
                for state, n in session.execute(select(ModelVersion.state, func.count()).group_by(ModelVersion.state)):
                    candidates.add_metric([state], n)
                in_force = promoted_version(session)
        except Exception:
            return  # the database being down shows in /readyz; metrics stay scrapeable
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
        except Exception:
            return  # Redis being down shows in /readyz
        yield family


def make_registry(context) -> tuple[CollectorRegistry, Callable[[str, str, int, float], None]]:
    registry = CollectorRegistry()
    registry.register(QueueCollector(context))
    if context.settings.redis_url:
        from .task_counters import TaskCounters

        registry.register(TaskCollector(TaskCounters(context.settings.redis_url, context.settings.redis_timeout_seconds)))
    latency = Histogram(
        "moderation_http_request_seconds",
        "HTTP request latency",
        ["endpoint", "method", "status"],
        registry=registry,
        buckets=(0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5),
    )

    def observe(endpoint: str, method: str, status: int, seconds: float) -> None:
        latency.labels(endpoint, method, str(status)).observe(seconds)

    return registry, observe


def unsent_jobs_counter(registry: CollectorRegistry) -> Counter:
    return Counter("moderation_scoring_jobs_unsent", "Scoring jobs not sent because the broker was away "
                   "(the sweep of unscored comments picks them up)", registry=registry)
