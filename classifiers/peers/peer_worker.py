"""Runs the open peer models inside their own environment; JSON lines over stdio.

This file is executed by the peers' interpreter and imports nothing from the
project, so the peers' dependencies never meet ours. Input lines: {"text": str};
output lines: {"profanity_check": float, "hatesonar": float} (probability that the
text is offensive). ``--bench`` instead times the peers and reports memory.
"""

import json
import resource
import sys
import tempfile
import time


def load_hatesonar():
    # hatesonar's ONNX graph asks for the en_US.UTF-8 locale, which minimal systems
    # lack; C.UTF-8 lower-cases ASCII text the same way.
    import onnx
    from hatesonar.api import DEFAULT_MODEL_FILE, Sonar
    from onnx import helper

    model = onnx.load(DEFAULT_MODEL_FILE)
    for node in model.graph.node:
        if node.op_type == "StringNormalizer" and not any(a.name == "locale" for a in node.attribute):
            node.attribute.append(helper.make_attribute("locale", "C.UTF-8"))
    with tempfile.NamedTemporaryFile(suffix=".onnx", delete=False) as file:
        path = file.name
    onnx.save(model, path)
    return Sonar(model_file=path)


def make_scorers():
    from profanity_check import predict_prob

    sonar = load_hatesonar()

    def hatesonar(texts):
        # "offensive or hateful" = 1 - P(neither)
        return [1.0 - float(sonar.ping(text=t)["classes"][2]["confidence"]) for t in texts]

    return {"profanity_check": lambda texts: [float(p) for p in predict_prob(texts)], "hatesonar": hatesonar}


def rss_mb():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def bench(texts):
    report = {}
    for name in ("profanity_check", "hatesonar"):
        before = rss_mb()
        score = make_scorers()[name]
        score(texts[:10])
        loaded = rss_mb() - before
        start = time.perf_counter()
        score(texts)
        elapsed = time.perf_counter() - start
        single = []
        for text in texts[:500]:
            t0 = time.perf_counter()
            score([text])
            single.append((time.perf_counter() - t0) * 1000.0)
        single.sort()
        report[name] = {
            "per_second": len(texts) / elapsed,
            "p50_ms": single[len(single) // 2],
            "p99_ms": single[int(len(single) * 0.99) - 1],
            "model_rss_mb": loaded,
        }
    report["process_rss_mb"] = rss_mb()
    return report


def main():
    texts = [json.loads(line)["text"] for line in sys.stdin if line.strip()]
    if "--bench" in sys.argv:
        print(json.dumps(bench(texts)))
        return
    scorers = make_scorers()
    results = {name: score(texts) for name, score in scorers.items()}
    for i in range(len(texts)):
        print(json.dumps({name: results[name][i] for name in scorers}))


if __name__ == "__main__":
    main()
