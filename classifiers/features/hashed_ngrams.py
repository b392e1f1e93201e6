"""Hashed word and character n-grams with TF-IDF weighting.

Hashing keeps the artifact small and vocabulary-free (no word list to ship), and the
character n-grams make the models robust to the spellings people use to get around
filters ("f*ck", "idi0t", "stuuupid"). sklearn's own char analyser is too slow for the
service's throughput target, so each distinct word's hashed n-grams are computed once
and cached: words repeat so much across comments that the cache absorbs most of the
work.
"""

from __future__ import annotations

import re

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.preprocessing import normalize as l2_normalise
from sklearn.utils import murmurhash3_32

from classifiers.text import normalise

TOKEN = re.compile(r"[a-z0-9]+(?:[*'’.$@!][a-z0-9]+)*")
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
    def _hash(self, feature: str) -> int:
        return murmurhash3_32(feature, seed=0, positive=True) % self.n_features

    def _char_indices(self, word: str) -> np.ndarray:
        cache = self.__dict__.setdefault("_word_cache", {})
        found = cache.get(word)
        if found is None:
            padded = f" {word} "
            lo, hi = self.char_ngram_range
            grams = {padded[i : i + n] for n in range(lo, hi + 1) for i in range(len(padded) - n + 1)}
            found = np.fromiter((self._hash("c" + g) for g in grams), dtype=np.int32, count=len(grams))
            if len(cache) >= _CACHE_LIMIT:
                cache.clear()
            cache[word] = found
        return found

    def word_features(self, tokens: list[str]) -> list[tuple[str, int]]:
        """(phrase, hashed index) for every word and adjacent word pair."""
        feats = [(t, self._hash("w" + t)) for t in tokens]
        if self.word_bigrams:
            feats += [(f"{a} {b}", self._hash(f"b{a} {b}")) for a, b in zip(tokens, tokens[1:])]
        return feats

    def char_features(self, word: str) -> np.ndarray:
        return self._char_indices(word)

    def _counts(self, token_lists: list[list[str]]) -> tuple[sp.csr_matrix, sp.csr_matrix]:
        word_idx, word_ptr, char_idx, char_ptr = [], [0], [], [0]
        for tokens in token_lists:
            w = [i for _, i in self.word_features(tokens)]
            word_idx.extend(w)
            word_ptr.append(len(word_idx))
            arrays = [self._char_indices(t) for t in tokens]
            if arrays:
                char_idx.append(np.concatenate(arrays))
                char_ptr.append(char_ptr[-1] + len(char_idx[-1]))
            else:
                char_ptr.append(char_ptr[-1])
        shape = (len(token_lists), self.n_features)
        wi = np.asarray(word_idx, dtype=np.int32)
        ci = np.concatenate(char_idx) if char_idx else np.zeros(0, dtype=np.int32)
        words = sp.csr_matrix((np.ones(len(wi), np.float32), wi, np.asarray(word_ptr)), shape=shape)
        chars = sp.csr_matrix((np.ones(len(ci), np.float32), ci, np.asarray(char_ptr)), shape=shape)
        words.sum_duplicates()
        chars.sum_duplicates()
        return words, chars

    # -- estimator API -----------------------------------------------------------
    def fit(self, texts, y=None):
        words, chars = self._counts([tokenize(t) for t in texts])
        n_docs = words.shape[0]
        df = np.bincount(words.indices, minlength=self.n_features) + np.bincount(chars.indices, minlength=self.n_features)
        # Smoothed IDF as in TfidfTransformer; both blocks share one hashed space.
        self.idf_ = (np.log((1.0 + n_docs) / (1.0 + df)) + 1.0).astype(np.float32)
        return self

    def transform(self, texts) -> sp.csr_matrix:
        return self.transform_tokens([tokenize(t) for t in texts])

    def transform_tokens(self, token_lists: list[list[str]]) -> sp.csr_matrix:
        words, chars = self.transform_blocks(token_lists)
        return (1.0 - self.char_weight) * words + self.char_weight * chars

    def transform_blocks(self, token_lists: list[list[str]]) -> tuple[sp.csr_matrix, sp.csr_matrix]:
        """The word block and the character block, each TF-IDF weighted and unit length."""
        blocks = []
        for block in self._counts(token_lists):
            block.data = np.log1p(block.data) * self.idf_[block.indices]
            blocks.append(l2_normalise(block, copy=False))
        return blocks[0], blocks[1]

    def token_idf(self, token: str) -> float:
        return float(self.idf_[self._hash("w" + token)])

    # -- persistence -------------------------------------------------------------
    def get_config(self) -> dict:
        return {
            "n_features": int(self.n_features),
            "char_ngram_range": list(self.char_ngram_range),
            "word_bigrams": bool(self.word_bigrams),
            "char_weight": float(self.char_weight),
        }

    @classmethod
    def from_config(cls, config: dict, idf: np.ndarray) -> "HashedNgrams":
        model = cls(
            n_features=config["n_features"],
            char_ngram_range=tuple(config["char_ngram_range"]),
            word_bigrams=config["word_bigrams"],
            char_weight=config["char_weight"],
        )
        model.idf_ = np.asarray(idf, dtype=np.float32)
        return model
