"""The widget's files as shipped: small, self-contained, and never turning data into markup."""
from __future__ import annotations

import re
from pathlib import Path

from moderation.widget import served

STATIC = Path(__file__).resolve().parents[2] / "moderation" / "widget" / "static"
SCRIPT = (STATIC / "widget.js").read_text(encoding="utf-8")
STYLES = (STATIC / "widget.css").read_text(encoding="utf-8")


def test_script_and_styles_as_served_stay_under_50_kb():
    size = sum(len(served(name).body) for name in ("widget.js", "widget.css"))
    assert size <= 50 * 1024, size


def test_readers_get_the_source_without_its_comments_and_layout_but_with_every_word():
    script, styles = served("widget.js").body.decode(), served("widget.css").body.decode()
    assert len(script) < len(SCRIPT) and len(styles) < len(STYLES)
    assert "/**" not in script and "\n  " not in script and "/*" not in styles
    # Words readers see, inside plain strings and template literals, arrive as written.
    for words in ("Download my data", "Removed by a moderator${why} — ${who}", "Commenting is for subscribers"):
        assert words in SCRIPT and words in script, words


def test_the_script_never_parses_strings_as_html():
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "DOMParser", "createContextualFragment",
                 "eval(", "new Function"):
        assert sink not in SCRIPT, sink


def test_nothing_is_fetched_from_a_third_party():
    # Every request goes to the script's own origin: no absolute URLs, no imports, no web fonts.
    code = re.sub(r"^\s*//.*$", "", re.sub(r"/\*.*?\*/", "", SCRIPT, flags=re.DOTALL), flags=re.MULTILINE)
    assert not re.search(r"""["'`(]\s*(?:https?:)?//""", code)
    assert not re.search(r"@import|url\(", STYLES)


def test_the_token_is_sent_only_as_a_bearer_header_to_the_scripts_origin():
    assert "Authorization = `Bearer ${this.token}`" in SCRIPT
    assert 'credentials: "omit"' in SCRIPT
    assert "localStorage" not in SCRIPT and "document.cookie" not in SCRIPT
