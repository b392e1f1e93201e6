from pathlib import Path

import pytest

from classifiers.training.datasets import read_semeval

THREAD = """
  <Thread THREAD_SEQUENCE="Q1">
    {question}
    <RelComment RELC_ID="Q1_C1" RELC_RELEVANCE2RELQ="Good"><RelCText>Try the ferry at dawn.</RelCText></RelComment>
    <RelComment RELC_ID="Q1_C2" RELC_RELEVANCE2RELQ="Bad"><RelCText>Anyone selling a car?</RelCText></RelComment>
    <RelComment RELC_ID="Q1_C3" RELC_RELEVANCE2RELQ="PotentiallyUseful"><RelCText>Maybe.</RelCText></RelComment>
  </Thread>
"""
QUESTION = "<RelQuestion><RelQSubject>Ferry times</RelQSubject><RelQBody>When does it leave?</RelQBody></RelQuestion>"


def _write(data_dir: Path, question: str) -> Path:
    folder = data_dir / "semeval2016_task3_qatarliving"
    folder.mkdir()
    path = folder / "threads.xml"
    path.write_text(f"<root>{THREAD.format(question=question)}</root>", encoding="utf-8")
    return path


def test_good_and_bad_comments_are_read_with_their_threads_question(tmp_path):
    _write(tmp_path, QUESTION)

    examples = read_semeval(tmp_path)

    assert [(e.text, e.off_topic) for e in examples] == [("Try the ferry at dawn.", 0), ("Anyone selling a car?", 1)]
    assert {(e.context_title, e.context_body, e.group) for e in examples} == {("Ferry times", "When does it leave?", "Q1")}


def test_a_thread_without_its_question_is_refused_naming_the_file(tmp_path):
    _write(tmp_path, "")

    with pytest.raises(ValueError, match=r"threads\.xml: a thread without its question"):
        read_semeval(tmp_path)
