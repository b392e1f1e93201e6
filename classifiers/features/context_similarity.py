"""How much a comment shares with its context (article title, body, parent comment).

Features are similarities, not words, so the off-topic model transfers across
subjects: it learns what "shares little with the article" looks like, not which
subjects are on-topic. Each context part gets its own similarities because a title
is a handful of words while a body is hundreds; the model sees which parts exist and
how long the context is, so a comment under a title alone is not expected to share
as much as one under a full article.

Columns are named; a model stores the names it uses, so adding a feature here does
not break an artifact trained before it.
"""

from __future__ import annotations

from collections import Counter, OrderedDict
from collections.abc import Mapping, Sequence

import numpy as np

from classifiers.features.hashed_ngrams import TOKEN, HashedNgrams
from classifiers.features.term_evidence import TermEvidence, stem_counts
from classifiers.text import normalise_batch

PARTS = ("title", "body", "parent")
PER_PART = ("word_cos", "char_cos", "coverage", "evidence_mean", "evidence_total")
FEATURE_NAMES = (
    *(f"{kind}_{part}" for part in PARTS for kind in PER_PART),
    *(f"has_{part}" for part in PARTS),
    *(f"best_{kind}" for kind in PER_PART),
    "comment_length",
    "context_length",
    "short_and_unrelated",
)
COLUMN = {name: k for k, name in enumerate(FEATURE_NAMES)}
# Totals grow without bound with comment length; the log keeps them on the scale of the
# other features, so one regularisation strength suits all of them.
_TOTAL_SCALE = 5.0


class ContextMemory:
    """Tokens and stem counts of recently seen context texts, so that an article's body,
    scored under comment after comment, is tokenised once rather than once per batch."""

    def __init__(self, capacity: int = 512):
        self.capacity = capacity
        self._known: OrderedDict[str, tuple[list[str], Counter]] = OrderedDict()

    def tokens_and_counts(self, texts: list[str]) -> list[tuple[list[str], Counter]]:
        known = self._known
        missing = [t for t in dict.fromkeys(texts) if t not in known]
        for text, tokens in zip(missing, (TOKEN.findall(t) for t in normalise_batch(missing))):
            known[text] = (tokens, stem_counts(tokens))
        out = []
        for text in texts:
            known.move_to_end(text)
            out.append(known[text])
        while len(known) > max(self.capacity, len(texts)):
            known.popitem(last=False)
        return out


def _needs_cosines(names) -> bool:
    return any("cos" in name or name == "short_and_unrelated" for name in names)


def context_features(
    featurizer: HashedNgrams, comments: list[str], contexts: Sequence[Mapping[str, str | None]], names=FEATURE_NAMES, memory: ContextMemory | None = None
):
    """One row per (comment, context); ``contexts[i]`` maps part name -> text (absent or '' = missing).

    Columns not needed for ``names`` may be left at 0 (the cosines cost most; the
    default off-topic head does not use them). ``memory`` keeps context texts' tokens
    between calls.
    """
    comment_tokens = [TOKEN.findall(t) for t in normalise_batch(comments)]
    cosines = _needs_cosines(names)
    if cosines:
        c_words, c_chars = featurizer.transform_blocks(comment_tokens)
    memory = memory or ContextMemory()
    evidence = TermEvidence(featurizer)
    rows = np.zeros((len(comments), len(FEATURE_NAMES)), dtype=np.float32)
    context_lengths = np.zeros(len(comments), dtype=np.float32)
    for part in PARTS:
        texts = [ctx.get(part) or "" for ctx in contexts]
        # Many comments share one article: featurise each distinct context once.
        distinct = sorted(set(texts))
        position = {t: k for k, t in enumerate(distinct)}
        rows_of = np.array([position[t] for t in texts], dtype=np.int64)
        distinct_tokens, distinct_counts = zip(*memory.tokens_and_counts(distinct))
        if cosines:
            x_words, x_chars = featurizer.transform_blocks(list(distinct_tokens))
            rows[:, COLUMN[f"word_cos_{part}"]] = np.asarray(c_words.multiply(x_words[rows_of]).sum(axis=1)).ravel()
            rows[:, COLUMN[f"char_cos_{part}"]] = np.asarray(c_chars.multiply(x_chars[rows_of]).sum(axis=1)).ravel()
        part_lengths = np.array([len(t) for t in distinct_tokens], dtype=np.int64)[rows_of]
        scores = evidence.score_batch(comment_tokens, [distinct_counts[k] for k in rows_of.tolist()], part_lengths)
        rows[:, COLUMN[f"coverage_{part}"]] = scores[:, 0]
        rows[:, COLUMN[f"evidence_mean_{part}"]] = scores[:, 1]
        rows[:, COLUMN[f"evidence_total_{part}"]] = np.log1p(scores[:, 2]) / _TOTAL_SCALE
        rows[:, COLUMN[f"has_{part}"]] = part_lengths > 0
        context_lengths += part_lengths
    for kind in PER_PART:
        rows[:, COLUMN[f"best_{kind}"]] = rows[:, [COLUMN[f"{kind}_{part}"] for part in PARTS]].max(axis=1)
    lengths = np.array([len(t) for t in comment_tokens], dtype=np.float32)
    rows[:, COLUMN["comment_length"]] = np.log1p(lengths) / 5.0
    rows[:, COLUMN["context_length"]] = np.log1p(context_lengths) / 8.0
    rows[:, COLUMN["short_and_unrelated"]] = (1.0 - rows[:, COLUMN["best_word_cos"]]) * np.minimum(lengths, 30) / 30.0
    return rows, comment_tokens


def columns(names) -> list[int]:
    """Column indices of the named features, in the given order."""
    return [COLUMN[name] for name in names]
