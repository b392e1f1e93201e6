"""The batch feature code must give each comment what it would get on its own."""

import re

import numpy as np
import pytest

from classifiers.features import lexicon
from classifiers.features.hashed_ngrams import TOKEN, HashedNgrams
from classifiers.features.lexicon import CATEGORIES, Lexicon, category_hits
from classifiers.features.near_duplicates import NearDuplicateIndex
from classifiers.features.spam_signals import SIGNAL_NAMES, spam_signal_matrix
from classifiers.features.token_table import token_table
from classifiers.text import normalise, normalise_batch

TEXTS = [
    "You are SOOOO stuuupid!!!   Really.",
    "RT @someone: read this URL now",
    "visit www.cheap-pills.example.net or http://x.co/abc today",
    "",
    "   \t\n ",
    "don't f*ck with u.s. policy, it's 100% a sc@m... e-mail me",
    "Ünïcödé and emoji 😀😀😀 stay",
    "I will find you and we are going to get you",
    "you're a pathetic clown, shut up",
    "call +44 20 7946 0958 or whatsapp me, $500 per day",
]


def test_batch_normalisation_matches_the_rules():
    assert normalise_batch(TEXTS) == [normalise(t) for t in TEXTS]
    assert normalise(TEXTS[0]) == "you are soo stuupid!!! really."
    assert normalise(TEXTS[1]) == ": read this httplink now"
    assert normalise(TEXTS[2]) == "visit httplink or httplink today"
    assert normalise(TEXTS[4]) == ""


def test_bare_domains_on_the_endings_link_drops_favour_are_links_and_a_missed_space_is_not():
    assert normalise("Free replay at footy-streamz.live, no signup") == "free replay at httplink , no signup"
    assert normalise("gift cards at rewardz-now.club and kits-outlet.shop") == "gift cards at httplink and httplink"
    assert normalise("see gov.uk/advice") == "see httplink"
    assert normalise("we went there.to see it, the end.Me too") == "we went there.to see it, the end.me too"


def test_words_spelled_out_letter_by_letter_are_joined():
    assert normalise("You are an I D I O T") == "you are an idiot"
    assert normalise("f.u.c.k off, h-a-t-e you") == "fuck off, hate you"
    # Short runs are ordinary text.
    assert normalise("u r a star, the u.s.a and a b c") == "u r a star, the u.s.a and a b c"
    assert normalise_batch(["i d i o t", "fine"]) == ["idiot", "fine"]


@pytest.mark.slow  # trains a small model
@pytest.mark.parametrize("batch", [[""], ["", "  "], ["\ud800 lone surrogate", "ok"], ["\x00\x00\x00\x00"]])
def test_odd_inputs_are_scored(synthetic_bundle, batch):
    from classifiers.api import CommentInput, Scorer

    results = Scorer(synthetic_bundle).score_batch([CommentInput(str(i), t, article_title="t") for i, t in enumerate(batch)])
    assert len(results) == len(batch)
    assert all(0.0 <= r.abuse <= 1.0 and 0.0 <= r.spam <= 1.0 for r in results)


def test_token_table_finds_the_tokens_the_pattern_finds():
    normalised = normalise_batch(TEXTS)
    table = token_table(normalised)
    found = [[] for _ in TEXTS]
    for k in range(len(table.starts)):
        found[table.doc[k]].append(table.token(k))
    assert found == [TOKEN.findall(t) for t in normalised]
    assert "f*ck" in found[5] and "u.s" in found[5] and "don't" in found[5]


def test_a_comment_gets_the_same_features_alone_or_in_a_batch():
    featurizer = HashedNgrams(n_features=2**12).fit(TEXTS)
    batch = featurizer.transform(TEXTS).toarray()
    for i, text in enumerate(TEXTS):
        np.testing.assert_allclose(featurizer.transform([text]).toarray()[0], batch[i], atol=1e-6)
    words, chars = featurizer.weighted_blocks(token_table(normalise_batch(TEXTS)))
    for block in (words, chars):
        norms = np.sqrt(np.asarray(block.multiply(block).sum(axis=1)).ravel())
        assert np.allclose(norms[norms > 0], 1.0, atol=1e-5)


def test_leetspeak_shares_character_ngrams_with_the_plain_word():
    featurizer = HashedNgrams(n_features=2**16)
    plain, leet, other = (set(featurizer.char_features(w)) for w in ("idiot", "id1ot", "ideal"))
    assert plain == leet
    assert len(plain & other) < len(plain) / 2


