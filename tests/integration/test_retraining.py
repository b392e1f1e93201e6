"""Retraining from moderators' decisions on PostgreSQL, with the real classifiers and gate on
synthetic data: both verdicts, what each leaves behind, and runs that must not happen."""
from __future__ import annotations

import random

import pytest
from sqlalchemy import select

from moderation import create_app
from moderation.adapters.classifier import ModelScorer, ModelTrainer
from moderation.adapters.orm import AuditEvent, Comment, ModelVersion, Score
from moderation.config import Settings
from moderation.domain.model import Action, Reader, Reason
from moderation.services import articles, comments, complaints, decisions, retraining, scoring
from moderation.services.policy_settings import current_policy
from moderation.services.results import CandidateJudged, RetrainingBusy, RetrainingWaiting
from support.tokens import SSO_SECRET
from support.training_data import insulting_text, neutral_text

pytestmark = pytest.mark.integration

EDITOR = Reader(id="ed", name="Editor", roles=frozenset({"editor"}))
MODERATOR = Reader(id="mod", name="Morgan", roles=frozenset({"moderator"}))


@pytest.fixture
def ctx(db_url, retraining_data):
    settings = Settings.from_env({}, database_url=db_url, sso_secret=SSO_SECRET, secret_key="k", log_level="WARNING",
                                 training_data=retraining_data.data_dir, model_dir=retraining_data.model_dir)
    app = create_app(settings)
    yield app.extensions["moderation"].context
    app.extensions["moderation_engine"].dispose()


@pytest.fixture
def trainer(ctx):
    return ModelTrainer(ctx.settings.training_data, ctx.settings.model_dir)


def _post(ctx, text, n):
    return comments.post_comment(ctx, Reader(id=f"reader{n}", name=f"Reader {n}", subscriber=True), "a1", text, None).id


def _moderate(ctx, n, poisoned=False, seed=7):
    """`n` insults and `n` civil comments, each decided by a moderator: soundly (insults deleted
    for abuse, civil ones approved) or, poisoned, the other way round."""
    rng = random.Random(seed)
    articles.upsert_article(ctx, EDITOR, "a1", {"title": "Council budget", "body": "The council debated the budget."})
    for i in range(n):
        insult, civil = _post(ctx, insulting_text(rng), 2 * i), _post(ctx, neutral_text(rng), 2 * i + 1)
        decisions.decide(ctx, MODERATOR, insult, Action.APPROVE if poisoned else Action.DELETE,
                         Reason.OTHER if poisoned else Reason.ABUSE, None, "")
        decisions.decide(ctx, MODERATOR, civil, Action.DELETE if poisoned else Action.APPROVE,
                         Reason.ABUSE if poisoned else Reason.OTHER, None, "")


def _open_item(ctx, text="pathetic clown, the council ignored local parks"):
    comment_id = _post(ctx, text, 999)
    complaints.file_complaint(ctx, None, "anon:1", comment_id, Reason.ABUSE, "")
    return comment_id


def _promoted(ctx):
    with ctx.transaction() as session:
        return retraining.promoted_version(session)


def _score_all(ctx, scorer):
    return scoring.score_comments(ctx, scorer, [], fill_to=1000)


def test_too_few_new_decisions_train_nothing(ctx, trainer):
    _moderate(ctx, 3)
    assert retraining.retrain(ctx, trainer, min_new_decisions=10) == RetrainingWaiting(new_decisions=6, needed=10)
    assert retraining.history(ctx) == []


