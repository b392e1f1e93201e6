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


def recommended_thresholds() -> tuple[dict, str] | None:
    """The `thresholds` section of the default model's manifest and the model version, if shipped."""
    manifest = artifact_manifest()
    try:
        return manifest["thresholds"], manifest["version"]
    except (TypeError, KeyError):
        return None