def test_lexicon_rows_count_words_and_phrases_like_category_hits():
    texts = [*TEXTS, "x.should be shot", "thank.you are an idiot", "f*off already", "we.will get you"]
    normalised = normalise_batch(texts)
    rows = Lexicon().rows(token_table(normalised), normalised)
    for i, text in enumerate(normalised):
        hits = category_hits(TOKEN.findall(text), text)
        expected = np.log1p([len(hits[name]) for name in CATEGORIES])
        np.testing.assert_allclose(rows[i, : len(CATEGORIES)], expected, atol=1e-6)
        # The trigger words only decide where to look: every phrase the patterns find is counted.
        for name, pattern, _ in lexicon._PHRASES:
            assert all(found in hits[name] for found in pattern.findall(text))
    threat, insult = CATEGORIES.index("threat"), CATEGORIES.index("insult")
    assert rows[7, threat] > 0 and rows[8, insult] > np.log1p(2)


def test_spam_signals_of_a_known_comment():
    texts = ["BUY NOW!!!! visit http://promo.example.com call +44 20 7946 0958", "a calm remark about buses"]
    rows = spam_signal_matrix(texts, token_table(normalise_batch(texts)))
    spam, calm = dict(zip(SIGNAL_NAMES, rows[0])), dict(zip(SIGNAL_NAMES, rows[1]))
    assert spam["links"] == pytest.approx(np.log1p(1))
    assert spam["exclamations"] == pytest.approx(np.log1p(4))
    assert spam["repeated_chars"] == pytest.approx(np.log1p(1))
    assert spam["money_or_contact"] == 1.0 and calm["money_or_contact"] == 0.0
    assert spam["shouting"] == pytest.approx(6 / 34) and calm["shouting"] == 0.0
    assert calm["links"] == 0.0


def test_near_duplicates_are_found_within_and_across_batches():
    index = NearDuplicateIndex()
    original = "Check out my channel for free music videos and subscribe now please"
    edited = "check out my channel for FREE music videos, subscribe now please!!"
    unrelated = "The council approved the budget for the new bus routes yesterday"
    similarity, others = index.similarity_and_add_batch([original, unrelated], ["a", "a"])
    assert list(similarity) == [0.0, 0.0]
    similarity, others = index.similarity_and_add_batch([edited, "thanks!"], ["b", "b"])
    assert similarity[0] >= index.match_threshold and others[0] == 1
    assert similarity[1] == 0.0 and index.signature("thanks!") is None
    assert index.similarity_and_add(unrelated.upper(), "c") == (1.0, 1)


def test_near_duplicate_memory_is_bounded():
    index = NearDuplicateIndex(capacity=5)
    texts = [f"comment number {i} " + " ".join(re.sub(r"\d", "x", str(i * 7919)) for _ in range(6)) for i in range(20)]
    index.similarity_and_add_batch(texts, ["g"] * len(texts))
    assert len(index) == 5
    assert _bucketed_ids(index) == set(index._entries)


def test_repeated_text_is_remembered_and_forgotten_cleanly():
    index = NearDuplicateIndex(capacity=3)
    text = "the very same promotional text pasted again and again under every article"
    similarity, others, = index.similarity_and_add_batch([text] * 10, [f"a{i}" for i in range(10)])
    assert similarity[0] == 0.0 and all(similarity[1:] == 1.0)
    assert list(others[1:4]) == [1, 2, 3] and all(others[4:] == 3)
    assert len(index) == 3 and _bucketed_ids(index) == set(index._entries)


def _bucketed_ids(index) -> set[int]:
    ids = set()
    for bucket in index._buckets.values():
        ids |= {bucket} if isinstance(bucket, int) else set(bucket)
    return ids


def test_lexicon_hits_of_a_subset_match_category_hits():
    normalised = normalise_batch(TEXTS)
    table = token_table(normalised)
    lexicon_ = Lexicon()
    masks = lexicon_.token_masks(table)
    chosen = np.array([0, 5, 7, 8])
    hits = lexicon_.hits(table.subset(chosen), masks[np.isin(table.doc, chosen)], [normalised[i] for i in chosen])
    assert hits == [category_hits(TOKEN.findall(normalised[i]), normalised[i]) for i in chosen]


def test_sorted_distinct_is_unique():
    from classifiers.features.token_table import sorted_distinct

    values = np.random.default_rng(0).integers(0, 50, 500)
    for sample in (values, values[:1], values[:0]):
        np.testing.assert_array_equal(sorted_distinct(sample), np.unique(sample))
