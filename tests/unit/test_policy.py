"""The staffed-hours policy (SPEC §4): what enters the moderators' queue, how soon it is due, in what
order, and what is hidden from readers meanwhile.

The examples use the default configuration, whose numbers are the ones the newsroom agreed
(full: complaint 1 h, flag 2 h; part: complaint 4 h, flag 8 h; withholding bars 0.97/0.90 abuse,
weight 6 from 4 readers / weight 3 from 2 readers).
"""
import math
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from classifiers.scores import Scores
from moderation.domain.coverage import Coverage, StaffingSchedule
from moderation.domain.model import Reason
from moderation.domain.policy import (
    SEVERITY,
    CommentFacts,
    ComplaintFact,
    Deadlines,
    Exposure,
    FlagThresholds,
    PolicyConfig,
    WithholdBars,
    complainant_weights,
    evaluate,
)

FULL, PART = Coverage.FULL, Coverage.PART
NOW = datetime(2025, 3, 12, 10, 0, tzinfo=UTC)
CONFIG = PolicyConfig()
QUIET = Scores(abuse=0.05, spam=0.05, off_topic=0.05)


def facts(**kwargs) -> CommentFacts:
    kwargs.setdefault("scores", QUIET)
    return CommentFacts(created_at=NOW - timedelta(minutes=5), **kwargs)


def complaints(*specs) -> tuple[ComplaintFact, ...]:
    """("ann", "abuse") or ("ann", "abuse", 0.5) -> ComplaintFact."""
    return tuple(ComplaintFact(s[0], Reason(s[1]), *s[2:]) for s in specs)


def scored(**values) -> Scores:
    return replace(QUIET, **values)


# --- queue entry ---------------------------------------------------------------------------------


def test_a_quiet_comment_stays_out_of_the_queue():
    decision = evaluate(facts(), CONFIG, FULL, NOW)
    assert not decision.enqueue and not decision.withhold
    assert decision.triggers == () and decision.reason is None and decision.due_at is None


def test_an_unscored_comment_without_complaints_stays_out_of_the_queue():
    assert not evaluate(facts(scores=None), CONFIG, PART, NOW).enqueue


@pytest.mark.parametrize("reason", list(Reason))
def test_any_complaint_puts_a_comment_in_the_queue(reason):
    decision = evaluate(facts(complaints=complaints(("ann", reason))), CONFIG, FULL, NOW)
    assert decision.enqueue
    assert decision.reason is reason
    assert [(t.kind, t.reason) for t in decision.triggers] == [("complaint", reason)]


def test_a_complaint_from_a_reader_with_a_poor_track_record_still_puts_it_in_the_queue():
    # Their weight may be nil for withholding, but a moderator should still look.
    decision = evaluate(facts(complaints=complaints(("troll", "abuse", 0.0))), CONFIG, FULL, NOW)
    assert decision.enqueue and not decision.withhold


def test_an_unscored_comment_with_a_complaint_is_queued():
    assert evaluate(facts(scores=None, complaints=complaints(("ann", "spam"))), CONFIG, FULL, NOW).enqueue


THRESHOLDS = PolicyConfig(flag=FlagThresholds(abuse=0.7, off_topic=0.6, spam=0.8, source="model card"))


@pytest.mark.parametrize(("signal", "reason"), [("abuse", Reason.ABUSE), ("off_topic", Reason.OFF_TOPIC), ("spam", Reason.SPAM)])
def test_each_score_flags_at_its_own_threshold_and_not_below(signal, reason):
    threshold = getattr(THRESHOLDS.flag, signal)
    at = evaluate(facts(scores=scored(**{signal: threshold})), THRESHOLDS, FULL, NOW)
    assert at.enqueue and at.reason is reason
    assert [(t.kind, t.reason) for t in at.triggers] == [("flag", reason)]
    just_below = evaluate(facts(scores=scored(**{signal: math.nextafter(threshold, 0)})), THRESHOLDS, FULL, NOW)
    assert not just_below.enqueue


def test_thresholds_are_per_signal():
    # 0.75 is over the abuse threshold (0.7) but under the spam one (0.8).
    decision = evaluate(facts(scores=scored(abuse=0.75, spam=0.75)), THRESHOLDS, FULL, NOW)
    assert [t.reason for t in decision.triggers] == [Reason.ABUSE]


