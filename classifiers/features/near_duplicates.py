"""Memory of recent comments for finding near-duplicates (MinHash with LSH banding).

Spammers paste the same text, lightly edited, under many articles. Each comment is
reduced to a MinHash signature of its character shingles; signatures are bucketed by
bands so a lookup touches only likely matches; the memory is bounded and forgets the
oldest comments first, so a long-running worker stays flat in memory.

Signatures use one-permutation hashing: each shingle is hashed once, the hash picks
one of ``num_perm`` bins and the bin keeps its smallest value; empty bins borrow from
the next filled bin (densification), so two signatures still agree bin by bin about
as often as the shingle sets overlap. One hash per shingle, not ``num_perm``, is what
lets a whole batch be signed with a few array operations.
"""

from __future__ import annotations

from collections import OrderedDict

import numpy as np

from classifiers.features.token_table import code_points, mix64

_EMPTY = np.uint64(np.iinfo(np.uint64).max)
_SEPARATOR = "\x00"


class NearDuplicateIndex:
    """Bounded LSH index of MinHash signatures of recent comments.

    ``similarity_and_add(text, group)`` returns the estimated Jaccard similarity of the
    text's shingles to the most similar remembered comment, and how many distinct
    groups (articles) hold a comment at least ``match_threshold`` similar, then
    remembers the text. Texts with fewer than ``min_shingles`` shingles are too short
    for a duplicate to mean anything ("thanks!") and score 0.
    """

    def __init__(self, capacity=20_000, num_perm=64, bands=16, shingle=5, min_shingles=12, match_threshold=0.7, seed=7):
        self.capacity = capacity
        self.num_perm = num_perm
        self.bands = bands
        self.shingle = shingle
        self.min_shingles = min_shingles
        self.match_threshold = match_threshold
        self.seed = seed
        self._entries: OrderedDict[int, tuple[np.ndarray, list[int], str]] = OrderedDict()
        self._buckets: dict[int, int | list[int]] = {}
        self._next_id = 0

    # -- signatures ----------------------------------------------------------------
    def signatures(self, texts: list[str]) -> list[np.ndarray | None]:
        """One signature per text (None when too short), computed for the whole batch at once."""
        n, k, bins = len(texts), self.shingle, self.num_perm
        # Lower-cased text by text, then measured: lower-casing can change a text's length
        # ("İ" becomes two code points), so lengths taken before it would misplace every later text.
        texts = [(t.replace(_SEPARATOR, " ") if _SEPARATOR in t else t).lower() for t in texts]
        lengths = np.array([len(t) for t in texts], dtype=np.int64)
        cp = code_points(_SEPARATOR.join(texts))
        doc = np.repeat(np.arange(n), lengths + 1)[: len(cp)]
        # Letters and digits, with each run of anything else as one space (the text's
        # start trimmed; its end may keep one space, the same in every copy of it).
        alnum = ((cp >= 48) & (cp <= 57)) | ((cp >= 97) & (cp <= 122))
        keep = alnum.copy()
        keep[1:] |= alnum[:-1]
        flat = np.where(alnum[keep], cp[keep], 32).astype(np.uint64)
        flat_doc = doc[keep]
        # Every character is below 128, so a shingle packs into 7 bits a character:
        # an exact key, hashed once.
        count = max(len(flat) - k + 1, 0)
        packed = np.zeros(count, dtype=np.uint64)
        for j in range(k):
            packed |= flat[j : j + count] << np.uint64(7 * j)
        within = flat_doc[:count] == flat_doc[k - 1 :]
        shingle_doc = flat_doc[:count][within]
        h = mix64(packed[within] + np.uint64(self.seed))
        # The high 32 bits choose the bin (scaled, not divided: cheaper than a modulo);
        # the low 32 bits are the value, as float64 (exact) because numpy's fast path
        # for minimum.at covers floats.
        bin_of = ((h >> np.uint64(32)) * np.uint64(bins)) >> np.uint64(32)
        smallest = np.full(n * bins, np.inf)
        value = (h & np.uint64(0xFFFFFFFF)).astype(np.float64)
        np.minimum.at(smallest, shingle_doc * bins + bin_of.astype(np.int64), value)
        empty = np.isinf(smallest)
        signature = np.where(empty, 0.0, smallest).astype(np.uint64)
        signature[empty] = _EMPTY
        signature = _densify(signature.reshape(n, bins))
        counts = np.bincount(shingle_doc, minlength=n)
        return [signature[i] if counts[i] >= self.min_shingles else None for i in range(n)]

    def signature(self, text: str) -> np.ndarray | None:
        return self.signatures([text])[0]

    def _band_keys(self, signature: np.ndarray) -> list[int]:
        return self._band_key_rows(signature[None, :])[0]

    def _band_key_rows(self, signatures: np.ndarray) -> list[list[int]]:
        """One bucket key per band (band number mixed in) for each row of signatures."""
        bands = signatures.reshape(len(signatures), self.bands, -1)
        key = np.broadcast_to(np.arange(self.bands, dtype=np.uint64), bands.shape[:2])
        for r in range(bands.shape[2]):
            key = mix64(key ^ bands[:, :, r])
        return key.tolist()

    # -- memory --------------------------------------------------------------------
    # A bucket holds one entry id, or a list of them once a second comment shares the
    # band: almost every bucket holds one, and a bare int costs far less than a set.
    def query(self, signature: np.ndarray | None, keys: list[int] | None = None) -> tuple[float, set[str]]:
        if signature is None:
            return 0.0, set()
        # Almost every bucket looked up is empty: ``map`` keeps the lookups out of the interpreter loop.
        held = [found for found in map(self._buckets.get, keys or self._band_keys(signature)) if found is not None]
        if not held:
            return 0.0, set()
        candidates: set[int] = set()
        for found in held:
            if isinstance(found, int):
                candidates.add(found)
            else:
                candidates.update(found)
        best, groups = 0.0, set()
        for entry_id in candidates:
            other, _, group = self._entries[entry_id]
            similarity = np.count_nonzero(other == signature) / len(signature)
            best = max(best, similarity)
            if similarity >= self.match_threshold:
                groups.add(group)
        return best, groups

    def add(self, signature: np.ndarray | None, group: str, keys: list[int] | None = None) -> None:
        if signature is None:
            return
        keys = keys or self._band_keys(signature)
        entry_id = self._next_id
        self._next_id += 1
        self._entries[entry_id] = (signature, keys, group)
        buckets = self._buckets
        if not any(map(buckets.__contains__, keys)):
            buckets.update(dict.fromkeys(keys, entry_id))  # the common case: every bucket new
        else:
            for key in keys:
                found = buckets.get(key)
                if found is None:
                    buckets[key] = entry_id
                elif isinstance(found, int):
                    buckets[key] = [found, entry_id]
                else:
                    found.append(entry_id)
        while len(self._entries) > self.capacity:
            self._forget_oldest()

    def mark(self) -> int:
        """A point in the memory's history, for ``forget_since``."""
        return self._next_id

    def forget_since(self, mark: int) -> None:
        """Forget what was remembered after ``mark`` (what was forgotten meanwhile to make room stays
        forgotten): a batch that failed half-way must not find itself here when it is tried again."""
        while self._entries and next(reversed(self._entries)) >= mark:
            self._forget(next(reversed(self._entries)))

    def _forget_oldest(self) -> None:
        self._forget(next(iter(self._entries)))

    def _forget(self, entry_id: int) -> None:
        _, keys, _ = self._entries.pop(entry_id)
        buckets = self._buckets
        for key in keys:
            found = buckets.get(key)
            if found is None:
                continue
            if isinstance(found, int):
                if found == entry_id:
                    del buckets[key]
            else:
                if entry_id in found:
                    found.remove(entry_id)
                if len(found) == 1:
                    buckets[key] = found[0]

    def similarity_and_add(self, text: str, group: str = "") -> tuple[float, int]:
        similarity, others = self.similarity_and_add_batch([text], [group])
        return float(similarity[0]), int(others[0])

    def similarity_and_add_batch(self, texts: list[str], groups: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """``similarity_and_add`` for each text in order: later texts see earlier ones."""
        similarity = np.zeros(len(texts))
        others = np.zeros(len(texts), dtype=np.int64)
        signatures = self.signatures(texts)
        present = [i for i, signature in enumerate(signatures) if signature is not None]
        key_rows = self._band_key_rows(np.array([signatures[i] for i in present])) if present else []
        for i, keys in zip(present, key_rows):
            signature, group = signatures[i], groups[i]
            best, matched = self.query(signature, keys)
            similarity[i], others[i] = best, len(matched - {group})
            self.add(signature, group, keys)
        return similarity, others

    def __len__(self) -> int:
        return len(self._entries)


def _densify(signature: np.ndarray) -> np.ndarray:
    """Fill each empty bin from the next filled one to its right (wrapping round).

    The borrowed value is offset by the distance, so a bin filled by borrowing matches
    another signature's only when both borrowed the same value from the same distance.
    """
    n, bins = signature.shape
    empty = signature == _EMPTY
    if not empty.any():
        return signature
    position = np.where(empty, 3 * bins, np.arange(bins))
    doubled = np.concatenate([position, np.where(empty, 3 * bins, position + bins)], axis=1)
    following = np.minimum.accumulate(doubled[:, ::-1], axis=1)[:, ::-1][:, :bins]
    has_any = ~empty.all(axis=1)
    source = np.where(has_any[:, None], following % bins, 0)
    distance = (following - np.arange(bins)).astype(np.uint64)
    borrowed = signature[np.arange(n)[:, None], source] + (distance << np.uint64(32))
    return np.where(empty & has_any[:, None], borrowed, signature)
