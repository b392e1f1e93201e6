"""The development sets the evaluation reports, built from ``../shared/data``.

Label definitions are fixed here, once, before looking at any model's score:
- C3 toxicity: positive when the crowd's mean toxicity level is at least 2.
- C3 off-topic: positive when at least 2 annotators marked the comment non_relevant;
  its context is the other comments under the same article (C3 has no article text).
- SemEval-2016 3A: Bad comments are off-topic, Good ones on-topic; the thread's question
  (subject as title, body as body) is the article.
- OLID: the held-out share of the training file that no shipped model was trained on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from classifiers.training.datasets import read_c3, read_kaggle_insults, read_semeval
from classifiers.training.splits import olid_split


@dataclass
class DevSet:
    name: str
    texts: list[str]
    labels: list[int]
    contexts: list[dict[str, str]] = field(default_factory=list)
    # When a context is several texts (C3: the other comments), each of them, so that
    # sentence embeddings can average them rather than read one long string.
    context_passages: list[list[str]] = field(default_factory=list)


def abuse_sets(data_dir: Path) -> list[DevSet]:
    _, olid = olid_split(data_dir)
    c3 = read_c3(data_dir)
    kaggle = read_kaggle_insults(data_dir)
    return [
        DevSet("OLID held-out", [e.text for e in olid], [e.abusive for e in olid]),
        DevSet("C3 toxicity>=2", [r["text"] for r in c3], [int(r["toxicity"] >= 2) for r in c3]),
        DevSet("Kaggle insults", [e.text for e in kaggle], [e.abusive for e in kaggle]),
    ]


def off_topic_sets(data_dir: Path) -> list[DevSet]:
    c3 = read_c3(data_dir)
    by_article: dict[str, list[int]] = {}
    for i, row in enumerate(c3):
        by_article.setdefault(row["article_id"], []).append(i)
    contexts, passages = [], []
    for i, row in enumerate(c3):
        others = [c3[j]["text"] for j in by_article[row["article_id"]] if j != i]
        contexts.append({"body": " ".join(others)})
        passages.append(others)
    semeval = read_semeval(data_dir)
    return [
        DevSet(
            "C3 non_relevant>=2",
            [r["text"] for r in c3],
            [int(r["non_relevant_votes"] >= 2) for r in c3],
            contexts,
            passages,
        ),
        DevSet(
            "SemEval-2016 3A Bad vs Good",
            [e.text for e in semeval],
            [e.off_topic for e in semeval],
            [{"title": e.context_title, "body": e.context_body} for e in semeval],
        ),
    ]
