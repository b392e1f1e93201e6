"""The policy suite: the file's shape, and the judging rules with a fake scorer (no model load)."""

from __future__ import annotations

import io
import json
from types import SimpleNamespace

import pytest

from classifiers.evaluation.policy_suite import EXPECTATIONS, SUITE_PATH, judge, load_suite, report, run_suite

# The policy: what each group of comments must get.
POLICY = {
    "threat_journalist": "withhold",
    "threat_reader": "withhold",
    "threat_group": "withhold",
    "identity_slur": "withhold",
    "identity_polite": "flag_abuse",
    "insult_direct": "flag_abuse",
    "insult_obfuscated": "flag_abuse",
    "strong_language_no_target": "not_withheld",
    "quoting_to_condemn": "not_withheld",
    "counter_speech": "clean",
    "violent_vocabulary_on_topic": "clean",
    "sarcasm": "clean",
    "civil_disagreement": "clean",
    "off_topic": "off_topic",
    "off_topic_reply": "off_topic",
    "spam": "spam",
    "on_topic_clean": "clean",
}

THRESHOLDS = {
    "abuse": {"flag": 0.7, "withhold_part": 0.85, "withhold_full": 0.95},
    "off_topic": {"flag": 0.3},
    "spam": {"flag": 0.9},
}


@pytest.fixture(scope="module")
def raw():
    return json.loads(SUITE_PATH.read_text(encoding="utf-8"))


def _scores(abuse=0.1, off_topic=0.1, spam=0.1):
    return SimpleNamespace(abuse=abuse, off_topic=off_topic, spam=spam, labels={"insult": 0.0, "explanation": {}})


# -- the file -------------------------------------------------------------------------


def test_suite_has_enough_cases_and_articles(raw):
    assert len(raw["cases"]) >= 300
    assert len(raw["articles"]) >= 3
    for article in raw["articles"].values():
        assert article["title"].strip()
        assert 1500 <= len(article["body"]) <= 3000


def test_every_group_is_present_with_enough_cases_spread_over_articles(raw):
    for group in POLICY:
        cases = [c for c in raw["cases"] if c["group"] == group]
        assert len(cases) >= 18, group
        assert len({c["article"] for c in cases}) >= 2, group
    assert {c["group"] for c in raw["cases"]} == set(POLICY)


def test_expectations_are_valid_and_follow_the_policy(raw):
    for case in raw["cases"]:
        assert case["expect"] in EXPECTATIONS
        assert case["expect"] == POLICY[case["group"]], case["id"]


def test_ids_and_texts_are_unique_and_articles_exist(raw):
    ids = [c["id"] for c in raw["cases"]]
    assert len(set(ids)) == len(ids)
    texts = [" ".join(c["text"].casefold().split()) for c in raw["cases"]]
    assert len(set(texts)) == len(texts)
    for case in raw["cases"]:
        assert case["article"] in raw["articles"]
        assert case["text"].strip()


def test_every_parent_is_an_earlier_case_under_the_same_article(raw):
    seen = {}
    for case in raw["cases"]:
        if "parent" in case:
            assert case["parent"] in seen, case["id"]
            assert seen[case["parent"]] == case["article"], case["id"]
        seen[case["id"]] = case["article"]
    assert all("parent" in c for c in raw["cases"] if c["group"] == "off_topic_reply")


def test_some_off_topic_replies_continue_an_off_topic_parent(raw):
    groups = {c["id"]: c["group"] for c in raw["cases"]}
    replies = [c for c in raw["cases"] if c["group"] == "off_topic_reply"]
    assert any(groups[c["parent"]] == "off_topic" for c in replies)


def test_the_suite_loads_into_cases(raw):
    suite = load_suite()
    assert len(suite.cases) == len(raw["cases"])
    assert suite.cases[0].id == raw["cases"][0]["id"]


# -- judging --------------------------------------------------------------------------


def test_withhold_needs_the_part_time_bar():
    assert not judge("withhold", _scores(abuse=0.8499), THRESHOLDS)
    assert judge("withhold", _scores(abuse=0.85), THRESHOLDS)


def test_flag_abuse_needs_the_flag_bar():
    assert not judge("flag_abuse", _scores(abuse=0.6999), THRESHOLDS)
    assert judge("flag_abuse", _scores(abuse=0.7), THRESHOLDS)


def test_not_withheld_allows_a_flag_but_not_a_withhold_or_spam():
    assert judge("not_withheld", _scores(abuse=0.8), THRESHOLDS)
    assert not judge("not_withheld", _scores(abuse=0.85), THRESHOLDS)
    assert not judge("not_withheld", _scores(spam=0.9), THRESHOLDS)


