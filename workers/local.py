"""The embedded default's worker: scoring in a background thread of the web process, no broker.

It calls the same service as the Celery task, in batches of whatever has arrived. The composition
root makes it before the context (its `request` is the context's scoring port) and starts its
thread once the context exists.
"""
from __future__ import annotations

import logging
import queue
import threading

from moderation.services import scoring
from moderation.services.context import Context
from moderation.services.scoring import Scorer

log = logging.getLogger(__name__)
BATCH = 200


class LocalScoringWorker:
    def __init__(self) -> None:
        self.jobs: queue.Queue[str] = queue.Queue()

    def request(self, comment_ids: list[str]) -> None:
        for comment_id in comment_ids:
            self.jobs.put(comment_id)

    def start(self, ctx: Context, scorer: Scorer) -> None:
        """Score what is requested, from now on, in a daemon thread."""
        threading.Thread(target=self._run, args=(ctx, scorer), name="local-scoring", daemon=True).start()

    def sweep_unscored(self, ctx: Context) -> int:
        ids = scoring.unscored(ctx, limit=BATCH)
        self.request(ids)
        return len(ids)

    def _run(self, ctx: Context, scorer: Scorer) -> None:
        while True:
            batch = [self.jobs.get()]
            while len(batch) < BATCH:
                try:
                    batch.append(self.jobs.get_nowait())
                except queue.Empty:
                    break
            try:
                scoring.score_comments(ctx, scorer, batch)
            except Exception:
                log.exception("scoring failed; the sweep will try these comments again")
