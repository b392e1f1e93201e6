"""A batch of normalised texts as arrays: token positions, documents and hashes.

Scoring thousands of comments a second leaves no room for a Python loop per word, so
the batch is joined into one array of code points and tokens are found, hashed and
assigned to their comments with numpy. A token is what ``TOKEN`` in ``hashed_ngrams``
matches: a run of ``[a-z0-9]`` characters, joined across single inner ``* ' ’ . $ @ !``
("f*ck", "don't", "u.s"); the array rule below finds exactly the same tokens.

Hashes are 64-bit, computed with wrapping unsigned arithmetic (a polynomial over code
points, then a mixing step), so they are the same on every machine and in every
process, unlike Python's ``hash``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

_BASE = np.uint64(1_000_003)
_JOINERS = "*'’.$@!"
_SPACE = np.uint32(32)
# Leetspeak digits read as the letters they stand for inside words that also have
# letters ("id1ot", "st00pid"), so their character n-grams meet the plain spelling's.
_LEET = {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "!": "i"}


def mix64(z: np.ndarray) -> np.ndarray:
    """A bijective scrambling of 64-bit integers (the splitmix64 finaliser)."""
    z = np.asarray(z, dtype=np.uint64).copy()
    z ^= z >> np.uint64(30)
    z *= np.uint64(0xBF58476D1CE4E5B9)
    z ^= z >> np.uint64(27)
    z *= np.uint64(0x94D049BB133111EB)
    z ^= z >> np.uint64(31)
    return z


@lru_cache(maxsize=8)
def _powers(length: int) -> np.ndarray:
    powers = np.full(length, _BASE, dtype=np.uint64)
    powers[0] = 1
    return np.cumprod(powers, dtype=np.uint64)


def powers(length: int) -> np.ndarray:
    # Rounded up so the cache holds a few sizes, not one per batch.
    return _powers(max(64, 1 << int(np.ceil(np.log2(max(length, 1))))))[:length]


def sorted_distinct(values: np.ndarray) -> np.ndarray:
    """``np.unique(values)``, by sorting: numpy 2's plain ``unique`` hashes, which is
    many times slower on arrays of the sizes a batch has."""
    ordered = np.sort(values)
    if len(ordered) < 2:
        return ordered
    return ordered[np.concatenate([[True], ordered[1:] != ordered[:-1]])]


def code_points(text: str) -> np.ndarray:
    # JSON input may carry lone surrogates ("\ud800"); they pass through as code points.
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def from_code_points(cp: np.ndarray) -> str:
    return cp.astype(np.uint32).tobytes().decode("utf-32-le", "surrogatepass")


def char_class(characters: str) -> np.ndarray:
    """A lookup table: ``table[min(cp, len(table) - 1)]`` is True for these characters.

    Indexing a table is much cheaper than ``np.isin`` on small arrays; the last entry
    stands for every code point beyond the table and is False.
    """
    table = np.zeros(max(ord(c) for c in characters) + 2, dtype=bool)
    table[[ord(c) for c in characters]] = True
    return table


def in_class(cp: np.ndarray, table: np.ndarray) -> np.ndarray:
    return table[np.minimum(cp, len(table) - 1)]


_JOINER_CLASS = char_class(_JOINERS)


def _is_alnum(cp: np.ndarray) -> np.ndarray:
    return ((cp >= 48) & (cp <= 57)) | ((cp >= 97) & (cp <= 122))


@dataclass
class TokenTable:
    """Tokens of a batch: ``starts``/``lengths`` index ``chars``; ``doc`` is each token's comment."""

    chars: np.ndarray
    starts: np.ndarray
    lengths: np.ndarray
    doc: np.ndarray
    hashes: np.ndarray
    n_docs: int
    text: str
    _unique: tuple | None = None
    _tokens: list[str] | None = None

    def token(self, k: int) -> str:
        return self.text[self.starts[k] : self.starts[k] + self.lengths[k]]

    def tokens(self) -> list[str]:
        if self._tokens is None:
            text = self.text
            self._tokens = [text[s : s + n] for s, n in zip(self.starts.tolist(), self.lengths.tolist())]
        return self._tokens

    def subset(self, docs: np.ndarray) -> TokenTable:
        """The tokens of comments ``docs`` (ascending), renumbered 0, 1, ... in that order."""
        renumber = np.full(self.n_docs, -1, dtype=np.int64)
        renumber[docs] = np.arange(len(docs))
        keep = renumber[self.doc] >= 0
        return TokenTable(
            self.chars, self.starts[keep], self.lengths[keep], renumber[self.doc[keep]], self.hashes[keep], len(docs), self.text
        )

    def unique(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Distinct token hashes, the first occurrence of each, and each token's distinct index."""
        if self._unique is None:
            hashes, first, inverse = np.unique(self.hashes, return_index=True, return_inverse=True)
            self._unique = (hashes, first, inverse.ravel())
        return self._unique


def token_table(texts: list[str]) -> TokenTable:
    """Tokens of already normalised (lower-cased) texts."""
    # One space between texts: never part of a token, so no token spans two comments.
    joined = " ".join(texts)
    cp = code_points(joined)
    doc_starts = np.zeros(len(texts), dtype=np.int64)
    if len(texts) > 1:
        doc_starts[1:] = np.cumsum([len(t) + 1 for t in texts[:-1]])
    alnum = _is_alnum(cp)
    joiner = in_class(cp, _JOINER_CLASS)
    inner = np.zeros_like(alnum)
    if len(cp) > 2:
        inner[1:-1] = joiner[1:-1] & alnum[:-2] & alnum[2:]
    in_token = alnum | inner
    before, after = np.zeros_like(in_token), np.zeros_like(in_token)
    before[1:], after[:-1] = in_token[:-1], in_token[1:]
    starts = np.flatnonzero(in_token & ~before)
    ends = np.flatnonzero(in_token & ~after) + 1
    lengths = ends - starts
    doc = np.searchsorted(doc_starts, starts, side="right") - 1
    return TokenTable(cp, starts, lengths, doc, span_hashes(cp, starts, lengths), len(texts), joined)


def span_hashes(cp: np.ndarray, starts: np.ndarray, lengths: np.ndarray, salt: int = 0) -> np.ndarray:
    """One 64-bit hash per span ``cp[start:start+length]`` (spans must not be empty)."""
    if len(starts) == 0:
        return np.zeros(0, dtype=np.uint64)
    total = int(lengths.sum())
    first = np.repeat(starts, lengths)
    offset_of_span = np.repeat(np.cumsum(lengths) - lengths, lengths)
    within = np.arange(total, dtype=np.int64) - offset_of_span
    positions = first + within
    terms = cp[positions].astype(np.uint64) * powers(int(lengths.max()))[within]
    sums = np.add.reduceat(terms, np.cumsum(lengths) - lengths, dtype=np.uint64)
    return mix64(sums + lengths.astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15) + np.uint64(salt))


