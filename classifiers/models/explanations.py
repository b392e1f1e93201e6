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

from classifiers.features.hashed_ngrams import TOKEN, HashedNgrams
from classifiers.features.token_table import token_table


def phrase_contributions(
    featurizer: HashedNgrams, rows: sp.csr_matrix, coef: np.ndarray, normalised: list[str], characters: bool
) -> list[dict[str, float]]:
    """Per comment, phrase -> its features' contribution (weight times value) to the score.

    ``rows`` are the comments' hashed features (``featurizer.transform_table``),
    ``normalised`` their normalised texts, in the same order.
    """
    rows = sp.csr_matrix(rows, copy=True)
    rows.sum_duplicates()
    rows.data = rows.data * coef[rows.indices]
    table = token_table(normalised)
    out: list[dict[str, float]] = [{} for _ in normalised]
    if len(table.starts) == 0:
        return out
    # The pattern finds the table's tokens in the same order, and finds them faster.
    tokens = [token for text in normalised for token in TOKEN.findall(text)]
    index, doc = featurizer.word_indices(table)
    phrases = list(tokens)
    if featurizer.word_bigrams:
        phrases += [f"{a} {b}" for a, b, same in zip(tokens, tokens[1:], (table.doc[1:] == table.doc[:-1]).tolist()) if same]
    values = np.asarray(rows[doc, index]).ravel()
    for phrase, d, value in zip(phrases, doc.tolist(), values.tolist()):
        out[d][phrase] = value
    if characters:
        _, first, inverse = table.unique()
        pairs = np.unique(table.doc.astype(np.int64) * len(first) + inverse)
        pair_doc, pair_word = pairs // len(first), pairs % len(first)
        membership = featurizer.char_membership([tokens[k] for k in first.tolist()])
        # Each (comment, word) pair looks up its word's n-gram columns in its comment's row.
        lengths = np.diff(membership.indptr)[pair_word]
        within = np.arange(int(lengths.sum())) - np.repeat(np.cumsum(lengths) - lengths, lengths)
        columns = membership.indices[np.repeat(membership.indptr[pair_word], lengths) + within]
        values = np.asarray(rows[np.repeat(pair_doc, lengths), columns]).ravel()
        credit = np.bincount(np.repeat(np.arange(len(pairs)), lengths), weights=values, minlength=len(pairs))
        for d, w, value in zip(pair_doc.tolist(), pair_word.tolist(), credit.tolist()):
            token = tokens[first[w]]
            out[d][token] = out[d].get(token, 0.0) + value
    return out


def top_phrases(contributions: dict[str, float], top: int, floor: float = 0.05) -> list[str]:
    ranked = heapq.nlargest(top, contributions.items(), key=itemgetter(1))
    return [phrase for phrase, value in ranked if value > floor]
