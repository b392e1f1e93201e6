"""A comment the classifiers fail on holds up no other: its batch is tried again text by text, and
the policy sends what still fails to a person."""
from datetime import UTC, datetime, timedelta

import pytest

from classifiers.scores import Scores
from moderation.domain.coverage import Coverage
from moderation.domain.model import Reason
from moderation.domain.policy import UNSCORABLE, CommentFacts, ComplaintFact, PolicyConfig, evaluate
from moderation.services.scoring import ScoringFailed, TextToScore, score_texts

NOW = datetime(2025, 3, 12, 10, 0, tzinfo=UTC)  # a Wednesday morning: full coverage


def text(comment_id: str, body: str) -> TextToScore:
    return TextToScore(comment_id=comment_id, text=body, article_id="a1", article_title="T", article_body="B")


class FakeScorer:
    """Scores every text 0.1, and fails on any batch holding the poisoned text."""

    def __init__(self, poison: str = "POISON", scores: Scores | None = None):
        self.poison = poison
        self.scores = scores or Scores(abuse=0.1, spam=0.1, model="model-1")
        self.calls: list[list[str]] = []

    def score(self, texts, promoted=None):
        self.calls.append([t.comment_id for t in texts])
        if any(self.poison in t.text for t in texts):
            raise ScoringFailed("IndexError", "model-1")
        return [self.scores for _ in texts]


def test_a_batch_that_scores_is_scored_in_one_call():
    scorer = FakeScorer()
    results = score_texts(scorer, [text("a", "fine"), text("b", "also fine")])
    assert results == [scorer.scores] * 2
    assert scorer.calls == [["a", "b"]]


def test_a_failing_batch_is_split_and_only_the_poisoned_text_fails():
    scorer = FakeScorer()
    results = score_texts(scorer, [text("a", "fine"), text("b", "POISON here"), text("c", "fine too")])
    assert results[0] == results[2] == scorer.scores
    assert isinstance(results[1], ScoringFailed)
    assert (results[1].error, results[1].model_version) == ("IndexError", "model-1")
    assert scorer.calls == [["a", "b", "c"], ["a"], ["b"], ["c"]]


def test_a_lone_text_that_fails_is_not_tried_twice():
    scorer = FakeScorer()
    [result] = score_texts(scorer, [text("b", "POISON")])
    assert isinstance(result, ScoringFailed)
    assert scorer.calls == [["b"]]


def test_scores_out_of_range_count_as_a_failure_of_the_classifiers():
    scorer = FakeScorer(scores=Scores(abuse=float("nan"), spam=0.1, model="model-1"))
    results = score_texts(scorer, [text("a", "fine"), text("b", "fine")])
    assert [r.error for r in results] == ["InvalidInput", "InvalidInput"]


def test_a_scorer_that_cannot_run_at_all_is_not_blamed_on_the_texts():
    class Broken:
        def score(self, texts, promoted=None):
            raise FileNotFoundError("no model")

    with pytest.raises(FileNotFoundError):
        score_texts(Broken(), [text("a", "fine"), text("b", "fine")])


def test_a_job_out_of_time_is_not_blamed_on_the_texts():
    from celery.exceptions import SoftTimeLimitExceeded

    from moderation.adapters.classifier import ModelScorer

    class Interrupted:  # the classifiers, when the job's soft time limit strikes
        version = "model-1"

        def score_batch(self, comments):
            raise SoftTimeLimitExceeded()

    scorer = ModelScorer(ctx=None)
    scorer._scorer = Interrupted()
    with pytest.raises(SoftTimeLimitExceeded):
        score_texts(scorer, [text("a", "fine"), text("b", "fine")])


# --- the policy ----------------------------------------------------------------------------------


def unscorable(**kwargs) -> CommentFacts:
    return CommentFacts(created_at=NOW - timedelta(minutes=5), scores=None, unscorable=True, **kwargs)


@pytest.mark.parametrize(("coverage", "allowed"), [(Coverage.FULL, timedelta(hours=2)), (Coverage.PART, timedelta(hours=8))])
def test_an_unscorable_comment_is_queued_for_a_person_and_says_why(coverage, allowed):
    decision = evaluate(unscorable(), PolicyConfig(), coverage, NOW)
    assert decision.enqueue and not decision.withhold
    assert decision.reason is Reason.OTHER
    assert decision.due_at == NOW + allowed
    assert decision.explanation[0] == UNSCORABLE == "The classifiers could not score this comment; a moderator should read it."


def test_a_complaint_about_an_unscorable_comment_sets_its_reason():
    decision = evaluate(unscorable(complaints=(ComplaintFact("ann", Reason.ABUSE),)), PolicyConfig(), Coverage.FULL, NOW)
    assert decision.reason is Reason.ABUSE
    assert UNSCORABLE in decision.explanation
