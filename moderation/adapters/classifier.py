"""The project's classifiers behind the service's Scorer port, loaded on first use."""
from __future__ import annotations

import threading
from pathlib import Path

from ..services.scoring import ScoreInput, TextToScore


class ModelScorer:
    def __init__(self, model_dir: str | Path | None = None):
        self.model_dir = model_dir
        self._scorer = None
        self._lock = threading.Lock()

    @property
    def model(self):
        # Loading takes a moment and some memory: only processes that score pay for it.
        with self._lock:
            if self._scorer is None:
                from classifiers import load_scorer

                self._scorer = load_scorer(self.model_dir)
            return self._scorer

    def score(self, texts: list[TextToScore]) -> list[tuple[str, ScoreInput]]:
        from classifiers import CommentInput

        results = self.model.score_batch([
            CommentInput(id=t.comment_id, text=t.text, article_title=t.article_title, article_body=t.article_body,
                         parent_text=t.parent_text, article_id=t.article_id)
            for t in texts
        ])
        return [(r.model, ScoreInput(abuse=r.abuse, spam=r.spam, off_topic=r.off_topic, labels=r.labels)) for r in results]
