"""Running the tuned encoder with ONNX Runtime: texts in, embeddings and label probabilities out.

One session per process, on ``threads`` intra-op threads (one per worker process is the
best use of a core). Texts are sorted by length and run in batches, so a short comment is
not padded to the longest one; an article's passages are embedded once and remembered.
"""

from __future__ import annotations

from collections import OrderedDict
from pathlib import Path

import numpy as np

from classifiers.encoder.weights import MAX_TOKENS, load_tokenizer, onnx_model, readable

BATCH = 32


class Encoder:
    def __init__(self, npz: Path, threads: int = 1):
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        self.session = ort.InferenceSession(str(onnx_model(npz)), options, providers=["CPUExecutionProvider"])
        self.tokenizer = load_tokenizer(MAX_TOKENS)
        self._passages: OrderedDict[str, np.ndarray] = OrderedDict()

    def run(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """(embeddings: n × 384, unit length; probabilities: n × heads)."""
        n = len(texts)
        embeddings = np.zeros((n, 384), dtype=np.float32)
        probabilities = None
        encoded = self.tokenizer.encode_batch([readable(t) for t in texts], add_special_tokens=True)
        lengths = np.array([sum(e.attention_mask) for e in encoded])
        order = np.argsort(lengths, kind="stable")
        for start in range(0, n, BATCH):
            rows = order[start : start + BATCH]
            width = int(lengths[rows].max())
            ids = np.array([encoded[i].ids[:width] for i in rows], dtype=np.int64)
            mask = np.array([encoded[i].attention_mask[:width] for i in rows], dtype=np.int64)
            embedding, probability = self.session.run(None, {"input_ids": ids, "attention_mask": mask})
            if probabilities is None:
                probabilities = np.zeros((n, probability.shape[1]), dtype=np.float32)
            embeddings[rows] = embedding
            probabilities[rows] = probability
        if probabilities is None:
            probabilities = np.zeros((0, 0), dtype=np.float32)
        return embeddings, probabilities

    def passages(self, texts: list[str], capacity: int = 4096) -> np.ndarray:
        """Embeddings of context passages (article parts), remembered: an article is embedded once."""
        missing = [t for t in dict.fromkeys(texts) if t not in self._passages]
        if missing:
            embedded, _ = self.run(missing)
            for text, vector in zip(missing, embedded):
                self._passages[text] = vector
        for text in texts:
            self._passages.move_to_end(text)
        while len(self._passages) > capacity:
            self._passages.popitem(last=False)
        return np.array([self._passages[t] for t in texts], dtype=np.float32).reshape(len(texts), -1)
