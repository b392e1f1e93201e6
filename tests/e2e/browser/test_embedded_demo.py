"""The README's first command, as a newcomer runs it: the demo newspaper and the dashboard work."""
from __future__ import annotations

import re
import socket
import subprocess
import sys
import time

import pytest
from playwright.sync_api import expect


@pytest.fixture
def embedded(tmp_path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, "-m", "moderation.cli", "serve", "--port", str(port), "--data-dir", str(tmp_path)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    printed = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        printed.append(line)
        if "Press Ctrl+C" in line:
            break
    text = "".join(printed)
    assert "Press Ctrl+C" in text, text
    yield text
    process.terminate()
    process.wait(timeout=10)


def test_the_printed_urls_lead_to_the_widget_and_the_dashboard(embedded, page):
    demo_url = re.search(r"demo newspaper:\s+(\S+)", embedded).group(1)
    dashboard_url = re.search(r"dashboard:\s+(\S+)", embedded).group(1)
    password = re.search(r"password: (\S+)", embedded).group(1)

    page.goto(demo_url)
    page.get_by_role("link", name=re.compile("Harbour bridge reopens")).click()
    expect(page.get_by_text("Does anyone know whether the cycle lane is separated")).to_be_visible()

    page.goto(dashboard_url)
    page.get_by_label("Username").fill("morgan")
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    # The demo data includes reported comments, so a newcomer sees a working queue.
    expect(page.locator("tr.item").first).to_contain_text("brainless idiot")
    # No broker here, yet the demo comments are scored: the embedded worker thread did it.
    page.goto(dashboard_url + "?refresh=2")
    expect(page.locator("tr.item").first.locator("td.scores")).to_contain_text(re.compile(r"abuse \d+%"), timeout=30_000)
