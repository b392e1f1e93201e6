"""The off-topic score through the public API, for each shape of context."""

import pytest

from classifiers.api import CommentInput, Scorer

FOOTBALL = "the striker took the penalty and the keeper saved it"
COOKING = "bake the pasta with butter and a little sauce"
SHAPES = {
    "title": lambda text: {"article_title": text},
    "body": lambda text: {"article_body": f"{text}. {text}, said the report, and more of the same: {text}."},
    "title and body": lambda text: {"article_title": text, "article_body": f"{text}. {text}."},
    "parent": lambda text: {"parent_text": text},
}


@pytest.fixture(scope="module")
def scorer(synthetic_bundle):
    return Scorer(synthetic_bundle)


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_a_comment_is_more_off_topic_under_an_unrelated_context(scorer, shape):
    context = SHAPES[shape]
    on, off = scorer.score_batch(
        [
            CommentInput("on", "what a penalty, the keeper was brilliant", **context(FOOTBALL)),
            CommentInput("off", "what a penalty, the keeper was brilliant", **context(COOKING)),
        ]
    )
    assert 0.0 <= on.off_topic < off.off_topic <= 1.0


def test_scores_are_null_only_without_article_and_parent(scorer):
    results = scorer.score_batch(
        [
            CommentInput("none", "the keeper"),
            CommentInput("blank", "the keeper", article_title="  ", article_body="", parent_text=None),
            CommentInput("short", "ok", article_title="Striker scores"),
            CommentInput("empty words", "!!!", parent_text="the keeper saved it"),
        ]
    )
    assert [r.off_topic is None for r in results] == [True, True, False, False]
    assert all(0.0 <= r.off_topic <= 1.0 for r in results[2:])


def test_unrelated_comments_get_a_reason_for_the_moderator(scorer):
    unrelated, related = scorer.score_batch(
        [
            CommentInput("x", COOKING, article_title="Striker scores late penalty"),
            CommentInput("y", FOOTBALL, article_title="Striker scores late penalty"),
        ]
    )
    reason = "shares almost no distinctive words with the article or parent"
    assert reason in unrelated.labels["explanation"]["off_topic"]
    assert reason not in related.labels["explanation"]["off_topic"]
