"""The deep stage's rules on plain vectors: what counts as on-topic, how heads combine, what is learnt from where."""

import math

import numpy as np
import pytest

from classifiers.encoder.data import HEADS, _example
from classifiers.encoder.signals import (
    combine_abuse,
    fit_combiner,
    fit_off_topic,
    lift_by_sub_labels,
    off_topic_probability,
    passages,
    relevance,
)


def unit(*values):
    v = np.array(values, dtype=float)
    return v / np.linalg.norm(v)


WAR, FOOTBALL, BINS = unit(1, 0, 0), unit(0, 1, 0), unit(0, 0, 1)
NEAR_WAR = unit(0.9, 0.1, 0)


def test_a_long_body_is_cut_into_passages_of_whole_sentences():
    body = " ".join(f"Sentence number {i} about the shelling of the town." for i in range(40))
    parts = passages(body)
    assert len(parts) > 3
    assert all(p.endswith(".") and len(p) <= 450 for p in parts)
    assert " ".join(parts) == body
    assert passages("") == [] and passages(None) == []


def test_a_comment_close_to_any_passage_of_the_article_is_on_topic():
    body = np.array([FOOTBALL, NEAR_WAR])
    assert relevance(WAR, None, body) > 0.9
    assert relevance(BINS, FOOTBALL, body) < 0.1


def test_a_reply_is_on_topic_through_its_parent_only_as_far_as_the_parent_is():
    # A reply about football under a football comment, under a war report: still off-topic.
    off = relevance(FOOTBALL, WAR, None, parent=FOOTBALL, parent_relevance=0.0)
    assert off == 0.0
    # "Agreed" to an on-topic parent: the parent carries it.
    on = relevance(unit(0.2, 0.1, 1), WAR, None, parent=unit(0.2, 0.1, 1), parent_relevance=0.8)
    assert on == 0.8


def test_off_topic_probability_falls_as_relevance_rises_and_spans_the_scale():
    rng = np.random.default_rng(0)
    relevance_values = np.r_[np.linspace(-0.1, 0.3, 50), np.linspace(0.3, 0.9, 50)]
    fast = rng.uniform(0.2, 0.8, 100)  # a fast score that says nothing here
    calibration = fit_off_topic(relevance_values, fast, np.r_[np.ones(50), np.zeros(50)])
    p = off_topic_probability([-0.1, 0.3, 0.9], [0.5, 0.5, 0.5], calibration)
    assert p[0] > 0.9 and p[2] < 0.1 and p[0] > p[1] > p[2]


def test_the_fast_off_topic_score_counts_where_it_carries_evidence():
    rng = np.random.default_rng(1)
    truth = rng.integers(0, 2, 400)
    relevance_values = rng.uniform(0, 1, 400)  # closeness says nothing here
    fast = np.clip(0.2 + 0.6 * truth + rng.normal(0, 0.1, 400), 0.01, 0.99)
    calibration = fit_off_topic(relevance_values, fast, truth)
    assert calibration["fast"] > 0
    low, high = off_topic_probability([0.5, 0.5], [0.2, 0.8], calibration)
    assert high > 0.8 > 0.2 > low


def test_combined_abuse_follows_the_heads_it_was_fitted_on():
    rng = np.random.default_rng(0)
    threat = rng.random(400)
    probabilities = np.column_stack([rng.random(400) * 0.3, rng.random(400) * 0.3, threat, rng.random(400) * 0.3, rng.random(400) * 0.3])
    labels = (threat > 0.6).astype(int)
    combiner = fit_combiner(probabilities, rng.random(400), labels)
    quiet, threatening = probabilities[:1].copy(), probabilities[:1].copy()
    quiet[0, 2], threatening[0, 2] = 0.05, 0.98
    assert combine_abuse(threatening, np.array([0.1]), combiner)[0] > 0.9 > combine_abuse(quiet, np.array([0.1]), combiner)[0]


