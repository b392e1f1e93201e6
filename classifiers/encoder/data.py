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
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from sklearn.model_selection import train_test_split

from classifiers.training.datasets import csv_rows
from classifiers.training.splits import SPLIT_SEED, commercial_splits

HEADS = ("abuse", "insult", "threat", "identity_attack", "obscenity")
NAN = math.nan
VALIDATION_SHARE = 0.1

# The sources the encoder learns from and what each says (the model card repeats this).
SOURCES = {
    "toxic_spans": "news-site comments (Civil Comments) with typed toxic spans by several raters: every head, as shares of raters; each sentence two raters marked as a threat or identity attack is also an example of its own (training share only)",
    "jigsaw_2018": "Wikipedia talk comments with six labels: abuse (toxic), insult, threat, identity_attack (identity_hate), obscenity (obscene)",
    "hatemoji": "adversarial hateful and non-hateful sentences, emoji read as words: abuse and identity_attack; threat from 'threatening language'; counted 2.5x",
    "stormfront": "forum sentences labelled hate / no hate: abuse and identity_attack",
    "wiki_talk_context": "Wikipedia talk comments, mostly civil: abuse (civil ones are negatives for every head)",
    "convabuse": "messages to conversational agents, several annotators: abuse; identity_attack from racist, sexist, homophobic, transphobic, ableist",
    "davidson": "tweets: abuse (hate or offensive); identity_attack from 'hate'",
    "olid": "tweets (training share only): abuse (offensive); insult from targeted-at-an-individual",
    "written": "sentences built here from frames and fillers (encoder/written.py): threats, group hatred and insults beside look-alikes that are fine (violent reporting, counter-speech, quoting to condemn, neutral mentions of the same groups, criticism of states); and slurs at a group beside reports and condemnations quoting them; none shares six words in a row with the policy suite. Sub-labels only (threat, identity_attack, insult; a look-alike counts against each): the abuse head learns from the public sets alone",
}


@dataclass
class EncoderExample:
    text: str
    targets: tuple[float, ...]  # one per HEADS entry, NaN where unknown
    source: str
    weight: float = 1.0
    # Sentences cut from this example that show a harm on their own (training only, with it).
    sentences: list[EncoderExample] = field(default_factory=list)


def _example(text: str, source: str, weight: float = 1.0, **targets: float) -> EncoderExample:
    abuse = targets.get("abuse", NAN)
    values = []
    for head in HEADS:
        value = targets.get(head, NAN)
        if math.isnan(value) and abuse == 0:
            value = 0.0  # nothing abusive: no insult, threat, identity attack or obscenity either
        values.append(float(value))
    return EncoderExample(text.strip(), tuple(values), source, weight)


_SENTENCE = re.compile(r"[^.!?\n]+[.!?]*")
_SPAN_KINDS = {"insult": "Insult", "threat": "Threat", "identity_attack": "Identity based Attack", "obscenity": "Profane/Obscene"}
# Threats and identity attacks are often one sentence of a long comment, past the tokens training
# reads and diluted by the rest: a sentence that at least this many raters marked as one is also
# an example of its own.
SENTENCE_RATERS = 2


def _harm_sentences(text: str, marked: list[list[tuple[str, int, int]]]) -> list[EncoderExample]:
    out = []
    for match in _SENTENCE.finditer(text):
        start, end = match.span()
        sentence = match.group().strip()
        if len(sentence) < 15:
            continue
        targets = {}
        for head in ("threat", "identity_attack"):
            kind = _SPAN_KINDS[head]
            raters = sum(any(k == kind and a < end and b > start for k, a, b in spans) for spans in marked)
            if raters >= SENTENCE_RATERS:
                targets[head] = 1.0
        if targets:
            out.append(_example(sentence, "toxic_spans", abuse=1.0, **targets))
    return out


