"""Faults, counted: a broker outage during a burst, and a worker killed mid-batch, lose nothing
and score nothing twice (SPEC §7); the broker itself hands a killed worker's job to another."""
from __future__ import annotations

import json
import time

import httpx
import pytest
import redis
from celery import Celery
from sqlalchemy import func, select

from moderation.adapters.orm import Comment, Score
from support.live import pin_policy, start_service
from support.workers import PrivateRedis, WorkerProcess, wait_for
from workers.celery_app import RESTORE_EVERY, VISIBILITY_MARGIN
from workers.tasks import BATCH

pytestmark = pytest.mark.e2e


@pytest.fixture
def private_redis():
    server = PrivateRedis().start()
    yield server
    server.stop()


@pytest.fixture
def service(db_url, private_redis, clock):
    server, app, base = start_service(db_url, clock, redis_url=private_redis.url)
    pin_policy(app)
    with httpx.Client(base_url=base, timeout=10) as http:
        http.ctx = app.extensions["moderation"].context
        yield http
    server.shutdown()
    app.extensions["moderation_engine"].dispose()
    app.extensions["moderation"].context.autocommit.dispose()


def make_article(http, tokens) -> None:
    response = http.put("/api/v1/articles/a1", json={"title": "Harbour works", "body": "The harbour wall is being rebuilt."},
                        headers=tokens.editor())
    assert response.status_code == 201, response.text


def post_burst(http, tokens, n: int, tag: str) -> list[str]:
    ids = []
    for i in range(n):
        response = http.post("/api/v1/articles/a1/comments", json={"body": f"{tag} comment number {i} about the harbour."},
                             headers=tokens.subscriber(f"{tag}-{i}"))
        assert response.status_code == 201, response.text
        ids.append(response.json()["id"])
    return ids


def score_rows(ctx) -> tuple[int, int, int]:
    """(comments, score rows, comments with a score)"""
    with ctx.transaction() as session:
        # Rows and distinct comments in one statement: two would each see what workers committed
        # by then, and a batch landing between them would look like a duplicate.
        rows, distinct = session.execute(select(func.count(), func.count(func.distinct(Score.comment_id)))).one()
        return session.scalar(select(func.count()).select_from(Comment)), rows, distinct


def all_scored_once(ctx, expected: int) -> bool:
    comments, rows, distinct = score_rows(ctx)
    assert rows == distinct, f"{rows} score rows for {distinct} comments: something was scored twice"
    return comments == expected and distinct == expected


def test_comments_posted_while_redis_is_down_are_accepted_and_scored_once_it_returns(service, private_redis, db_url, tokens):
    make_article(service, tokens)
    worker = WorkerProcess(db_url, private_redis.url, beat=True).start()
    try:
        before = post_burst(service, tokens, 20, "before")
        private_redis.stop()
        during = post_burst(service, tokens, 30, "during")  # every one still 201
        assert service.get("/readyz").status_code == 503
        assert "moderation_scoring_jobs_unsent_total 30.0" in service.get("/metrics").text
        private_redis.start()
        wait_for(lambda: all_scored_once(service.ctx, len(before) + len(during)), timeout=90, every=0.5,
                 what="every comment to be scored after Redis returned")
    finally:
        worker.stop()
    assert score_rows(service.ctx) == (50, 50, 50)


def test_a_worker_killed_mid_batch_loses_nothing_and_scores_nothing_twice(service, private_redis, db_url, tokens):
    make_article(service, tokens)
    # The burst waits in the broker before the worker starts, and spans three batches, so the kill
    # lands part-way through however fast the machine posts or scores.
    ids = post_burst(service, tokens, 3 * BATCH, "burst")
    first = WorkerProcess(db_url, private_redis.url, concurrency=1).start()
    wait_for(lambda: score_rows(service.ctx)[2] >= 5, timeout=60, what="the worker to start scoring")
    first.kill()
    scored_when_killed = score_rows(service.ctx)[2]
    assert scored_when_killed < len(ids), "the worker finished before it could be killed"
    second = WorkerProcess(db_url, private_redis.url, beat=True).start()
    try:
        wait_for(lambda: all_scored_once(service.ctx, len(ids)), timeout=120, every=0.5,
                 what="every comment to be scored after the worker was killed")
    finally:
        second.stop()
    assert score_rows(service.ctx) == (len(ids), len(ids), len(ids))


def test_the_broker_hands_a_killed_workers_job_to_another_worker_once_it_cannot_still_be_running(
        service, private_redis, db_url, tokens):
    """No beat, so no sweep: only kombu's restoring of unacknowledged jobs can bring the killed
    worker's batch back, and it does so between the visibility timeout and one look later."""
    limit = 30  # MODERATION_TASK_TIME_LIMIT_SECONDS, short so the test is too
    env = {"MODERATION_TASK_TIME_LIMIT_SECONDS": str(limit)}
    make_article(service, tokens)
    ids = post_burst(service, tokens, 3 * BATCH, "burst")
    broker = redis.Redis.from_url(private_redis.url)
    broker.delete("celery")  # instead of a job per comment (each taking others along), three jobs of a batch each
    sender = Celery(broker=private_redis.url)
    jobs = [sender.send_task("workers.tasks.score", args=[ids[i:i + BATCH]]).id for i in range(0, len(ids), BATCH)]

    def taken() -> dict[str, float]:
        """{job id: when a worker took it} for the jobs taken and not yet acknowledged (a job
        acknowledged between the two reads is gone from the second and no longer taken)."""
        index = broker.zrange("unacked_index", 0, -1, withscores=True)
        messages = broker.hmget("unacked", [tag for tag, _ in index]) if index else []
        return {json.loads(message)[0]["headers"]["id"]: at for (_, at), message in zip(index, messages) if message is not None}

    first = WorkerProcess(db_url, private_redis.url, env=env).start()
    # The first batch done, the second under way: its comments are claimed and not yet stored.
    wait_for(lambda: jobs[1] in taken(), timeout=120, what="the worker to take the second batch")
    first.kill()
    taken_at = taken()[jobs[1]]
    assert score_rows(service.ctx)[2] < 2 * BATCH, "the second batch finished before the kill"
    second = WorkerProcess(db_url, private_redis.url, env=env).start()
    try:
        wait_for(lambda: f"[{jobs[1]}] received" in "".join(second.output), timeout=limit + 120, every=0.2,
                 what="the killed worker's batch to be handed to the second worker")
        handed_over_after = time.time() - taken_at
        wait_for(lambda: all_scored_once(service.ctx, len(ids)), timeout=120, every=0.5,
                 what="every comment to be scored")
    finally:
        second.stop()
    visibility = limit + VISIBILITY_MARGIN
    assert visibility <= handed_over_after <= visibility + RESTORE_EVERY + 15  # 15 s to spare on a busy machine
