"""Command line: ``python -m classifiers {score,train,evaluate,bench}``."""

from __future__ import annotations

import argparse
import sys

from classifiers.artifact import DEFAULT_ARTIFACT_DIR
from classifiers.training.datasets import DEFAULT_DATA_DIR


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m classifiers", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    score = commands.add_parser("score", help="score JSON lines from stdin to stdout")
    score.add_argument("--model", default=None, help="artifact directory (default: the shipped model)")

    train = commands.add_parser("train", help="train the default artifact from the labelled data")
    train.add_argument("--data", default=str(DEFAULT_DATA_DIR))
    train.add_argument("--out", default=str(DEFAULT_ARTIFACT_DIR))
    train.add_argument("--seed", type=int, default=0)
    train.add_argument(
        "--encoder", action="store_true",
        help="also tune the encoder's adapters (about 45 minutes on two cores); without it the deep stage is refitted on the adapters the artifact has",
    )
    train.add_argument(
        "--continue-tuning", action="store_true",
        help="with --encoder: tune on from the artifact's adapters instead of from the base model (the shipped ones were tuned so, run after run)",
    )
    train.add_argument(
        "--off-topic-embeddings", action="store_true", help="also fit the off-topic head that reads sentence embeddings"
    )

    evaluate = commands.add_parser("evaluate", help="compare our models with the open peers")
    evaluate.add_argument("--data", default=str(DEFAULT_DATA_DIR))
    evaluate.add_argument("--model", default=None)
    evaluate.add_argument("--out", default="classifiers/reports", help="where the report and PNG curves go")
    evaluate.add_argument("--no-peers", action="store_true", help="skip the peer models")
    evaluate.add_argument("--embeddings", action="store_true", help="also measure the sentence-embedding off-topic model")

    build = commands.add_parser("build-encoder", help="build and cache the deep stage's ONNX model (done on first use otherwise)")
    build.add_argument("--model", default=None, help="artifact directory (default: the shipped model)")

    bench = commands.add_parser("bench", help="throughput, latency and memory, ours and the peers'")
    bench.add_argument("--model", default=None)
    bench.add_argument("--data", default=str(DEFAULT_DATA_DIR))
    bench.add_argument("--no-peers", action="store_true")
    bench.add_argument("--comments", type=int, default=5000)

    suite = commands.add_parser("policy-suite", help="our policy test suite, judged at the model's thresholds")
    suite.add_argument("--model", default=None, help="artifact directory (default: the shipped model)")
    suite.add_argument("--failures", action="store_true", help="list each wrong case with its text and scores")
    suite.add_argument("--require", type=float, default=None, help="exit 1 when any group's share right is below this")
    return parser


def main(argv=None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "score":
        from classifiers.score_command import main as run
    elif args.command == "train":
        from classifiers.training.train_command import main as run
    elif args.command == "build-encoder":
        from classifiers.encoder.weights import main as run
    elif args.command == "evaluate":
        from classifiers.evaluation.evaluate_command import main as run
    elif args.command == "policy-suite":
        from classifiers.evaluation.policy_suite import main as run
    else:
        from classifiers.bench import main as run
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