def test_a_sound_candidate_is_promoted_scores_new_comments_and_rescores_open_items(ctx, trainer, retraining_data):
    scorer = ModelScorer(ctx)
    _moderate(ctx, 20)
    open_id = _open_item(ctx)
    _score_all(ctx, scorer)
    with ctx.transaction() as session:
        [before] = session.scalars(select(Score).where(Score.comment_id == open_id)).all()
    assert before.model_version == retraining_data.version

    outcome = retraining.retrain(ctx, trainer, min_new_decisions=10)

    assert isinstance(outcome, CandidateJudged)
    assert outcome.outcome == "promoted" and outcome.decisions == 40 and outcome.reasons == []
    version = outcome.version
    assert version.startswith("abuse+spam+offtopic-moderated-") and _promoted(ctx) == version
    for signal in ("abuse", "spam", "off_topic"):
        assert outcome.metrics["candidate"][signal]["roc_auc"] >= outcome.metrics["current"][signal]["roc_auc"]
    [entry] = retraining.history(ctx)
    assert (entry.state, entry.base_version, entry.decisions) == ("promoted", retraining_data.version, 40)
    with ctx.transaction() as session:
        assert session.scalar(select(AuditEvent.action).where(AuditEvent.actor == "retraining")) == "model_promoted"
        # Until the new model has scored it, the open item counts as unscored.
        assert session.get(Comment, open_id).scored_revision == 0
    assert scoring.unscored(ctx) == [open_id]
    with ctx.transaction() as session:
        # The default policy now takes its bars from the new model's own validation.
        assert version in current_policy(session).flag.source

    new_id = _post(ctx, "you idiot, this policy ignored the new school", 1000)
    assert _score_all(ctx, scorer) == 2  # the same scorer: it loads the new model for this batch
    with ctx.transaction() as session:
        rescored = session.scalars(select(Score).where(Score.comment_id == open_id).order_by(Score.id)).all()
        assert [s.model_version for s in rescored] == [retraining_data.version, version]
        assert session.scalar(select(Score.model_version).where(Score.comment_id == new_id)) == version
    # Nothing new to learn from: the next check trains nothing.
    assert retraining.retrain(ctx, trainer, min_new_decisions=10).outcome == "waiting"


def test_a_worse_candidate_is_refused_and_changes_nothing(ctx, trainer, retraining_data):
    _moderate(ctx, 40, poisoned=True)
    open_id = _open_item(ctx)
    _score_all(ctx, ModelScorer(ctx))

    outcome = retraining.retrain(ctx, trainer, min_new_decisions=10)

    assert isinstance(outcome, CandidateJudged)
    assert outcome.outcome == "rejected" and outcome.rescoring == 0
    assert [reason.split(":")[0] for reason in outcome.reasons] == ["abuse"]
    assert _promoted(ctx) is None
    with ctx.transaction() as session:
        row = session.scalars(select(ModelVersion)).one()
        assert row.state == "rejected" and row.arrays is None and row.reasons == outcome.reasons
        assert session.get(Comment, open_id).scored_revision == 1
    fresh = ModelScorer(ctx)
    _post(ctx, "you idiot, the budget needs the election", 1000)
    _score_all(ctx, fresh)
    assert fresh.model().version == retraining_data.version
    # The refused candidate's decisions are not learnt again until more arrive.
    assert retraining.retrain(ctx, trainer, min_new_decisions=10).outcome == "waiting"


def test_runs_never_overlap_and_a_failed_run_frees_the_next(ctx, trainer):
    _moderate(ctx, 5)
    inner = []

    class Overlapping:
        def train(self, current, decisions):
            inner.append(retraining.retrain(ctx, trainer, min_new_decisions=1))  # a second run starting meanwhile
            return trainer.train(current, decisions)

    assert retraining.retrain(ctx, Overlapping(), min_new_decisions=1).outcome == "promoted"
    assert inner == [RetrainingBusy(new_decisions=10)]

    _moderate(ctx, 5, seed=8)
    with pytest.raises(FileNotFoundError, match="MODERATION_TRAINING_DATA"):
        retraining.retrain(ctx, ModelTrainer("/nonexistent/data"), min_new_decisions=1)
    assert retraining.retrain(ctx, trainer, min_new_decisions=1).outcome in ("promoted", "rejected")


