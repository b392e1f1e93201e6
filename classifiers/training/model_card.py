"""The model card: what a model was trained on, how well it did, and its limits."""

from __future__ import annotations

import json
import platform

import numpy as np
import scipy
import sklearn

from classifiers.models.off_topic import off_topic_card_line
from classifiers.training.datasets import LICENCES


def library_versions() -> dict[str, str]:
    return {"python": platform.python_version(), "scikit-learn": sklearn.__version__, "numpy": np.__version__, "scipy": scipy.__version__}


def sources_table(sources: list[str]) -> dict[str, dict]:
    return {name: {"licence": LICENCES[name][0], "commercial_use": LICENCES[name][1]} for name in sources}


def render_model_card(manifest: dict) -> str:
    lines = [
        f"# Model card: {manifest['version']}",
        "",
        "Three signals for news comments, each a probability in [0, 1]: **abuse** (with sub-labels "
        "insult, threat, identity_attack, obscenity), **off_topic** (relative to the article title, body "
        "and parent comment) and **spam** (links, shouting, repetition, near-duplicates of recent comments).",
        "",
        "## Training data",
        "",
        "| source | licence | commercial use | examples |",
        "|---|---|---|---|",
    ]
    for name, info in manifest["data"]["sources"].items():
        lines.append(f"| {name} | {info['licence']} | {'yes' if info['commercial_use'] else 'no'} | {info.get('examples', '')} |")
    lines += [
        "",
        f"Data files SHA-256: `{manifest['data']['sha256']}`. Training seed: {manifest['seed']}.",
        "",
        "Attribution: OLID — Zampieri et al., OffensEval 2019 (CC BY 4.0); YouTube Spam Collection — "
        "Alberto et al., 2015 (CC BY 4.0); Davidson et al., ICWSM 2017 (MIT).",
        "",
        "## How each signal is learned",
        "",
        "- **abuse**: logistic regression over hashed word 1–2-grams and within-word character 3–5-grams "
        "(TF-IDF; leetspeak digits read as letters inside words, stretched letters cut to two, words spelled out letter by letter joined) plus counts of a hand-written lexicon's categories and of hostile words shortly after a negator; "
        "Platt-calibrated on out-of-fold scores. Davidson tweets weigh half, and those its annotators split on are "
        "soft targets (an abusive and a clean copy weighted by the shares of votes); abusive examples aimed at a person "
        "(OLID targeted individual, an insult word, or second person) weigh four times more. Sub-labels are weakly supervised: positives are abusive examples whose "
        "source annotation (OLID targeted individual/group, Davidson hate) or the lexicon marks that kind of abuse.",
        "- **spam**: the same n-gram features plus surface signals (links, capitals, exclamation marks, "
        "repetition, money or contact details) and near-duplicate similarity (MinHash over character shingles) "
        "to recently seen comments, learned from YouTube comments in time order (weakly regularised, C=16, chosen by "
        "leave-one-video-out), with news-site comments (toxic spans) as examples of what is not spam and spam written "
        "for this project in a news comment's register (adverts, scams and link drops opened by a remark on a story).",
        off_topic_card_line(manifest),
        "",
        "## Validation (held-out part of the training sources)",
        "",
        "```json",
        json.dumps(manifest["metrics"]["validation"], indent=2, sort_keys=True),
        "```",
        "",
        "## Recommended thresholds",
        "",
        "```json",
        json.dumps(manifest["thresholds"], indent=2, sort_keys=True),
        "```",
        "",
        "## Limits",
        "",
        "- Bag-of-n-grams models do not understand negation, quotation or counter-speech: a comment quoting "
        "or condemning a slur can score high. Moderators should read, not just sort.",
        "- The training text is tweets and YouTube comments; news comments are longer and subtler, so scores on "
        "news sites are lower and thresholds chosen on the validation data are optimistic about precision.",
        "- Off-topic is learned without any off-topic labels (from thread membership); a short generic comment "
        "('great article') gets little evidence either way and scores near the prior.",
        "",
        "## Libraries",
        "",
        "```json",
        json.dumps(manifest["libraries"], indent=2, sort_keys=True),
        "```",
        "",
    ]
    return "\n".join(lines)
