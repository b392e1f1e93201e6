"""Which words drove a linear score, for the few comments a moderator will see.

A comment's score is a sum over its features of weight times value; a word is
credited with its own feature, with each word pair it starts, and (optionally) with
all its character n-grams. Comments are explained together, with a handful of sparse
operations for the lot, so a batch with many flagged comments stays fast.
"""

from __future__ import annotations

import heapq
from operator import itemgetter

import numpy as np
import scipy.sparse as sp

from classifiers.features.hashed_ngrams import HashedNgrams
from classifiers.features.token_table import TokenTable

# A phrase is shown only if it added more than this to the score's logit.
SHOWN_FROM = 0.05


def phrase_contributions(
    featurizer: HashedNgrams,
    rows: sp.csr_matrix,
    coef: np.ndarray,
    table: TokenTable,
    characters: bool,
    floor: float | None = None,
    keep: list[set[str]] | None = None,
) -> list[dict[str, float]]:
    """Per comment, phrase -> its features' contribution (weight times value) to the score.

    ``rows`` are the comments' hashed features (``featurizer.transform_table``),
    ``table`` their tokens, in the same order. Phrases come in the order they first
    appear, words before word pairs. With ``floor``, a phrase contributing no more than
    it is left out unless ``keep[d]`` holds it (a caller adding to some phrases later
    still finds them in their places); most phrases of a long comment contribute
    nothing worth showing, and leaving them out spares building their strings.
    """
    rows = sp.csr_matrix(rows, copy=True)
    rows.sum_duplicates()
    rows.data = rows.data * coef[rows.indices]
    out: list[dict[str, float]] = [{} for _ in range(table.n_docs)]
    if len(table.starts) == 0:
        return out
    keep = keep or [set() for _ in range(table.n_docs)]
    tokens = table.tokens()
    index, doc = featurizer.word_indices(table)
    values = _entries(rows, doc, index)
    n_tokens = len(tokens)

    # Words: one entry per (comment, distinct word), at its first occurrence.
    _, first, inverse = table.unique()
    pair_keys = table.doc.astype(np.int64) * len(first) + inverse
    pairs, first_at = np.unique(pair_keys, return_index=True)
    pair_doc, pair_word = pairs // len(first), pairs % len(first)
    total = values[:n_tokens][first_at].astype(np.float64)
    if characters:
        total = total + _character_credit(featurizer, rows, tokens, first, pair_doc, pair_word)
    wanted = np.ones(len(pairs), dtype=bool) if floor is None else total > floor
    order = np.argsort(first_at, kind="stable")
    for k, d, at, value in zip(order.tolist(), pair_doc[order].tolist(), first_at[order].tolist(), total[order].tolist()):
        token = tokens[at]
        if wanted[k] or token in keep[d]:
            out[d][token] = value

    # Word pairs, in the order they occur (a repeated pair keeps its first place).
    if featurizer.word_bigrams and n_tokens > 1:
        pair_values = values[n_tokens:]
        starts = np.flatnonzero(table.doc[1:] == table.doc[:-1])
        wanted = np.ones(len(starts), dtype=bool) if floor is None else pair_values > floor
        # Only comments told to keep a phrase of several words need every pair looked at.
        if any(" " in phrase for phrases in keep for phrase in phrases):
            multiword = np.array([any(" " in phrase for phrase in phrases) for phrases in keep])
            wanted |= multiword[table.doc[starts]]
        for at, value in zip(starts[wanted].tolist(), pair_values[wanted].tolist()):
            d = int(table.doc[at])
            phrase = f"{tokens[at]} {tokens[at + 1]}"
            if floor is None or value > floor or phrase in keep[d]:
                out[d][phrase] = value
    return out


def _character_credit(featurizer, rows, tokens, first, pair_doc, pair_word) -> np.ndarray:
    """For each (comment, word) pair, the summed contributions of the word's character n-grams in that comment."""
    membership = featurizer.char_membership([tokens[k] for k in first.tolist()])
    # Each (comment, word) pair looks up its word's n-gram columns in its comment's row.
    lengths = np.diff(membership.indptr)[pair_word]
    within = np.arange(int(lengths.sum())) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    columns = membership.indices[np.repeat(membership.indptr[pair_word], lengths) + within]
    values = _entries(rows, np.repeat(pair_doc, lengths), columns)
    return np.bincount(np.repeat(np.arange(len(pair_doc)), lengths), weights=values, minlength=len(pair_doc))


def _entries(matrix: sp.csr_matrix, rows: np.ndarray, columns: np.ndarray) -> np.ndarray:
    """``matrix[rows, columns]`` (0 where absent) for a matrix in canonical form, by binary search."""
    n_columns = np.int64(matrix.shape[1])
    stored = np.repeat(np.arange(matrix.shape[0], dtype=np.int64), np.diff(matrix.indptr)) * n_columns + matrix.indices
    wanted = np.asarray(rows, dtype=np.int64) * n_columns + columns
    if len(stored) == 0:
        return np.zeros(len(wanted), dtype=matrix.dtype)
    at = np.minimum(np.searchsorted(stored, wanted), len(stored) - 1)
    return np.where(stored[at] == wanted, matrix.data[at], 0)


def top_phrases(contributions: dict[str, float], top: int, floor: float = SHOWN_FROM) -> list[str]:
    ranked = heapq.nlargest(top, contributions.items(), key=itemgetter(1))
    return [phrase for phrase, value in ranked if value > floor]
