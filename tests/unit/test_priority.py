"""The queue's order (SPEC §4 "Priority"): severity first unless the policy says otherwise, every
point of a priority explained by a part a moderator can read, and a priority that follows how busy
the article is now rather than how busy it was when the comment was assessed."""
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from classifiers.scores import Scores
from moderation.domain.coverage import Coverage
from moderation.domain.model import Reason
from moderation.domain.policy import (
    BUSY_THREAD,
    SEVERITY,
    CommentFacts,
    ComplaintFact,
    Exposure,
    FlagThresholds,
    PolicyConfig,
    Trigger,
    evaluate,
    exposure_points,
    in_short,
)

FULL, PART = Coverage.FULL, Coverage.PART
NOW = datetime(2025, 3, 12, 10, 0, tzinfo=UTC)
CONFIG = PolicyConfig()
QUIET = Scores(abuse=0.05, spam=0.05, off_topic=0.05)
OLD_QUIET_ARTICLE = Exposure(article_published_at=NOW - timedelta(days=10), comments_last_hour=0)


def facts(**kwargs) -> CommentFacts:
    kwargs.setdefault("scores", QUIET)
    kwargs.setdefault("exposure", OLD_QUIET_ARTICLE)
    return CommentFacts(created_at=NOW - timedelta(minutes=5), **kwargs)


def readers(reason: str, n: int, weight: float = 1.0) -> tuple[ComplaintFact, ...]:
    return tuple(ComplaintFact(f"reader{i}", Reason(reason), weight) for i in range(n))


# An abuse item with every boost the policy has: the top score, many trusted complainants, a fresh
# and busy article, and its deadline already passed.
ABUSE_WITH_EVERY_BOOST = facts(
    scores=Scores(abuse=1.0, spam=1.0, off_topic=1.0),
    complaints=readers("abuse", 8, weight=2.0),
    exposure=Exposure(article_published_at=NOW, comments_last_hour=500),
    queued_due_at=NOW - timedelta(hours=3),
)
ONE_LEGAL_COMPLAINT = facts(complaints=readers("legal", 1, weight=0.1))


# --- severity first --------------------------------------------------------------------------------


def test_a_legal_complaint_ranks_above_an_abuse_item_with_every_boost_by_default():
    legal = evaluate(ONE_LEGAL_COMPLAINT, CONFIG, PART, NOW)
    abuse = evaluate(ABUSE_WITH_EVERY_BOOST, CONFIG, PART, NOW)
    assert legal.reason is Reason.LEGAL and abuse.reason is Reason.ABUSE
    assert legal.priority > abuse.priority


def test_a_policy_that_weighs_severity_with_the_rest_lets_the_boosts_outrank_it():
    weighed = replace(CONFIG, severity_first=False)
    legal = evaluate(ONE_LEGAL_COMPLAINT, weighed, PART, NOW)
    abuse = evaluate(ABUSE_WITH_EVERY_BOOST, weighed, PART, NOW)
    assert abuse.priority > legal.priority
    # ... and it still ranks by severity when nothing else differs.
    assert evaluate(facts(complaints=readers("legal", 1)), weighed, PART, NOW).priority > evaluate(
        facts(complaints=readers("abuse", 1)), weighed, PART, NOW
    ).priority


def test_within_one_severity_an_overdue_item_ranks_above_any_item_still_in_time():
    in_time_with_everything = replace(ABUSE_WITH_EVERY_BOOST, queued_due_at=NOW + timedelta(hours=3))
    overdue_alone = facts(complaints=readers("abuse", 1, weight=0.1), queued_due_at=NOW - timedelta(minutes=1))
    assert evaluate(overdue_alone, CONFIG, FULL, NOW).priority > evaluate(in_time_with_everything, CONFIG, FULL, NOW).priority


