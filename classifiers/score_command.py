"""``python -m classifiers score``: JSON lines in, JSON lines out, same order.

A malformed line is reported on stderr with its line number and skipped; every other
line is still scored and written, and the exit status is 1 so a pipeline notices.
Lines are scored in batches, so memory stays flat however long the input is.
"""

from __future__ import annotations

import json
import sys
from typing import IO

from classifiers.api import CommentInput, load_scorer
from classifiers.artifact import ArtifactError

BATCH_SIZE = 256


class BadLine(ValueError):
    pass


def _optional_str(value, what: str) -> str | None:
    if value is None or isinstance(value, str):
        return value
    raise BadLine(f"{what} must be a string")


def parse_line(line: str) -> CommentInput:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        raise BadLine(f"not valid JSON ({error.msg})") from None
    if not isinstance(record, dict):
        raise BadLine("expected a JSON object")
    comment_id, text = record.get("id"), record.get("text")
    if not isinstance(comment_id, str) or not comment_id:
        raise BadLine('"id" must be a non-empty string')
    if not isinstance(text, str):
        raise BadLine('"text" must be a string')
    article = record.get("article")
    if article is not None and not isinstance(article, dict):
        raise BadLine('"article" must be an object with "title" and "body"')
    article = article or {}
    return CommentInput(
        id=comment_id,
        text=text,
        article_title=_optional_str(article.get("title"), '"article.title"'),
        article_body=_optional_str(article.get("body"), '"article.body"'),
        parent_text=_optional_str(record.get("parent"), '"parent"'),
        article_id=_optional_str(record.get("article_id"), '"article_id"'),
    )


def score_stream(scorer, lines: IO[str], out: IO[str], err: IO[str]) -> int:
    bad = 0
    batch: list[CommentInput] = []

    def flush():
        for comment, scores in zip(batch, scorer.score_batch(batch)):
            out.write(json.dumps({"id": comment.id, **scores.to_dict()}, ensure_ascii=False) + "\n")
        batch.clear()

    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            batch.append(parse_line(line))
        except BadLine as error:
            bad += 1
            err.write(f"line {number}: {error}; skipped\n")
            continue
        if len(batch) >= BATCH_SIZE:
            flush()
    flush()
    out.flush()
    if bad:
        err.write(f"{bad} line(s) could not be scored\n")
    return 1 if bad else 0


def main(args) -> int:
    try:
        scorer = load_scorer(args.model)
    except ArtifactError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return score_stream(scorer, sys.stdin, sys.stdout, sys.stderr)
