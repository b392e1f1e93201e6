"""Text normalisation shared by training and inference.

The training sets are tweets and YouTube comments while the service scores news
comments, so platform artefacts (mentions, retweet markers, HTML entities, literal
escape sequences) are removed before any feature is computed: a model must not learn
that "@USER" means abuse just because one data set anonymised its mentions that way.
"""

from __future__ import annotations

import html
import re

_URL = re.compile(r"(?:https?://|www\.)\S+|\b[a-z0-9-]+\.(?:com|net|org|co\.uk|ly|be|tv|info)(?:/\S*)?\b", re.I)
_MENTION = re.compile(r"(?<!\w)@\w+")
_RETWEET = re.compile(r"(?<!\w)RT\b:?")
_LITERAL_ESCAPE = re.compile(r"\\(?:x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|[ntr])")
_SPACES = re.compile(r"\s+")
# Letters stretched for emphasis ("stuuuupid") would otherwise each be a new word.
_STRETCH = re.compile(r"(\w)\1{2,}")
# "URL" is what OLID wrote in place of links; keep one token so links stay a signal.
_URL_PLACEHOLDER = re.compile(r"\bURL\b")

URL_TOKEN = " httplink "


def unescape_literal(text: str) -> str:
    """Turn literal escape sequences such as ``\\xa0`` into spaces (Kaggle-style dumps)."""
    return _LITERAL_ESCAPE.sub(" ", text)


def count_links(text: str) -> int:
    return len(_URL.findall(text)) + len(_URL_PLACEHOLDER.findall(text))


def normalise(text: str) -> str:
    """Lower-cased text with links replaced by one token and platform noise removed."""
    text = html.unescape(text)
    text = _URL.sub(URL_TOKEN, text)
    text = _URL_PLACEHOLDER.sub(URL_TOKEN, text)
    text = _MENTION.sub(" ", text)
    text = _RETWEET.sub(" ", text)
    text = text.lower()
    text = _STRETCH.sub(r"\1\1", text)
    return _SPACES.sub(" ", text).strip()
