"""Context-similarity and term-evidence features behave as relevance measures."""


import numpy as np
import pytest

from classifiers.features.context_similarity import COLUMN, FEATURE_NAMES, context_features
from classifiers.features.hashed_ngrams import HashedNgrams, tokenize
from classifiers.features.stems import stem
from classifiers.features.term_evidence import TermEvidence, stem_counts

CORPUS = [
    "the striker scored a late penalty in the league match",
    "the keeper saved the penalty and the referee booked the striker",
    "bake the pasta sauce with butter in the oven",
    "the forecast says rain and wind with snow later",
    "the council debated the budget for the new school",
] + [f"the {w} and a {w} of the day" for w in ("weekend", "morning", "city", "family", "news", "game", "market")] * 6


@pytest.fixture(scope="module")
def featurizer():
    return HashedNgrams(n_features=2**14).fit(CORPUS)


def test_shared_rare_words_are_evidence_and_missing_ones_are_not(featurizer):
    evidence = TermEvidence(featurizer)
    context = tokenize("The striker missed a penalty as the league match ended in rain")
    counts = stem_counts(context)
    related = evidence.score(tokenize("what a penalty from the striker"), counts, len(context))
    unrelated = evidence.score(tokenize("bake the pasta with butter"), counts, len(context))
    assert related[2] > unrelated[2] > -1e-9
    assert related[1] > unrelated[1]
    assert evidence.score([], counts, len(context)) == (0.0, 0.0, 0.0)
    assert evidence.score(tokenize("penalty"), stem_counts([]), 0) == (0.0, 0.0, 0.0)


def test_a_rare_shared_word_counts_more_than_a_common_one(featurizer):
    evidence = TermEvidence(featurizer)
    context = tokenize("the striker and the keeper")
    counts = stem_counts(context)
    assert evidence.score(["striker"], counts, len(context))[2] > evidence.score(["the"], counts, len(context))[2]


def test_parts_are_measured_separately_and_the_best_is_their_maximum(featurizer):
    comments = ["the striker took the penalty", "the striker took the penalty", "the striker took the penalty"]
    contexts = [
        {"title": "Striker scores a penalty"},
        {"body": "Rain and wind are forecast for the weekend, with snow later."},
        {"parent": "Did the striker take the penalty?", "title": "Weekend weather"},
    ]
    X, tokens = context_features(featurizer, comments, contexts)
    assert X.shape == (3, len(FEATURE_NAMES)) and tokens[0] == tokenize(comments[0])
    assert X[0, COLUMN["has_title"]] == 1 and X[0, COLUMN["has_body"]] == 0 and X[0, COLUMN["has_parent"]] == 0
    assert X[2, COLUMN["has_parent"]] == 1
    for kind in ("word_cos", "char_cos", "coverage", "evidence_mean", "evidence_total"):
        parts = [X[:, COLUMN[f"{kind}_{p}"]] for p in ("title", "body", "parent")]
        np.testing.assert_allclose(X[:, COLUMN[f"best_{kind}"]], np.max(parts, axis=0))
    # On-topic under a title or as a reply beats the same words under an unrelated body.
    assert X[0, COLUMN["best_evidence_total"]] > X[1, COLUMN["best_evidence_total"]]
    assert X[2, COLUMN["evidence_total_parent"]] > X[2, COLUMN["evidence_total_title"]]


def test_common_words_give_no_evidence_once_the_corpus_is_large_enough():
    filler = [f"the report on item {i} of the list" for i in range(200)]
    large = HashedNgrams(n_features=2**14).fit([*filler, "the striker scored"])
    context = tokenize("the striker and the keeper and the the the referee")
    counts = stem_counts(context)
    assert TermEvidence(large).score(["the"], counts, len(context))[2] == 0.0
    assert TermEvidence(large).score(["striker"], counts, len(context))[2] > 0.0
    # In a small corpus nothing is seen often enough to be called common.
    small = HashedNgrams(n_features=2**14).fit(filler[:20])
    assert TermEvidence(small).score(["the"], counts, len(context))[2] > 0.0


def test_inflections_match_by_stem(featurizer):
    context = tokenize("Council votes to fund new bus routes")
    counts = stem_counts(context)
    evidence = TermEvidence(featurizer)
    assert evidence.score(tokenize("more buses on that route"), counts, len(context))[2] > 0.0
    assert {stem(w) for w in ("vote", "votes", "voted", "voting")} == {"vot"}
    assert stem("buses") == stem("bus") == "bus" and stem("cities") == stem("city")
    assert stem("news") == "news" and stem("glass") == "glass"


def test_remembered_contexts_and_skipped_cosines_leave_the_evidence_unchanged(featurizer):
    from classifiers.features.context_similarity import ContextMemory

    comments = ["the striker took the penalty", "bake the pasta", "", "rain and snow later"]
    contexts = [{"title": "Striker scores a penalty", "body": CORPUS[1]}, {"body": CORPUS[2]}, {"title": "x"}, {"parent": CORPUS[3]}]
    full, _ = context_features(featurizer, comments, contexts)
    memory = ContextMemory(capacity=2)
    names = ("best_evidence_total", "context_length", "has_title", "has_body", "has_parent")
    for _ in range(2):
        light, _ = context_features(featurizer, comments, contexts, names=names, memory=memory)
        kept = [k for name, k in COLUMN.items() if "cos" not in name and name != "short_and_unrelated"]
        np.testing.assert_array_equal(light[:, kept], full[:, kept])
    assert light[:, COLUMN["word_cos_title"]].sum() == 0.0 and full[:, COLUMN["word_cos_title"]].sum() > 0.0