def test_a_clean_example_counts_against_every_label_and_a_partial_one_only_where_it_says():
    clean = _example("A fair point about the budget.", "wiki", abuse=0)
    assert clean.targets == (0.0,) * len(HEADS)
    hateful = _example("...", "stormfront", abuse=1, identity_attack=1)
    by_head = dict(zip(HEADS, hateful.targets))
    assert by_head["abuse"] == 1 and by_head["identity_attack"] == 1
    assert math.isnan(by_head["threat"]) and math.isnan(by_head["obscenity"])


def test_emoji_reach_the_encoder_as_words_not_as_one_unknown_token():
    from classifiers.encoder.weights import load_tokenizer, readable

    knife, snake = readable("🔪 them all"), readable("you are a 🐍")
    assert "knife" in knife and "snake" in snake
    tokens = load_tokenizer().encode(snake).tokens
    assert "[UNK]" not in tokens and "snake" in tokens
    assert readable("   ") == "."  # a blank comment still gives the encoder something to read


def test_a_sentence_that_raters_marked_as_a_threat_is_also_an_example_of_its_own():
    from classifiers.encoder.data import _harm_sentences

    text = "The council has wasted money for years. I know where you live and I will come for you. Vote them out."
    start = text.index("I know")
    threat = [("Threat", start, start + 20)]
    [sentence] = _harm_sentences(text, [threat, threat, [("Insult", 0, 5)]])
    assert sentence.text == "I know where you live and I will come for you."
    assert sentence.targets[HEADS.index("threat")] == 1.0 and sentence.targets[HEADS.index("abuse")] == 1.0
    assert _harm_sentences(text, [threat, [], []]) == []  # one rater alone is not enough


def test_disguised_words_reach_the_encoder_as_the_words_they_disguise():
    from classifiers.encoder.weights import readable

    assert readable("What a 1d10t of a reporter") == "What a idiot of a reporter"
    assert readable("You're a st00pid c0w, a pr1ck") == "You're a stoopid cow, a prick"
    assert readable("The author is an i d i o t.") == "The author is an idiot."
    assert readable("Journalist = m.o.r.o.n. Not news.") == "Journalist = moron. Not news."
    # Numbers, ordinals, units, abbreviations and model names are left as written.
    untouched = "The 54th brigade, 3,000 people, £35, 4p, covid19, a 4x4, the M25, the u.s.a and mp3 at 10am."
    assert readable(untouched) == untouched


def test_a_threat_past_its_own_bar_is_withheld_whatever_the_combination_says():
    thresholds = {"abuse": {"flag": 0.7, "withhold_part": 0.95, "withhold_full": 0.97}}
    bars = {"threat": {"withhold": 0.6}, "insult": {"flag": 0.8}}
    probabilities = np.full((4, len(HEADS)), 0.05)
    probabilities[0, HEADS.index("threat")] = 0.6   # at the bar
    probabilities[1, HEADS.index("threat")] = 0.9   # surer
    probabilities[2, HEADS.index("insult")] = 0.85  # an insult past its flag bar
    probabilities[3, HEADS.index("threat")] = 0.59  # just short
    combined = np.array([0.2, 0.2, 0.2, 0.2])
    lifted, passed = lift_by_sub_labels(combined, probabilities, bars, thresholds)
    assert lifted[0] == pytest.approx(0.95) and 0.95 < lifted[1] < 1.0
    assert thresholds["abuse"]["flag"] <= lifted[2] < thresholds["abuse"]["withhold_part"]
    assert lifted[3] == 0.2
    assert "threat 0.60 is past its bar for withholding (0.60)" in passed[0] and passed[3] == []


def test_sub_label_bars_never_lower_abuse_and_do_nothing_without_bars():
    thresholds = {"abuse": {"flag": 0.7, "withhold_part": 0.95, "withhold_full": 0.97}}
    probabilities = np.random.default_rng(0).random((50, len(HEADS)))
    combined = np.random.default_rng(1).random(50)
    lifted, _ = lift_by_sub_labels(combined, probabilities, {"identity_attack": {"withhold": 0.7, "flag": 0.4}}, thresholds)
    assert (lifted >= combined).all()
    unchanged, passed = lift_by_sub_labels(combined, probabilities, {}, thresholds)
    assert (unchanged == combined).all() and not any(passed)
