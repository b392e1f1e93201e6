"""Sub-label targets for abuse, from the sources' own annotation plus the lexicon.

No commercial-use data set labels insults, threats, identity attacks and obscenity
separately, so each sub-label is weakly supervised: a comment counts as a positive
when it is abusive *and* its source's annotation or the lexicon says it is that kind
of abuse. The heads then generalise from these targets through the n-gram features.
"""

from __future__ import annotations

import numpy as np

from classifiers.features.lexicon import category_hits
from classifiers.training.datasets import AbuseExample

SECOND_PERSON = frozenset({"you", "your", "u", "ur", "youre", "yourself"})


def sub_label_targets(examples: list[AbuseExample], token_lists: list[list[str]], normalised: list[str]) -> dict[str, np.ndarray]:
    targets = {name: np.zeros(len(examples), dtype=int) for name in ("insult", "threat", "identity_attack", "obscenity")}
    for i, (example, tokens, text) in enumerate(zip(examples, token_lists, normalised)):
        if not example.abusive:
            continue
        hits = category_hits(tokens, text)
        addressed = bool(SECOND_PERSON.intersection(tokens))
        targets["insult"][i] = int(bool(example.targeted_individual) or bool(hits["insult"]) or (addressed and not example.hate))
        threat_words = any(" " not in w for w in hits["threat"]) and addressed
        targets["threat"][i] = int(any(" " in w for w in hits["threat"]) or threat_words)
        targets["identity_attack"][i] = int(bool(example.hate) or bool(example.targeted_group) or bool(hits["identity_slur"]))
        targets["obscenity"][i] = int(bool(hits["obscenity"]))
    return targets
