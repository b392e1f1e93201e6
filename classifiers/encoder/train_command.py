"""`python -m classifiers train --encoder`: tune the encoder's adapters, then fit the deep stage.

Tuning reads the commercial-use sets and takes about 45 minutes on two cores; run it in the
background. Without `--encoder`, `train` still refits the deep stage (combiner, off-topic
calibration, thresholds) on the adapters the artifact already has, because the combiner reads
the fast model's abuse score, which `train` has just rebuilt.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import asdict
from pathlib import Path

from classifiers.encoder import encoder_dir
from classifiers.encoder.deep import load_encoder_files
from classifiers.encoder.fit import fit_deep, save_arrays, save_manifest
from classifiers.encoder.model_card import render_encoder_card


def train_deep_stage(data_dir: Path, artifact_dir: Path, tune_adapters: bool, seed: int = 0, log=print,
                     continue_tuning: bool = False) -> dict | None:
    """Refit the deep stage; with ``tune_adapters`` tune the adapters first, from scratch or (with
    ``continue_tuning``) on from the artifact's own, recording each run in the manifest."""
    from classifiers.api import Scorer
    from classifiers.artifact import load_bundle
    from classifiers.encoder.tuning import CONTINUE, TuningConfig

    directory = encoder_dir(artifact_dir)
    has_adapters = (directory / "encoder.npz").exists()
    if tune_adapters:
        from classifiers.encoder.data import encoder_splits
        from classifiers.encoder.tuning import adapter_arrays, tune

        previous, start_from = load_encoder_files(directory) if continue_tuning and has_adapters else ({}, None)
        config = TuningConfig(seed=seed, **(CONTINUE if start_from is not None else {}))
        train, _ = encoder_splits(data_dir)
        log(f"tuning the encoder on {config.examples_per_epoch} of {len(train)} examples"
            f"{' from the artifact' + chr(39) + 's adapters' if start_from is not None else ''} (25-45 minutes on two cores)")
        started = time.monotonic()
        model, head = tune(train, config, log=log, start_from=start_from)
        arrays = adapter_arrays(model, head, config)
        run = {**asdict(config), "minutes": round((time.monotonic() - started) / 60, 1), "training_examples": len(train)}
        if start_from is not None:
            run["started_from"] = "the adapters of the run before"
        from classifiers.encoder.written import CONTRAST_WEIGHT, WEIGHT

        run["sources"] = dict(sorted(Counter(e.source for e in train).items()))
        run["written_weights"] = {"harm": WEIGHT, "look-alike": CONTRAST_WEIGHT}
        tuning = {**run, "runs": [*previous.get("tuning", {}).get("runs", []), run]}
        sources = None  # every source encoder_splits read
    elif has_adapters:
        previous, arrays = load_encoder_files(directory)
        tuning, sources = previous.get("tuning", {}), previous.get("sources")  # what these adapters learnt from
    else:
        log("no encoder adapters in the artifact: `train --encoder` tunes them")
        return None
    fast = Scorer(load_bundle(artifact_dir), recent_capacity=1)
    manifest = fit_deep(save_arrays(directory, arrays), fast, data_dir, tuning, log=log, tuned_on=sources)
    save_manifest(directory, manifest)
    (directory / "MODEL_CARD.md").write_text(render_encoder_card(manifest))
    log(f"wrote {directory} ({manifest['version']})")
    return manifest
