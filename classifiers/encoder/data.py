"""Training examples for the encoder's abuse heads, from the commercial-use sets in ``../shared/data``.

Each example carries a target for every head it has evidence for and NaN where its source
says nothing: a Stormfront sentence says whether it is hateful, not whether it swears. A
negative example (no abuse at all) is evidence against every sub-label. Targets are shares
of annotators where the source has several (soft labels), otherwise 0 or 1.

Held out from every source, by a fixed split: the validation part (thresholds and the
retraining gate) and OLID's evaluation share, which the evaluation reports.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from sklearn.model_selection import train_test_split

from classifiers.training.datasets import csv_rows
from classifiers.training.splits import SPLIT_SEED, commercial_splits

HEADS = ("abuse", "insult", "threat", "identity_attack", "obscenity")
NAN = math.nan
VALIDATION_SHARE = 0.1

# The sources the encoder learns from and what each says (the model card repeats this).
SOURCES = {
    "toxic_spans": "news-site comments (Civil Comments) with typed toxic spans by several raters: every head, as shares of raters",
    "jigsaw_2018": "Wikipedia talk comments with six labels: abuse (toxic), insult, threat, identity_attack (identity_hate), obscenity (obscene)",
    "hatemoji": "adversarial hateful and non-hateful sentences: abuse and identity_attack; threat from 'threatening language'",
    "stormfront": "forum sentences labelled hate / no hate: abuse and identity_attack",
    "wiki_talk_context": "Wikipedia talk comments, mostly civil: abuse (civil ones are negatives for every head)",
    "convabuse": "messages to conversational agents, several annotators: abuse; identity_attack from racist, sexist, homophobic, transphobic, ableist",
    "davidson": "tweets: abuse (hate or offensive); identity_attack from 'hate'",
    "olid": "tweets (training share only): abuse (offensive); insult from targeted-at-an-individual",
}


@dataclass
class EncoderExample:
    text: str
    targets: tuple[float, ...]  # one per HEADS entry, NaN where unknown
    source: str
    weight: float = 1.0


def _example(text: str, source: str, weight: float = 1.0, **targets: float) -> EncoderExample:
    abuse = targets.get("abuse", NAN)
    values = []
    for head in HEADS:
        value = targets.get(head, NAN)
        if math.isnan(value) and abuse == 0:
            value = 0.0  # nothing abusive: no insult, threat, identity attack or obscenity either
        values.append(float(value))
    return EncoderExample(text.strip(), tuple(values), source, weight)


def read_toxic_spans(data_dir: Path) -> list[EncoderExample]:
    folder = data_dir / "toxic_spans"
    texts = {row["comment_id"]: row["comment_text"] for row in csv_rows(folder / "comments.csv")}
    span_types: dict[str, set[str]] = defaultdict(set)
    for row in csv_rows(folder / "spans.csv"):
        span_types[row["annotation"]].add(row["type"].strip())
    raters: dict[str, list[set[str]]] = defaultdict(list)
    for row in csv_rows(folder / "annotations.csv"):
        raters[row["comment_id"]].append(span_types.get(row["annotation"], set()))
    kinds = {"insult": "Insult", "threat": "Threat", "identity_attack": "Identity based Attack", "obscenity": "Profane/Obscene"}
    out = []
    for comment_id, marked in raters.items():
        text = texts.get(comment_id)
        if not text or not marked:
            continue
        n = len(marked)
        shares = {head: sum(kind in types for types in marked) / n for head, kind in kinds.items()}
        shares["abuse"] = sum(bool(types - {""}) for types in marked) / n
        out.append(_example(text, "toxic_spans", **shares))
    return out


def read_jigsaw(data_dir: Path) -> list[EncoderExample]:
    out = []
    for row in csv_rows(data_dir / "jigsaw_2018_sample" / "train_subset.csv"):
        out.append(_example(
            row["comment_text"], "jigsaw_2018", abuse=int(row["toxic"]), insult=int(row["insult"]),
            threat=int(row["threat"]), identity_attack=int(row["identity_hate"]), obscenity=int(row["obscene"]),
        ))
    return out


def read_hatemoji(data_dir: Path) -> list[EncoderExample]:
    out = []
    for name in ("train.csv", "validation.csv", "test.csv"):
        for row in csv_rows(data_dir / "hatemoji_build" / name):
            hateful = int(row["label_gold"])
            targets = {"abuse": hateful, "identity_attack": hateful}
            if hateful and row["type"] == "threateninglanguage":
                targets["threat"] = 1
            out.append(_example(row["text"], "hatemoji", **targets))
    return out


def read_stormfront(data_dir: Path) -> list[EncoderExample]:
    out = []
    for row in csv_rows(data_dir / "stormfront" / "stormfront_sentences.csv"):
        if row["label"] in ("hate", "noHate"):
            hateful = int(row["label"] == "hate")
            out.append(_example(row["text"], "stormfront", abuse=hateful, identity_attack=hateful))
    return out


def read_wiki_talk(data_dir: Path) -> list[EncoderExample]:
    out = []
    for name in ("gc.csv", "gn.csv"):
        for row in csv_rows(data_dir / "wiki_talk_context" / name):
            out.append(_example(row["text"], "wiki_talk_context", abuse=int(row["label"])))
    return out


def read_convabuse(data_dir: Path) -> list[EncoderExample]:
    identity = ("ableist", "homophobic", "racist", "sexist", "transphobic")
    out = []
    for name in ("train.csv", "valid.csv", "test.csv"):
        for row in csv_rows(data_dir / "convabuse" / name):
            annotators = sorted({key.split("_", 1)[0] for key in row if key.startswith("Annotator") and key.endswith("_is_abuse.1")})
            judged = [a for a in annotators if any(row.get(f"{a}_is_abuse.{level}") == "1" for level in ("1", "0", "-1", "-2", "-3"))]
            if not judged or not row["user"].strip():
                continue
            abusive = sum(any(row.get(f"{a}_is_abuse.{level}") == "1" for level in ("-1", "-2", "-3")) for a in judged) / len(judged)
            attacks = sum(any(row.get(f"{a}_{kind}") == "1" for kind in identity) for a in judged) / len(judged)
            out.append(_example(row["user"], "convabuse", abuse=abusive, identity_attack=attacks if abusive else 0.0))
    return out


def _from_shipped_sources(examples, weight: float) -> list[EncoderExample]:
    out = []
    for e in examples:
        targets = {"abuse": e.abusive_share if e.abusive_share is not None else float(e.abusive)}
        if e.source == "davidson":
            targets["identity_attack"] = float(e.hate or 0)
        if e.source == "olid" and e.abusive:
            targets["insult"] = float(e.targeted_individual or 0)
        out.append(_example(e.text, e.source, weight, **targets))
    return out


def encoder_splits(data_dir: Path) -> tuple[list[EncoderExample], list[EncoderExample]]:
    """Training and validation examples. Davidson and OLID keep the shipped model's fixed splits
    (their validation part gates retraining, OLID's evaluation share is never seen)."""
    splits = commercial_splits(data_dir)
    # Tweets are a different register from news comments and Davidson's "offensive" is mostly
    # song lyrics and slang: they count for less.
    train = _from_shipped_sources(splits.abuse_train, weight=0.5)
    validation = _from_shipped_sources(splits.abuse_validation, weight=0.5)
    for reader in (read_toxic_spans, read_jigsaw, read_hatemoji, read_stormfront, read_wiki_talk, read_convabuse):
        examples = [e for e in reader(data_dir) if e.text]
        strata = [round(e.targets[0]) if not math.isnan(e.targets[0]) else -1 for e in examples]
        part_train, part_validation = train_test_split(examples, test_size=VALIDATION_SHARE, random_state=SPLIT_SEED, stratify=strata)
        train += part_train
        validation += part_validation
    return train, validation
