"""One text's scores: the record the classifiers answer with, the service stores and the policy reads.

Standard library only, so the service's rules can name it without loading a model or numpy.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

SIGNALS = ("abuse", "spam", "off_topic")


@dataclass(frozen=True)
class Scores:
    """Probabilities between 0 and 1. `off_topic` is None when there was nothing to judge the text
    against (no article, no parent); `labels` holds the abuse sub-labels and the explanations;
    `model` is the version of the model that gave them."""

    abuse: float
    spam: float
    off_topic: float | None = None
    labels: Mapping[str, Any] = field(default_factory=dict)
    model: str = ""

    def out_of_range(self) -> list[str]:
        """The signals whose value is not a number between 0 and 1 (None is allowed for off_topic)."""
        wrong = []
        for name in SIGNALS:
            value = getattr(self, name)
            if value is None and name == "off_topic":
                continue
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0.0 <= value <= 1.0:
                wrong.append(name)
        return wrong

    def to_dict(self) -> dict[str, Any]:
        return {"abuse": self.abuse, "off_topic": self.off_topic, "spam": self.spam, "labels": dict(self.labels),
                "model": self.model}
