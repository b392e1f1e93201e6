"""Text normalisation shared by training and inference.

The training sets are tweets and YouTube comments while the service scores news
comments, so platform artefacts (mentions, retweet markers, HTML entities, literal
escape sequences) are removed before any feature is computed: a model must not learn
that "@USER" means abuse just because one data set anonymised its mentions that way.

A batch is normalised as one string: each regular expression runs once over the
batch, and letter stretching and white space are handled on the code points.
"""

from __future__ import annotations

import html
import re

import numpy as np

from classifiers.features.token_table import char_class, code_points, from_code_points, in_class

# A bare domain ends in one of these: the usual ones, and those link drops and scams favour
# ("rewardz-now.club", "streamz.live"). Endings that are also everyday words ("in", "to", "me",
# "it", "us") are left out, so "there.to see" with a space missed is not a link.
_DOMAIN_ENDINGS = (
    r"com|net|org|co\.uk|org\.uk|ly|be|tv|info|io|uk|eu|ru|cc|gg|tk|biz|club|live|shop|store|online|site|"
    r"xyz|top|app|link|click|win|vip|pro|news|blog|today|world|life|fun|buzz|icu|website|space|tech|bet|"
    r"casino|money|deals|sale|stream|finance|loans|trade|market|crypto|games|media|agency|host"
)
_URL = re.compile(rf"(?:https?://|www\.)\S+|\b[a-z0-9-]+\.(?:{_DOMAIN_ENDINGS})(?:/\S*)?\b", re.IGNORECASE)
# Everything _URL can match contains one of these; most comments contain none, and
# finding them is far cheaper than running _URL over every word.
_URL_HINT = re.compile(rf"://|www\.|\.(?:{_DOMAIN_ENDINGS})\b", re.IGNORECASE)
# Mentions, retweet markers and "URL" (what OLID wrote in place of links), in one
# pass. Each alternative starts with its literal and checks the preceding character
# afterwards, which lets the engine skip quickly to candidate positions.
_PLATFORM_NOISE = re.compile(r"@(?<!\w@)\w+|RT(?<!\wRT)\b:?|URL(?<!\wURL)\b")
_LITERAL_ESCAPE = re.compile(r"\\(?:x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|[ntr])")
# Joins a batch into one string: no pattern above can match across it, and inputs
# are cleaned of NUL first.
_SEPARATOR = " \x00 "
_WHITE_SPACE = char_class("".join(chr(c) for c in range(0x3001) if chr(c).isspace()))

# A word spelled out letter by letter ("i d i o t", "f.u.c.k", "h-a-t-e"), at least four
# letters with one kind of separator, so "u r a" or "u.s.a" stay as they are.
_SPELLED_OUT = re.compile(r"(?<![a-z0-9'’])[a-z]([ .-])[a-z](?:\1[a-z]){2,}(?![a-z0-9'’])")
_SPELLING_SEPARATOR = char_class(" .-")

URL_TOKEN = " httplink "


def unescape_literal(text: str) -> str:
    """Turn literal escape sequences such as ``\\xa0`` into spaces (Kaggle-style dumps)."""
    return _LITERAL_ESCAPE.sub(" ", text)


def _platform_noise(match: re.Match) -> str:
    # "URL" keeps one token so links stay a signal; mentions and "RT" go.
    return URL_TOKEN if match.group(0) == "URL" else " "


def normalise(text: str) -> str:
    """Lower-cased text with links replaced by one token and platform noise removed."""
    return normalise_batch([text])[0]


def normalise_batch(texts: list[str]) -> list[str]:
    """``normalise`` of each text."""
    joined = html.unescape(_SEPARATOR.join(t.replace("\x00", " ") if "\x00" in t else t for t in texts))
    hints = [m.start() for m in _URL_HINT.finditer(joined)]
    if hints:
        parts = joined.split("\x00")
        part_starts = np.cumsum([0] + [len(p) + 1 for p in parts[:-1]])
        with_links = set(np.searchsorted(part_starts, hints, side="right") - 1)
        joined = "\x00".join(_URL.sub(URL_TOKEN, p) if i in with_links else p for i, p in enumerate(parts))
    joined = _PLATFORM_NOISE.sub(_platform_noise, joined).lower()
    return [part.strip() for part in _join_spelled_out(_squeeze(joined)).split("\x00")]


def _squeeze(text: str) -> str:
    """Letters stretched for emphasis cut to two ("stuuupid" -> "stuupid", so it is not
    a new word each time), and each run of white space made one space.

    Stretching is cut for ASCII letters, digits and "_", the only characters tokens
    are made of.
    """
    cp = code_points(text)
    if len(cp) < 2:
        return text
    word = ((cp >= 97) & (cp <= 122)) | ((cp >= 48) & (cp <= 57)) | (cp == 95)
    same = np.zeros(len(cp), dtype=bool)
    same[2:] = (cp[2:] == cp[1:-1]) & (cp[1:-1] == cp[:-2])
    space = in_class(cp, _WHITE_SPACE)
    repeated_space = np.zeros(len(cp), dtype=bool)
    repeated_space[1:] = space[1:] & space[:-1]
    keep = ~((same & word) | repeated_space)
    return from_code_points(np.where(space, np.uint32(32), cp)[keep])


def _join_spelled_out(text: str) -> str:
    """Words spelled out letter by letter written as one word, so they meet the model's
    features for the word ("i d i o t" -> "idiot").

    Few comments have any: the pattern runs only over the comments where four letters
    alternate with separators.
    """
    cp = code_points(text)
    if len(cp) < 7:
        return text
    letter = (cp >= 97) & (cp <= 122)
    separator = in_class(cp, _SPELLING_SEPARATOR)
    alternating = letter[:-6] & separator[1:-5] & letter[2:-4] & separator[3:-3] & letter[4:-2] & separator[5:-1] & letter[6:]
    if not alternating.any():
        return text
    parts = text.split("\x00")
    part_starts = np.cumsum([0] + [len(p) + 1 for p in parts[:-1]])
    candidates = set(np.searchsorted(part_starts, np.flatnonzero(alternating), side="right") - 1)
    return "\x00".join(_SPELLED_OUT.sub(_joined_letters, p) if i in candidates else p for i, p in enumerate(parts))


def _joined_letters(match: re.Match) -> str:
    return match.group(0).replace(match.group(1), "")
