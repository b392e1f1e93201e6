"""The newsroom's banned and suspect phrases, and finding them in a comment however they are spelt.

A banned phrase hides the comment until a moderator has read it, whatever the coverage; a suspect
phrase puts it in the queue (the policy, `policy.evaluate`, draws both conclusions). Matching is by
whole words, so that a banned "ass" is found in "ASS", "a.s.s", "a s s" and "@$$" but not in
"class" or "assess", and survives the usual disguises:

- case and accents: "KILL", "kíll";
- look-alike digits and signs ("leetspeak"): "k1ll", "k!ll", "$hit" (see LOOK_ALIKES);
- a letter stretched: "kiiiill" (three or more of a letter stand for one or two of it, so "good"
  is never taken for "god");
- every letter set apart by spaces or punctuation: "k i l l", "k.i.l.l", "k-1-l-l";
- a word parted by a dash, dot or the like (not a space or an apostrophe): "scum-bag", "ki.ll";
- the words of a phrase run together or parted by punctuation: "killyourself", "kill, yourself".

A word cut by a space or an apostrophe ("ki ll", "he'll" for "hell") is not found: that is what
keeps ordinary English from matching.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from .model import InvalidInput

MAX_PHRASES = 500  # per list
MAX_PHRASE_CHARS = 100
MIN_PHRASE_LETTERS = 2

# What may stand for a letter. Digits and signs only: a letter never stands for another letter.
LOOK_ALIKES = {
    "a": "4@", "b": "8", "e": "3", "g": "96", "i": "1!|", "l": "1|", "o": "0", "s": "5$", "t": "7+", "z": "2",
}
# Between the letters of a word spelt out one by one: spaces or punctuation, a few at most.
_SPACED = r"[\W_]{1,3}"
# Inside a word: a dash, dot or the like may part two letters ("scum-bag"); a space or an apostrophe
# may not, or "he'll" would be "hell".
_INSIDE_WORD = r"[^\w\s'’]?"
# Between the words of a phrase: anything that is not a letter or digit, or nothing.
_BETWEEN_WORDS = r"[\W_]{0,3}"
_NOT_AFTER_WORD = r"(?<![^\W_])"
_NOT_BEFORE_WORD = r"(?![^\W_])"


def fold(text: str) -> str:
    """Lower case without accents ("Kíll" → "kill"); other characters are kept as they are."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def phrase_words(phrase: str) -> tuple[str, ...]:
    """The words of a phrase as it is matched: folded, split at anything not a letter or digit."""
    return tuple(re.findall(r"[^\W_]+", fold(phrase)))


def _letter(ch: str) -> str:
    alikes = LOOK_ALIKES.get(ch, "")
    return "[" + re.escape(ch + alikes) + "]" if alikes else re.escape(ch)


def _run(ch: str, count: int) -> str:
    """`count` of a letter in a row, as written or stretched to three or more."""
    letter = _letter(ch)
    if count >= 3:
        return f"{letter}{{{count},}}"
    return f"(?:{letter}{{{count}}}(?!{re.escape(ch)})|{letter}{{3,}})"


def _word_pattern(word: str) -> str:
    return _INSIDE_WORD.join(_run(m.group()[0], len(m.group())) for m in re.finditer(r"(.)\1*", word))


def phrase_pattern(words: tuple[str, ...]) -> str:
    """A pattern for the phrase in folded text, starting at the beginning of a word and ending at
    the end of one, written either as words or spelt out letter by letter."""
    as_words = _BETWEEN_WORDS.join(_word_pattern(w) for w in words)
    spelt_out = _SPACED.join(_letter(ch) for ch in "".join(words))
    return f"(?:{as_words}|{spelt_out}){_NOT_BEFORE_WORD}"


# Where a listed phrase may start: a letter, digit or look-alike sign that does not continue a word.
_WORD_START = re.compile(_NOT_AFTER_WORD + "[^\\W_]|" + _NOT_AFTER_WORD + "[" + re.escape("".join(
    sorted({ch for alikes in LOOK_ALIKES.values() for ch in alikes if not ch.isalnum()}))) + "]")


