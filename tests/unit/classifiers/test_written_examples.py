"""The examples written for the encoder: reproducible, labelled as what they say, and not the policy suite."""

from __future__ import annotations

import math
import re

import pytest

from classifiers.encoder.data import HEADS, _shows_a_harm
from classifiers.encoder.written import slur_examples, written_examples
from classifiers.evaluation.policy_suite import load_suite
from classifiers.training.written_spam import written_spam

pytestmark = pytest.mark.slow  # builds every written example: the slow tier


def _runs_of_words(text: str, n: int = 6) -> set[tuple[str, ...]]:
    words = re.findall(r"[a-z0-9']+", text.lower())
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def _target(example, head: str) -> float:
    return example.targets[HEADS.index(head)]


def _harmful(example) -> bool:
    return _shows_a_harm(example) == 1


def test_the_same_examples_come_out_every_time():
    assert [e.text for e in written_examples()] == [e.text for e in written_examples()]
    assert [e.text for e in slur_examples()] == [e.text for e in slur_examples()]
    assert [e.text for e in written_spam()] == [e.text for e in written_spam()]


def test_no_example_shares_six_words_in_a_row_with_a_policy_suite_comment():
    suite_runs = set().union(*(_runs_of_words(case.text) for case in load_suite().cases))
    texts = [e.text for e in written_examples() + slur_examples()] + [e.text for e in written_spam()]
    shared = [text for text in texts if _runs_of_words(text) & suite_runs]
    assert shared == []


def test_written_spam_is_all_different_spam_each_with_somewhere_to_go():
    examples = written_spam()
    assert len({e.text for e in examples}) == len(examples) and all(e.spam == 1 for e in examples)
    # A link, an address, a handle or a number to call: what makes an advert of a remark.
    assert all(re.search(r"\.[a-z]{2,6}\b|@|\+44|profile", e.text) for e in examples)


def test_every_harm_has_look_alikes_that_are_fine_in_similar_numbers():
    examples = written_examples()
    harmful = [e for e in examples if _harmful(e)]
    fine = [e for e in examples if not _harmful(e)]
    assert 0.6 < len(fine) / len(harmful) < 1.4
    # A fine example is evidence against every sub-label, not silent about them.
    assert all(not math.isnan(v) and v == 0 for e in fine for v in e.targets[1:])
    # None teaches the abuse head: its notion of abuse stays the public sets'.
    assert all(math.isnan(_target(e, "abuse")) for e in examples + slur_examples())
    threats = [e for e in harmful if _target(e, "threat") == 1]
    hatred = [e for e in harmful if _target(e, "identity_attack") == 1]
    assert len(threats) > 1000 and len(hatred) > 1000


def test_the_fine_examples_use_the_words_the_harmful_ones_do():
    examples = written_examples()
    texts_of = lambda harmful: " ".join(e.text.lower() for e in examples if _harmful(e) == harmful)  # noqa: E731
    harmful, fine = texts_of(True), texts_of(False)
    for word in ("shot", "stabbed", "vermin", "deported", "muslims", "journalist", "lives"):
        assert word in harmful and word in fine, word


def test_no_example_is_left_with_an_unfilled_slot_or_a_broken_phrase():
    for e in written_examples() + slur_examples():
        assert "{" not in e.text and "}" not in e.text, e.text
        assert "  " not in e.text and not e.text.endswith(" "), e.text
        assert not e.text[0].islower(), e.text


def test_slurs_at_a_group_are_attacks_and_quoting_one_to_report_or_condemn_it_is_not():
    examples = slur_examples()
    attacks = [e for e in examples if _harmful(e)]
    quoted = [e for e in examples if not _harmful(e)]
    assert attacks and quoted and all(_target(e, "identity_attack") == 1 for e in attacks)
    assert all("'" in e.text for e in quoted)
