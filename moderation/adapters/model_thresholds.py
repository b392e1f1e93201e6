"""Flag and withholding thresholds recommended by the shipped classifier's own evaluation.

Only the artifact's manifest is read (plain JSON); no model is loaded in the web process.
"""
from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

MANIFEST = ("artifacts", "default", "manifest.json")


def artifact_manifest(model_dir: str = "") -> dict | None:
    """The manifest of the artifact in `model_dir`, or of the shipped one."""
    try:
        path = Path(model_dir) / "manifest.json" if model_dir else resources.files("classifiers").joinpath(*MANIFEST)
        return json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, ModuleNotFoundError, ValueError):
        return None


def starting_version(model_dir: str = "") -> str:
    """The version of the model the service starts scoring with, before any retrained one."""
    return (artifact_manifest(model_dir) or {}).get("version", "unknown")


def deep_stage_thresholds(model_dir: str = "") -> tuple[dict, str] | None:
    """When the artifact's tuned encoder scores after the fast model, the scores recorded are its
    combination, and these are the thresholds chosen for them (and the deep stage's version)."""
    from classifiers.encoder import deep_manifest

    deep = deep_manifest(model_dir or None)
    return (deep["thresholds"], deep["version"]) if deep and "thresholds" in deep else None


def recommended_thresholds(model_dir: str = "") -> tuple[dict, str] | None:
    """The thresholds recommended for the scores the service records, and the model they belong to:
    the deep stage's when it is in use, else the `thresholds` section of the artifact's manifest."""
    deep = deep_stage_thresholds(model_dir)
    if deep is not None:
        return deep
    manifest = artifact_manifest(model_dir)
    if manifest is None:
        return None
    try:
        return manifest["thresholds"], manifest["version"]
    except (TypeError, KeyError):  # not a manifest (a JSON list, say), or one without thresholds
        return None