class _Matcher:
    """All the phrases of both lists, grouped by the letter they start with, so that each word of a
    comment is tried, in one step, against the few phrases that could start there; only where a
    group matches are its phrases tried one by one (their patterns compiled when first needed)."""

    def __init__(self, phrases: list[str]):
        by_letter: dict[str, list[tuple[int, str]]] = {}
        for index, phrase in enumerate(phrases):
            words = phrase_words(phrase)
            by_letter.setdefault(words[0][0], []).append((index, phrase_pattern(words)))
        self.groups: dict[str, tuple[re.Pattern[str], list[tuple[int, str]]]] = {}
        for letter, entries in by_letter.items():
            group = (re.compile("|".join(p for _, p in entries)), entries)
            for ch in letter + LOOK_ALIKES.get(letter, ""):
                self.groups[ch] = group
        self._compiled: dict[str, re.Pattern[str]] = {}

    def find(self, folded: str) -> dict[int, str]:
        """The index of each phrase found, with the text it was found as (its first occurrence)."""
        found: dict[int, str] = {}
        for start in _WORD_START.finditer(folded):
            group = self.groups.get(start.group())
            if group is None or not group[0].match(folded, start.start()):
                continue
            for index, pattern in group[1]:
                if index not in found and (hit := self._pattern(pattern).match(folded, start.start())):
                    found[index] = hit.group()
        return found

    def _pattern(self, pattern: str) -> re.Pattern[str]:
        compiled = self._compiled.get(pattern)
        if compiled is None:
            compiled = self._compiled[pattern] = re.compile(pattern)
        return compiled


@dataclass(frozen=True)
class PhraseHit:
    phrase: str  # as the newsroom listed it
    written: str  # as the comment has it (folded): "k.1.l.l"


@dataclass(frozen=True)
class PhraseHits:
    banned: tuple[PhraseHit, ...] = ()
    suspect: tuple[PhraseHit, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.banned or self.suspect)


@dataclass(frozen=True)
class WordLists:
    banned: tuple[str, ...] = ()
    suspect: tuple[str, ...] = ()

    def validate(self) -> list[str]:
        """Every problem, in words an editor understands; empty when the lists may be saved."""
        problems: list[str] = []
        seen: dict[tuple[str, ...], str] = {}
        for name, phrases in (("banned", self.banned), ("suspect", self.suspect)):
            if len(phrases) > MAX_PHRASES:
                problems.append(f"The {name} list has {len(phrases)} phrases; the most it may have is {MAX_PHRASES}.")
            for phrase in phrases:
                shown = phrase if len(phrase) <= 40 else phrase[:40] + "…"
                if not phrase.strip():
                    problems.append(f"The {name} list has an empty phrase.")
                    continue
                if len(phrase) > MAX_PHRASE_CHARS:
                    problems.append(f"The {name} phrase “{shown}” is {len(phrase)} characters long; the limit is "
                                    f"{MAX_PHRASE_CHARS}.")
                    continue
                words = phrase_words(phrase)
                if sum(len(w) for w in words) < MIN_PHRASE_LETTERS:
                    problems.append(f"The {name} phrase “{shown}” needs at least {MIN_PHRASE_LETTERS} letters or "
                                    f"digits.")
                    continue
                earlier = seen.get(words)
                if earlier is None:
                    seen[words] = f"{name}:{phrase}"
                    continue
                earlier_list, _, earlier_phrase = earlier.partition(":")
                if earlier_list == name:
                    problems.append(f"The {name} list has “{shown}” twice (as “{earlier_phrase}” too; case, accents "
                                    f"and punctuation do not count).")
                else:
                    problems.append(f"“{shown}” is on both lists: a phrase is either banned or suspect.")
        return problems

    def find(self, text: str) -> PhraseHits:
        """The listed phrases the text contains, each once, in the lists' order."""
        if not (self.banned or self.suspect):
            return PhraseHits()
        found = self._matcher.find(fold(text))
        hits = [PhraseHit(phrase, found[i]) for i, phrase in enumerate((*self.banned, *self.suspect)) if i in found]
        banned = len([i for i in found if i < len(self.banned)])
        return PhraseHits(banned=tuple(hits[:banned]), suspect=tuple(hits[banned:]))

    @property
    def _matcher(self) -> _Matcher:
        return _matcher_for((*self.banned, *self.suspect))


@lru_cache(maxsize=8)
def _matcher_for(phrases: tuple[str, ...]) -> _Matcher:
    # Compiling a long list takes a while (a few tenths of a second for 1,000 phrases): once per process and lists.
    return _Matcher(list(phrases))


def word_lists_from(data: object) -> WordLists:
    """Parse {"banned": [...], "suspect": [...]}: phrases trimmed, and every problem named."""
    if not isinstance(data, dict) or not all(isinstance(data.get(k), list) for k in ("banned", "suspect")):
        raise InvalidInput("invalid_word_lists", "Send the lists as {\"banned\": [...], \"suspect\": [...]}.")
    lists = {}
    for name in ("banned", "suspect"):
        if not all(isinstance(p, str) for p in data[name]):
            raise InvalidInput("invalid_word_lists", f"Every phrase on the {name} list must be text.")
        lists[name] = tuple(" ".join(p.split()) for p in data[name])
    word_lists = WordLists(**lists)
    problems = word_lists.validate()
    if problems:
        raise InvalidInput("invalid_word_lists", " ".join(problems))
    return word_lists