def test_the_severity_part_says_that_severity_comes_first():
    decision = evaluate(ONE_LEGAL_COMPLAINT, CONFIG, FULL, NOW)
    [severity] = [p for p in decision.priority_parts if p.name == "severity"]
    assert severity.detail == "Severity legal (6 of 6), which comes before every other part."
    weighed = evaluate(ONE_LEGAL_COMPLAINT, replace(CONFIG, severity_first=False), FULL, NOW)
    [severity] = [p for p in weighed.priority_parts if p.name == "severity"]
    assert severity.detail == "Severity legal (6 of 6)."


# --- every point explained -------------------------------------------------------------------------


def test_a_score_below_the_flag_threshold_adds_no_points():
    # The comment is here because a reader complained; its abuse score of 0.70 flags nothing
    # (the threshold is 0.75), so it must not move the item up without a word said about it.
    config = replace(CONFIG, flag=FlagThresholds(abuse=0.75, off_topic=0.75, spam=0.75))
    complaint = readers("untrue", 1)
    unflagged = evaluate(facts(complaints=complaint, scores=replace(QUIET, abuse=0.70)), config, FULL, NOW)
    quiet = evaluate(facts(complaints=complaint), config, FULL, NOW)
    assert unflagged.priority == quiet.priority
    assert not any(p.name == "score" for p in unflagged.priority_parts)


def test_a_flagged_score_adds_points_and_says_which_score():
    decision = evaluate(facts(scores=replace(QUIET, abuse=0.93, spam=0.62)), CONFIG, FULL, NOW)
    [score] = [p for p in decision.priority_parts if p.name == "score"]
    assert score.points == 279
    assert score.detail == "Highest flagged score: abuse 0.93."


def test_the_parts_of_a_busy_item_each_carry_their_points_and_a_sentence():
    decision = evaluate(
        facts(
            scores=replace(QUIET, abuse=0.8),
            complaints=readers("abuse", 2),
            exposure=Exposure(article_published_at=NOW - timedelta(hours=3, minutes=40), comments_last_hour=12),
            queued_due_at=NOW + timedelta(minutes=20),
        ),
        CONFIG,
        FULL,
        NOW,
    )
    parts = {p.name: (p.points, p.detail) for p in decision.priority_parts}
    assert parts == {
        "severity": (50_000, "Severity abuse (5 of 6), which comes before every other part."),
        "deadline": (500, "Due within 30 minutes."),
        "score": (240, "Highest flagged score: abuse 0.80."),
        "complaints": (180, "2 distinct complainants, weight 3.0."),
        "article age": (188, "Article published 3 h ago."),
        "activity": (50, "Busy thread: 12 comments in the last hour."),
    }
    assert decision.priority == 50_000 + 500 + 240 + 180 + 188 + 50


reasons = st.sampled_from(list(Reason))
unit = st.floats(min_value=0.0, max_value=1.0)
moments = st.integers(min_value=-3 * 24 * 60, max_value=3 * 24 * 60).map(lambda m: NOW + timedelta(minutes=m))
any_facts = st.builds(
    CommentFacts,
    created_at=st.just(NOW - timedelta(minutes=5)),
    scores=st.none() | st.builds(Scores, abuse=unit, spam=unit, off_topic=st.none() | unit),
    complaints=st.lists(
        st.builds(ComplaintFact, reporter=st.sampled_from("abcdef"), reason=reasons,
                  reporter_weight=st.floats(min_value=0.0, max_value=3.0)),
        max_size=8,
    ).map(tuple),
    exposure=st.builds(Exposure, st.none() | moments, st.integers(0, 500)),
    queued_due_at=st.none() | moments,
    withheld=st.booleans(),
)


@settings(deadline=None)
@given(any_facts, st.sampled_from(list(Coverage)), st.booleans())
def test_every_point_of_a_priority_is_a_part_with_a_sentence_in_the_explanation(comment, coverage, severity_first):
    decision = evaluate(comment, replace(CONFIG, severity_first=severity_first), coverage, NOW)
    assert sum(p.points for p in decision.priority_parts) == decision.priority
    for part in decision.priority_parts:
        assert part.points > 0
        assert part.detail in decision.explanation
        assert part.detail.endswith(".") and "_" not in part.detail


