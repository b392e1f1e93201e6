"""Learning from moderators' decisions, behind an evaluation gate.

Moderators' decisions are the newsroom's own labels: a comment deleted or amended for
abuse is abusive, one deleted for spam is spam, one approved after review is neither.
They are added to the base training data (weighted up, being closer to the comments
the service will see), a candidate model is fitted, and the gate accepts it only if
it is at least as good as the current model on the fixed validation set, signal by
signal. The service (moderation/services/retraining.py) feeds it the decisions it has stored, and
its workers run it on a schedule.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from classifiers.artifact import ModelBundle, weights_digest
from classifiers.training.build import TrainingSet, fit_bundle
from classifiers.training.datasets import AbuseExample, SpamExample
from classifiers.training.thresholds import choose_thresholds
from classifiers.training.validation import ValidationSet, summarise, validation_scores

MODERATOR_SOURCE = "moderators"
MODERATOR_WEIGHT = 2.0
GATED_SIGNALS = ("abuse", "spam", "off_topic")


@dataclass(frozen=True)
class ModeratorDecision:
    text: str
    decision: str  # "approve" | "amend" | "delete"
    reason: str | None  # abuse, off_topic, untrue, spam, legal, other; none for an approval
    article_id: str = ""
    decided_at: str = ""


@dataclass
class GateResult:
    accepted: bool
    candidate: dict
    current: dict
    reasons: list[str] = field(default_factory=list)


@dataclass
class Candidate:
    bundle: ModelBundle
    metrics: dict
    gate: GateResult


def decisions_to_examples(decisions: list[ModeratorDecision]) -> tuple[list[AbuseExample], list[SpamExample]]:
    abuse, spam = [], []
    for d in decisions:
        removed = d.decision in ("delete", "amend")
        if d.decision == "approve" or (removed and d.reason == "abuse"):
            abuse.append(AbuseExample(d.text, int(removed), source=MODERATOR_SOURCE))
        if d.decision == "approve" or (removed and d.reason == "spam"):
            thread = d.article_id or "moderated"
            spam.append(SpamExample(d.text, int(removed), video=thread, date=d.decided_at))
    return abuse, spam


def gate(candidate: dict, current: dict, tolerance: float = 0.0) -> GateResult:
    """Accept only if no signal's validation ROC AUC drops by more than ``tolerance``."""
    reasons = []
    for signal in GATED_SIGNALS:
        new, old = candidate[signal]["roc_auc"], current[signal]["roc_auc"]
        if new + tolerance < old:
            reasons.append(f"{signal}: ROC AUC {new:.4f} < current {old:.4f}")
    return GateResult(accepted=not reasons, candidate=candidate, current=current, reasons=reasons)


def learn_from_moderators(
    current: ModelBundle,
    base: TrainingSet,
    decisions: list[ModeratorDecision],
    validation: ValidationSet,
    seed: int = 0,
) -> Candidate:
    abuse, spam = decisions_to_examples(decisions)
    weights = dict(base.source_weights, **{MODERATOR_SOURCE: MODERATOR_WEIGHT})
    training = TrainingSet(abuse=base.abuse + abuse, spam=base.spam + spam, source_weights=weights, spam_extra=base.spam_extra)
    bundle = fit_bundle(training, seed=seed)
    scores = validation_scores(bundle, validation)
    candidate_metrics = summarise(scores)
    bundle.manifest.update(
        {
            "version": f"abuse+spam+offtopic-moderated-{weights_digest(bundle)[:8]}",
            "seed": seed,
            "metrics": {"validation": candidate_metrics},
            "thresholds": choose_thresholds(scores),
            "moderator_examples": {"abuse": len(abuse), "spam": len(spam)},
            "base_model": current.version,
            "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "off_topic_prior": bundle.off_topic.prior,
            "off_topic_embeddings": bundle.off_topic.uses_embeddings,
        }
    )
    current_metrics = summarise(validation_scores(current, validation))
    return Candidate(bundle=bundle, metrics=candidate_metrics, gate=gate(candidate_metrics, current_metrics))