def test_no_off_topic_score_never_flags_off_topic():
    # A reply scored without its article has no off-topic score; that is not "on topic 0.0" either.
    decision = evaluate(facts(scores=Scores(abuse=0.0, spam=0.0, off_topic=None)), CONFIG, FULL, NOW)
    assert not decision.enqueue


# --- review deadlines ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("coverage", "facts_kwargs", "allowed"),
    [
        (FULL, {"complaints": complaints(("ann", "untrue"))}, timedelta(hours=1)),
        (FULL, {"scores": scored(spam=0.9)}, timedelta(hours=2)),
        (PART, {"complaints": complaints(("ann", "untrue"))}, timedelta(hours=4)),
        (PART, {"scores": scored(spam=0.9)}, timedelta(hours=8)),
    ],
    ids=["full-complaint", "full-flag", "part-complaint", "part-flag"],
)
def test_deadline_follows_the_coverage_in_force_and_the_trigger(coverage, facts_kwargs, allowed):
    decision = evaluate(facts(**facts_kwargs), CONFIG, coverage, NOW)
    assert decision.due_at == NOW + allowed


def test_a_complaint_about_a_flagged_comment_gets_the_complaint_deadline():
    decision = evaluate(facts(scores=scored(spam=0.9), complaints=complaints(("ann", "spam"))), CONFIG, PART, NOW)
    assert decision.due_at == NOW + timedelta(hours=4)


def test_the_tightest_deadline_applies_when_flags_are_configured_to_be_faster_than_complaints():
    # An admin may decide that a confident model matters more than one reader; a complaint must not
    # then buy a flagged comment extra time.
    fast_flags = replace(
        CONFIG,
        deadlines={level: Deadlines(complaint=timedelta(hours=3), flag=timedelta(minutes=20)) for level in Coverage},
    )
    flagged = facts(scores=scored(abuse=0.8))
    assert evaluate(flagged, fast_flags, FULL, NOW).due_at == NOW + timedelta(minutes=20)
    complained_too = replace(flagged, complaints=complaints(("ann", "abuse")))
    assert evaluate(complained_too, fast_flags, FULL, NOW).due_at == NOW + timedelta(minutes=20)


def test_a_deadline_set_in_office_hours_is_not_pushed_back_when_the_shift_ends():
    # Entered on a complaint at 17:30 (due 18:30); another complaint arrives at 18:10, under part
    # coverage, where a fresh complaint would get 4 h. The first deadline stands.
    queued = facts(complaints=complaints(("ann", "abuse"), ("bob", "abuse")), queued_due_at=NOW + timedelta(minutes=20))
    assert evaluate(queued, CONFIG, PART, NOW).due_at == NOW + timedelta(minutes=20)


def test_a_deadline_is_brought_forward_when_a_complaint_arrives():
    # Flagged overnight with 8 h to go; a reader then complains: 4 h from now is sooner.
    queued = facts(scores=scored(off_topic=0.9), queued_due_at=NOW + timedelta(hours=7))
    decision = evaluate(replace(queued, complaints=complaints(("ann", "off_topic"))), CONFIG, PART, NOW)
    assert decision.due_at == NOW + timedelta(hours=4)
    assert "Review due within 4 h (part-time coverage, complaint)." in decision.explanation


def test_re_evaluating_without_new_facts_keeps_the_deadline():
    first = evaluate(facts(complaints=complaints(("ann", "legal"))), CONFIG, FULL, NOW)
    later = NOW + timedelta(minutes=40)
    again = evaluate(facts(complaints=complaints(("ann", "legal")), queued_due_at=first.due_at), CONFIG, FULL, later)
    assert again.due_at == first.due_at


# --- withholding ---------------------------------------------------------------------------------


def test_a_high_abuse_score_is_withheld_out_of_hours_but_not_when_fully_staffed():
    very_abusive = facts(scores=scored(abuse=0.93))
    assert evaluate(very_abusive, CONFIG, PART, NOW).withhold
    assert not evaluate(very_abusive, CONFIG, FULL, NOW).withhold
    # Both enter the queue; only out of hours is it hidden meanwhile.
    assert evaluate(very_abusive, CONFIG, FULL, NOW).enqueue