@settings(deadline=None)
@given(any_facts, any_facts, st.sampled_from(list(Coverage)))
def test_by_default_a_graver_item_always_ranks_higher(first, second, coverage):
    a, b = evaluate(first, CONFIG, coverage, NOW), evaluate(second, CONFIG, coverage, NOW)
    if a.enqueue and b.enqueue and SEVERITY[a.reason] > SEVERITY[b.reason]:
        assert a.priority > b.priority


# --- activity that changes ---------------------------------------------------------------------------


def test_an_item_queued_early_catches_up_once_the_article_gets_busy():
    complaint = readers("abuse", 1)
    early = evaluate(facts(complaints=complaint, exposure=Exposure(NOW - timedelta(days=3), 1)), CONFIG, FULL, NOW)
    later = evaluate(facts(complaints=complaint, exposure=Exposure(NOW - timedelta(days=3), 30)), CONFIG, FULL, NOW)
    assert later.priority > early.priority
    # The same comment, assessed again with the article's activity now, ranks level with the later one.
    again = evaluate(facts(complaints=complaint, exposure=Exposure(NOW - timedelta(days=3), 30),
                           queued_due_at=early.due_at), CONFIG, FULL, NOW)
    assert again.priority == later.priority


@pytest.mark.parametrize(
    ("comments", "points"), [(0, 0), (4, 0), (5, 25), (9, 25), (12, 50), (39, 175), (BUSY_THREAD, 200), (500, 200)]
)
def test_activity_counts_in_steps_of_five_comments_up_to_a_busy_thread(comments, points):
    # Steps, so the queue is worked out again when activity really changes, not at every comment.
    assert exposure_points(Exposure(comments_last_hour=comments), NOW) == points


@pytest.mark.parametrize(
    ("age", "points"),
    [(timedelta(minutes=0), 200), (timedelta(minutes=59), 200), (timedelta(hours=1), 196),
     (timedelta(hours=3, minutes=40), 188), (timedelta(hours=47, minutes=59), 4), (timedelta(hours=48), 0),
     (-timedelta(hours=2), 200)],
)
def test_article_age_counts_in_whole_hours_over_two_days(age, points):
    assert exposure_points(Exposure(article_published_at=NOW - age), NOW) == points


def test_exposure_points_are_the_sum_of_the_age_and_activity_parts():
    exposure = Exposure(article_published_at=NOW - timedelta(hours=3, minutes=40), comments_last_hour=12)
    decision = evaluate(facts(complaints=readers("spam", 1), exposure=exposure), CONFIG, FULL, NOW)
    parts = {p.name: p.points for p in decision.priority_parts}
    assert exposure_points(exposure, NOW) == parts["article age"] + parts["activity"] == 238


# --- the short why ---------------------------------------------------------------------------------


def test_the_short_why_is_the_gravest_reason_and_counts_the_others():
    decision = evaluate(
        facts(scores=replace(QUIET, abuse=0.93, spam=0.7), complaints=readers("off_topic", 2)), CONFIG, FULL, NOW
    )
    assert in_short(decision.triggers) == "Abuse score 0.93 is at or above the flag threshold 0.50 (and 2 more reasons)."


def test_the_short_why_of_a_single_reason_is_its_sentence():
    decision = evaluate(facts(complaints=readers("legal", 3)), CONFIG, FULL, NOW)
    assert in_short(decision.triggers) == "3 readers reported it as legal."


def test_the_short_why_prefers_readers_words_to_a_score_of_the_same_severity():
    triggers = (Trigger("flag", Reason.ABUSE, "abuse score 0.80 is at or above the flag threshold 0.50."),
                Trigger("complaint", Reason.ABUSE, "1 reader reported it as abuse."))
    assert in_short(triggers) == "1 reader reported it as abuse (and 1 more reason)."
    assert in_short(()) == ""
