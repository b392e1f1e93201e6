"""Surface signals of spam that word features miss: links, shouting, repetition.

Each is squashed (log or ratio) so one extreme comment cannot dominate the fit.
Near-duplicate similarity is appended by the spam model, which owns the memory.
A batch is measured with array operations over its code points; only the comments
that could hold money or contact details are searched with a regular expression.
"""

from __future__ import annotations

import re

import numpy as np

from classifiers.features.token_table import (
    TokenTable,
    char_class,
    code_points,
    in_class,
    sorted_distinct,
    span_hashes,
)

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

_MONEY_CONTACT = re.compile(
    r"[$€£]\s?\d|\b\d+\s?(?:usd|dollars|per (?:day|hour|week))\b|\bwhats?app\b|\btelegram\b|"
    r"\b(?:e-?mail|contact) me\b|\+?\d[\d\s-]{8,}\d",
    re.IGNORECASE,
)
# Words without which only the currency and phone-number branches above can match.
_MONEY_WORDS = ("usd", "dollars", "per", "whatsapp", "whatapp", "telegram", "email", "mail", "contact", "httplink")
_CURRENCY = char_class("$€£")
_SEPARATOR = "\x00"


def _word_hashes(words) -> np.ndarray:
    table_text = " ".join(words)
    cp = code_points(table_text)
    lengths = np.array([len(w) for w in words])
    starts = np.cumsum(lengths + 1) - lengths - 1
    return span_hashes(cp, starts, lengths)


_MONEY_WORD_HASHES = _word_hashes(_MONEY_WORDS)
_LINK_HASH = _word_hashes(["httplink"])[0]


def _per_text(mask: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """How many characters of each text ``mask`` marks; text i spans ``starts[i]`` up to
    the next start (its separator included, which no mask marks)."""
    # One unmarked character past the end, so a last empty text still has a span.
    padded = np.append(mask, False).view(np.uint8)
    return np.add.reduceat(padded, starts, dtype=np.int64).astype(np.float32)


def _phone_like(cp: np.ndarray, doc: np.ndarray, n: int) -> np.ndarray:
    """Comments with a run of digits, spaces and hyphens spanning at least ten characters digit to digit."""
    digit = (cp >= 48) & (cp <= 57)
    where = np.flatnonzero(digit)
    if len(where) == 0:
        return np.zeros(n, dtype=bool)
    runnable = digit | (cp == 32) | (cp == 45) | ((cp >= 9) & (cp <= 13))
    # A digit's run is numbered by how many run boundaries come before it.
    boundaries = np.flatnonzero(runnable[1:] != runnable[:-1]) + 1
    run_of_digit = np.searchsorted(boundaries, where, side="right")
    # Ascending: each run's first digit is where the run number changes.
    first = np.flatnonzero(np.concatenate([[True], run_of_digit[1:] != run_of_digit[:-1]]))
    last = np.concatenate([first[1:], [len(where)]]) - 1
    long = where[last] - where[first] >= 9
    found = np.zeros(n, dtype=bool)
    found[doc[where[first[long]]]] = True
    return found


def spam_signal_matrix(texts: list[str], table: TokenTable) -> np.ndarray:
    """One row of ``SIGNAL_NAMES`` per raw text; ``table`` holds the tokens of the normalised texts."""
    n = len(texts)
    texts = [t.replace(_SEPARATOR, " ") if _SEPARATOR in t else t for t in texts]
    lengths = np.array([len(t) for t in texts], dtype=np.int64)
    cp = code_points(_SEPARATOR.join(texts))
    doc = np.repeat(np.arange(n), lengths + 1)[: len(cp)]
    starts = np.cumsum(lengths + 1) - (lengths + 1)
    ascii_upper = (cp >= 65) & (cp <= 90)
    latin_upper = (cp >= 0xC0) & (cp <= 0xDE) & (cp != 0xD7)
    letters = ascii_upper | ((cp >= 97) & (cp <= 122)) | ((cp >= 0xC0) & (cp <= 0x24F) & (cp != 0xD7) & (cp != 0xF7))
    letters |= (cp >= 0x370) & (cp <= 0x52F)
    letter_count = _per_text(letters, starts)
    upper = _per_text(ascii_upper | latin_upper, starts)
    digits = _per_text((cp >= 48) & (cp <= 57), starts)
    # Runs of four or more of one character (newlines and separators aside).
    same = np.zeros(len(cp), dtype=bool)
    same[1:] = cp[1:] == cp[:-1]
    # A run starts where a character differs from the one before; it is long when the next three repeat it.
    long_runs = np.flatnonzero(~same[:-3] & same[1:-2] & same[2:-1] & same[3:])
    long_runs = long_runs[(cp[long_runs] != 0) & (cp[long_runs] != 10)]
    repeated_chars = np.bincount(doc[long_runs], minlength=n).astype(np.float32)

    tokens = np.bincount(table.doc, minlength=n)
    # One key per (comment, word), the comment in the high bits: the number of distinct
    # keys per comment is its vocabulary.
    _, _, word = table.unique()
    keys = sorted_distinct((table.doc.astype(np.int64) << 32) | word)
    distinct = np.bincount(keys >> 32, minlength=n)
    repeated_words = np.where(tokens >= 4, 1.0 - distinct / np.maximum(tokens, 1), 0.0)
    links = np.bincount(table.doc, weights=table.hashes == _LINK_HASH, minlength=n)

    money = _phone_like(cp, doc, n)
    candidates = np.zeros(n, dtype=bool)
    candidates[doc[in_class(cp, _CURRENCY)]] = True
    candidates[table.doc[(table.hashes[:, None] == _MONEY_WORD_HASHES).any(axis=1)]] = True
    for i in np.flatnonzero(candidates & ~money).tolist():
        money[i] = _MONEY_CONTACT.search(texts[i]) is not None

    rows = np.zeros((n, len(SIGNAL_NAMES)), dtype=np.float32)
    rows[:, 0] = np.log1p(links)
    rows[:, 1] = np.where(letter_count >= 8, upper / np.maximum(letter_count, 1), 0.0)
    rows[:, 2] = np.log1p(_per_text(cp == 33, starts))
    rows[:, 3] = np.log1p(repeated_chars)
    rows[:, 4] = repeated_words
    rows[:, 5] = digits / np.maximum(lengths, 1)
    rows[:, 6] = np.log1p(lengths) / 8.0
    rows[:, 7] = money
    return rows


def signal_explanations(values: np.ndarray) -> list[str]:
    """Human-readable reasons for the dashboard from one row of ``spam_signal_matrix``."""
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
