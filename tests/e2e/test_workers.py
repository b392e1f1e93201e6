"""Scoring by a real Celery worker process over real Redis, on PostgreSQL (SPEC §3, §7)."""
from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from celery import Celery

from classifiers import CommentInput, load_scorer
from moderation.adapters.orm import PolicyVersion
from moderation.domain.coverage import Coverage, ScheduleException, StaffingSchedule
from moderation.domain.policy import PolicyConfig, WithholdBars
from moderation.domain.policy_codec import config_to_dict
from moderation.services import retraining
from support.api import complain, create_article, new_comment, queue
from support.live import start_service
from support.training_data import insulting_text, neutral_text
from support.workers import WorkerProcess, broker_url, empty_broker, wait_for

pytestmark = pytest.mark.e2e

ABUSIVE = "You are a pathetic idiot and everyone here knows it."
CLEAN = "Good to see the bridge open again; the new cycle lane is a real improvement."
PART_BAR = 0.8


class Live:
    def __init__(self, base, app, http):
        self.base_url, self.app, self.http = base, app, http

    @property
    def ctx(self):
        return self.app.extensions["moderation"].context


@pytest.fixture
def broker(redis_url):
    url = broker_url(redis_url)
    empty_broker(url)
    return url


@pytest.fixture
def worker(db_url, broker):
    process = WorkerProcess(db_url, broker).start()
    yield process
    process.stop()


@pytest.fixture
def service(db_url, broker, clock):
    server, app, base = start_service(db_url, clock, redis_url=broker)
    with httpx.Client(base_url=base, timeout=10) as http:
        yield Live(base, app, http)
    server.shutdown()
    app.extensions["moderation_engine"].dispose()
    app.extensions["moderation"].context.autocommit.dispose()


def set_coverage(service, coverage: Coverage) -> None:
    """A policy whose schedule puts this hour under `coverage` (as a named exception, like an
    election night), hiding abuse at PART_BAR under part coverage and never by score under full."""
    now = datetime.now(UTC)
    config = PolicyConfig(
        withhold={
            Coverage.FULL: WithholdBars(abuse=1.0, complaint_weight=6.0, min_complainants=4),
            Coverage.PART: WithholdBars(abuse=PART_BAR, complaint_weight=3.0, min_complainants=2),
        },
        schedule=StaffingSchedule(exceptions=(
            ScheduleException("test shift", now - timedelta(hours=1), now + timedelta(hours=1), coverage),
        )),
    )
    with service.ctx.transaction() as session:
        session.add(PolicyVersion(config=config_to_dict(config), author="tests", note="", created_at=now))


def scores_of(service, tokens, comment_id):
    seen = service.http.get(f"/api/v1/comments/{comment_id}", headers=tokens.moderator()).json()
    return seen["moderation"]["scores"]


def test_the_model_rates_the_test_texts_as_intended():
    """The scenario below needs an abusive text over the part-time bar and a clean one under every flag."""
    abusive, clean = load_scorer().score_batch([
        CommentInput("a", ABUSIVE, "Article a1", "Council approves new cycle lanes.", article_id="a1"),
        CommentInput("c", CLEAN, "Article a1", "Council approves new cycle lanes.", article_id="a1"),
    ])
    assert PART_BAR <= abusive.abuse < 1.0
    assert max(clean.abuse, clean.spam, clean.off_topic or 0) < 0.5


@pytest.mark.parametrize("coverage", [Coverage.PART, Coverage.FULL])
def test_a_worker_scores_each_comment_and_the_queue_follows(service, worker, tokens, coverage):
    set_coverage(service, coverage)
    create_article(service, tokens)
    abusive = new_comment(service, tokens, body=ABUSIVE, sub="troll")
    clean = new_comment(service, tokens, body=CLEAN, sub="ailsa")

    wait_for(lambda: scores_of(service, tokens, abusive["id"]) and scores_of(service, tokens, clean["id"]),
             timeout=30, what="both comments to be scored")
    [item] = queue(service, tokens)
    assert item["comment_id"] == abusive["id"] and item["reason"] == "abuse"
    assert item["entered_coverage"] == coverage.value
    flag_deadline = timedelta(hours=8) if coverage is Coverage.PART else timedelta(hours=2)
    assert datetime.fromisoformat(item["due_at"]) - datetime.fromisoformat(item["entered_at"]) == flag_deadline
    # Hidden from readers at night-time staffing, left up while the full team is on shift.
    public = service.http.get(f"/api/v1/comments/{abusive['id']}").json()
    assert public["status"] == ("awaiting_review" if coverage is Coverage.PART else "published")
    assert item["scores"]["model"] == scores_of(service, tokens, clean["id"])["model"]
    metrics = service.http.get("/metrics").text
    assert 'moderation_time_to_score_seconds{quantile="0.99"}' in metrics
    assert f'moderation_queue_open_items{{entered_coverage="{coverage.value}",reason="abuse"}} 1.0' in metrics