def read_toxic_spans(data_dir: Path) -> list[EncoderExample]:
    folder = data_dir / "toxic_spans"
    texts = {row["comment_id"]: row["comment_text"] for row in csv_rows(folder / "comments.csv")}
    spans: dict[str, list[tuple[str, int, int]]] = defaultdict(list)
    for row in csv_rows(folder / "spans.csv"):
        spans[row["annotation"]].append((row["type"].strip(), int(row["start"]), int(row["end"])))
    raters: dict[str, list[list[tuple[str, int, int]]]] = defaultdict(list)
    for row in csv_rows(folder / "annotations.csv"):
        raters[row["comment_id"]].append(spans.get(row["annotation"], []))
    out = []
    for comment_id, marked in raters.items():
        text = texts.get(comment_id)
        if not text or not marked:
            continue
        n = len(marked)
        types = [{kind for kind, _, _ in rater} for rater in marked]
        shares = {head: sum(kind in t for t in types) / n for head, kind in _SPAN_KINDS.items()}
        shares["abuse"] = sum(bool(t - {""}) for t in types) / n
        example = _example(text, "toxic_spans", **shares)
        example.sentences = _harm_sentences(text, marked)
        out.append(example)
    return out


def read_jigsaw(data_dir: Path) -> list[EncoderExample]:
    out = []
    for row in csv_rows(data_dir / "jigsaw_2018_sample" / "train_subset.csv"):
        out.append(_example(
            row["comment_text"], "jigsaw_2018", abuse=int(row["toxic"]), insult=int(row["insult"]),
            threat=int(row["threat"]), identity_attack=int(row["identity_hate"]), obscenity=int(row["obscene"]),
        ))
    return out


# Hatemoji was written adversarially in rounds against models like this one: hateful sentences
# beside near-identical ones that are not (negation, counter-speech, quoting, a non-protected
# target). Those pairs teach what is said rather than which words appear, so they count more.
HATEMOJI_WEIGHT = 2.5


def read_hatemoji(data_dir: Path) -> list[EncoderExample]:
    out = []
    for name in ("train.csv", "validation.csv", "test.csv"):
        for row in csv_rows(data_dir / "hatemoji_build" / name):
            hateful = int(row["label_gold"])
            targets = {"abuse": hateful, "identity_attack": hateful}
            if hateful and row["type"] == "threateninglanguage":
                targets["threat"] = 1
            out.append(_example(row["text"], "hatemoji", HATEMOJI_WEIGHT, **targets))
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


def _shows_a_harm(example: EncoderExample) -> int:
    """For an example whose abuse is unknown (the written ones): does any sub-label say it is harmful."""
    return int(any(v == 1 for v in example.targets[1:]))


def encoder_splits(data_dir: Path) -> tuple[list[EncoderExample], list[EncoderExample]]:
    """Training and validation examples. Davidson and OLID keep the shipped model's fixed splits
    (their validation part gates retraining, OLID's evaluation share is never seen)."""
    splits = commercial_splits(data_dir)
    # Tweets are a different register from news comments and Davidson's "offensive" is mostly
    # song lyrics and slang: they count for less.
    train = _from_shipped_sources(splits.abuse_train, weight=0.5)
    validation = _from_shipped_sources(splits.abuse_validation, weight=0.5)
    from classifiers.encoder.written import slur_examples, written_examples

    readers = (read_toxic_spans, read_jigsaw, read_hatemoji, read_stormfront, read_wiki_talk, read_convabuse,
               lambda _: written_examples(), lambda _: slur_examples())
    for reader in readers:
        examples = [e for e in reader(data_dir) if e.text]
        strata = [round(e.targets[0]) if not math.isnan(e.targets[0]) else _shows_a_harm(e) for e in examples]
        part_train, part_validation = train_test_split(examples, test_size=VALIDATION_SHARE, random_state=SPLIT_SEED, stratify=strata)
        train += part_train + [s for e in part_train for s in e.sentences]
        validation += part_validation
    return train, validation
