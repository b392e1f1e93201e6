"""Small synthetic labelled data, so training, retraining and the gate run in seconds without
the real datasets: as examples, and as a directory in the layout of `shared/data`."""
from __future__ import annotations

import csv
import random
from pathlib import Path

from classifiers.training.datasets import AbuseExample, SpamExample

NEUTRAL = ["the council", "bus routes", "the budget", "this policy", "the new school", "local parks", "the election"]
VERBS = ["should fund", "will change", "needs", "could improve", "debated", "ignored"]
INSULTS = ["you idiot", "stupid moron", "shut up loser", "pathetic clown", "you are a fool", "what an imbecile"]
TOPICS = {
    "football": ["goal", "striker", "league", "match", "referee", "penalty", "keeper"],
    "cooking": ["recipe", "oven", "flour", "butter", "bake", "sauce", "pasta"],
    "weather": ["rain", "storm", "forecast", "wind", "snow", "cloud", "sunshine"],
}
SPAM = ["check out my channel http://promo.example.com", "SUBSCRIBE NOW!!! free money $500 per day",
        "visit www.cheap-pills.example.net now"]


def neutral_text(rng: random.Random) -> str:
    return f"{rng.choice(NEUTRAL)} {rng.choice(VERBS)} {rng.choice(NEUTRAL)}"


def insulting_text(rng: random.Random, insults: list[str] = INSULTS) -> str:
    return f"{rng.choice(insults)}, {neutral_text(rng)}"


def abuse_examples(rng: random.Random, n: int, source: str = "olid", insults: list[str] = INSULTS) -> list[AbuseExample]:
    """Alternately clean and insulting, the insults aimed at a person."""
    return [
        AbuseExample(insulting_text(rng, insults), 1, targeted_individual=1, source=source) if i % 2
        else AbuseExample(neutral_text(rng), 0, source=source)
        for i in range(n)
    ]


def spam_examples(rng: random.Random, per_topic: int, day: int) -> list[SpamExample]:
    """Threads on three topics, a third of each thread spam."""
    out = []
    for t, (topic, words) in enumerate(sorted(TOPICS.items())):
        for i in range(per_topic):
            date = f"2024-01-{day + i % 20:02d}T{t:02d}:{i:02d}:00"
            if i % 3 == 0:
                out.append(SpamExample(f"{rng.choice(SPAM)} {i}", 1, topic, date))
            else:
                out.append(SpamExample(" ".join(rng.sample(words, 4)), 0, topic, date))
    return out


def write_data_dir(directory: Path, seed: int = 1) -> Path:
    """Davidson, OLID and YouTube spam files as the real data lays them out, synthetic inside."""
    rng = random.Random(seed)
    (directory / "davidson").mkdir(parents=True)
    with (directory / "davidson" / "labeled_data.csv").open("w", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["", "count", "hate_speech", "offensive_language", "neither", "class", "tweet"])
        for i, e in enumerate(abuse_examples(rng, 80, "davidson")):
            out.writerow([i, 3, 0, 3 * e.abusive, 3 * (1 - e.abusive), 1 if e.abusive else 2, e.text])
    (directory / "olid").mkdir()
    with (directory / "olid" / "olid-training-v1.0.tsv").open("w", newline="") as handle:
        out = csv.writer(handle, delimiter="\t")
        out.writerow(["id", "tweet", "subtask_a", "subtask_b", "subtask_c"])
        for i, e in enumerate(abuse_examples(rng, 240)):
            out.writerow([i, e.text, "OFF" if e.abusive else "NOT", "TIN" if e.abusive else "NULL", "IND" if e.abusive else "NULL"])
    (directory / "youtube_spam").mkdir()
    examples = spam_examples(rng, 40, 1)
    for n, topic in enumerate(sorted(TOPICS), start=1):
        with (directory / "youtube_spam" / f"Youtube0{n}-{topic}.csv").open("w", newline="") as handle:
            out = csv.writer(handle)
            out.writerow(["COMMENT_ID", "AUTHOR", "DATE", "CONTENT", "label"])
            for i, e in enumerate(x for x in examples if x.video == topic):
                out.writerow([f"{topic}-{i}", "someone", e.date, e.text, e.spam])
    (directory / "toxic_spans").mkdir()
    with (directory / "toxic_spans" / "comments.csv").open("w", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["comment_id", "comment_text"])
        for i in range(60):
            out.writerow([i, neutral_text(rng)])
    return directory


def train_initial_model(data_dir: Path, out_dir: Path, version: str = "synthetic-initial") -> str:
    """A model trained on `data_dir` as the shipped one is on the real data: the model in force
    before any retraining."""
    from classifiers.artifact import save_bundle
    from classifiers.training.build import fit_bundle
    from classifiers.training.splits import commercial_splits
    from classifiers.training.thresholds import choose_thresholds
    from classifiers.training.validation import training_and_validation, validation_scores

    training, validation = training_and_validation(commercial_splits(data_dir))
    bundle = fit_bundle(training)
    bundle.manifest.update(version=version, thresholds=choose_thresholds(validation_scores(bundle, validation)))
    save_bundle(bundle, out_dir)
    return version
