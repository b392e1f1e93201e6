"""Flag and withholding thresholds recommended by the shipped classifier's own evaluation.

Only the artifact's manifest is read (plain JSON); no model is loaded in the web process.
"""
from __future__ import annotations

import json
from importlib import resources

MANIFEST = ("artifacts", "default", "manifest.json")


def recommended_thresholds() -> tuple[dict, str] | None:
    """The `thresholds` section of the default model's manifest and the model version, if shipped."""
    try:
        path = resources.files("classifiers").joinpath(*MANIFEST)
        manifest = json.loads(path.read_text(encoding="utf-8"))
        return manifest["thresholds"], manifest["version"]
    except (FileNotFoundError, ModuleNotFoundError, KeyError, ValueError):
        return None
