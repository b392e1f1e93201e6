"""Surface signals of spam that word features miss: links, shouting, repetition.

Each is squashed (log or ratio) so one extreme comment cannot dominate the fit.
Near-duplicate similarity is appended by the spam model, which owns the memory.
"""

from __future__ import annotations

import re

import numpy as np

from classifiers.text import count_links

SIGNAL_NAMES = (
    "links",
    "shouting",
    "exclamations",
    "repeated_chars",
    "repeated_words",
    "digits",
    "length",
    "money_or_contact",
)

_LETTER = re.compile(r"[^\W\d_]")
_UPPER = re.compile(r"[A-Z\u00c0-\u00de]")
_DIGIT = re.compile(r"\d")
_REPEATED_CHAR = re.compile(r"(.)\1{3,}")
_MONEY_CONTACT = re.compile(
    r"[$€£]\s?\d|\b\d+\s?(?:usd|dollars|per (?:day|hour|week))\b|\bwhats?app\b|\btelegram\b|"
    r"\b(?:e-?mail|contact) me\b|\+?\d[\d\s-]{8,}\d",
    re.I,
)


def spam_signals(text: str, tokens: list[str]) -> list[float]:
    letters = len(_LETTER.findall(text))
    upper = len(_UPPER.findall(text)) / letters if letters >= 8 else 0.0
    repeated_words = 1.0 - len(set(tokens)) / len(tokens) if len(tokens) >= 4 else 0.0
    digits = len(_DIGIT.findall(text)) / max(len(text), 1)
    return [
        float(np.log1p(count_links(text))),
        upper,
        float(np.log1p(text.count("!"))),
        float(np.log1p(len(_REPEATED_CHAR.findall(text)))),
        repeated_words,
        digits,
        float(np.log1p(len(text)) / 8.0),
        float(bool(_MONEY_CONTACT.search(text))),
    ]


def spam_signal_matrix(texts: list[str], token_lists: list[list[str]]) -> np.ndarray:
    return np.array([spam_signals(t, toks) for t, toks in zip(texts, token_lists)], dtype=np.float32).reshape(
        len(texts), len(SIGNAL_NAMES)
    )


def signal_explanations(text: str) -> list[str]:
    """Human-readable reasons for the dashboard, in the order above."""
    tokens = text.split()
    values = spam_signals(text, [t.lower() for t in tokens])
    reasons = []
    if values[0] > 0:
        reasons.append("contains links")
    if values[1] >= 0.6:
        reasons.append("shouting (mostly capitals)")
    if values[2] >= np.log1p(3):
        reasons.append("many exclamation marks")
    if values[3] > 0 or values[4] >= 0.5:
        reasons.append("repetition")
    if values[7]:
        reasons.append("money or contact details")
    return reasons