def test_the_withholding_abuse_bar_is_inclusive():
    assert evaluate(facts(scores=scored(abuse=0.90)), CONFIG, PART, NOW).withhold
    assert not evaluate(facts(scores=scored(abuse=math.nextafter(0.90, 0))), CONFIG, PART, NOW).withhold


def test_an_extremely_abusive_comment_is_withheld_even_when_fully_staffed():
    assert evaluate(facts(scores=scored(abuse=0.98)), CONFIG, FULL, NOW).withhold


def test_two_readers_complaining_of_abuse_withhold_out_of_hours_but_not_when_fully_staffed():
    two = facts(complaints=complaints(("ann", "abuse"), ("bob", "abuse")))  # weight 1.5 + 1.5 = 3.0
    assert evaluate(two, CONFIG, PART, NOW).withhold
    assert not evaluate(two, CONFIG, FULL, NOW).withhold


def test_four_readers_complaining_of_abuse_withhold_even_when_fully_staffed():
    four = facts(complaints=complaints(*((name, "abuse") for name in ("ann", "bob", "cat", "dan"))))
    assert evaluate(four, CONFIG, FULL, NOW).withhold


def test_one_reader_complaining_repeatedly_does_not_withhold():
    # Five complaints, one reader: the bar needs two distinct readers.
    nagging = facts(complaints=complaints(*[("ann", "legal")] * 5))
    decision = evaluate(nagging, CONFIG, PART, NOW)
    assert decision.enqueue and not decision.withhold
    assert "1 reader reported it as legal." in decision.explanation


def test_one_highly_trusted_reader_alone_does_not_withhold():
    trusted = facts(complaints=complaints(("ann", "legal", 10.0)))
    assert not evaluate(trusted, CONFIG, PART, NOW).withhold


def test_reason_weights_matter_for_withholding():
    # Two readers: off-topic weighs 0.5 each (1.0 < 3.0); legal weighs 2.0 each (4.0 >= 3.0).
    off_topic = facts(complaints=complaints(("ann", "off_topic"), ("bob", "off_topic")))
    legal = facts(complaints=complaints(("ann", "legal"), ("bob", "legal")))
    assert not evaluate(off_topic, CONFIG, PART, NOW).withhold
    assert evaluate(legal, CONFIG, PART, NOW).withhold


def test_reporter_track_record_matters_for_withholding():
    # Two abuse complaints weigh 3.0 from newcomers, 1.5 from readers whose reports were often rejected.
    newcomers = facts(complaints=complaints(("ann", "abuse", 1.0), ("bob", "abuse", 1.0)))
    unreliable = facts(complaints=complaints(("ann", "abuse", 0.5), ("bob", "abuse", 0.5)))
    assert evaluate(newcomers, CONFIG, PART, NOW).withhold
    assert not evaluate(unreliable, CONFIG, PART, NOW).withhold
    # A reliable reporter can carry a lighter reason over the bar: 2 x 1.0 x 1.5 + 1.0 = 4.0 for untrue.
    reliable = facts(complaints=complaints(("ann", "untrue", 2.0), ("bob", "untrue", 1.0)))
    assert evaluate(reliable, CONFIG, PART, NOW).withhold


def test_a_withheld_comment_stays_withheld_when_the_full_shift_starts():
    withheld_overnight = facts(scores=scored(abuse=0.93), withheld=True, queued_due_at=NOW + timedelta(hours=2))
    decision = evaluate(withheld_overnight, CONFIG, FULL, NOW)
    assert decision.withhold
    assert "Withheld from readers until a moderator reviews it." in decision.explanation


def test_a_withheld_comment_stays_withheld_even_if_rescored_below_every_threshold():
    # An author edits the comment or a new model rescored it: only a moderator releases it.
    decision = evaluate(facts(withheld=True, queued_due_at=NOW + timedelta(hours=1)), CONFIG, FULL, NOW)
    assert decision.withhold
    assert decision.explanation == ("Withheld from readers until a moderator reviews it.",)


# --- repeated complaints -------------------------------------------------------------------------


