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


def _service_scores(scorer, texts: list[str], contexts: list[dict] | None = None, batch: int = 256):
    """(abuse, off_topic, spam) as the service's scorer gives them, fast and deep stages together."""
    from classifiers.api import CommentInput

    abuse, off_topic, spam = [], [], []
    given: list[dict | None] = [*contexts] if contexts else [None] * len(texts)
    for start in range(0, len(texts), batch):
        inputs = [
            CommentInput(id=str(i), text=t, article_title=(c or {}).get("title"), article_body=(c or {}).get("body"),
                         parent_text=(c or {}).get("parent"))
            for i, (t, c) in enumerate(zip(texts[start : start + batch], given[start : start + batch]))
        ]
        for r in scorer.score_batch(inputs):
            abuse.append(r.abuse)
            off_topic.append(r.off_topic if r.off_topic is not None else 0.5)
            spam.append(r.spam)
    return np.array(abuse), np.array(off_topic), np.array(spam)


def page_shares(thresholds: dict, abuse, off_topic, spam) -> dict:
    """Share of a page's comments each threshold acts on (withholding under full and part-time cover)."""
    a, o, s = (np.asarray(x) for x in (abuse, off_topic, spam))
    return {
        "abuse flagged": round(float((a >= thresholds["abuse"]["flag"]).mean()), 4),
        "abuse withheld, full-time cover": round(float((a >= thresholds["abuse"]["withhold_full"]).mean()), 4),
        "abuse withheld, part-time cover": round(float((a >= thresholds["abuse"]["withhold_part"]).mean()), 4),
        "off-topic flagged": round(float((o >= thresholds["off_topic"]["flag"]).mean()), 4),
        "spam flagged": round(float((s >= thresholds["spam"]["flag"]).mean()), 4),
    }


def _minilm_peer():
    """The plain all-MiniLM-L6-v2 cosine (1 - cosine to the closest context part), when installed."""
    try:
        from classifiers.evaluation.embedding_experiment import EmbeddingOffTopic

        return EmbeddingOffTopic()
    except ImportError:
        return None


def evaluate(data_dir: Path, out_dir: Path, model_dir=None, peers=True, embeddings=False, log=print) -> dict:
    from classifiers.api import Scorer, with_deep_stage

    out_dir.mkdir(parents=True, exist_ok=True)
    bundle = load_bundle(model_dir)
    scorer = with_deep_stage(Scorer(bundle, recent_capacity=1), model_dir, threads=2)
    deep = hasattr(scorer, "fast")  # the deep stage wraps the fast one
    report = {"model": scorer.version, "abuse": {}, "off_topic": {}, "spam": {}}

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
        scores = {"ours": _service_scores(scorer, s.texts)[0], **peer_scores.get(s.name, {})}
        if deep:
            scores["ours, fast stage"] = bundle.abuse.predict_proba(X)
        report["abuse"][s.name] = {name: _auc(s.labels, p) for name, p in scores.items()}
        save_curves(f"abuse {s.name}", s.labels, scores, out_dir)
        log(f"abuse {s.name}: {report['abuse'][s.name]}")

    embedder = _minilm_peer() if (peers or embeddings) else None
    for s in off_topic_sets(data_dir):
        X, _ = context_features(bundle.featurizer, s.texts, s.contexts)
        abuse, off_topic, spam = _service_scores(scorer, s.texts, s.contexts)
        scores = {"ours": off_topic, "tfidf cosine": tfidf_cosine_off_topic(s.texts, s.contexts)}
        if s.name.startswith("C3"):
            # Real news comments under their articles: what a page would see acted on.
            report["page"] = {"set": s.name, "comments": len(s.texts), **page_shares(scorer.thresholds, abuse, off_topic, spam)}
            log(f"a page of C3 news comments: {report['page']}")
        if deep:
            scores["ours, fast stage"] = bundle.off_topic.predict_proba(X)
        if embedder is not None:
            peer = embedder.scores(bundle.off_topic, X, s.texts, s.contexts, s.context_passages)
            scores["MiniLM cosine"] = peer.pop("embedding cosine")
            scores.update(peer)
        report["off_topic"][s.name] = {name: _auc(s.labels, p) for name, p in scores.items()}
        save_curves(f"off-topic {s.name}", s.labels, scores, out_dir)
        log(f"off-topic {s.name}: {report['off_topic'][s.name]}")

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
        if signal in ("model", "page") or not sets:
            continue
        names = sorted({n for scores in sets.values() for n in scores}, key=lambda n: (n != "ours", n))
        lines += [f"## {signal} (ROC AUC)", "", "| set | " + " | ".join(names) + " |", "|---" * (len(names) + 1) + "|"]
        for set_name, scores in sets.items():
            lines.append(f"| {set_name} | " + " | ".join(f"{scores[n]:.4f}" if n in scores else "" for n in names) + " |")
        lines.append("")
    if "page" in report:
        page = report["page"]
        lines += [f"## Share of a page acted on at the model's thresholds ({page['comments']} {page['set'].split()[0]} news comments)", ""]
        lines += [f"- {name}: {value:.1%}" for name, value in page.items() if name not in ("set", "comments")]
        lines.append("")
    return "\n".join(lines)


def main(args) -> int:
    data_dir = Path(args.data)
    if not data_dir.is_dir():
        print(f"error: data directory {data_dir} not found", file=sys.stderr)
        return 2
    evaluate(data_dir, Path(args.out), args.model, peers=not args.no_peers, embeddings=args.embeddings)
    return 0
