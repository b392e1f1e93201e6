"""The project's classifiers behind the service's ports: scoring with the model in force, and
retraining through the evaluation gate. The classifiers are imported on first use, so a process
that neither scores nor trains never loads them."""
from __future__ import annotations

import logging
import threading
from pathlib import Path

from celery.exceptions import SoftTimeLimitExceeded

from classifiers.scores import Scores

from ..services import retraining
from ..services.context import Context
from ..services.retraining import StoredModel, TrainedCandidate, TrainingDecision
from ..services.scoring import ScoringFailed, TextToScore
from .model_thresholds import deep_stage_thresholds

log = logging.getLogger(__name__)


def _bundle(stored: StoredModel):
    from classifiers.artifact import unpack_bundle

    return unpack_bundle(stored.manifest, stored.arrays, where=f"model {stored.version}")


class ModelScorer:
    """Scores with the model in force: the newest promoted one, or, before any, the artifact in
    `MODERATION_MODEL_DIR` (the shipped one by default). It loads a promoted model the first time
    it is asked to score with it."""

    def __init__(self, ctx: Context):
        self.ctx = ctx
        self._scorer = None
        # The promoted model the scorer was made from. Not the scorer's own version: with the deep
        # stage that names the encoder too, and the model would be loaded again for every batch.
        self._promoted: str | None = None
        self._unloadable: str | None = None
        self._lock = threading.Lock()

    def model(self, promoted: str | None = None):
        # Loading takes a moment and some memory: only processes that score pay for it.
        with self._lock:
            if promoted is not None and promoted not in (self._unloadable, self._promoted):
                self._load_promoted(promoted)
            if self._scorer is None:
                from classifiers.artifact import load_bundle

                self._use(load_bundle(Path(self.ctx.settings.model_dir) if self.ctx.settings.model_dir else None))
            return self._scorer

    def _load_promoted(self, version: str) -> None:
        from classifiers.artifact import ArtifactError

        stored = retraining.model_in_force(self.ctx)
        if stored is None:
            return
        try:
            self._use(_bundle(stored))
            self._promoted = stored.version
        except (ArtifactError, KeyError, ValueError):
            # E.g. stored by a release whose artifact format this one no longer reads: comments
            # are still scored, by the model the service started with, rather than not at all.
            log.exception("cannot load promoted model %s; scoring with the model the service started with", version)
            self._unloadable = version

    def _use(self, bundle) -> None:
        from classifiers import Scorer
        from classifiers.api import with_deep_stage

        # The artifact's tuned encoder (when it has one) reads every batch after the fast model.
        previous, self._scorer = self._scorer, with_deep_stage(Scorer(bundle), self.ctx.settings.model_dir or None)
        if previous is not None:
            self._scorer.recent = previous.recent  # the recent comments stay remembered across a model change

    def score(self, texts: list[TextToScore], promoted: str | None = None) -> list[Scores]:
        from classifiers import CommentInput

        model = self.model(promoted)  # a model that will not load is no text's fault: its error goes up as it is
        try:
            results = model.score_batch([
                CommentInput(id=t.comment_id, text=t.text, article_title=t.article_title, article_body=t.article_body,
                             parent_text=t.parent_text, article_id=t.article_id)
                for t in texts
            ])
        except SoftTimeLimitExceeded:
            raise  # the job ran out of time, which is no text's fault
        except Exception as error:
            raise ScoringFailed(type(error).__name__, model.version) from error
        return results


class ModelTrainer:
    """Learns from moderators' decisions on top of the labelled data in `data_dir`, and judges the
    candidate against the model in force on that data's fixed validation set."""

    def __init__(self, data_dir: str | Path, model_dir: str = "", seed: int = 0):
        self.data_dir = Path(data_dir)
        self.model_dir = model_dir
        self.seed = seed

    def train(self, current: StoredModel | None, decisions: list[TrainingDecision]) -> TrainedCandidate:
        from classifiers.artifact import load_bundle, pack_bundle
        from classifiers.training.from_moderators import ModeratorDecision, learn_from_moderators
        from classifiers.training.splits import commercial_splits
        from classifiers.training.validation import training_and_validation

        if not self.data_dir.is_dir():
            raise FileNotFoundError(f"MODERATION_TRAINING_DATA: no directory {self.data_dir}")
        base, validation = training_and_validation(commercial_splits(self.data_dir))
        bundle = _bundle(current) if current else load_bundle(Path(self.model_dir) if self.model_dir else None)
        candidate = learn_from_moderators(
            bundle, base,
            [ModeratorDecision(d.text, d.action, d.reason, d.article_id, d.decided_at) for d in decisions],
            validation, seed=self.seed,
        )
        manifest, arrays = pack_bundle(candidate.bundle)
        deep = deep_stage_thresholds(self.model_dir)
        if deep is not None:
            # The retrained model is the deep stage's first input; the scores recorded are still the
            # deep stage's, and so are the thresholds that fit them.
            manifest = {**manifest, "thresholds": deep[0]}
        return TrainedCandidate(
            version=candidate.bundle.version, accepted=candidate.gate.accepted,
            metrics={"candidate": candidate.gate.candidate, "current": candidate.gate.current},
            reasons=candidate.gate.reasons, manifest=manifest, arrays=arrays,
        )
