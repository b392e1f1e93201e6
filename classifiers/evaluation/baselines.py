"""The off-topic baseline: one minus the TF-IDF cosine of comment and context."""

from __future__ import annotations

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize


def tfidf_cosine_off_topic(texts: list[str], contexts: list[dict[str, str]]) -> np.ndarray:
    joined = [" ".join(v for v in ctx.values() if v) for ctx in contexts]
    vectorizer = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit(texts + joined)
    a = normalize(vectorizer.transform(texts))
    b = normalize(vectorizer.transform(joined))
    return 1.0 - np.asarray(a.multiply(b).sum(axis=1)).ravel()
