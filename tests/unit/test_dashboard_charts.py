"""The dashboard's charts and the queue-depth series they draw."""
from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from moderation.dashboard.charts import line_chart, stacked_bars
from moderation.services.reports import depth_series

T0 = datetime(2026, 11, 23, 9, tzinfo=UTC)


def hours(*values):
    return [T0 + timedelta(hours=h) for h in values]


def test_depth_counts_items_entering_and_leaving_between_points():
    points = hours(0, 1, 2, 3)
    entered = hours(0.5, 0.6, 2.5)
    left = hours(1.5, 2.5)
    # Two items were already open at the start.
    assert depth_series(2, entered, left, points) == [2, 4, 3, 3]


def test_an_item_leaving_exactly_at_a_point_no_longer_counts_there():
    assert depth_series(1, [], hours(1), hours(0, 1)) == [1, 0]


def test_bars_are_drawn_in_proportion_and_names_are_escaped():
    svg = str(stacked_bars("Decisions", ['<script>alert(1)</script>', "Casey"],
                           {"approve": [3, 1], "delete": [1, 0]}, {"approve": "approve", "delete": "delete"}))
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    heights = {m.group(2): float(m.group(1)) for m in re.finditer(r'height="([\d.]+)" class="(\w+)"><title>&lt;script', svg)}
    assert heights["approve"] == pytest.approx(3 * heights["delete"], abs=0.2)
    assert svg.count("<rect") == 3  # an empty segment draws nothing


def test_line_chart_scales_to_a_round_maximum_and_labels_its_axis():
    svg = str(line_chart("Depth", ["a", "b", "c"], [0, 7, 3], label_every=1))
    assert ">10</text>" in svg  # 7 rounds up to an axis of 10
    assert 'aria-label="Depth"' in svg
    assert re.search(r'<polyline points="[\d.]+,[\d.]+ [\d.]+,[\d.]+ [\d.]+,[\d.]+"', svg)


def test_empty_charts_still_render():
    assert "<svg" in str(line_chart("Nothing", [], []))
    assert "<svg" in str(stacked_bars("Nobody", [], {"approve": []}, {"approve": "approve"}))