def test_an_edit_is_scored_again(service, worker, tokens):
    set_coverage(service, Coverage.FULL)
    create_article(service, tokens)
    comment = new_comment(service, tokens, body=CLEAN, sub="ailsa")
    wait_for(lambda: scores_of(service, tokens, comment["id"]), what="the first text to be scored")
    assert queue(service, tokens) == []
    edited = service.http.patch(f"/api/v1/comments/{comment['id']}", json={"body": ABUSIVE}, headers=tokens.subscriber("ailsa"))
    assert edited.status_code == 200
    scores = wait_for(lambda: (s := scores_of(service, tokens, comment["id"])) and s["revision"] == 2 and s,
                      what="the edited text to be scored")
    assert scores["abuse"] >= PART_BAR
    assert [i["comment_id"] for i in queue(service, tokens)] == [comment["id"]]


def test_failed_tasks_are_counted_in_the_metrics(service, worker, broker):
    Celery(broker=broker).send_task("workers.tasks.score", args=[None])  # a job no worker can do
    wait_for(lambda: 'moderation_worker_tasks_total{outcome="failed",task="workers.tasks.score"} 1.0'
             in service.http.get("/metrics").text, timeout=30, what="the failure to be counted")


def test_retraining_promotes_a_model_that_scores_new_comments_and_open_items(db_url, broker, clock, tokens, retraining_data):
    """Moderators' decisions → the retrain job on the workers' training queue → the gate → the
    promoted version on the scores of new comments and of what is still open."""
    models = {"training_data": retraining_data.data_dir, "model_dir": retraining_data.model_dir, "retrain_min_decisions": 20}
    server, app, base = start_service(db_url, clock, redis_url=broker, **models)
    worker = WorkerProcess(db_url, broker, queues="celery,training", env={
        "MODERATION_TRAINING_DATA": retraining_data.data_dir, "MODERATION_MODEL_DIR": retraining_data.model_dir,
        "MODERATION_RETRAIN_MIN_DECISIONS": "20"}).start()
    try:
        with httpx.Client(base_url=base, timeout=10) as http:
            service = Live(base, app, http)
            create_article(service, tokens, body="The council debated the budget and the bus routes.")
            rng = random.Random(11)
            decided = []
            for i in range(10):
                decided.append((new_comment(service, tokens, body=insulting_text(rng), sub=f"r{i}")["id"], "delete", "abuse"))
                decided.append((new_comment(service, tokens, body=neutral_text(rng), sub=f"c{i}")["id"], "approve", "other"))
            still_open = new_comment(service, tokens, body="shut up loser, the budget ignored local parks", sub="late")["id"]
            assert complain(service, tokens, still_open).status_code == 201
            wait_for(lambda: all(scores_of(service, tokens, c) for c, _, _ in decided), what="the comments to be scored")
            assert scores_of(service, tokens, still_open)["model"] == retraining_data.version
            for comment_id, action, reason in decided:
                response = http.post(f"/api/v1/moderation/comments/{comment_id}/decision",
                                     json={"action": action, "reason": reason}, headers=tokens.moderator())
                assert response.status_code == 200, response.text

            Celery(broker=broker).send_task("workers.tasks.retrain", queue="training")
            [entry] = wait_for(lambda: retraining.history(service.ctx), timeout=120, what="the retrain job to judge a candidate")
            assert (entry.state, entry.decisions, entry.base_version) == ("promoted", 20, retraining_data.version)
            version = entry.version
            rescored = wait_for(lambda: (s := scores_of(service, tokens, still_open))["model"] == version and s,
                                timeout=60, what="the open item to be scored by the new model")
            assert rescored["revision"] == 1
            fresh = new_comment(service, tokens, body="what an imbecile, this policy needs the new school", sub="new")
            assert wait_for(lambda: scores_of(service, tokens, fresh["id"]), what="a new comment to be scored")["model"] == version
            assert f'moderation_model_in_force{{version="{version}"}} 1.0' in http.get("/metrics").text
    finally:
        worker.stop()
        server.shutdown()
        app.extensions["moderation_engine"].dispose()
        app.extensions["moderation"].context.autocommit.dispose()


def test_the_purge_job_removes_text_past_its_retention_period(service, worker, broker, tokens, clock):
    clock.set(datetime(2020, 1, 6, 10, 0, tzinfo=UTC))  # a removal long past 12 months on any clock
    create_article(service, tokens)
    old = new_comment(service, tokens, body="An old insult, long removed")
    response = service.http.post(f"/api/v1/moderation/comments/{old['id']}/decision",
                                 json={"action": "delete", "reason": "abuse"}, headers=tokens.moderator())
    assert response.status_code == 200

    def staff_text():
        return service.http.get(f"/api/v1/comments/{old['id']}", headers=tokens.moderator()).json()["original_body"]

    assert staff_text() == "An old insult, long removed"
    Celery(broker=broker).send_task("workers.tasks.purge")
    wait_for(lambda: staff_text() == "", timeout=60, what="the purge job to remove the text")