def padded_words(table: TokenTable, which: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Tokens ``which`` as one array " w1  w2 ... " (each padded by a space) and word ids.

    Inside words that also contain letters, leetspeak characters become letters.
    """
    lengths = table.lengths[which]
    padded = lengths + 2
    total = int(padded.sum())
    out = np.full(total, _SPACE, dtype=np.uint32)
    word_of = np.repeat(np.arange(len(which)), padded)
    if total == 0:
        return out, word_of
    dst_start = np.cumsum(padded) - padded + 1
    within = np.arange(int(lengths.sum()), dtype=np.int64) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    src = np.repeat(table.starts[which], lengths) + within
    chars = table.chars[src]
    letters = (chars >= 97) & (chars <= 122)
    has_letter = np.add.reduceat(letters, np.cumsum(lengths) - lengths) > 0 if len(lengths) else np.zeros(0, bool)
    out[np.repeat(dst_start, lengths) + within] = np.where(np.repeat(has_letter, lengths), _leet_map()[np.minimum(chars, 0x2019)], chars)
    return out, word_of


@lru_cache(maxsize=1)
def _leet_map() -> np.ndarray:
    table = np.arange(0x201A, dtype=np.uint32)
    for k, v in _LEET.items():
        table[ord(k)] = ord(v)
    return table