def test_repeated_complaints_from_one_reader_count_once():
    once = evaluate(facts(complaints=complaints(("ann", "abuse"))), CONFIG, PART, NOW)
    thrice = evaluate(facts(complaints=complaints(*[("ann", "abuse")] * 3)), CONFIG, PART, NOW)
    assert thrice.priority == once.priority
    assert thrice.explanation == once.explanation


def test_a_reader_who_gives_several_reasons_counts_at_the_gravest():
    decision = evaluate(facts(complaints=complaints(("ann", "off_topic"), ("ann", "legal"), ("ann", "spam"))), CONFIG, FULL, NOW)
    assert decision.reason is Reason.LEGAL
    assert [(t.kind, t.reason) for t in decision.triggers] == [("complaint", Reason.LEGAL)]
    assert complainant_weights(
        complaints(("ann", "off_topic"), ("ann", "legal"), ("ann", "spam")), CONFIG
    ) == {"ann": (2.0, Reason.LEGAL)}


def test_the_gravest_reason_wins_even_when_an_admin_weights_a_lesser_reason_higher():
    # If "untrue" weighs more than "legal", a reader who said both must still surface as a legal risk.
    untrue_heavy = replace(CONFIG, complaint_weight={**CONFIG.complaint_weight, Reason.UNTRUE: 3.0})
    for order in (("legal", "untrue"), ("untrue", "legal")):
        decision = evaluate(facts(complaints=complaints(*[("ann", r) for r in order])), untrue_heavy, FULL, NOW)
        assert decision.reason is Reason.LEGAL
        assert complainant_weights(complaints(*[("ann", r) for r in order]), untrue_heavy) == {
            "ann": (3.0, Reason.LEGAL)
        }


def test_withholding_does_not_depend_on_the_order_complaints_arrived_in():
    # Reporter weights 0.3 + 0.4 + 2.3 make exactly the part-time bar of 3.0, but floating-point
    # addition gives 2.9999999999999996 in some orders: the database's row order must not decide.
    flat = replace(CONFIG, complaint_weight={r: 1.0 for r in Reason})
    readers = [("ann", "untrue", 0.3), ("bob", "untrue", 0.4), ("cat", "untrue", 2.3)]
    for order in ((0, 1, 2), (2, 1, 0), (1, 2, 0)):
        comment = facts(complaints=complaints(*(readers[i] for i in order)))
        assert evaluate(comment, flat, PART, NOW).withhold


def test_distinct_readers_are_counted_by_reason_in_the_explanation():
    decision = evaluate(
        facts(complaints=complaints(("ann", "abuse"), ("bob", "abuse"), ("cat", "off_topic"))), CONFIG, FULL, NOW
    )
    assert decision.explanation[:2] == ("2 readers reported it as abuse.", "1 reader reported it as off-topic.")
    assert "3 distinct complainants, weight 3.5." in decision.explanation


# --- severity and priority -----------------------------------------------------------------------


def test_severity_order():
    order = sorted(SEVERITY, key=SEVERITY.get, reverse=True)
    assert order[:5] == [Reason.LEGAL, Reason.ABUSE, Reason.UNTRUE, Reason.SPAM, Reason.OFF_TOPIC]


@pytest.mark.parametrize(
    ("graver", "lesser"),
    [("legal", "abuse"), ("abuse", "untrue"), ("untrue", "spam"), ("spam", "off_topic")],
)
def test_a_graver_complaint_ranks_higher(graver, lesser):
    high = evaluate(facts(complaints=complaints(("ann", graver))), CONFIG, FULL, NOW)
    low = evaluate(facts(complaints=complaints(("ann", lesser))), CONFIG, FULL, NOW)
    assert high.priority > low.priority


def test_the_decision_reason_is_the_gravest_trigger():
    # A reader says "untrue", the spam model flags it: the moderator should read it as untrue.
    decision = evaluate(facts(scores=scored(spam=0.9), complaints=complaints(("ann", "untrue"))), CONFIG, FULL, NOW)
    assert decision.reason is Reason.UNTRUE
    # A reader says "off-topic" but the abuse model flags it: abuse.
    decision = evaluate(facts(scores=scored(abuse=0.8), complaints=complaints(("ann", "off_topic"))), CONFIG, FULL, NOW)
    assert decision.reason is Reason.ABUSE


