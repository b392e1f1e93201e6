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
from classifiers.features.token_table import TokenTable, sorted_distinct


def phrase_contributions(
    featurizer: HashedNgrams, rows: sp.csr_matrix, coef: np.ndarray, table: TokenTable, characters: bool
) -> list[dict[str, float]]:
    """Per comment, phrase -> its features' contribution (weight times value) to the score.

    ``rows`` are the comments' hashed features (``featurizer.transform_table``),
    ``table`` their tokens, in the same order.
    """
    rows = sp.csr_matrix(rows, copy=True)
    rows.sum_duplicates()
    rows.data = rows.data * coef[rows.indices]
    out: list[dict[str, float]] = [{} for _ in range(table.n_docs)]
    if len(table.starts) == 0:
        return out
    tokens = table.tokens()
    index, doc = featurizer.word_indices(table)
    phrases = list(tokens)
    if featurizer.word_bigrams:
        phrases += [f"{a} {b}" for a, b, same in zip(tokens, tokens[1:], (table.doc[1:] == table.doc[:-1]).tolist()) if same]
    values = _entries(rows, doc, index)
    for phrase, d, value in zip(phrases, doc.tolist(), values.tolist()):
        out[d][phrase] = value
    if characters:
        _, first, inverse = table.unique()
        pairs = sorted_distinct(table.doc.astype(np.int64) * len(first) + inverse)
        pair_doc, pair_word = pairs // len(first), pairs % len(first)
        membership = featurizer.char_membership([tokens[k] for k in first.tolist()])
        # Each (comment, word) pair looks up its word's n-gram columns in its comment's row.
        lengths = np.diff(membership.indptr)[pair_word]
        within = np.arange(int(lengths.sum())) - np.repeat(np.cumsum(lengths) - lengths, lengths)
        columns = membership.indices[np.repeat(membership.indptr[pair_word], lengths) + within]
        values = _entries(rows, np.repeat(pair_doc, lengths), columns)
        credit = np.bincount(np.repeat(np.arange(len(pairs)), lengths), weights=values, minlength=len(pairs))
        for d, w, value in zip(pair_doc.tolist(), pair_word.tolist(), credit.tolist()):
            token = tokens[first[w]]
            out[d][token] = out[d].get(token, 0.0) + value
    return out


def _entries(matrix: sp.csr_matrix, rows: np.ndarray, columns: np.ndarray) -> np.ndarray:
    """``matrix[rows, columns]`` (0 where absent) for a matrix in canonical form, by binary search."""
    n_columns = np.int64(matrix.shape[1])
    stored = np.repeat(np.arange(matrix.shape[0], dtype=np.int64), np.diff(matrix.indptr)) * n_columns + matrix.indices
    wanted = np.asarray(rows, dtype=np.int64) * n_columns + columns
    if len(stored) == 0:
        return np.zeros(len(wanted), dtype=matrix.dtype)
    at = np.minimum(np.searchsorted(stored, wanted), len(stored) - 1)
    return np.where(stored[at] == wanted, matrix.data[at], 0)


def top_phrases(contributions: dict[str, float], top: int, floor: float = 0.05) -> list[str]:
    ranked = heapq.nlargest(top, contributions.items(), key=itemgetter(1))
    return [phrase for phrase, value in ranked if value > floor]
