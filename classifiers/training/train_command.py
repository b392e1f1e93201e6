"""``python -m classifiers train``: build the default artifact from ``../shared/data``."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from classifiers.artifact import DEFAULT_ARTIFACT_DIR, save_bundle, weights_digest
from classifiers.training.build import fit_bundle
from classifiers.training.datasets import DEFAULT_DATA_DIR
from classifiers.training.model_card import library_versions, render_model_card, sources_table
from classifiers.training.splits import commercial_splits
from classifiers.training.thresholds import choose_thresholds
from classifiers.training.validation import summarise, training_and_validation, validation_scores
from classifiers.training.written_spam import SOURCE as WRITTEN_SPAM


def train(
    data_dir: Path = DEFAULT_DATA_DIR, out_dir: Path = DEFAULT_ARTIFACT_DIR, seed: int = 0, log=print, off_topic_embeddings=False
) -> dict:
    splits = commercial_splits(data_dir)
    log(f"training on {len(splits.abuse_train)} abuse and {len(splits.spam_train)} spam examples")
    training, validation = training_and_validation(splits)
    training.off_topic_embeddings = off_topic_embeddings
    bundle = fit_bundle(training, seed=seed)
    scores = validation_scores(bundle, validation)
    counts = {"davidson": 0, "olid": 0}
    for e in splits.abuse_train:
        counts[e.source] += 1
    sources = sources_table(["davidson", "olid", "youtube_spam", "toxic_spans", "written_spam"])
    sources["davidson"]["examples"] = counts["davidson"]
    sources["olid"]["examples"] = counts["olid"]
    sources["youtube_spam"]["examples"] = len(splits.spam_train)
    sources["toxic_spans"]["examples"] = len(splits.news_ham_train)  # as comments that are not spam
    sources["written_spam"]["examples"] = sum(e.video == WRITTEN_SPAM for e in training.spam_extra)
    digest = weights_digest(bundle)
    bundle.manifest.update(
        {
            "version": f"abuse+spam+offtopic-{dt.date.today():%Y.%m.%d}-{digest[:8]}",
            "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "seed": seed,
            "data": {"sha256": splits.data_sha256, "sources": sources},
            "metrics": {"validation": summarise(scores)},
            "thresholds": choose_thresholds(scores),
            "libraries": library_versions(),
            "off_topic_prior": bundle.off_topic.prior,
            "off_topic_embeddings": bundle.off_topic.uses_embeddings,
        }
    )
    save_bundle(bundle, out_dir, model_card=render_model_card(bundle.manifest))
    log(f"wrote {out_dir} ({bundle.manifest['version']})")
    log(f"validation: {bundle.manifest['metrics']['validation']}")
    return bundle.manifest


def main(args) -> int:
    data_dir = Path(args.data)
    if not data_dir.is_dir():
        print(f"error: data directory {data_dir} not found", file=sys.stderr)
        return 2
    train(data_dir, Path(args.out), seed=args.seed, off_topic_embeddings=args.off_topic_embeddings)
    from classifiers.encoder.train_command import train_deep_stage

    train_deep_stage(data_dir, Path(args.out), tune_adapters=args.encoder, seed=args.seed, continue_tuning=args.continue_tuning)
    return 0