def test_a_higher_score_ranks_higher():
    mild = evaluate(facts(scores=scored(abuse=0.55)), CONFIG, FULL, NOW)
    severe = evaluate(facts(scores=scored(abuse=0.85)), CONFIG, FULL, NOW)
    assert severe.priority > mild.priority


def test_more_complainants_rank_higher():
    one = evaluate(facts(complaints=complaints(("ann", "untrue"))), CONFIG, FULL, NOW)
    three = evaluate(facts(complaints=complaints(("ann", "untrue"), ("bob", "untrue"), ("cat", "untrue"))), CONFIG, FULL, NOW)
    assert three.priority > one.priority


def test_a_fresh_busy_article_ranks_higher_than_an_old_quiet_one():
    complaint = complaints(("ann", "abuse"))
    old_quiet = facts(complaints=complaint, exposure=Exposure(NOW - timedelta(days=10), comments_last_hour=0))
    fresh = facts(complaints=complaint, exposure=Exposure(NOW - timedelta(hours=1), comments_last_hour=0))
    busy = facts(complaints=complaint, exposure=Exposure(NOW - timedelta(days=10), comments_last_hour=30))
    base = evaluate(old_quiet, CONFIG, FULL, NOW).priority
    assert evaluate(fresh, CONFIG, FULL, NOW).priority > base
    assert evaluate(busy, CONFIG, FULL, NOW).priority > base
    assert "Busy thread: 30 comments in the last hour." in evaluate(busy, CONFIG, FULL, NOW).explanation


def test_an_overdue_item_ranks_higher_and_says_so():
    queued = facts(complaints=complaints(("ann", "spam")), queued_due_at=NOW + timedelta(hours=1))
    on_time = evaluate(queued, CONFIG, FULL, NOW)
    # At the deadline itself the item is already overdue: nobody has reviewed it in the time allowed.
    overdue = evaluate(queued, CONFIG, FULL, NOW + timedelta(hours=1))
    assert overdue.priority > on_time.priority
    assert "Overdue: past its review deadline." in overdue.explanation
    assert "Overdue: past its review deadline." not in on_time.explanation


def test_an_item_due_soon_ranks_higher_than_one_with_time_to_spare():
    complaint = complaints(("ann", "spam"))
    soon = evaluate(facts(complaints=complaint, queued_due_at=NOW + timedelta(minutes=20)), CONFIG, FULL, NOW)
    later = evaluate(facts(complaints=complaint, queued_due_at=NOW + timedelta(minutes=50)), CONFIG, FULL, NOW)
    assert soon.priority > later.priority
    assert "Due within 30 minutes." in soon.explanation


# --- explanations --------------------------------------------------------------------------------


def test_every_trigger_and_the_withholding_are_explained_in_plain_words():
    decision = evaluate(
        facts(
            scores=Scores(
                abuse=0.93,
                spam=0.62,
                off_topic=0.71,
                labels={"explanation": {"abuse": ["idiot", "traitor"]}},
            ),
            complaints=complaints(("ann", "abuse"), ("bob", "off_topic")),
            exposure=Exposure(NOW - timedelta(hours=3), comments_last_hour=12),
        ),
        CONFIG,
        PART,
        NOW,
    )
    for trigger in decision.triggers:
        assert trigger.detail in decision.explanation
    text = "\n".join(decision.explanation)
    assert "1 reader reported it as abuse." in text
    assert "1 reader reported it as off-topic." in text
    assert "abuse score 0.93 is at or above the flag threshold 0.50 (driven by “idiot”, “traitor”)." in text
    assert "off-topic score 0.71 is at or above the flag threshold 0.50." in text
    assert "spam score 0.62 is at or above the flag threshold 0.50." in text
    assert "Withheld: abuse score 0.93 reaches the part-time bar 0.90." in text
    assert "Review due within 4 h (part-time coverage, complaint)." in text
    assert "Severity abuse (5 of 6), which comes before every other part." in text
    assert "Highest flagged score: abuse 0.93." in text
    assert "Article published 3 h ago." in text
    # Written for a moderator, not a programmer.
    for line in decision.explanation:
        assert line[-1] == "." and "Reason." not in line and "Coverage." not in line and "_" not in line


