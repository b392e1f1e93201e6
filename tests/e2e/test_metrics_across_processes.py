"""/metrics under gunicorn with several worker processes: every scrape, whichever worker answers
it, reports the whole service's counts, and a worker's death takes none of them away (issue 11:
per-worker counts read 302, 291, 297, ... and went backwards between scrapes)."""
from __future__ import annotations

import os
import signal
from collections import Counter
from pathlib import Path

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from support.workers import GunicornService, free_port, wait_for

pytestmark = pytest.mark.e2e

WORKERS = 3
POSTED = "moderation_http_request_seconds_count", (("endpoint", "/api/v1/articles/<article_id>/comments"),
                                                   ("method", "POST"), ("status", "201"))
SCRAPED = "moderation_http_request_seconds_count", (("endpoint", "/metrics"), ("method", "GET"), ("status", "200"))
UNSENT = "moderation_scoring_jobs_unsent_total", ()


@pytest.fixture
def metrics_dir(tmp_path) -> Path:
    return tmp_path / "metrics"


@pytest.fixture
def web(db_url, metrics_dir):
    # A broker nobody listens on: every scoring job goes unsent, as in the outage the issue measured.
    server = GunicornService(db_url, f"redis://127.0.0.1:{free_port()}/0", WORKERS,
                             PROMETHEUS_MULTIPROC_DIR=str(metrics_dir)).start()
    yield server
    server.stop()


def scrape(base: str) -> Counter:
    """{(sample name, labels): value}, over a connection of its own, so any worker may answer."""
    text = httpx.get(f"{base}/metrics", timeout=10).text
    return Counter({(s.name, tuple(sorted(s.labels.items()))): s.value
                    for family in text_string_to_metric_families(text) for s in family.samples})


def counting_processes(metrics_dir: Path) -> list[int]:
    return [int(f.stem.rsplit("_", 1)[1]) for f in metrics_dir.glob("histogram_*.db")]


def process_exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
        return True
    except ProcessLookupError:
        return False


def test_every_scrape_adds_up_every_worker_and_keeps_a_dead_workers_counts(web, metrics_dir, tokens):
    article = httpx.put(f"{web.base}/api/v1/articles/a1", json={"title": "Harbour works"}, headers=tokens.editor())
    assert article.status_code == 201, article.text
    posted = 0

    def post_until_every_worker_counted() -> bool:
        nonlocal posted
        # A new connection for each, so the workers take them in turn, as they take readers'.
        response = httpx.post(f"{web.base}/api/v1/articles/a1/comments", json={"body": f"Comment {posted}."},
                              headers=tokens.subscriber(f"reader-{posted}"))
        assert response.status_code == 201, response.text
        posted += 1
        return posted >= 30 and len(counting_processes(metrics_dir)) == WORKERS

    wait_for(post_until_every_worker_counted, timeout=120, every=0, what="every worker to have answered a post")

    scrapes = [scrape(web.base) for _ in range(8)]
    for earlier, scraped in enumerate(scrapes):
        assert scraped[POSTED] == posted
        assert scraped[UNSENT] == posted
        assert scraped[SCRAPED] == earlier  # a scrape is counted once answered: never backwards, none lost

    # A worker killed outright: gunicorn reaps it (child_exit) and starts another, and the totals
    # keep what the dead one counted.
    killed = counting_processes(metrics_dir)[0]
    os.kill(killed, signal.SIGKILL)
    wait_for(lambda: not process_exists(killed), timeout=60, what="gunicorn to reap the killed worker")
    for _ in range(8):
        scraped = scrape(web.base)
        assert (scraped[POSTED], scraped[UNSENT]) == (posted, posted)
