"""Fitting the three models from labelled examples (no file I/O here).

``fit_bundle`` is used by the training command, by the evaluation command (for the
leave-one-video-out spam model) and by learning from moderators, so every model the
project ships or compares is built the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from classifiers.artifact import ModelBundle
from classifiers.features.hashed_ngrams import TOKEN, HashedNgrams
from classifiers.features.lexicon import Lexicon
from classifiers.features.near_duplicates import NearDuplicateIndex
from classifiers.features.token_table import token_table
from classifiers.models.abuse import AbuseModel, abuse_features
from classifiers.models.off_topic import OffTopicModel
from classifiers.models.spam import SpamModel, duplicate_features, spam_dense, spam_features
from classifiers.text import normalise_batch
from classifiers.training.datasets import AbuseExample, SpamExample
from classifiers.training.off_topic_fit import fit_off_topic_model, pair_matrices
from classifiers.training.weak_labels import sub_label_targets

NEAR_DUPLICATES = {"num_perm": 64, "bands": 16, "shingle": 5, "min_shingles": 12, "match_threshold": 0.7}
# Abusive examples aimed at a person (the weak "insult" target: OLID's targeted
# individual, an insult word, or second person) weigh this many times more. Tweets
# labelled offensive are often untargeted profanity; what a news site moderates most
# is attacks on people, and weighting them up moves the abuse head towards them.
TARGETED_ABUSE_WEIGHT = 4.0
# The spam head has few examples but strong, sparse cues ("subscribe", links); weak
# regularisation let it keep them. Chosen by leave-one-video-out on the YouTube data.
SPAM_C = 16.0


@dataclass
class TrainingSet:
    abuse: list[AbuseExample]
    spam: list[SpamExample]
    # Weight of each abuse source; tweets labelled "offensive" for slang are a weaker
    # guide to news comments than OLID's targeted offence, so Davidson counts half.
    source_weights: dict[str, float] = field(default_factory=lambda: {"davidson": 0.5})
    # Also fit the off-topic head that reads sentence embeddings (needs the extra).
    off_topic_embeddings: bool = False
    # Examples the spam head alone learns from (not the featurizer, not off-topic's threads): news
    # comments that are not spam, and spam written in their register (`written_spam`).
    spam_extra: list[SpamExample] = field(default_factory=list)


def fit_featurizer(texts: list[str]) -> HashedNgrams:
    return HashedNgrams(n_features=2**18, char_ngram_range=(3, 5), word_bigrams=True, char_weight=0.4).fit(texts)


def abuse_matrix(featurizer: HashedNgrams, texts: list[str]):
    normalised = normalise_batch(texts)
    table = token_table(normalised)
    X = abuse_features(featurizer.transform_table(table), Lexicon().rows(table, normalised))
    return X, [TOKEN.findall(t) for t in normalised], normalised


def split_votes(examples: list[AbuseExample]) -> tuple[list[AbuseExample], np.ndarray]:
    """Examples whose annotators disagreed, as an abusive and a clean copy weighted by
    the shares of votes; the others as they are, with weight 1.

    A tweet two of three annotators called offensive is not a certain positive: fitting
    it as one teaches the model the third annotator was wrong. Soft targets keep the
    doubt, and weigh the unanimous examples most.
    """
    out, weights = [], []
    for e in examples:
        share = e.abusive_share
        if share is None or share in (0.0, 1.0):
            out.append(e)
            weights.append(1.0)
            continue
        out += [replace(e, abusive=1), replace(e, abusive=0, hate=0)]
        weights += [share, 1.0 - share]
    return out, np.array(weights)


def fit_abuse(featurizer: HashedNgrams, examples: list[AbuseExample], weights: dict[str, float], seed: int) -> AbuseModel:
    examples, vote_weight = split_votes(examples)
    X, tokens, normalised = abuse_matrix(featurizer, [e.text for e in examples])
    y = np.array([e.abusive for e in examples])
    targets = sub_label_targets(examples, tokens, normalised)
    sample_weight = np.array([weights.get(e.source, 1.0) for e in examples]) * vote_weight
    sample_weight = sample_weight * np.where(targets["insult"] == 1, TARGETED_ABUSE_WEIGHT, 1.0)
    return AbuseModel(C=4.0, random_state=seed).fit(X, y, targets, sample_weight)


def chronological(examples: list[SpamExample]) -> list[SpamExample]:
    return sorted(examples, key=lambda e: (e.date, e.video, e.text))


def spam_matrix(featurizer: HashedNgrams, examples: list[SpamExample], index: NearDuplicateIndex):
    """Features for examples already in chronological order; ``index`` remembers them."""
    texts = [e.text for e in examples]
    table = token_table(normalise_batch(texts))
    duplicates = duplicate_features(index, texts, [e.video for e in examples])
    return spam_features(featurizer.transform_table(table), spam_dense(texts, table, duplicates))


def fit_spam(featurizer: HashedNgrams, examples: list[SpamExample], seed: int) -> tuple[SpamModel, NearDuplicateIndex]:
    ordered = chronological(examples)
    index = NearDuplicateIndex(**NEAR_DUPLICATES)
    X = spam_matrix(featurizer, ordered, index)
    return SpamModel(C=SPAM_C, random_state=seed).fit(X, np.array([e.spam for e in ordered])), index


def threads_of(examples: list[SpamExample]) -> dict[str, list[tuple[str, int]]]:
    threads: dict[str, list[tuple[str, int]]] = {}
    for e in examples:
        threads.setdefault(e.video, []).append((e.text, e.spam))
    return threads


def off_topic_matrix(featurizer: HashedNgrams, examples: list[SpamExample], seed: int):
    X, _, y = pair_matrices(featurizer, threads_of(examples), seed)
    return X, y


def fit_off_topic(featurizer: HashedNgrams, examples: list[SpamExample], seed: int, embeddings: bool = False) -> OffTopicModel:
    return fit_off_topic_model(featurizer, threads_of(examples), seed, embeddings)


def fit_bundle(training: TrainingSet, seed: int = 0) -> ModelBundle:
    texts = [e.text for e in training.abuse] + [e.text for e in training.spam]
    featurizer = fit_featurizer(texts)
    spam, _ = fit_spam(featurizer, training.spam + training.spam_extra, seed)
    return ModelBundle(
        featurizer=featurizer,
        abuse=fit_abuse(featurizer, training.abuse, training.source_weights, seed),
        spam=spam,
        off_topic=fit_off_topic(featurizer, training.spam, seed, training.off_topic_embeddings),
        manifest={"near_duplicates": dict(NEAR_DUPLICATES)},
    )