def test_withholding_by_complaints_is_explained():
    decision = evaluate(facts(complaints=complaints(("ann", "legal"), ("bob", "abuse"))), CONFIG, PART, NOW)
    assert (
        "Withheld: 2 distinct readers complained (weight 3.5), reaching the part-time bar of 2 readers and weight 3.0."
        in decision.explanation
    )


@pytest.mark.parametrize(
    ("deadline", "said"),
    [(timedelta(minutes=45), "45 min"), (timedelta(minutes=90), "1 h 30 min"), (timedelta(hours=2), "2 h")],
)
def test_deadlines_are_explained_in_hours_and_minutes(deadline, said):
    config = replace(CONFIG, deadlines={level: Deadlines(deadline, deadline) for level in Coverage})
    decision = evaluate(facts(complaints=complaints(("ann", "spam"))), config, FULL, NOW)
    assert f"Review due within {said} (full-time coverage, complaint)." in decision.explanation


# --- configuration validation --------------------------------------------------------------------


def test_the_default_configuration_is_valid():
    assert CONFIG.validate() == []


def _withhold(part=None, full=None):
    bars = dict(CONFIG.withhold)
    if part:
        bars[PART] = replace(bars[PART], **part)
    if full:
        bars[FULL] = replace(bars[FULL], **full)
    return replace(CONFIG, withhold=bars)


def _weights(**changes):
    weights = {**CONFIG.complaint_weight, **{Reason(k): v for k, v in changes.items()}}
    return replace(CONFIG, complaint_weight=weights)


def _without_weight(reason):
    return replace(CONFIG, complaint_weight={r: w for r, w in CONFIG.complaint_weight.items() if r is not reason})


@pytest.mark.parametrize(
    ("config", "complaint"),
    [
        (_withhold(part={"abuse": 0.98}), "part-time withholding bars must not be higher"),
        (_withhold(part={"complaint_weight": 7.0}), "part-time withholding bars must not be higher"),
        (_withhold(part={"min_complainants": 5}), "part-time withholding bars must not be higher"),
        (replace(CONFIG, flag=FlagThresholds(abuse=1.2)), "flag threshold for abuse"),
        (replace(CONFIG, flag=FlagThresholds(spam=-0.1)), "flag threshold for spam"),
        (replace(CONFIG, flag=FlagThresholds(off_topic=math.nan)), "flag threshold for off_topic"),
        (_withhold(part={"abuse": 0.0}), "abuse bar must be in (0, 1]"),
        (_withhold(full={"abuse": 1.5}), "abuse bar must be in (0, 1]"),
        (_withhold(part={"abuse": 0.4}), "must not be below the abuse flag threshold"),
        (_withhold(part={"complaint_weight": 0.0}), "complaint bar must be positive"),
        (_withhold(part={"min_complainants": 0}), "complaint bar must be positive"),
        # NaN compares false with everything: such a bar would never withhold, under either coverage.
        (_withhold(part={"complaint_weight": math.nan}), "complaint bar must be positive"),
        (_withhold(full={"complaint_weight": math.inf}), "complaint bar must be positive"),
        (
            replace(CONFIG, deadlines={**CONFIG.deadlines, PART: Deadlines(timedelta(hours=-1), timedelta(hours=8))}),
            "review deadlines must be positive",
        ),
        (
            replace(CONFIG, deadlines={**CONFIG.deadlines, FULL: Deadlines(timedelta(hours=1), timedelta(0))}),
            "review deadlines must be positive",
        ),
        (
            replace(CONFIG, deadlines={**CONFIG.deadlines, FULL: Deadlines(timedelta(days=400), timedelta(hours=2))}),
            "must not exceed",
        ),
        (replace(CONFIG, deadlines={FULL: CONFIG.deadlines[FULL]}), "deadlines for part coverage are missing"),
        (replace(CONFIG, withhold={PART: CONFIG.withhold[PART]}), "withholding bars for full coverage are missing"),
        (replace(CONFIG, schedule=StaffingSchedule(timezone="Mars/Olympus_Mons")), "unknown time zone"),
        (_without_weight(Reason.UNTRUE), "complaint weight for untrue"),
        (_weights(spam=-1.0), "complaint weight for spam"),
        (_weights(other=math.nan), "complaint weight for other"),
    ],
)
def test_nonsense_configuration_is_refused(config, complaint):
    problems = config.validate()
    assert any(complaint in p for p in problems), problems