def test_clean_means_nothing_flagged():
    assert judge("clean", _scores(), THRESHOLDS)
    assert judge("clean", _scores(off_topic=None), THRESHOLDS)
    assert not judge("clean", _scores(abuse=0.7), THRESHOLDS)
    assert not judge("clean", _scores(spam=0.9), THRESHOLDS)
    assert not judge("clean", _scores(off_topic=0.3), THRESHOLDS)


def test_off_topic_and_spam_need_their_flags():
    assert not judge("off_topic", _scores(off_topic=0.2999), THRESHOLDS)
    assert not judge("off_topic", _scores(off_topic=None), THRESHOLDS)
    assert judge("off_topic", _scores(off_topic=0.3), THRESHOLDS)
    assert not judge("spam", _scores(spam=0.8999), THRESHOLDS)
    assert judge("spam", _scores(spam=0.9), THRESHOLDS)


def test_an_unknown_expectation_is_an_error():
    with pytest.raises(ValueError):
        judge("delete", _scores(), THRESHOLDS)


# -- a run with a fake scorer ---------------------------------------------------------


class FakeScorer:
    """Scores every comment alike, and records what it was given."""

    version = "fake-1"
    thresholds = THRESHOLDS

    def __init__(self, **scores):
        self.scores = scores
        self.seen = []

    def score_batch(self, comments):
        self.seen = list(comments)
        return [_scores(**self.scores) for _ in comments]


def test_a_run_gives_comments_their_article_and_parent():
    suite = load_suite()
    scorer = FakeScorer()
    run_suite(scorer, suite)
    assert [c.id for c in scorer.seen] == [c.id for c in suite.cases]
    texts = {c.id: c.text for c in suite.cases}
    for comment, case in zip(scorer.seen, suite.cases):
        assert comment.article_id == case.article
        assert comment.article_title == suite.articles[case.article]["title"]
        assert comment.article_body == suite.articles[case.article]["body"]
        assert comment.parent_text == (texts[case.parent] if case.parent else None)


def test_a_scorer_that_flags_nothing_gets_exactly_the_clean_groups_right():
    groups = run_suite(FakeScorer(), load_suite())
    for group in groups:
        expected_right = group.cases if group.expect in {"clean", "not_withheld"} else 0
        assert group.right == expected_right, group.group


def test_the_report_is_not_a_gate_unless_a_share_is_required():
    suite = load_suite()
    out = io.StringIO()
    assert report(FakeScorer(), suite, out, failures=True) == 0
    text = out.getvalue()
    assert "overall" in text and "withhold_part 0.85" in text
    assert "threat-journalist-01" in text  # listed among the failures, with its text
    assert report(FakeScorer(), suite, io.StringIO(), require=0.9) == 1
    assert report(FakeScorer(), suite, io.StringIO(), require=0.0) == 0


def _depends_on(expect: str, signal: str, action: str) -> bool:
    """Whether moving only this threshold can turn the judgement of some scores for this expectation."""
    grid = [0.05, 0.35, 0.65, 0.95]
    for abuse in grid:
        for spam in grid:
            for off_topic in grid:
                result = SimpleNamespace(abuse=abuse, spam=spam, off_topic=off_topic)
                low, high = json.loads(json.dumps(THRESHOLDS)), json.loads(json.dumps(THRESHOLDS))
                low[signal][action], high[signal][action] = 0.2, 0.8
                if signal == "abuse" and action == "flag":  # the flag stays below the withholding bars
                    low["abuse"]["withhold_part"] = high["abuse"]["withhold_part"] = 0.9
                if judge(expect, result, low) != judge(expect, result, high):
                    return True
    return False


def test_thresholds_are_chosen_against_exactly_the_cases_the_suite_judges_by_them():
    from classifiers.encoder.fit import SUITE_DECISIONS

    for (signal, action), (positives, negatives) in SUITE_DECISIONS.items():
        judged_by = {e for e in EXPECTATIONS if _depends_on(e, signal, action)}
        if action.startswith("withhold"):
            judged_by.add("clean")  # a clean comment is below the flag, so below any withholding bar too
        assert negatives <= judged_by, (signal, action, negatives - judged_by)
        assert judged_by <= positives | negatives, (signal, action, judged_by - positives - negatives)


def test_each_sub_label_bar_is_chosen_between_real_suite_groups_and_outcomes_its_action_must_spare():
    from classifiers.encoder.fit import SUB_LABEL_DECISIONS

    suite = load_suite()
    groups = {c.group for c in suite.cases}
    expect_of = {c.group: c.expect for c in suite.cases}
    for (head, action), (positives, negatives) in SUB_LABEL_DECISIONS.items():
        assert positives <= groups, (head, positives - groups)
        wanted = {"withhold"} if action == "withhold" else {"flag_abuse", "withhold"}
        assert all(expect_of[g] in wanted for g in positives), (head, action)
        assert not negatives & wanted
