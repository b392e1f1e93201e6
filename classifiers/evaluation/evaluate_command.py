"""``python -m classifiers evaluate``: our models and the open peers, side by side.

Prints ROC AUC per development set, writes ``report.json``, ``report.md`` and one PNG
of ROC and precision-recall curves per set into ``--out``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
from sklearn.metrics import roc_auc_score

from classifiers.artifact import load_bundle
from classifiers.evaluation.baselines import tfidf_cosine_off_topic
from classifiers.evaluation.dev_sets import abuse_sets, off_topic_sets
from classifiers.evaluation.plots import save_curves
from classifiers.evaluation.spam_holdout import leave_one_video_out
from classifiers.features.context_similarity import context_features
from classifiers.training.build import abuse_matrix

TARGETS = {"abuse_margin_news": 0.03, "off_topic": 0.80, "spam": 0.95}


def _auc(y, p) -> float:
    return round(float(roc_auc_score(y, p)), 4)


def evaluate(data_dir: Path, out_dir: Path, model_dir=None, peers=True, embeddings=False, log=print) -> dict:
    out_dir.mkdir(parents=True, exist_ok=True)
    bundle = load_bundle(model_dir)
    report = {"model": bundle.version, "abuse": {}, "off_topic": {}, "spam": {}}

    sets = abuse_sets(data_dir)
    peer_scores = {}
    if peers:
        from classifiers.peers.environment import run_peers

        everything = [t for s in sets for t in s.texts]
        log(f"scoring {len(everything)} texts with the peers")
        flat = run_peers(everything, log=log)
        start = 0
        for s in sets:
            peer_scores[s.name] = {name: np.array(v[start : start + len(s.texts)]) for name, v in flat.items()}
            start += len(s.texts)
    for s in sets:
        X, _, _ = abuse_matrix(bundle.featurizer, s.texts)
        scores = {"ours": bundle.abuse.predict_proba(X), **peer_scores.get(s.name, {})}
        report["abuse"][s.name] = {name: _auc(s.labels, p) for name, p in scores.items()}
        save_curves(f"abuse {s.name}", s.labels, scores, out_dir)

    embedder = None
    if embeddings:
        from classifiers.evaluation.embedding_experiment import EmbeddingOffTopic

        embedder = EmbeddingOffTopic()
    for s in off_topic_sets(data_dir):
        X, _ = context_features(bundle.featurizer, s.texts, s.contexts)
        scores = {"ours": bundle.off_topic.predict_proba(X), "tfidf cosine": tfidf_cosine_off_topic(s.texts, s.contexts)}
        if embedder is not None:
            scores.update(embedder.scores(bundle.off_topic, X, s.texts, s.contexts, s.context_passages))
        report["off_topic"][s.name] = {name: _auc(s.labels, p) for name, p in scores.items()}
        save_curves(f"off-topic {s.name}", s.labels, scores, out_dir)

    for test_video in ("Youtube03", "Youtube01", "Youtube02"):
        y, p = leave_one_video_out(data_dir, test_video)
        name = f"YouTube test {test_video}"
        report["spam"][name] = {"ours": _auc(y, p)}
        if test_video == "Youtube03":
            save_curves(f"spam {name}", y, {"ours": p}, out_dir)

    (out_dir / "report.json").write_text(json.dumps(report, indent=2) + "\n")
    (out_dir / "report.md").write_text(render(report))
    log(render(report))
    return report


def render(report: dict) -> str:
    lines = [f"# Evaluation of {report['model']}", ""]
    for signal, sets in report.items():
        if signal == "model" or not sets:
            continue
        names = sorted({n for scores in sets.values() for n in scores}, key=lambda n: (n != "ours", n))
        lines += [f"## {signal} (ROC AUC)", "", "| set | " + " | ".join(names) + " |", "|---" * (len(names) + 1) + "|"]
        for set_name, scores in sets.items():
            lines.append(f"| {set_name} | " + " | ".join(f"{scores[n]:.4f}" if n in scores else "" for n in names) + " |")
        lines.append("")
    return "\n".join(lines)


def main(args) -> int:
    data_dir = Path(args.data)
    if not data_dir.is_dir():
        print(f"error: data directory {data_dir} not found", file=sys.stderr)
        return 2
    evaluate(data_dir, Path(args.out), args.model, peers=not args.no_peers, embeddings=args.embeddings)
    return 0
