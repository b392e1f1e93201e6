"""Training pairs for the off-topic model, made from comment threads.

No commercial-use data set labels comments as off-topic, but threads say what a
comment was written about: a comment paired with its own thread is on-topic, and
paired with another thread it is off-topic. Contexts are drawn in the shapes the
service sees — a title-length snippet, a long body, a single parent comment, or a mix —
so the model learns each shape. Every comment is drawn with several shapes, since the
threads are few and each draw shows the model a different context length.

Spam is left out: the spam signal scores it, and as off-topic examples promotions
would teach the model that long comments are off-topic (they are longer than chatter),
which is false of news comments.
"""

from __future__ import annotations

import random

SHAPES = ("title", "body", "title+body", "parent", "body+parent")


def _context(pool: list[str], shape: str, rng: random.Random) -> dict[str, list[str]]:
    def sample(k: int) -> list[str]:
        return rng.sample(pool, min(k, len(pool)))

    context: dict[str, list[str]] = {}
    if "title" in shape:
        context["title"] = sample(rng.randint(1, 2))
    if "body" in shape:
        context["body"] = sample(rng.randint(15, 40))
    if "parent" in shape:
        context["parent"] = sample(1)
    return context


def make_pairs(threads: dict[str, list[tuple[str, int]]], seed: int = 0, draws: int = 3):
    """``threads`` maps thread id -> [(text, is_spam)]; returns comments, contexts, labels.

    Each context maps part name -> text, as the service receives it.
    """
    comments, members, labels = make_pair_members(threads, seed, draws)
    contexts = [{part: " ".join(texts) for part, texts in m.items()} for m in members]
    return comments, contexts, labels


def make_pair_members(threads: dict[str, list[tuple[str, int]]], seed: int = 0, draws: int = 3):
    """Like ``make_pairs``, but each context part is the list of comments it is made of.

    Each non-spam comment gives ``draws`` balanced pairs (own thread, another thread),
    each with a shape drawn at random. Sentence embeddings use the lists: a context's
    vector is the mean of its comments' vectors, so each comment is encoded once.
    """
    rng = random.Random(seed)
    names = sorted(threads)
    ham = {name: [t for t, spam in threads[name] if not spam] for name in names}
    comments, contexts, labels = [], [], []
    for name in names:
        own_texts = ham[name]
        for text in own_texts:
            own = [t for t in own_texts if t != text]
            for _ in range(draws):
                shape = rng.choice(SHAPES)
                other = rng.choice([n for n in names if n != name])
                for pool, label in ((own, 0), (ham[other], 1)):
                    comments.append(text)
                    contexts.append(_context(pool, shape, rng))
                    labels.append(label)
    return comments, contexts, labels