def test_every_problem_is_reported_not_just_the_first():
    bad = replace(_withhold(part={"abuse": 0.99}), complaint_weight={})
    problems = bad.validate()
    assert any("part-time withholding" in p for p in problems)
    assert sum("complaint weight for" in p for p in problems) == len(Reason)


# --- properties ----------------------------------------------------------------------------------

unit = st.floats(min_value=0.0, max_value=1.0)
minutes = st.integers(min_value=1, max_value=3 * 24 * 60).map(lambda m: timedelta(minutes=m))


@st.composite
def valid_configs(draw) -> PolicyConfig:
    flag = FlagThresholds(abuse=draw(unit), off_topic=draw(unit), spam=draw(unit))
    abuse_bars = sorted(draw(st.lists(st.floats(min_value=max(flag.abuse, 0.001), max_value=1.0), min_size=2, max_size=2)))
    weight_bars = sorted(draw(st.lists(st.floats(min_value=0.1, max_value=20.0), min_size=2, max_size=2)))
    reader_bars = sorted(draw(st.lists(st.integers(min_value=1, max_value=6), min_size=2, max_size=2)))
    config = PolicyConfig(
        flag=flag,
        withhold={
            PART: WithholdBars(abuse_bars[0], weight_bars[0], reader_bars[0]),
            FULL: WithholdBars(abuse_bars[1], weight_bars[1], reader_bars[1]),
        },
        deadlines={level: Deadlines(draw(minutes), draw(minutes)) for level in Coverage},
        complaint_weight={r: draw(st.floats(min_value=0.0, max_value=5.0)) for r in Reason},
    )
    assert config.validate() == []
    return config


READERS = ("ann", "bob", "cat", "dan", "eve", "fay")
complaint_facts = st.builds(
    ComplaintFact,
    reporter=st.sampled_from(READERS),
    reason=st.sampled_from(list(Reason)),
    reporter_weight=st.floats(min_value=0.0, max_value=3.0),
)
scores = st.builds(Scores, abuse=unit, spam=unit, off_topic=st.none() | unit)
offsets = st.integers(min_value=-3 * 24 * 60, max_value=3 * 24 * 60).map(lambda m: NOW + timedelta(minutes=m))


@st.composite
def any_facts(draw, queued=st.none() | offsets) -> CommentFacts:
    return CommentFacts(
        created_at=NOW - timedelta(minutes=draw(st.integers(0, 600))),
        scores=draw(st.none() | scores),
        complaints=tuple(draw(st.lists(complaint_facts, max_size=8))),
        exposure=Exposure(draw(st.none() | offsets), draw(st.integers(0, 500))),
        queued_due_at=draw(queued),
        withheld=draw(st.booleans()),
    )


coverages = st.sampled_from(list(Coverage))


@settings(deadline=None)  # timing varies on a busy CI machine; correctness does not
@given(valid_configs(), any_facts())
def test_part_coverage_never_withholds_less_than_full(config, comment):
    if evaluate(comment, config, FULL, NOW).withhold:
        assert evaluate(comment, config, PART, NOW).withhold


@settings(deadline=None)
@given(valid_configs(), any_facts(), coverages, st.data())
def test_evaluation_is_deterministic_and_ignores_the_order_complaints_arrived_in(config, comment, coverage, data):
    decision = evaluate(comment, config, coverage, NOW)
    assert evaluate(comment, config, coverage, NOW) == decision
    shuffled = data.draw(st.permutations(comment.complaints))
    assert evaluate(replace(comment, complaints=tuple(shuffled)), config, coverage, NOW) == decision


@settings(deadline=None)
@given(valid_configs(), any_facts(), coverages, st.sampled_from(list(Reason)), st.floats(min_value=0.0, max_value=3.0))
def test_a_complaint_from_a_new_reader_never_lowers_priority_releases_or_dequeues(
    config, comment, coverage, reason, weight
):
    before = evaluate(comment, config, coverage, NOW)
    more = replace(comment, complaints=(*comment.complaints, ComplaintFact("newcomer", reason, weight)))
    after = evaluate(more, config, coverage, NOW)
    assert after.enqueue
    assert after.priority >= before.priority
    assert after.withhold or not before.withhold
    if before.due_at is not None and before.enqueue:
        assert after.due_at <= before.due_at


