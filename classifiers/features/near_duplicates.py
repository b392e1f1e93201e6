"""Memory of recent comments for finding near-duplicates (MinHash with LSH banding).

Spammers paste the same text, lightly edited, under many articles. Each comment is
reduced to a MinHash signature of its character shingles; signatures are bucketed by
bands so a lookup touches only likely matches; the memory is bounded and forgets the
oldest comments first, so a long-running worker stays flat in memory.
"""

from __future__ import annotations

import re
import zlib
from collections import OrderedDict

import numpy as np

_PRIME = (1 << 61) - 1
_NON_WORD = re.compile(r"[^a-z0-9]+")


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
        rng = np.random.RandomState(seed)
        self._a = rng.randint(1, 1 << 31, size=num_perm).astype(np.uint64)
        self._b = rng.randint(0, 1 << 31, size=num_perm).astype(np.uint64)
        self._entries: OrderedDict[int, tuple[np.ndarray, str]] = OrderedDict()
        self._buckets: dict[tuple, set[int]] = {}
        self._next_id = 0

    def signature(self, text: str) -> np.ndarray | None:
        flat = _NON_WORD.sub(" ", text.lower()).strip()
        k = self.shingle
        shingles = {flat[i : i + k] for i in range(len(flat) - k + 1)}
        if len(shingles) < self.min_shingles:
            return None
        hashes = np.fromiter((zlib.crc32(s.encode()) for s in shingles), dtype=np.uint64, count=len(shingles))
        # Universal hashing a*x+b in 32-bit space; uint64 arithmetic cannot overflow here.
        permuted = (np.outer(self._a, hashes) + self._b[:, None]) & np.uint64(0xFFFFFFFF)
        return permuted.min(axis=1)

    def _band_keys(self, signature: np.ndarray):
        rows = self.num_perm // self.bands
        for band in range(self.bands):
            yield (band, signature[band * rows : (band + 1) * rows].tobytes())

    def query(self, signature: np.ndarray | None) -> tuple[float, set[str]]:
        if signature is None:
            return 0.0, set()
        candidates: set[int] = set()
        for key in self._band_keys(signature):
            candidates |= self._buckets.get(key, set())
        best, groups = 0.0, set()
        for entry_id in candidates:
            other, group = self._entries[entry_id]
            similarity = float(np.mean(other == signature))
            best = max(best, similarity)
            if similarity >= self.match_threshold:
                groups.add(group)
        return best, groups

    def add(self, signature: np.ndarray | None, group: str) -> None:
        if signature is None:
            return
        entry_id = self._next_id
        self._next_id += 1
        self._entries[entry_id] = (signature, group)
        for key in self._band_keys(signature):
            self._buckets.setdefault(key, set()).add(entry_id)
        while len(self._entries) > self.capacity:
            self._forget_oldest()

    def _forget_oldest(self) -> None:
        old_id, (signature, _) = self._entries.popitem(last=False)
        for key in self._band_keys(signature):
            bucket = self._buckets.get(key)
            if bucket is not None:
                bucket.discard(old_id)
                if not bucket:
                    del self._buckets[key]

    def similarity_and_add(self, text: str, group: str = "") -> tuple[float, int]:
        signature = self.signature(text)
        best, groups = self.query(signature)
        self.add(signature, group)
        return best, len(groups - {group})

    def __len__(self) -> int:
        return len(self._entries)
