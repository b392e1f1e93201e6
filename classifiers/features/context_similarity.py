"""How much a comment shares with its context (article title, body, parent comment).

Features are similarities, not words, so the off-topic model transfers across
subjects: it learns what "shares little with the article" looks like, not which
subjects are on-topic. Each context part gets its own similarities because a title
is a handful of words while a body is hundreds; the model sees which parts exist and
how long the comment is, so a two-word comment under a title is not judged like an
essay under a full article.
"""

from __future__ import annotations

import numpy as np

from classifiers.features.hashed_ngrams import HashedNgrams, tokenize

PARTS = ("title", "body", "parent")
FEATURE_NAMES = (
    *(f"{kind}_{part}" for part in PARTS for kind in ("word_cos", "char_cos", "coverage")),
    *(f"has_{part}" for part in PARTS),
    "best_word_cos",
    "best_char_cos",
    "best_coverage",
    "comment_length",
    "context_length",
    "short_and_unrelated",
)


def _coverage(featurizer: HashedNgrams, comment: list[str], context: set[str]) -> float:
    """IDF-weighted share of the comment's words that also occur in the context."""
    if not comment:
        return 0.0
    weights = np.array([featurizer.token_idf(t) for t in comment])
    present = np.array([t in context for t in comment])
    return float(weights[present].sum() / weights.sum())


def context_features(featurizer: HashedNgrams, comments: list[str], contexts: list[dict[str, str]]):
    """One row per (comment, context); ``contexts[i]`` maps part name -> text (absent or '' = missing)."""
    comment_tokens = [tokenize(c) for c in comments]
    c_words, c_chars = featurizer.transform_blocks(comment_tokens)
    rows = np.zeros((len(comments), len(FEATURE_NAMES)), dtype=np.float32)
    context_lengths = np.zeros(len(comments), dtype=np.float32)
    for p, part in enumerate(PARTS):
        texts = [ctx.get(part) or "" for ctx in contexts]
        # Many comments share one article: featurise each distinct context once.
        distinct = sorted(set(texts))
        position = {t: k for k, t in enumerate(distinct)}
        rows_of = np.array([position[t] for t in texts], dtype=np.int64)
        distinct_tokens = [tokenize(t) for t in distinct]
        distinct_sets = [set(t) for t in distinct_tokens]
        x_words, x_chars = featurizer.transform_blocks(distinct_tokens)
        rows[:, p * 3] = np.asarray(c_words.multiply(x_words[rows_of]).sum(axis=1)).ravel()
        rows[:, p * 3 + 1] = np.asarray(c_chars.multiply(x_chars[rows_of]).sum(axis=1)).ravel()
        rows[:, p * 3 + 2] = [_coverage(featurizer, c, distinct_sets[k]) for c, k in zip(comment_tokens, rows_of)]
        rows[:, 9 + p] = [float(bool(distinct_tokens[k])) for k in rows_of]
        context_lengths += np.array([len(distinct_tokens[k]) for k in rows_of], dtype=np.float32)
    lengths = np.array([len(t) for t in comment_tokens], dtype=np.float32)
    for k in range(3):
        rows[:, 12 + k] = rows[:, [k, 3 + k, 6 + k]].max(axis=1)
    rows[:, 15] = np.log1p(lengths) / 5.0
    rows[:, 16] = np.log1p(context_lengths) / 8.0
    # Short comments share few words with anything; this lets the model treat "no
    # overlap" as weak evidence when the comment has only a few words.
    rows[:, 17] = (1.0 - rows[:, 12]) * np.minimum(lengths, 30) / 30.0
    return rows, comment_tokens
