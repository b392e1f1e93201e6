"""Training pairs for the off-topic model, made from comment threads.

No commercial-use data set labels comments as off-topic, but threads say what a
comment was written about: a comment paired with its own thread is on-topic, and
paired with another thread it is off-topic. Contexts are drawn in the shapes the
service sees — a title-length snippet, a long body, a single parent comment, or a mix —
so the model learns each shape, and promotional spam is off-topic even under its own
thread.
"""

from __future__ import annotations

import random

SHAPES = ("title", "body", "title+body", "parent", "body+parent")


def _context(pool: list[str], shape: str, rng: random.Random) -> dict[str, str]:
    def sample(k: int) -> str:
        return " ".join(rng.sample(pool, min(k, len(pool))))

    context: dict[str, str] = {}
    if "title" in shape:
        context["title"] = sample(rng.randint(1, 2))
    if "body" in shape:
        context["body"] = sample(rng.randint(15, 40))
    if "parent" in shape:
        context["parent"] = sample(1)
    return context


def make_pairs(threads: dict[str, list[tuple[str, int]]], seed: int = 0):
    """``threads`` maps thread id -> [(text, is_spam)]; returns comments, contexts, labels."""
    rng = random.Random(seed)
    names = sorted(threads)
    ham = {name: [t for t, spam in threads[name] if not spam] for name in names}
    comments, contexts, labels = [], [], []
    for name in names:
        for text, is_spam in threads[name]:
            shape = rng.choice(SHAPES)
            own = [t for t in ham[name] if t != text]
            if is_spam:
                comments.append(text)
                contexts.append(_context(own, shape, rng))
                labels.append(1)
                continue
            other = rng.choice([n for n in names if n != name])
            for pool, label in ((own, 0), (ham[other], 1)):
                comments.append(text)
                contexts.append(_context(pool, shape, rng))
                labels.append(label)
    return comments, contexts, labels
