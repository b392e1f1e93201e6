"""``python -m classifiers bench``: throughput, latency and memory, ours and the peers'.

Throughput is measured on one core (BLAS threads limited to one), by the wall clock
and by the processor time the process used (the two differ when the machine is busy). The comments are
C3 news comments when ``../shared/data`` is present, otherwise generated text of
similar length, so the command runs anywhere.
"""

from __future__ import annotations

import json
import random
import time
from pathlib import Path

from classifiers.training.datasets import read_c3

ARTICLE_TITLE = "City council approves budget for new bus routes and later night services"


def _rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    return float("nan")


def bench_texts(data_dir: Path, n: int) -> tuple[list[str], str]:
    if (data_dir / "c3" / "C3_train.csv").is_file():
        texts = [r["text"] for r in read_c3(data_dir)]
        return (texts * (n // len(texts) + 1))[:n], "C3 news comments"
    rng = random.Random(0)
    words = ["the", "council", "budget", "buses", "people", "think", "money", "government", "should", "would", "really", "never", "idiot", "great", "article"]
    return [" ".join(rng.choice(words) for _ in range(rng.randint(10, 120))) for _ in range(n)], "generated text"


def _percentile(sorted_ms: list[float], q: float) -> float:
    return sorted_ms[min(len(sorted_ms) - 1, int(len(sorted_ms) * q))]


def bench_ours(texts: list[str], model_dir=None) -> dict:
    from threadpoolctl import threadpool_limits

    from classifiers.api import CommentInput, load_scorer

    before = _rss_mb()
    scorer = load_scorer(model_dir)
    scorer.score_batch([CommentInput("warm", texts[0])])
    loaded = _rss_mb()
    body = " ".join(texts[:30])
    plain = [CommentInput(str(i), t) for i, t in enumerate(texts)]
    with_context = [CommentInput(str(i), t, article_title=ARTICLE_TITLE, article_body=body) for i, t in enumerate(texts)]
    report = {}
    with threadpool_limits(1):
        for name, batch in (("abuse+spam", plain), ("abuse+spam+off_topic with article", with_context)):
            start, cpu = time.perf_counter(), time.process_time()
            for i in range(0, len(batch), 256):
                scorer.score_batch(batch[i : i + 256])
            report[f"{name} comments/s"] = round(len(batch) / (time.perf_counter() - start), 1)
            # On a shared machine the wall clock also counts time other processes held
            # the core; the processor time this process used is the capacity measure.
            report[f"{name} comments per CPU-second"] = round(len(batch) / (time.process_time() - cpu), 1)
        for name, batch in (("single comment", plain), ("single comment with article", with_context)):
            times = []
            for comment in batch[:1000]:
                t0 = time.perf_counter()
                scorer.score_batch([comment])
                times.append((time.perf_counter() - t0) * 1000.0)
            times.sort()
            report[f"{name} p50 ms"] = round(_percentile(times, 0.5), 3)
            report[f"{name} p99 ms"] = round(_percentile(times, 0.99), 3)
        encoder = getattr(scorer, "encoder", None)
        if encoder is not None:
            # The deep stage's cost on its own: comments of news length (400-480 characters).
            sized = [t for t in texts if 400 <= len(t) <= 480][:2000] or [(t * 10)[:440] for t in texts[:2000]]
            start, cpu = time.perf_counter(), time.process_time()
            for i in range(0, len(sized), 256):
                encoder.run(sized[i : i + 256])
            report["encoder alone, 400-480-character comments/s (one thread)"] = round(len(sized) / (time.perf_counter() - start), 1)
            report["encoder alone, comments per CPU-second"] = round(len(sized) / (time.process_time() - cpu), 1)
    report["models RSS MB (after load - before)"] = round(loaded - before, 1)
    report["process RSS MB"] = round(_rss_mb(), 1)
    return report


def main(args) -> int:
    texts, kind = bench_texts(Path(args.data), args.comments)
    print(f"benchmark on {len(texts)} {kind} (one core)")
    results = {"ours": bench_ours(texts, args.model)}
    if not args.no_peers:
        from classifiers.peers.environment import run_peers

        results["peers (own process)"] = run_peers(texts, bench=True)
    print(json.dumps(results, indent=2))
    return 0
