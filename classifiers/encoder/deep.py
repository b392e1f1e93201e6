"""The deep scorer: the fast model's scores, then the tuned encoder's reading of the same batch.

`DeepScorer.score_batch` has the fast `Scorer`'s contract (SPEC §6) and replaces three things:
abuse (the combination of the encoder's heads with the fast score, raised where a threat,
identity-attack or insult head passes a bar of its own), the sub-labels (the
encoder's heads) and off-topic (embedding relevance to the article, see `signals`). Spam and
near-duplicate memory stay the fast model's. Its thresholds are the encoder manifest's, chosen
on held-out data for the combined scores.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import numpy as np

from classifiers.encoder.data import HEADS
from classifiers.encoder.runtime import Encoder
from classifiers.encoder.signals import (
    combine_abuse,
    lift_by_sub_labels,
    off_topic_probability,
    passages,
    relevance,
    relevance_to_article,
)
from classifiers.encoder.weights import read_arrays

MANIFEST = "manifest.json"
ARRAYS = "encoder.npz"
# Words for each head in a moderator's "why" (the sub-label names are the API's).
HEAD_WORDS = {"abuse": "abusive", "insult": "an insult", "threat": "a threat",
              "identity_attack": "an attack on a group or identity", "obscenity": "obscene"}


def load_encoder_files(directory: Path) -> tuple[dict, dict[str, np.ndarray]]:
    return json.loads((directory / MANIFEST).read_text()), read_arrays(directory / ARRAYS)


class DeepScorer:
    def __init__(self, fast, manifest: dict, encoder: Encoder):
        self.fast = fast
        self.manifest = manifest
        self.encoder = encoder

    @property
    def version(self) -> str:
        return f"{self.fast.version}+{self.manifest['version']}"

    @property
    def thresholds(self) -> dict:
        return self.manifest["thresholds"]

    @property
    def recent(self):
        return self.fast.recent

    @recent.setter
    def recent(self, index) -> None:
        self.fast.recent = index

    def remember(self, texts: list[str], article_id: str = "") -> None:
        self.fast.remember(texts, article_id)

    def score_batch(self, comments, recent: list[str] | None = None):
        # As in the fast stage: a batch that fails leaves nothing in the near-duplicate memory.
        mark = self.fast.recent.mark()
        try:
            return self._score_batch(comments, recent)
        except BaseException:
            self.fast.recent.forget_since(mark)
            raise

    def _score_batch(self, comments, recent: list[str] | None):
        results = self.fast.score_batch(comments, recent)
        if not comments:
            return results
        embeddings, probabilities = self.encoder.run([c.text for c in comments])
        abuse = combine_abuse(probabilities, np.array([r.abuse for r in results]), self.manifest["combiner"])
        abuse, passed = lift_by_sub_labels(abuse, probabilities, self.manifest.get("sub_label_bars", {}), self.thresholds)
        relevance_values = self._relevance(comments, embeddings)
        fast_off_topic = np.array([r.off_topic if r.off_topic is not None else 0.5 for r in results])
        off_topic = off_topic_probability(relevance_values, fast_off_topic, self.manifest["off_topic"])
        flag = self.thresholds["abuse"]["flag"]
        deep = []
        for i, (comment, result) in enumerate(zip(comments, results)):
            combined = round(float(abuse[i]), 4)
            heads = dict(zip(HEADS, probabilities[i].tolist()))
            labels = {**result.labels, **{name: round(heads[name], 4) for name in HEADS[1:]}}
            why = labels["explanation"] = dict(labels.get("explanation", {}))
            if combined >= flag:
                read_as = [f"reads as {HEAD_WORDS[h]} ({heads[h]:.2f})" for h in HEADS if heads[h] >= 0.5]
                why["abuse"] = passed[i] + read_as + list(why.get("abuse", []))
            judged = None
            if comment.has_context:
                judged = round(float(off_topic[i]), 4)
                why["off_topic"] = [f"closeness to the article and thread {relevance_values[i]:.2f} (cosine of sentence embeddings)"]
            deep.append(replace(result, abuse=combined, off_topic=judged, labels=labels, model=self.version))
        return deep

    def _article(self, title: str | None, body: str | None):
        """(title embedding or None, body passage embeddings or None)."""
        parts = passages(body)
        return (self.encoder.passages([title])[0] if title and title.strip() else None,
                self.encoder.passages(parts) if parts else None)

    def _relevance(self, comments, embeddings: np.ndarray) -> np.ndarray:
        values = np.zeros(len(comments))
        articles: dict[tuple, tuple] = {}  # a batch mostly shares a few articles: each is cut and looked up once
        for i, c in enumerate(comments):
            if not c.has_context:
                continue
            key = (c.article_title, c.article_body)
            if key not in articles:
                articles[key] = self._article(c.article_title, c.article_body)
            title, body = articles[key]
            parent = parent_relevance = None
            if (c.parent_text or "").strip():
                parent = self.encoder.passages([c.parent_text])[0]
                if title is not None or body is not None:
                    parent_relevance = relevance_to_article(parent, title, body)
            values[i] = relevance(embeddings[i], title, body, parent, parent_relevance)
        return values


def deep_scorer(fast, directory: Path, manifest: dict, threads: int = 1) -> DeepScorer:
    return DeepScorer(fast, manifest, Encoder(directory / ARRAYS, threads=threads))
