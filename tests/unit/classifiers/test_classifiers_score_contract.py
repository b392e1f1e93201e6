"""The batch command's contract (SPEC §6), against the shipped default artifact."""

import io
import json
import subprocess
import sys

import pytest

from classifiers.api import load_scorer
from classifiers.score_command import score_stream

pytestmark = pytest.mark.slow  # trains or loads a model: the slow tier

ARTICLE = {"title": "Council approves new bus routes", "body": "The council voted to fund three new bus routes next year."}
LINES = [
    {"id": "a", "text": "More buses on the new routes would help commuters.", "article": ARTICLE},
    {"id": "b", "text": "You are a pathetic idiot."},
    {"id": "c", "text": "I agree with you", "parent": "The routes should run later at night."},
    {"id": "d", "text": "CHECK OUT MY CHANNEL!!! http://promo.example.com"},
]


@pytest.fixture(scope="module")
def scorer():
    return load_scorer()


def _run(scorer, lines):
    out, err = io.StringIO(), io.StringIO()
    code = score_stream(scorer, io.StringIO("".join(lines)), out, err)
    return code, [json.loads(line) for line in out.getvalue().splitlines()], err.getvalue()


def test_results_keep_order_ids_and_shape(scorer):
    code, results, err = _run(scorer, [json.dumps(x) + "\n" for x in LINES])
    assert code == 0 and err == ""
    assert [r["id"] for r in results] == ["a", "b", "c", "d"]
    for r in results:
        assert set(r) == {"id", "abuse", "off_topic", "spam", "labels", "model"}
        assert 0.0 <= r["abuse"] <= 1.0 and 0.0 <= r["spam"] <= 1.0
        assert r["model"] == scorer.version
        assert {"insult", "threat", "identity_attack", "obscenity", "explanation"} <= set(r["labels"])


def test_off_topic_is_null_only_without_article_or_parent(scorer):
    _, results, _ = _run(scorer, [json.dumps(x) + "\n" for x in LINES])
    by_id = {r["id"]: r for r in results}
    assert by_id["b"]["off_topic"] is None and by_id["d"]["off_topic"] is None
    assert isinstance(by_id["a"]["off_topic"], float) and isinstance(by_id["c"]["off_topic"], float)


def test_signals_point_the_right_way(scorer):
    _, results, _ = _run(scorer, [json.dumps(x) + "\n" for x in LINES])
    by_id = {r["id"]: r for r in results}
    assert by_id["b"]["abuse"] > by_id["a"]["abuse"]
    assert "idiot" in by_id["b"]["labels"]["explanation"]["abuse"]
    assert by_id["d"]["spam"] > by_id["a"]["spam"]


def test_bad_lines_are_reported_and_the_rest_still_scored(scorer):
    lines = [
        json.dumps(LINES[0]) + "\n",
        "{not json\n",
        json.dumps({"id": 7, "text": "id is not a string"}) + "\n",
        json.dumps({"id": "x", "text": "fine", "article": "not an object"}) + "\n",
        json.dumps(LINES[1]) + "\n",
    ]
    code, results, err = _run(scorer, lines)
    assert code != 0
    assert [r["id"] for r in results] == ["a", "b"]
    assert "line 2" in err and "line 3" in err and "line 4" in err


def test_command_line_entry_point(tmp_path):
    source = "\n".join(json.dumps(x) for x in LINES[:2]) + "\nnot json\n"
    done = subprocess.run(
        [sys.executable, "-m", "classifiers", "score"], input=source, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 1
    assert [json.loads(line)["id"] for line in done.stdout.splitlines()] == ["a", "b"]
    assert "line 3" in done.stderr


def test_import_loads_no_model():
    code = "import sys, classifiers; assert 'classifiers.api' not in sys.modules; assert 'sklearn' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
