"""The off-topic model: its two heads, persistence, and how the scorer chooses a head."""

import numpy as np
import pytest

from classifiers.features.context_similarity import FEATURE_NAMES
from classifiers.features.off_topic_embeddings import EMBEDDING_FEATURES
from classifiers.models.off_topic import LEGACY_FEATURES, OffTopicModel
from classifiers.models.off_topic_scoring import SWITCH, OffTopicScorer


def _data(seed=0, n=300):
    rng = np.random.default_rng(seed)
    y = np.arange(n) % 2
    X = rng.normal(size=(n, len(FEATURE_NAMES))).astype(np.float32)
    X[:, FEATURE_NAMES.index("best_evidence_total")] -= y  # off-topic shares less
    E = rng.normal(size=(n, len(EMBEDDING_FEATURES))).astype(np.float32)
    E[:, EMBEDDING_FEATURES.index("emb_best_cos")] -= 2 * y
    return X, E, y


def test_the_plain_head_reads_only_its_features():
    X, _, y = _data()
    model = OffTopicModel().fit(X, y)
    assert not model.uses_embeddings
    shuffled = X.copy()
    shuffled[:, FEATURE_NAMES.index("word_cos_title")] = 99.0  # not one of the model's features
    np.testing.assert_allclose(model.predict_proba(X), model.predict_proba(shuffled))
    p = model.predict_proba(X)
    assert p[y == 1].mean() > p[y == 0].mean()


def test_the_embedding_head_is_used_only_when_embeddings_are_given():
    X, E, y = _data()
    model = OffTopicModel().fit(X, y, E)
    assert model.uses_embeddings
    plain, with_embeddings = model.predict_proba(X), model.predict_proba(X, E)
    assert not np.allclose(plain, with_embeddings)
    assert np.mean(np.abs(with_embeddings - y)) < np.mean(np.abs(plain - y))


def test_round_trip_keeps_both_heads_and_feature_names():
    X, E, y = _data()
    model = OffTopicModel(prior=0.2).fit(X, y, E)
    loaded = OffTopicModel.from_arrays(model.to_arrays())
    assert loaded.features == model.features and loaded.embedding_features == model.embedding_features
    np.testing.assert_allclose(loaded.predict_proba(X), model.predict_proba(X), atol=1e-3)
    np.testing.assert_allclose(loaded.predict_proba(X, E), model.predict_proba(X, E), atol=1e-3)


def test_an_artifact_without_feature_names_is_read_as_the_original_feature_set():
    X, _, y = _data()
    arrays = OffTopicModel(features=LEGACY_FEATURES).fit(X, y).to_arrays()
    del arrays["off_topic.features"]
    assert OffTopicModel.from_arrays(arrays).features == LEGACY_FEATURES


def test_the_prior_shifts_probabilities_without_changing_the_ranking():
    X, _, y = _data()
    low, high = OffTopicModel(prior=0.05).fit(X, y), OffTopicModel(prior=0.5).fit(X, y)
    assert np.all(high.predict_proba(X) > low.predict_proba(X))
    np.testing.assert_array_equal(np.argsort(high.predict_proba(X)), np.argsort(low.predict_proba(X)))


def test_embeddings_are_off_without_an_embedding_head_or_when_switched_off(monkeypatch):
    X, E, y = _data()
    assert not OffTopicScorer(None, OffTopicModel().fit(X, y)).use_embeddings
    monkeypatch.setenv(SWITCH, "0")
    assert not OffTopicScorer(None, OffTopicModel().fit(X, y, E)).use_embeddings


def test_embeddings_are_off_when_the_extra_is_missing(monkeypatch):
    import classifiers.features.off_topic_embeddings as module

    X, E, y = _data()
    monkeypatch.delenv(SWITCH, raising=False)
    monkeypatch.setattr(module.importlib.util, "find_spec", lambda name: None)
    assert not OffTopicScorer(None, OffTopicModel().fit(X, y, E)).use_embeddings


@pytest.mark.parametrize("bad", [np.zeros((2, 3))])
def test_the_model_refuses_a_matrix_without_its_columns(bad):
    X, _, y = _data()
    with pytest.raises(IndexError):
        OffTopicModel().fit(X, y).predict_proba(bad)


def test_the_model_card_mentions_the_embedding_head_only_when_stored():
    from classifiers.models.off_topic import off_topic_card_line

    assert "0.15" in off_topic_card_line({"off_topic_prior": 0.15})
    assert "MiniLM" not in off_topic_card_line({"off_topic_prior": 0.15, "off_topic_embeddings": False})
    assert "MiniLM" in off_topic_card_line({"off_topic_prior": 0.15, "off_topic_embeddings": True})
