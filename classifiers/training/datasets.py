"""Readers for the labelled data sets in ``../shared/data`` (see its SOURCES.md).

Each reader returns plain records and says whether its licence allows commercial use,
because the shipped model may be trained only on those.
"""

from __future__ import annotations

import csv
import hashlib
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

from classifiers.text import unescape_literal

DEFAULT_DATA_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "data"

LICENCES = {
    "davidson": ("MIT", True),
    "olid": ("CC BY 4.0 (Zampieri et al., OffensEval 2019)", True),
    "youtube_spam": ("CC BY 4.0 (Alberto et al., UCI YouTube Spam Collection)", True),
    "toxic_spans": ("CC0 1.0 (Pavlopoulos et al., Toxic Spans; Civil Comments)", True),
    "written_spam": ("written for this project", True),
    "kaggle_insults": ("none stated", False),
    "c3": ("CC BY-NC-SA 4.0", False),
    "semeval2016_task3_qatarliving": ("none stated", False),
}

_TAG = re.compile(r"<[^>]+>")
_HREF = re.compile(r"<a [^>]*href=\"([^\"]+)\"[^>]*>", re.IGNORECASE)


@dataclass
class AbuseExample:
    text: str
    abusive: int
    # Sub-label evidence from the source's own annotation; None when it says nothing.
    targeted_individual: int | None = None
    targeted_group: int | None = None
    hate: int | None = None
    source: str = ""
    # Share of the source's annotators who called it abusive, when the source says;
    # ``abusive`` is the majority's verdict.
    abusive_share: float | None = None


@dataclass
class SpamExample:
    text: str
    spam: int
    video: str
    date: str


@dataclass
class RelevanceExample:
    text: str
    off_topic: int
    context_title: str = ""
    context_body: str = ""
    group: str = ""
    extra: dict = field(default_factory=dict)


def file_sha256(paths: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def csv_rows(path: Path, delimiter: str = ",") -> list[dict]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter=delimiter))


def davidson_paths(data_dir: Path) -> list[Path]:
    return [data_dir / "davidson" / "labeled_data.csv"]


def read_davidson(data_dir: Path) -> list[AbuseExample]:
    out = []
    for row in csv_rows(davidson_paths(data_dir)[0]):
        cls = int(row["class"])
        share = (int(row["hate_speech"]) + int(row["offensive_language"])) / max(int(row["count"]), 1)
        out.append(AbuseExample(row["tweet"], int(cls != 2), hate=int(cls == 0), source="davidson", abusive_share=share))
    return out


def olid_paths(data_dir: Path) -> list[Path]:
    return [data_dir / "olid" / "olid-training-v1.0.tsv"]


def read_olid(data_dir: Path) -> list[AbuseExample]:
    out = []
    for row in csv_rows(olid_paths(data_dir)[0], delimiter="\t"):
        off = int(row["subtask_a"] == "OFF")
        target = row["subtask_c"]
        out.append(
            AbuseExample(
                row["tweet"],
                off,
                targeted_individual=int(target == "IND") if off else 0,
                targeted_group=int(target == "GRP") if off else 0,
                source="olid",
            )
        )
    return out


def youtube_paths(data_dir: Path) -> list[Path]:
    return sorted((data_dir / "youtube_spam").glob("Youtube0*.csv"))


def _strip_html(text: str) -> str:
    text = _HREF.sub(lambda m: f" {m.group(1)} ", text)
    return _TAG.sub(" ", text).replace("\ufeff", "").strip()


def read_youtube(data_dir: Path) -> list[SpamExample]:
    out = []
    for path in youtube_paths(data_dir):
        video = path.stem.split("-", 1)[0]
        for row in csv_rows(path):
            out.append(SpamExample(_strip_html(row["CONTENT"]), int(row["label"]), video, row["DATE"]))
    return out


def news_comment_paths(data_dir: Path) -> list[Path]:
    return [data_dir / "toxic_spans" / "comments.csv"]


def read_news_comments(data_dir: Path) -> list[SpamExample]:
    """News-site comments (the toxic spans set's Civil Comments), as examples of what is not spam."""
    return [SpamExample(row["comment_text"], 0, "news", "") for row in csv_rows(news_comment_paths(data_dir)[0])
            if row["comment_text"].strip()]


def read_kaggle_insults(data_dir: Path) -> list[AbuseExample]:
    out = []
    for row in csv_rows(data_dir / "kaggle_insults" / "train.csv"):
        text = unescape_literal(row["Comment"].strip().strip('"'))
        out.append(AbuseExample(text, int(row["Insult"]), source="kaggle_insults"))
    return out


def read_c3(data_dir: Path) -> list[dict]:
    """C3 rows with toxicity level, off-topic votes and article id."""
    out = []
    for row in csv_rows(data_dir / "c3" / "C3_train.csv"):
        votes = re.search(r"non_relevant:(\d+)", row["non_constructive_characteristics"] or "")
        out.append(
            {
                "text": row["comment_text"],
                "article_id": row["article_id"],
                "toxicity": float(row["crowd_toxicity_level"] or 0),
                "non_relevant_votes": int(votes.group(1)) if votes else 0,
                "judgements": float(row["njudgements_constructiveness_expt"] or 0),
            }
        )
    return out


def read_semeval(data_dir: Path) -> list[RelevanceExample]:
    """Comments judged Good or Bad for their thread's question (PotentiallyUseful left out)."""
    out, seen = [], set()
    for path in sorted((data_dir / "semeval2016_task3_qatarliving").glob("*.xml")):
        for thread in ET.parse(path).getroot().iter("Thread"):
            question = thread.find("RelQuestion")
            if question is None:
                raise ValueError(f"{path.name}: a thread without its question (RelQuestion)")
            title = question.findtext("RelQSubject") or ""
            body = question.findtext("RelQBody") or ""
            for comment in thread.findall("RelComment"):
                cid = comment.get("RELC_ID")
                label = comment.get("RELC_RELEVANCE2RELQ")
                if cid in seen or label not in ("Good", "Bad"):
                    continue
                seen.add(cid)
                out.append(
                    RelevanceExample(
                        comment.findtext("RelCText") or "",
                        int(label == "Bad"),
                        context_title=title,
                        context_body=body,
                        group=thread.get("THREAD_SEQUENCE", ""),
                        extra={"file": path.name},
                    )
                )
    return out
