"""Spam measured across videos: trained on two YouTube files, tested on the third.

The shipped spam model saw all three files, so this trains a fresh one the same way
(same code, same settings) with the test video left out entirely, featurizer included.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from classifiers.features.near_duplicates import NearDuplicateIndex
from classifiers.training.build import NEAR_DUPLICATES, chronological, fit_featurizer, fit_spam, spam_matrix
from classifiers.training.datasets import read_davidson, read_youtube
from classifiers.training.splits import commercial_splits, olid_split
from classifiers.training.written_spam import written_spam


def leave_one_video_out(data_dir: Path, test_video: str, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    youtube = read_youtube(data_dir)
    train = [e for e in youtube if e.video != test_video]
    test = chronological([e for e in youtube if e.video == test_video])
    olid_train, _ = olid_split(data_dir)
    featurizer = fit_featurizer([e.text for e in read_davidson(data_dir) + olid_train] + [e.text for e in train])
    splits = commercial_splits(data_dir)
    model, _ = fit_spam(featurizer, train + splits.news_ham_train + written_spam(), seed)
    # The memory holds the training videos' comments, as a live service would hold
    # comments from other articles when a new article's comments arrive.
    index = NearDuplicateIndex(**NEAR_DUPLICATES)
    spam_matrix(featurizer, chronological(train), index)
    X = spam_matrix(featurizer, test, index)
    return np.array([e.spam for e in test]), model.predict_proba(X)
