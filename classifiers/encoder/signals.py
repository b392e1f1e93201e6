"""What the tuned encoder adds to the fast scores: abuse that reads meaning, and off-topic by embedding.

Abuse: the encoder's five heads and the fast model's abuse score are combined by a logistic
regression fitted on held-out validation data (`fit_combiner`), so each source counts for what
it adds there. Sub-labels are the encoder's heads. Threats, slurs and group hatred are rare in
that data, so the combination gives their heads little weight; each such head therefore also
has bars of its own (`lift_by_sub_labels`): a comment past its threat bar is abusive enough to
withhold whatever the combination says.

Off-topic: how close the comment comes to its article — the best of its cosine to the title,
to any passage of the body and to the body as a whole. A reply may be about its parent rather
than the article: it counts as on-topic by the parent only as far as the parent itself is on
the article's topic, so a reply that carries on an off-topic parent stays off-topic. The
relevance and the fast stage's off-topic score are mapped to a probability by a logistic
regression fitted on "own thread vs another thread" pairs (`fit_off_topic`).
"""

from __future__ import annotations

import re

import numpy as np

from classifiers.encoder.data import HEADS

PASSAGE_CHARS = 400
_SENTENCE = re.compile(r"(?<=[.!?])\s+")


def passages(body: str | None) -> list[str]:
    """The body cut into passages of a few sentences (about PASSAGE_CHARS characters each)."""
    text = (body or "").strip()
    if not text:
        return []
    out, current = [], ""
    for sentence in _SENTENCE.split(text):
        if current and len(current) + len(sentence) > PASSAGE_CHARS:
            out.append(current)
            current = ""
        current = f"{current} {sentence}".strip()
    if current:
        out.append(current)
    return out


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-4, 1 - 1e-4)
    return np.log(p / (1 - p))


def abuse_features(probabilities: np.ndarray, fast_abuse: np.ndarray) -> np.ndarray:
    return np.column_stack([_logit(probabilities), _logit(np.asarray(fast_abuse, dtype=float))])


def combine_abuse(probabilities: np.ndarray, fast_abuse: np.ndarray, combiner: dict) -> np.ndarray:
    z = abuse_features(probabilities, fast_abuse) @ np.asarray(combiner["coef"]) + combiner["intercept"]
    return 1.0 / (1.0 + np.exp(-z))


def fit_combiner(probabilities: np.ndarray, fast_abuse: np.ndarray, labels: np.ndarray, weights=None) -> dict:
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=1.0, max_iter=1000)
    model.fit(abuse_features(probabilities, fast_abuse), labels, sample_weight=weights)
    return {"coef": model.coef_[0].round(6).tolist(), "intercept": float(round(model.intercept_[0], 6)),
            "features": [f"logit({h})" for h in HEADS] + ["logit(fast abuse)"]}


def lift_by_sub_labels(abuse: np.ndarray, probabilities: np.ndarray, bars: dict, thresholds: dict) -> tuple[np.ndarray, list[list[str]]]:
    """Abuse raised by any sub-label past a bar of its own, and for each comment the bars it passed.

    ``bars`` is ``{head: {"withhold" | "flag": bar}}``; a head at its bar puts abuse at the service's
    bar for that action (part-time withholding, or flagging), and from there on up to 1 in
    proportion, so a head that is surer still orders comments above the bar."""
    out = np.asarray(abuse, dtype=float).copy()
    passed: list[list[str]] = [[] for _ in range(len(out))]
    targets = {"withhold": thresholds["abuse"]["withhold_part"], "flag": thresholds["abuse"]["flag"]}
    for head, actions in bars.items():
        values = probabilities[:, HEADS.index(head)]
        for action, bar in actions.items():
            target = targets[action]
            lifted = target + (values - bar) / max(1.0 - bar, 1e-6) * (1.0 - target)
            for i in np.flatnonzero(values >= bar):
                passed[i].append(f"{head} {values[i]:.2f} is past its bar for {'withholding' if action == 'withhold' else 'flagging'} ({bar:.2f})")
                out[i] = max(out[i], float(lifted[i]))
    return out, passed


def relevance_to_article(comment: np.ndarray, title: np.ndarray | None, parts: np.ndarray | None) -> float:
    """Best cosine of a (unit) comment embedding to the title, a passage, or the whole body."""
    best = -1.0
    if title is not None:
        best = max(best, float(comment @ title))
    if parts is not None and len(parts):
        best = max(best, float((parts @ comment).max()))
        whole = parts.mean(axis=0)
        norm = np.linalg.norm(whole)
        if norm > 0:
            best = max(best, float(comment @ whole / norm))
    return best


def relevance(comment, title, parts, parent=None, parent_relevance: float | None = None) -> float:
    on_article = relevance_to_article(comment, title, parts)
    if parent is None:
        return on_article
    by_parent = float(comment @ parent)
    if parent_relevance is not None:
        by_parent = min(by_parent, parent_relevance)  # only as on-topic as the parent is
    return max(on_article, by_parent)


def off_topic_probability(relevance_values, fast_off_topic, calibration: dict) -> np.ndarray:
    """Closeness to the article combined with the fast stage's off-topic score (its term evidence
    still adds where the context is other comments rather than an article)."""
    z = (calibration["intercept"] + calibration["slope"] * np.asarray(relevance_values, dtype=float)
         + calibration.get("fast", 0.0) * _logit(np.asarray(fast_off_topic, dtype=float)))
    return 1.0 / (1.0 + np.exp(-z))


def fit_off_topic(relevance_values: np.ndarray, fast_off_topic: np.ndarray, off_topic: np.ndarray) -> dict:
    from sklearn.linear_model import LogisticRegression

    features = np.column_stack([np.asarray(relevance_values), _logit(np.asarray(fast_off_topic, dtype=float))])
    model = LogisticRegression(C=10.0, max_iter=1000)
    model.fit(features, off_topic)
    return {"intercept": float(round(model.intercept_[0], 6)), "slope": float(round(model.coef_[0][0], 6)),
            "fast": float(round(model.coef_[0][1], 6))}
