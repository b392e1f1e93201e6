"""The inference API the workers call: a batch of comments in, their scores out, in the same order.

Near-duplicate memory: each ``Scorer`` keeps a bounded in-process index of the most
recent comments it has scored (``recent_capacity`` of them, oldest forgotten first).
A caller that runs many worker processes, or restarts, can pass ``recent`` to
``score_batch`` — recent comment texts from the database, oldest first — and they are
remembered before the batch is scored.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from classifiers.artifact import ModelBundle, load_bundle
from classifiers.features.lexicon import Lexicon
from classifiers.features.near_duplicates import NearDuplicateIndex
from classifiers.features.spam_signals import signal_explanations
from classifiers.features.token_table import token_table
from classifiers.models.abuse import SUB_LABELS
from classifiers.models.off_topic_scoring import OffTopicScorer
from classifiers.models.spam import duplicate_features, spam_dense
from classifiers.scores import Scores
from classifiers.text import normalise_batch

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


class Scorer:
    def __init__(self, bundle: ModelBundle, recent_capacity: int = 20_000):
        self.bundle = bundle
        self.recent = NearDuplicateIndex(capacity=recent_capacity, **bundle.manifest.get("near_duplicates", {}))
        self.lexicon = Lexicon()
        self.off_topic = OffTopicScorer(bundle.featurizer, bundle.off_topic)

    @property
    def version(self) -> str:
        return self.bundle.version

    @property
    def thresholds(self) -> dict:
        return self.bundle.manifest.get("thresholds", {})

    def remember(self, texts: list[str], article_id: str = "") -> None:
        for signature in self.recent.signatures(texts):
            self.recent.add(signature, article_id)

    def score_batch(self, comments: list[CommentInput], recent: list[str] | None = None) -> list[Scores]:
        if recent:
            self.remember(recent)
        # A batch that fails leaves no trace in the near-duplicate memory, so its comments, tried
        # again (one by one, say), are not taken for copies of themselves.
        mark = self.recent.mark()
        try:
            return self._score_batch(comments)
        except BaseException:
            self.recent.forget_since(mark)
            raise

    def _score_batch(self, comments: list[CommentInput]) -> list[Scores]:
        if not comments:
            return []
        b = self.bundle
        texts = [c.text for c in comments]
        # Everything up to the explanations is computed for the whole batch at once.
        normalised = normalise_batch(texts)
        table = token_table(normalised)
        hashed = b.featurizer.transform_table(table)
        masks = self.lexicon.token_masks(table)
        lexicon = self.lexicon.rows(table, normalised, masks)
        abuse, subs = b.abuse.predict_split(hashed, lexicon)

        groups = [c.article_id or f"comment:{c.id}" for c in comments]
        spam_columns = spam_dense(texts, table, duplicate_features(self.recent, texts, groups))
        spam = b.spam.predict_split(hashed, spam_columns)

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
        why_abuse = self._explain_abuse(table, masks, hashed, lexicon, normalised, np.flatnonzero(abuse >= explain_abuse))
        why_spam = self._explain_spam(table, hashed, spam_columns, np.flatnonzero(spam >= explain_spam))
        abuse, spam = np.round(abuse, 4).tolist(), np.round(spam, 4).tolist()
        subs = {name: np.round(values, 4).tolist() for name, values in subs.items()}
        off_topic_scores = [None if np.isnan(p) else p for p in np.round(off_topic, 4).tolist()]
        duplicate = (spam_columns[:, -2] > 0).tolist()
        results = []
        version = self.version
        for i, sub_values in enumerate(zip(*(subs[name] for name in SUB_LABELS))):
            labels = dict(zip(SUB_LABELS, sub_values))
            spam_reasons = why_spam.get(i, [])
            if duplicate[i]:
                spam_reasons = ["near-duplicate of a recent comment", *spam_reasons]
            labels["explanation"] = {"abuse": why_abuse.get(i, []), "spam": spam_reasons, "off_topic": off_topic_why.get(i, [])}
            results.append(Scores(abuse=abuse[i], spam=spam[i], off_topic=off_topic_scores[i], labels=labels, model=version))
        return results

    def _explain_abuse(self, table, masks, hashed, lexicon, normalised, flagged: np.ndarray) -> dict[int, list[str]]:
        if not len(flagged):
            return {}
        flagged_table = table.subset(flagged)
        hits = self.lexicon.hits(flagged_table, masks[np.isin(table.doc, flagged)], [normalised[i] for i in flagged])
        reasons = self.bundle.abuse.explain(self.bundle.featurizer, flagged_table, hashed[flagged], lexicon[flagged], hits)
        return dict(zip(flagged.tolist(), reasons))

    def _explain_spam(self, table, hashed, spam_columns, flagged: np.ndarray) -> dict[int, list[str]]:
        if not len(flagged):
            return {}
        words = self.bundle.spam.explain(self.bundle.featurizer, table.subset(flagged), hashed[flagged])
        return {i: signal_explanations(spam_columns[i]) + w for i, w in zip(flagged.tolist(), words)}


def load_scorer(model_dir: str | Path | None = None, recent_capacity: int = 20_000, deep: bool = True):
    """A scorer over the artifact in ``model_dir`` (default: the shipped one): the fast stage,
    followed by the encoder when the artifact has one and ``deep`` is not turned off."""
    fast = Scorer(load_bundle(Path(model_dir) if model_dir else None), recent_capacity=recent_capacity)
    return with_deep_stage(fast, model_dir) if deep else fast


def with_deep_stage(fast: Scorer, model_dir: str | Path | None = None, threads: int | None = None):
    """``fast`` followed by the artifact's tuned encoder (`classifiers.encoder`), when it has one
    and ``CLASSIFIERS_DEEP`` is not "0"; otherwise ``fast`` itself."""
    from classifiers.encoder import deep_manifest, encoder_dir

    manifest = deep_manifest(model_dir)
    if manifest is None:
        return fast
    from classifiers.encoder.deep import deep_scorer

    threads = threads or int(os.environ.get("CLASSIFIERS_ENCODER_THREADS", "1"))
    return deep_scorer(fast, encoder_dir(model_dir), manifest, threads=threads)
