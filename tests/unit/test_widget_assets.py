"""The widget's script and stylesheet as the service sends them: their size, the script as bundled
(scripts/widget.sh checks it is what its sources build to; the browser tests run it) and the
stylesheet with every rule. How they are cached: tests/e2e/test_widget_files_served.py."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask import Flask

from moderation.widget import bp, served

WIDGET = Path(__file__).resolve().parents[2] / "moderation" / "widget"


@pytest.fixture
def client():
    app = Flask(__name__)
    app.register_blueprint(bp)
    return app.test_client()


def test_script_and_styles_as_served_stay_under_50_kb(client):
    size = sum(len(client.get(path).data) for path in ("/widget.js", "/widget.css"))
    assert 10_000 < size <= 50 * 1024, size


def test_the_script_is_sent_as_bundled_one_file_with_no_module_left_to_fetch(client):
    script = client.get("/widget.js").data
    assert script == (WIDGET / "static" / "widget.js").read_bytes()
    # One classic script: a browser loading it fetches no module of the sources.
    assert not re.search(rb"^\s*(?:import|export)\b|\bimport\(", script, re.MULTILINE)
    # Minified by the bundler: well under the readable sources' size.
    sources = sum(len(f.read_bytes()) for f in (WIDGET / "src").glob("*.js"))
    assert len(script) < 0.7 * sources, (len(script), sources)


def _rules(css: str) -> list[str]:
    """The stylesheet's rules with comments and optional whitespace taken out."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)
    css = re.sub(r"\s*([{};:,>!])\s*", r"\1", css)
    css = re.sub(r"\s+", " ", css).replace(";}", "}")
    return [rule.strip() for rule in css.split("}") if rule.strip()]


def test_the_stylesheet_loses_its_comments_and_layout_and_keeps_every_rule(client):
    source = (WIDGET / "static" / "widget.css").read_text(encoding="utf-8")
    sent = client.get("/widget.css").data.decode("utf-8")
    assert len(sent) < len(source) and "/*" not in sent
    assert _rules(sent) == _rules(source)


def test_an_asset_is_made_once_per_process():
    assert served("widget.js") is served("widget.js")