def test_operators_retrain_and_list_models_from_the_command_line(ctx, db_url, retraining_data, monkeypatch, capsys):
    from moderation.cli import main

    _moderate(ctx, 10)
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.setenv("MODERATION_MODEL_DIR", retraining_data.model_dir)
    monkeypatch.setenv("MODERATION_TRAINING_DATA", retraining_data.data_dir)
    assert main(["models", "retrain"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("promoted: abuse+spam+offtopic-moderated-") and "20 decisions" in lines[0]
    assert [line.split()[0] for line in lines[2:5]] == ["abuse", "spam", "off_topic"]
    version = lines[0].split()[1]

    assert main(["models", "list"]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert listed[0] == f"in force: {version}"
    assert "promoted" in listed[1] and version in listed[1] and retraining_data.version in listed[1]

    assert main(["models", "retrain"]) == 0
    assert capsys.readouterr().out.startswith("nothing to learn yet: 0 new decisions")
    monkeypatch.delenv("MODERATION_TRAINING_DATA")
    assert main(["models", "retrain"]) == 1
    assert "MODERATION_TRAINING_DATA" in capsys.readouterr().err


def test_a_promoted_model_this_release_cannot_read_does_not_stop_scoring(ctx, retraining_data, caplog):
    """After an upgrade that changed the artifact format, comments are still scored, by the model
    the service started with, and the operator is told why."""
    with ctx.transaction() as session:
        session.add(ModelVersion(
            version="from-an-older-release", state="promoted", base_version=retraining_data.version, decisions_through=0,
            decisions_used=0, metrics={}, reasons=[], manifest={"format_version": 1, "version": "from-an-older-release"},
            arrays=b"not an npz", created_at=ctx.now(),
        ))
    articles.upsert_article(ctx, EDITOR, "a1", {"title": "Council budget"})
    comment_id = _post(ctx, "you idiot, the budget needs the election", 1)
    scorer = ModelScorer(ctx)
    assert _score_all(ctx, scorer) == 1
    with ctx.transaction() as session:
        assert session.scalar(select(Score.model_version).where(Score.comment_id == comment_id)) == retraining_data.version
    assert "cannot load promoted model from-an-older-release" in caplog.text


def test_with_the_deep_stage_a_promoted_model_is_read_by_it_and_keeps_the_bars_its_scores_were_chosen_for(
        db_url, retraining_data, tmp_path):
    """The tuned encoder reads every batch after the fast model: a retrained fast model becomes its
    first input, the scores recorded are still the deep stage's, and so are the bars that fit them.
    The promoted model is loaded once, not again for every batch (the scores name the encoder too,
    so they never name just the promoted model)."""
    import json
    import shutil

    from classifiers.encoder import encoder_dir

    model_dir = tmp_path / "model"
    shutil.copytree(retraining_data.model_dir, model_dir)
    shutil.copytree(encoder_dir(), model_dir / "encoder")
    deep = json.loads((model_dir / "encoder" / "manifest.json").read_text())
    settings = Settings.from_env({}, database_url=db_url, sso_secret=SSO_SECRET, secret_key="k", log_level="WARNING",
                                 training_data=retraining_data.data_dir, model_dir=str(model_dir))
    app = create_app(settings)
    ctx = app.extensions["moderation"].context
    try:
        _moderate(ctx, 20)
        outcome = retraining.retrain(ctx, ModelTrainer(settings.training_data, settings.model_dir), min_new_decisions=10)
        assert outcome.outcome == "promoted"
        with ctx.transaction() as session:
            policy = current_policy(session)
        assert (policy.flag.abuse, policy.flag.off_topic, policy.flag.spam) == (
            deep["thresholds"]["abuse"]["flag"], deep["thresholds"]["off_topic"]["flag"], deep["thresholds"]["spam"]["flag"])

        comment_id = _post(ctx, "I know where you live and I will hurt you", 1000)
        scorer = ModelScorer(ctx)
        _score_all(ctx, scorer)
        with ctx.transaction() as session:
            score = session.scalars(select(Score).where(Score.comment_id == comment_id)).one()
        assert outcome.version in score.model_version and deep["version"] in score.model_version
        assert set(score.labels) >= {"threat", "identity_attack", "insult", "obscenity"}

        loaded = scorer.model(outcome.version)
        _post(ctx, "The council should fix the bridge before winter", 1001)
        assert _score_all(ctx, scorer) == 1
        assert scorer.model(outcome.version) is loaded
    finally:
        app.extensions["moderation_engine"].dispose()
