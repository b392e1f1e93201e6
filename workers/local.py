"""The embedded default's worker: scoring in a background thread of the web process, no broker.

It calls the same service as the Celery task, in batches of whatever has arrived.
"""
from __future__ import annotations

import logging
import queue
import threading

from moderation.adapters.classifier import ModelScorer
from moderation.services import scoring
from moderation.services.context import Context

log = logging.getLogger(__name__)
BATCH = 200


class LocalScoringWorker:
    def __init__(self, ctx: Context, scorer=None):
        self.ctx = ctx
        self.scorer = scorer or ModelScorer(ctx)
        self.jobs: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._run, name="local-scoring", daemon=True).start()

    def request(self, comment_ids: list[str]) -> None:
        for comment_id in comment_ids:
            self.jobs.put(comment_id)

    def sweep_unscored(self) -> int:
        ids = scoring.unscored(self.ctx, limit=BATCH)
        self.request(ids)
        return len(ids)

    def _run(self) -> None:
        while True:
            batch = [self.jobs.get()]
            while len(batch) < BATCH:
                try:
                    batch.append(self.jobs.get_nowait())
                except queue.Empty:
                    break
            try:
                scoring.score_comments(self.ctx, self.scorer, batch)
            except Exception:
                log.exception("scoring failed; the sweep will try these comments again")
