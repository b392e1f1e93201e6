"""The inference API the workers call: a batch of comments in, a batch of scores out.

Near-duplicate memory: each ``Scorer`` keeps a bounded in-process index of the most
recent comments it has scored (``recent_capacity`` of them, oldest forgotten first).
A caller that runs many worker processes, or restarts, can pass ``recent`` to
``score_batch`` — recent comment texts from the database, oldest first — and they are
remembered before the batch is scored.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from classifiers.artifact import ModelBundle, load_bundle
from classifiers.features.hashed_ngrams import tokenize
from classifiers.features.near_duplicates import NearDuplicateIndex
from classifiers.features.spam_signals import signal_explanations
from classifiers.models.abuse import SUB_LABELS, abuse_features
from classifiers.models.off_topic_scoring import OffTopicScorer
from classifiers.models.spam import duplicate_features, spam_features
from classifiers.text import normalise

# Explanations cost a Python loop per comment, so they are computed only for scores a
# moderator will see: at or above the signal's flag threshold (or this, without one).
EXPLAIN_FROM = 0.5


@dataclass(frozen=True)
class CommentInput:
    id: str
    text: str
    article_title: str | None = None
    article_body: str | None = None
    parent_text: str | None = None
    # Which article the comment is under; near-duplicates across articles weigh more.
    article_id: str | None = None

    @property
    def has_context(self) -> bool:
        return bool((self.article_title or "").strip() or (self.article_body or "").strip() or (self.parent_text or "").strip())


@dataclass
class ScoreResult:
    id: str
    abuse: float
    off_topic: float | None
    spam: float
    labels: dict
    model: str

    def to_dict(self) -> dict:
        return asdict(self)


class Scorer:
    def __init__(self, bundle: ModelBundle, recent_capacity: int = 20_000):
        self.bundle = bundle
        self.recent = NearDuplicateIndex(capacity=recent_capacity, **bundle.manifest.get("near_duplicates", {}))
        self.off_topic = OffTopicScorer(bundle.featurizer, bundle.off_topic)

    @property
    def version(self) -> str:
        return self.bundle.version

    @property
    def thresholds(self) -> dict:
        return self.bundle.manifest.get("thresholds", {})

    def remember(self, texts: list[str], article_id: str = "") -> None:
        for text in texts:
            self.recent.add(self.recent.signature(text), article_id)

    def score_batch(self, comments: list[CommentInput], recent: list[str] | None = None) -> list[ScoreResult]:
        if recent:
            self.remember(recent)
        if not comments:
            return []
        b = self.bundle
        texts = [c.text for c in comments]
        tokens = [tokenize(t) for t in texts]
        normalised = [normalise(t) for t in texts]
        hashed = b.featurizer.transform_tokens(tokens)

        X_abuse = abuse_features(hashed, tokens, normalised)
        abuse = b.abuse.predict_proba(X_abuse)
        subs = b.abuse.predict_sub_labels(X_abuse)

        groups = [c.article_id or f"comment:{c.id}" for c in comments]
        X_spam = spam_features(hashed, texts, tokens, duplicate_features(self.recent, texts, groups))
        spam = b.spam.predict_proba(X_spam)

        off_topic = np.full(len(comments), np.nan)
        with_context = [i for i, c in enumerate(comments) if c.has_context]
        off_topic_why: dict[int, list[str]] = {}
        if with_context:
            contexts = [
                {"title": comments[i].article_title, "body": comments[i].article_body, "parent": comments[i].parent_text}
                for i in with_context
            ]
            off_topic[with_context], why = self.off_topic.score([texts[i] for i in with_context], contexts)
            off_topic_why = dict(zip(with_context, why))

        explain_abuse = self.thresholds.get("abuse", {}).get("flag", EXPLAIN_FROM)
        explain_spam = self.thresholds.get("spam", {}).get("flag", EXPLAIN_FROM)
        results = []
        for i, comment in enumerate(comments):
            labels = {name: round(float(subs[name][i]), 4) for name in SUB_LABELS}
            labels["explanation"] = {
                "abuse": b.abuse.explain(b.featurizer, X_abuse[i], tokens[i], normalised[i]) if abuse[i] >= explain_abuse else [],
                "spam": (signal_explanations(texts[i]) + b.spam.explain(b.featurizer, X_spam[i], tokens[i]))
                if spam[i] >= explain_spam
                else [],
                "off_topic": off_topic_why.get(i, []),
            }
            if X_spam[i, -2] > 0:
                labels["explanation"]["spam"].insert(0, "near-duplicate of a recent comment")
            results.append(
                ScoreResult(
                    id=comment.id,
                    abuse=round(float(abuse[i]), 4),
                    off_topic=None if np.isnan(off_topic[i]) else round(float(off_topic[i]), 4),
                    spam=round(float(spam[i]), 4),
                    labels=labels,
                    model=self.version,
                )
            )
        return results


def load_scorer(model_dir: str | Path | None = None, recent_capacity: int = 20_000) -> Scorer:
    """A scorer over the artifact in ``model_dir`` (default: the shipped one)."""
    return Scorer(load_bundle(Path(model_dir) if model_dir else None), recent_capacity=recent_capacity)
