import json

import numpy as np
import pytest

from classifiers.api import CommentInput, Scorer
from classifiers.artifact import ArtifactError, load_bundle, save_bundle

pytestmark = pytest.mark.slow  # trains or loads a model: the slow tier

COMMENTS = [
    CommentInput("1", "you stupid moron, shut up", article_title="bus routes", article_body="the council debated bus routes"),
    CommentInput("2", "the new school could improve local parks", parent_text="local parks need money"),
    CommentInput("3", "SUBSCRIBE NOW!!! free money $500 per day"),
]


def _scores(bundle):
    return [r.to_dict() for r in Scorer(bundle).score_batch(COMMENTS)]


def test_round_trip_gives_the_same_scores(tmp_path, synthetic_bundle):
    synthetic_bundle.manifest.setdefault("version", "test-model")
    save_bundle(synthetic_bundle, tmp_path, model_card="# card\n")
    loaded = load_bundle(tmp_path)
    before, after = _scores(synthetic_bundle), _scores(loaded)
    for b, a in zip(before, after):
        # float16 storage of the weights may move the fourth decimal, never more
        assert a["abuse"] == pytest.approx(b["abuse"], abs=2e-3)
        assert a["spam"] == pytest.approx(b["spam"], abs=2e-3)
        assert (a["off_topic"] is None) == (b["off_topic"] is None)
    assert loaded.version == "test-model"
    assert (tmp_path / "MODEL_CARD.md").read_text() == "# card\n"


def test_artifact_holds_no_pickled_objects(tmp_path, synthetic_bundle):
    save_bundle(synthetic_bundle, tmp_path)
    with np.load(tmp_path / "arrays.npz", allow_pickle=False) as arrays:
        assert all(arrays[name].dtype != object for name in arrays.files)
    json.loads((tmp_path / "manifest.json").read_text())


def test_missing_or_foreign_artifact_is_refused(tmp_path, synthetic_bundle):
    with pytest.raises(ArtifactError):
        load_bundle(tmp_path / "nothing-here")
    save_bundle(synthetic_bundle, tmp_path)
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    manifest["format_version"] = 99
    (tmp_path / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(ArtifactError):
        load_bundle(tmp_path)
