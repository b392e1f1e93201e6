"""The tuned sentence encoder: the deep stage of scoring (abuse that reads meaning, off-topic by embedding).

This module imports nothing heavy: the web process may ask whether the deep stage is in use,
and read its thresholds, without loading a model.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

SWITCH_ENV = "CLASSIFIERS_DEEP"  # "0" scores with the fast stage only


def encoder_dir(model_dir: str | Path | None = None) -> Path:
    shipped = Path(__file__).resolve().parents[1] / "artifacts" / "default"
    return Path(model_dir or shipped) / "encoder"


def deep_manifest(model_dir: str | Path | None = None) -> dict | None:
    """The deep stage's manifest when the artifact has one and it is switched on, else None."""
    if os.environ.get(SWITCH_ENV, "1") == "0":
        return None
    try:
        return json.loads((encoder_dir(model_dir) / "manifest.json").read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return None
