"""Anonymous complaints bring a comment to a moderator but cannot hide it on their own."""
from __future__ import annotations

from datetime import UTC, datetime

from moderation.domain.coverage import Coverage
from moderation.domain.model import Reason
from moderation.domain.policy import CommentFacts, ComplaintFact, PolicyConfig, complainant_weights, evaluate

NOW = datetime(2026, 11, 25, 23, 0, tzinfo=UTC)


def _anonymous(n: int, reason=Reason.LEGAL):
    return tuple(ComplaintFact(reporter=f"anon:{i}", reason=reason, reporter_weight=0.5, anonymous=True) for i in range(n))


def test_any_number_of_anonymous_complaints_enqueue_but_never_withhold():
    facts = CommentFacts(created_at=NOW, complaints=_anonymous(50))
    for coverage in Coverage:
        decision = evaluate(facts, PolicyConfig(), coverage, NOW)
        assert decision.enqueue and decision.reason is Reason.LEGAL
        assert not decision.withhold


def test_anonymous_readers_count_together_as_one_reader_of_bounded_weight():
    readers = complainant_weights(_anonymous(6), PolicyConfig())
    assert list(readers.values()) == [(1.0, Reason.LEGAL)]


def test_signed_in_readers_with_anonymous_support_can_reach_the_night_bar():
    signed_in = (ComplaintFact(reporter="reader:rita", reason=Reason.ABUSE),)
    alone = evaluate(CommentFacts(created_at=NOW, complaints=signed_in), PolicyConfig(), Coverage.PART, NOW)
    assert not alone.withhold
    facts = CommentFacts(created_at=NOW, complaints=signed_in + _anonymous(3, Reason.ABUSE))
    # 1.5 (rita) + 1.0 (all anonymous readers, capped) = 2.5 < 3.0: still not enough at night.
    assert not evaluate(facts, PolicyConfig(), Coverage.PART, NOW).withhold
    two = (*signed_in, ComplaintFact(reporter="reader:raj", reason=Reason.ABUSE))
    assert evaluate(CommentFacts(created_at=NOW, complaints=two), PolicyConfig(), Coverage.PART, NOW).withhold
