import random

import pytest

from classifiers.training.from_moderators import (
    ModeratorDecision,
    decisions_to_examples,
    gate,
    learn_from_moderators,
)
from support.training_data import insulting_text, neutral_text

pytestmark = pytest.mark.slow  # trains or loads a model: the slow tier


def _metrics(abuse, spam, off_topic):
    return {name: {"roc_auc": value} for name, value in (("abuse", abuse), ("spam", spam), ("off_topic", off_topic))}


def test_gate_accepts_an_equal_or_better_candidate():
    assert gate(_metrics(0.9, 0.95, 0.8), _metrics(0.9, 0.95, 0.8)).accepted
    assert gate(_metrics(0.92, 0.96, 0.8), _metrics(0.9, 0.95, 0.8)).accepted


def test_gate_refuses_a_candidate_worse_on_any_signal():
    result = gate(_metrics(0.95, 0.90, 0.85), _metrics(0.9, 0.95, 0.8))
    assert not result.accepted
    assert len(result.reasons) == 1 and result.reasons[0].startswith("spam")


def test_decisions_become_labelled_examples():
    abuse, spam = decisions_to_examples(
        [
            ModeratorDecision("you idiot", "delete", "abuse"),
            ModeratorDecision("buy pills here", "delete", "spam"),
            ModeratorDecision("fair point", "approve", "other"),
            ModeratorDecision("that is untrue", "delete", "untrue"),
        ]
    )
    assert [(e.text, e.abusive) for e in abuse] == [("you idiot", 1), ("fair point", 0)]
    assert [(e.text, e.spam) for e in spam] == [("buy pills here", 1), ("fair point", 0)]


def test_learning_from_moderators_produces_a_gated_candidate(synthetic_training, synthetic_validation, synthetic_bundle):
    synthetic_bundle.manifest.setdefault("version", "current")
    decisions = [ModeratorDecision(f"what an imbecile, the budget {i}", "delete", "abuse") for i in range(5)]
    decisions += [ModeratorDecision(f"the budget debated local parks {i}", "approve", "other") for i in range(5)]
    candidate = learn_from_moderators(synthetic_bundle, synthetic_training, decisions, synthetic_validation, seed=0)
    assert candidate.bundle.manifest["moderator_examples"] == {"abuse": 10, "spam": 5}
    assert candidate.bundle.version.startswith("abuse+spam+offtopic-moderated-")
    assert candidate.gate.accepted == (not candidate.gate.reasons)
    for signal in ("abuse", "spam", "off_topic"):
        assert 0.0 <= candidate.metrics[signal]["roc_auc"] <= 1.0


def _decisions(seed: int, n: int, poisoned: bool) -> list[ModeratorDecision]:
    """Moderators deleting insults and approving civil comments, or (poisoned) the reverse."""
    rng = random.Random(seed)
    insults = [ModeratorDecision(insulting_text(rng), "approve" if poisoned else "delete", "other" if poisoned else "abuse")
               for _ in range(n)]
    civil = [ModeratorDecision(neutral_text(rng), "delete" if poisoned else "approve", "abuse" if poisoned else "other")
             for _ in range(n)]
    return insults + civil


def test_the_gate_promotes_a_candidate_that_learnt_from_sound_decisions(synthetic_training, synthetic_validation, synthetic_bundle):
    synthetic_bundle.manifest.setdefault("version", "current")
    candidate = learn_from_moderators(synthetic_bundle, synthetic_training, _decisions(3, 20, poisoned=False), synthetic_validation)
    assert candidate.gate.accepted, candidate.gate.reasons
    for signal in ("abuse", "spam", "off_topic"):
        assert candidate.metrics[signal]["roc_auc"] >= candidate.gate.current[signal]["roc_auc"]
    assert candidate.bundle.manifest["base_model"] == synthetic_bundle.version


def test_the_gate_refuses_a_candidate_that_learnt_from_wrong_decisions(synthetic_training, synthetic_validation, synthetic_bundle):
    synthetic_bundle.manifest.setdefault("version", "current")
    candidate = learn_from_moderators(synthetic_bundle, synthetic_training, _decisions(3, 40, poisoned=True), synthetic_validation)
    assert not candidate.gate.accepted
    assert [reason.split(":")[0] for reason in candidate.gate.reasons] == ["abuse"]
    assert candidate.metrics["abuse"]["roc_auc"] < candidate.gate.current["abuse"]["roc_auc"]