@settings(deadline=None)
@given(valid_configs(), any_facts(queued=st.just(None)), coverages, st.integers(1, 3 * 24 * 60), st.integers(0, 3 * 24 * 60))
def test_an_item_ranks_higher_once_overdue(config, comment, coverage, before_minutes, after_minutes):
    comment = replace(comment, complaints=(*comment.complaints, ComplaintFact("newcomer", Reason.OTHER)))
    due = NOW
    queued = replace(comment, queued_due_at=due)
    on_time = evaluate(queued, config, coverage, due - timedelta(minutes=before_minutes))
    overdue = evaluate(queued, config, coverage, due + timedelta(minutes=after_minutes))
    assert overdue.priority > on_time.priority


@settings(deadline=None)
@given(valid_configs(), any_facts(), coverages)
def test_a_comment_with_nothing_against_it_is_never_queued(config, comment, coverage):
    clean_scores = comment.scores and Scores(
        abuse=math.nextafter(config.flag.abuse, -1) if config.flag.abuse > 0 else 0.0,
        spam=0.0,
        off_topic=None,
    )
    clean = replace(comment, complaints=(), scores=clean_scores)
    assume(config.flag.abuse > 0 and config.flag.spam > 0)
    decision = evaluate(clean, config, coverage, NOW)
    assert not decision.enqueue and decision.triggers == () and decision.priority == 0


@settings(deadline=None)
@given(valid_configs(), any_facts(queued=st.just(None)), coverages)
def test_a_freshly_queued_item_is_due_after_now_and_within_the_allowance(config, comment, coverage):
    decision = evaluate(comment, config, coverage, NOW)
    if decision.enqueue:
        allowance = config.deadlines[coverage]
        assert NOW < decision.due_at <= NOW + max(allowance.complaint, allowance.flag)


@settings(deadline=None)
@given(valid_configs(), any_facts(queued=offsets), coverages)
def test_a_deadline_is_never_pushed_back(config, comment, coverage):
    decision = evaluate(comment, config, coverage, NOW)
    assert decision.due_at <= comment.queued_due_at


@settings(deadline=None)
@given(valid_configs(), any_facts(), coverages)
def test_a_withheld_comment_is_never_released_by_re_evaluation(config, comment, coverage):
    assert evaluate(replace(comment, withheld=True), config, coverage, NOW).withhold


@settings(deadline=None)
@given(
    valid_configs(),
    any_facts(),
    coverages,
    st.builds(Scores, abuse=unit, spam=unit, off_topic=unit),
    st.sampled_from(["abuse", "spam", "off_topic"]),
    unit,
)
def test_raising_a_score_never_removes_a_trigger(config, comment, coverage, base, signal, fraction):
    comment = replace(comment, scores=base)
    old = getattr(base, signal)
    raised = min(old + (1.0 - old) * fraction, 1.0)  # anywhere from the old score up to 1
    before = evaluate(comment, config, coverage, NOW)
    after = evaluate(replace(comment, scores=replace(base, **{signal: raised})), config, coverage, NOW)
    assert {(t.kind, t.reason) for t in before.triggers} <= {(t.kind, t.reason) for t in after.triggers}
    assert after.enqueue or not before.enqueue


def test_a_thread_busier_than_the_policy_counts_says_so_without_a_number():
    from moderation.domain.policy import BUSY_THREAD

    complaint = complaints(("ann", "abuse"))
    swamped = facts(complaints=complaint, exposure=Exposure(comments_last_hour=BUSY_THREAD))
    flooded = facts(complaints=complaint, exposure=Exposure(comments_last_hour=10 * BUSY_THREAD))
    quieter = facts(complaints=complaint, exposure=Exposure(comments_last_hour=BUSY_THREAD - 1))
    decision = evaluate(swamped, CONFIG, FULL, NOW)
    assert f"Busy thread: {BUSY_THREAD} or more comments in the last hour." in decision.explanation
    assert decision.priority > evaluate(quieter, CONFIG, FULL, NOW).priority
    assert decision.priority == evaluate(flooded, CONFIG, FULL, NOW).priority
