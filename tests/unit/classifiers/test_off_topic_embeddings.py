"""Embedding features, with a stand-in encoder so the tests need no torch."""

import numpy as np

from classifiers.features.off_topic_embeddings import (
    EMBEDDING_FEATURES,
    SentenceEncoder,
    article_passages,
    centroids,
    embedding_features,
)

TOPICS = ["bus", "budget", "football", "recipe"]


class TopicEncoder:
    """Maps a text to the unit vector of the topic words it contains; counts its calls."""

    def __init__(self):
        self.encoded = []

    def encode(self, texts):
        self.encoded.extend(texts)
        out = np.zeros((len(texts), len(TOPICS) + 1), dtype=np.float32)
        for i, text in enumerate(texts):
            for j, word in enumerate(TOPICS):
                out[i, j] = text.lower().count(word)
            out[i, -1] = 0.1  # every text shares a little, as real embeddings do
        return out / np.linalg.norm(out, axis=1, keepdims=True)


def test_a_long_body_becomes_passages_led_by_the_title():
    body = " ".join(f"w{i}" for i in range(250))
    passages = article_passages("Bus routes", body, words=100)
    assert passages[0].startswith("Bus routes w0") and len(passages[0].split()) == 102
    assert passages[1].split()[0] == "w100" and len(passages) == 3
    assert article_passages("Only a title", None) == ["Only a title"]
    assert article_passages(None, "") == []
    assert len(article_passages("t", " ".join(["x"] * 5000), words=100, max_passages=4)) == 4


def test_centroids_are_unit_length_means_and_empty_lists_are_zero():
    encoder = TopicEncoder()
    vectors = centroids(encoder, [["bus bus", "budget"], [], ["football"]])
    assert vectors.shape == (3, len(TOPICS) + 1)
    np.testing.assert_allclose(np.linalg.norm(vectors[[0, 2]], axis=1), 1.0, rtol=1e-5)
    assert not vectors[1].any()


def test_similarity_to_article_and_parent_and_the_best_of_them():
    encoder = TopicEncoder()
    E = embedding_features(
        encoder,
        ["more bus lanes", "more bus lanes", "great football", "a recipe"],
        [["Bus routes approved"], ["Budget vote"], ["Bus routes approved"], []],
        [[], ["the bus is late"], [], []],
    )
    best = EMBEDDING_FEATURES.index("emb_best_cos")
    assert E[0, best] > E[2, best]  # on-topic beats off-topic under the same article
    assert E[1, best] == E[1, EMBEDDING_FEATURES.index("emb_cos_parent")] > E[1, 0]  # the reply matches its parent
    assert E[3, best] == 0.0  # no context at all


class FakeSentenceModel:
    """Stands in for the sentence-transformers model inside ``SentenceEncoder``."""

    def __init__(self):
        self.calls = []

    def encode(self, texts, **options):
        self.calls.append(list(texts))
        return TopicEncoder().encode(texts)


def test_the_encoder_encodes_each_distinct_text_once_and_keeps_a_bounded_cache():
    encoder = SentenceEncoder(cache_size=3)
    encoder._model = model = FakeSentenceModel()
    first = encoder.encode(["bus", "bus", "budget"])
    assert model.calls == [["budget", "bus"]]
    np.testing.assert_array_equal(first[0], first[1])
    encoder.encode(["bus"])
    assert len(model.calls) == 1  # served from the cache
    encoder.encode(["football", "recipe"])
    assert len(encoder._cache) == 3 and "budget" not in encoder._cache  # least recently used goes first
