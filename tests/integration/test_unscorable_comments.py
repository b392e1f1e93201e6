"""A comment the classifiers fail on, on PostgreSQL with the shipped model: the rest of its batch is
scored, it is queued for a person as unscorable, and the sweep of unscored comments leaves it be."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from moderation import create_app
from moderation.adapters.classifier import ModelScorer
from moderation.adapters.orm import AuditEvent, Comment, Score
from moderation.config import Settings
from moderation.domain.model import Reader
from moderation.domain.policy import UNSCORABLE
from moderation.services import articles, comments, queue, scoring
from support.tokens import SSO_SECRET

pytestmark = pytest.mark.integration

EDITOR = Reader(id="ed", name="Editor", roles=frozenset({"editor"}))
MODERATOR = Reader(id="mod", name="Morgan", roles=frozenset({"moderator"}))
POISON = "zzpoisonzz"
# Long enough for the near-duplicate memory to remember them (short texts are never duplicates).
GOOD = [
    "The new bus routes should run later at night for shift workers coming home.",
    "I would rather the council spent the money on fixing the roads in the east end.",
    "Ten more buses will not help if the drivers are still paid so little, frankly.",
]


@pytest.fixture
def ctx(db_url):
    app = create_app(Settings.from_env({}, database_url=db_url, sso_secret=SSO_SECRET, secret_key="k", log_level="CRITICAL"))
    yield app.extensions["moderation"].context
    app.extensions["moderation_engine"].dispose()


@pytest.fixture
def poisoned_scorer(ctx):
    """The real classifiers, made to fail (as an unforeseen bug would) on any batch holding the poison,
    late enough that the batch has already passed through the near-duplicate memory."""
    scorer = ModelScorer(ctx)
    model = scorer.model()
    off_topic = getattr(model, "fast", model).off_topic  # the fast stage's, when the deep stage follows it
    real = off_topic.score
    scorer.poisoned_calls = 0

    def score(texts, contexts):
        if any(POISON in t for t in texts):
            scorer.poisoned_calls += 1
            raise IndexError("boolean index did not match")
        return real(texts, contexts)

    off_topic.score = score
    return scorer


def _post(ctx, n, text):
    return comments.post_comment(ctx, Reader(id=f"r{n}", name=f"R{n}", subscriber=True), "a1", text, None).id


def test_one_poisoned_comment_holds_up_nothing_and_goes_to_a_person(ctx, poisoned_scorer):
    articles.upsert_article(ctx, EDITOR, "a1", {"title": "Council approves new bus routes",
                                                 "body": "The council voted to fund three new bus routes next year."})
    good = [_post(ctx, n, text) for n, text in enumerate(GOOD[:2])]
    poisoned = _post(ctx, 2, f"Something the classifiers trip over: {POISON}")
    good.append(_post(ctx, 3, GOOD[2]))

    assert scoring.score_comments(ctx, poisoned_scorer, [poisoned], fill_to=200) == 4
    assert poisoned_scorer.poisoned_calls == 2  # the batch, then the comment alone

    with ctx.transaction() as session:
        version = poisoned_scorer.model().version
        stored = {s.comment_id: s for s in session.scalars(select(Score))}
        assert set(stored) == set(good)
        for comment_id in good:
            assert stored[comment_id].model_version == version
            assert 0.0 <= stored[comment_id].spam <= 1.0
            # The failed batch left no trace in the near-duplicate memory: nobody is a copy of themselves.
            assert "near-duplicate of a recent comment" not in stored[comment_id].labels["explanation"]["spam"]
        comment = session.get(Comment, poisoned)
        assert (comment.scored_revision, comment.unscorable_revision) == (1, 1)
        events = session.scalars(select(AuditEvent).where(AuditEvent.comment_id == poisoned).order_by(AuditEvent.id)).all()
        assert [e.action for e in events] == ["unscorable", "queued"]
        failed = events[0]
        assert failed.actor == f"model {version}"
        assert failed.after == {"revision": 1, "error": "IndexError"}
        assert failed.note == "The classifiers could not score this text (IndexError)."  # the class, no stack trace
        assert UNSCORABLE in events[1].note

    [item] = queue.list_queue(ctx, MODERATOR).items
    assert item.comment_id == poisoned and item.reason == "other"
    assert item.why[0] == UNSCORABLE
    assert item.scores is None

    # The sweep of unscored comments does not pick it up again, and a repeated job does nothing.
    assert scoring.unscored(ctx) == []
    assert scoring.score_comments(ctx, poisoned_scorer, [poisoned], fill_to=200) == 0
    assert poisoned_scorer.poisoned_calls == 2
