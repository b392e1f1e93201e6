"""The widget's script and stylesheet as a publisher's readers fetch them: minified, cacheable,
and answered 304 when the browser already holds the same bytes."""
from __future__ import annotations

import pytest

from moderation.widget import STATIC

# What each file is made from: the script is bundled from the widget's modules.
SOURCES = {"widget.js": sorted((STATIC.parent / "src").glob("*.js")), "widget.css": [STATIC / "widget.css"]}


@pytest.mark.parametrize("name, kind", [("widget.js", "text/javascript"), ("widget.css", "text/css")])
def test_assets_are_served_minified_with_an_etag_and_a_short_cache(service, name, kind):
    first = service.http.get(f"/{name}")
    assert first.status_code == 200
    assert first.headers["Content-Type"].startswith(kind)
    assert "public" in first.headers["Cache-Control"] and "max-age=300" in first.headers["Cache-Control"]
    assert first.headers["Cross-Origin-Resource-Policy"] == "cross-origin"
    source = sum(len(path.read_bytes()) for path in SOURCES[name])
    assert 0 < len(first.content) < source * 0.9

    # The same bytes again, with the same tag; a browser holding them is told so without a body.
    again = service.http.get(f"/{name}")
    assert again.content == first.content and again.headers["ETag"] == first.headers["ETag"]
    unchanged = service.http.get(f"/{name}", headers={"If-None-Match": first.headers["ETag"]})
    assert unchanged.status_code == 304 and unchanged.content == b""
    assert unchanged.headers["ETag"] == first.headers["ETag"]
    stale = service.http.get(f"/{name}", headers={"If-None-Match": '"an-older-version"'})
    assert stale.status_code == 200 and stale.content == first.content

