"""Fitting the off-topic model from comment threads, with or without embeddings."""

from __future__ import annotations

import numpy as np

from classifiers.features.context_similarity import context_features
from classifiers.features.hashed_ngrams import HashedNgrams
from classifiers.models.off_topic import OffTopicModel
from classifiers.training.off_topic_pairs import make_pair_members


def pair_matrices(featurizer: HashedNgrams, threads, seed: int, encoder=None):
    """Features, embedding features (None without ``encoder``) and labels of the thread pairs."""
    comments, members, labels = make_pair_members(threads, seed=seed)
    contexts = [{part: " ".join(texts) for part, texts in m.items()} for m in members]
    X, _ = context_features(featurizer, comments, contexts)
    E = None
    if encoder is not None:
        from classifiers.features.off_topic_embeddings import embedding_features

        # A simulated article is the comments it was made of, each one a passage.
        articles = [m.get("title", []) + m.get("body", []) for m in members]
        parents = [m.get("parent", []) for m in members]
        E = embedding_features(encoder, comments, articles, parents)
    return X, E, np.array(labels)


def fit_off_topic_model(featurizer: HashedNgrams, threads, seed: int, embeddings: bool = False) -> OffTopicModel:
    encoder = None
    if embeddings:
        from classifiers.features.off_topic_embeddings import SentenceEncoder

        encoder = SentenceEncoder()
    X, E, y = pair_matrices(featurizer, threads, seed, encoder)
    return OffTopicModel(C=1.0, prior=0.15, random_state=seed).fit(X, y, E)
