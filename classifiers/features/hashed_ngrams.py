"""Hashed word and character n-grams with TF-IDF weighting.

Hashing keeps the artifact small and vocabulary-free (no word list to ship), and the
character n-grams make the models robust to the spellings people use to get around
filters ("f*ck", "id1ot", "stuuupid"). A whole batch is featurised with array
operations (see ``token_table``): character n-grams are hashed once per distinct word
in the batch, and a sparse product spreads them over the comments that use the word.
"""

from __future__ import annotations

import itertools
import re

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin

from classifiers.features.token_table import TokenTable, mix64, padded_words, powers, token_table
from classifiers.text import normalise, normalise_batch

TOKEN = re.compile(r"[a-z0-9]+(?:[*'’.$@!][a-z0-9]+)*")
_WORD_SALT = np.uint64(0x5851F42D4C957F2D)
_BIGRAM_SALT = np.uint64(0x14057B7EF767814F)
_CHAR_SALT = 0x2545F4914F6CDD1D
# A long-running worker sees an open-ended vocabulary; a bounded cache keeps memory flat.
_CACHE_LIMIT = 300_000


def tokenize(text: str) -> list[str]:
    return TOKEN.findall(normalise(text))


class HashedNgrams(TransformerMixin, BaseEstimator):
    """Word uni/bi-grams and within-word character n-grams, hashed, TF-IDF weighted.

    The word block and the character block are normalised separately and mixed with
    ``char_weight``, so long words do not drown out the word features.
    """

    def __init__(self, n_features=2**18, char_ngram_range=(3, 5), word_bigrams=True, char_weight=0.7):
        self.n_features = n_features
        self.char_ngram_range = char_ngram_range
        self.word_bigrams = word_bigrams
        self.char_weight = char_weight

    # -- hashing -----------------------------------------------------------------
    def _bucket(self, hashes: np.ndarray) -> np.ndarray:
        return (hashes % np.uint64(self.n_features)).astype(np.int32)

    def word_indices(self, table: TokenTable) -> tuple[np.ndarray, np.ndarray]:
        """Hashed index and comment of every word, then of every adjacent pair in a comment."""
        index = [self._bucket(mix64(table.hashes ^ _WORD_SALT))]
        doc = [table.doc]
        if self.word_bigrams and len(table.hashes) > 1:
            same = table.doc[1:] == table.doc[:-1]
            pair = mix64(table.hashes[:-1] ^ _BIGRAM_SALT) + table.hashes[1:]
            index.append(self._bucket(mix64(pair))[same])
            doc.append(table.doc[1:][same])
        return np.concatenate(index), np.concatenate(doc)

    def _char_matrix(self, table: TokenTable, which: np.ndarray) -> sp.csr_matrix:
        """Rows: the tokens ``which``; columns: counts of their hashed character n-grams."""
        chars, word_of = padded_words(table, which)
        lo, hi = self.char_ngram_range
        length = len(chars)
        # Hashes of the n-grams starting at each position, for every n, built up one
        # character at a time; laid out position by position so rows come out sorted.
        tail = np.concatenate([chars, np.zeros(hi, dtype=np.uint32)]).astype(np.uint64)
        word_tail = np.concatenate([word_of, np.full(hi, -1)])
        weights = powers(hi)
        h = np.zeros(length, dtype=np.uint64)
        hashes, valid_parts = [], []
        for n in range(1, hi + 1):
            h += tail[n - 1 : n - 1 + length] * weights[n - 1]
            if n >= lo:
                hashes.append(mix64(h + np.uint64((_CHAR_SALT * n) & 0xFFFFFFFFFFFFFFFF)))
                valid_parts.append(word_tail[n - 1 : n - 1 + length] == word_of)
        valid = np.column_stack(valid_parts).ravel()
        cols = self._bucket(np.column_stack(hashes).ravel()[valid])
        counts = np.bincount(np.repeat(word_of, hi - lo + 1)[valid], minlength=len(which))
        indptr = np.concatenate([[0], np.cumsum(counts)])
        return sp.csr_matrix((np.ones(len(cols), np.float32), cols, indptr), shape=(len(which), self.n_features))

    def count_blocks(self, table: TokenTable) -> tuple[sp.csr_matrix, sp.csr_matrix]:
        n = table.n_docs
        index, doc = self.word_indices(table)
        keys, counts = np.unique(doc.astype(np.int64) * self.n_features + index, return_counts=True)
        words = sp.csr_matrix(
            (counts.astype(np.float32), (keys % self.n_features).astype(np.int32), _indptr(keys // self.n_features, n)),
            shape=(n, self.n_features),
        )
        _, first, inverse = table.unique()
        uses = sp.csr_matrix((np.ones(len(inverse), np.float32), inverse, _indptr(table.doc, n)), shape=(n, len(first)))
        return words, uses @ self._char_matrix(table, first)

    def word_features(self, tokens: list[str]) -> list[tuple[str, int]]:
        """(phrase, hashed index) for every word and adjacent word pair of one comment."""
        index, _ = self.word_indices(token_table([" ".join(tokens)]))
        phrases = list(tokens)
        if self.word_bigrams:
            phrases += [f"{a} {b}" for a, b in itertools.pairwise(tokens)]
        return list(zip(phrases, index.tolist()))

    def char_membership(self, words: list[str]) -> sp.csr_matrix:
        """Rows: ``words`` (each one token); a 1 for every hashed character n-gram the word has."""
        table = token_table(words)
        matrix = self._char_matrix(table, np.arange(len(table.starts)))
        matrix.sum_duplicates()
        matrix.data[:] = 1.0
        return matrix

    def char_features(self, word: str) -> np.ndarray:
        return np.sort(self.char_membership([word]).indices)

    # -- estimator API -----------------------------------------------------------
    def fit(self, texts, y=None):
        words, chars = self.count_blocks(token_table(normalise_batch(list(texts))))
        chars.sum_duplicates()
        n_docs = words.shape[0]
        df = np.bincount(words.indices, minlength=self.n_features) + np.bincount(chars.indices, minlength=self.n_features)
        # Smoothed IDF as in TfidfTransformer; both blocks share one hashed space.
        self.idf_ = (np.log((1.0 + n_docs) / (1.0 + df)) + 1.0).astype(np.float32)
        return self

    def transform(self, texts) -> sp.csr_matrix:
        return self.transform_table(token_table(normalise_batch(list(texts))))

    def transform_table(self, table: TokenTable) -> sp.csr_matrix:
        """The two blocks mixed by ``char_weight``, as one matrix.

        A column may appear twice in a row (a word and an n-gram hashed alike); products
        with the matrix, all the models do with it, add the two up as they should.
        """
        words, chars = self.weighted_blocks(table)
        return _side_by_side(words, chars, 1.0 - self.char_weight, self.char_weight)

    def transform_tokens(self, token_lists: list[list[str]]) -> sp.csr_matrix:
        return self.transform_table(token_table([" ".join(t) for t in token_lists]))

    def transform_blocks(self, token_lists: list[list[str]]) -> tuple[sp.csr_matrix, sp.csr_matrix]:
        """The word block and the character block, each TF-IDF weighted and unit length."""
        return self.weighted_blocks(token_table([" ".join(t) for t in token_lists]))

    def weighted_blocks(self, table: TokenTable) -> tuple[sp.csr_matrix, sp.csr_matrix]:
        blocks = []
        for block in self.count_blocks(table):
            data = np.log1p(block.data) * self.idf_[block.indices]
            lengths = np.diff(block.indptr)
            squares = np.bincount(np.repeat(np.arange(len(lengths)), lengths), weights=data * data, minlength=len(lengths))
            norms = np.sqrt(np.where(squares > 0, squares, 1.0))
            block.data = (data / np.repeat(norms, lengths)).astype(np.float32)
            blocks.append(block)
        return blocks[0], blocks[1]

    def token_idfs(self, tokens: list[str]) -> np.ndarray:
        """``token_idf`` of each of ``tokens``, hashed together (the IDF of each one's first token)."""
        idf = np.ones(len(tokens))
        table = token_table(tokens)
        if len(table.hashes):
            first = np.searchsorted(table.doc, np.arange(len(tokens)))
            found = first < len(table.doc)
            found[found] = table.doc[first[found]] == np.flatnonzero(found)
            unigrams = self._bucket(mix64(table.hashes ^ _WORD_SALT))
            idf[found] = self.idf_[unigrams[first[found]]]
        return idf

    def token_idf(self, token: str) -> float:
        # One word at a time (``token_idfs`` does many at once); a bounded cache keeps repeats cheap.
        cache = self.__dict__.setdefault("_idf_cache", {})
        found = cache.get(token)
        if found is None:
            found = float(self.token_idfs([token])[0])
            if len(cache) >= _CACHE_LIMIT:
                cache.clear()
            cache[token] = found
        return found

    # -- persistence -------------------------------------------------------------
    def get_config(self) -> dict:
        return {
            "n_features": int(self.n_features),
            "char_ngram_range": list(self.char_ngram_range),
            "word_bigrams": bool(self.word_bigrams),
            "char_weight": float(self.char_weight),
        }

    @classmethod
    def from_config(cls, config: dict, idf: np.ndarray) -> HashedNgrams:
        model = cls(
            n_features=config["n_features"],
            char_ngram_range=tuple(config["char_ngram_range"]),
            word_bigrams=config["word_bigrams"],
            char_weight=config["char_weight"],
        )
        model.idf_ = np.asarray(idf, dtype=np.float32)
        return model


def _indptr(rows: np.ndarray, n_rows: int) -> np.ndarray:
    """Row pointers for entries already ordered by row."""
    return np.concatenate([[0], np.cumsum(np.bincount(rows, minlength=n_rows))])


def _side_by_side(a: sp.csr_matrix, b: sp.csr_matrix, weight_a: float, weight_b: float) -> sp.csr_matrix:
    """``weight_a * a + weight_b * b`` with each row holding a's entries then b's (not merged)."""
    n = a.shape[0]
    len_a, len_b = np.diff(a.indptr), np.diff(b.indptr)
    indptr = a.indptr + b.indptr
    row_a, row_b = np.repeat(np.arange(n), len_a), np.repeat(np.arange(n), len_b)
    at_a = indptr[row_a] + np.arange(len(a.data)) - a.indptr[row_a]
    at_b = indptr[row_b] + len_a[row_b] + np.arange(len(b.data)) - b.indptr[row_b]
    indices = np.empty(indptr[-1], dtype=np.int32)
    data = np.empty(indptr[-1], dtype=np.float32)
    indices[at_a], indices[at_b] = a.indices, b.indices
    data[at_a], data[at_b] = weight_a * a.data, weight_b * b.data
    return sp.csr_matrix((data, indices, indptr), shape=a.shape)
