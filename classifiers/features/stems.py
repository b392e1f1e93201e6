"""A deliberately small English suffix stripper, for matching words across inflections.

"buses" should count as evidence for an article about a "bus", and "voted" for one
about a "vote". A full stemmer would be another dependency and merges more than
matching needs, so only regular plurals, -ing and -ed are stripped, then a final "e"
and a doubled last consonant, so that every inflection lands on the same stem
("vote", "votes", "voted", "voting" -> "vot"). Stems are only compared, never shown.
"""

from __future__ import annotations

from functools import lru_cache

_SUFFIXES = (("ies", "y", 5), ("ing", "", 6), ("ed", "", 5), ("es", "", 5), ("s", "", 5))


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    if not word.isalpha() or len(word) <= 3:
        return word
    for suffix, replacement, min_length in _SUFFIXES:
        if len(word) >= min_length and word.endswith(suffix):
            if suffix == "s" and word.endswith(("ss", "us", "is")):
                break
            word = word[: -len(suffix)] + replacement
            break
    if len(word) > 3 and word.endswith("e"):
        word = word[:-1]
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "lsz":
        word = word[:-1]
    return word
