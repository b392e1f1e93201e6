"""Small SVG charts drawn on the server: no chart library, nothing fetched from elsewhere.

Every label passes through `escape`, since moderator names come from outside.
"""
from __future__ import annotations

from markupsafe import Markup, escape

WIDTH, HEIGHT = 720, 240
LEFT, RIGHT, TOP, BOTTOM = 48, 16, 16, 40


def _nice_max(value: float) -> int:
    """A round axis maximum at or above `value`."""
    if value <= 5:
        return 5
    step = 10 ** (len(str(int(value))) - 1)
    for multiple in (1, 2, 2.5, 5, 10):
        if value <= multiple * step:
            return int(multiple * step)
    return int(10 * step)


def _frame(title: str, body: list[str], top: int, ticks: int = 5) -> Markup:
    plot_h = HEIGHT - TOP - BOTTOM
    grid = []
    for i in range(ticks + 1):
        y = TOP + plot_h - plot_h * i / ticks
        grid.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" class="grid"/>')
        grid.append(f'<text x="{LEFT - 6}" y="{y + 4:.1f}" class="axis" text-anchor="end">{top * i // ticks}</text>')
    svg = (
        f'<svg viewBox="0 0 {WIDTH} {HEIGHT}" class="chart" role="img" aria-label="{escape(title)}">'
        f"<title>{escape(title)}</title>{''.join(grid)}{''.join(body)}</svg>"
    )
    return Markup(svg)


def line_chart(title: str, labels: list[str], values: list[int], label_every: int = 12) -> Markup:
    """A filled line; `labels` name the x positions, one in `label_every` is printed."""
    top = _nice_max(max(values, default=0))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    n = max(len(values) - 1, 1)
    xs = [LEFT + plot_w * i / n for i in range(len(values))]
    ys = [TOP + plot_h - plot_h * v / top for v in values]
    body = []
    if values:
        points = " ".join(f"{x:.1f},{y:.1f}" for x, y in zip(xs, ys))
        base = TOP + plot_h
        body.append(f'<polygon points="{xs[0]:.1f},{base} {points} {xs[-1]:.1f},{base}" class="area"/>')
        body.append(f'<polyline points="{points}" class="line"/>')
    for i, label in enumerate(labels):
        if i % label_every == 0:
            anchor = "start" if i == 0 else "end" if i == len(labels) - 1 else "middle"
            body.append(f'<text x="{xs[i]:.1f}" y="{HEIGHT - 12}" class="axis" text-anchor="{anchor}">{escape(label)}</text>')
    return _frame(title, body, top)


def stacked_bars(title: str, categories: list[str], series: dict[str, list[int]], classes: dict[str, str]) -> Markup:
    """Vertical bars, one per category, each split into the named series."""
    totals = [sum(values[i] for values in series.values()) for i in range(len(categories))]
    top = _nice_max(max(totals, default=0))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / max(len(categories), 1)
    bar = min(slot * 0.6, 64)
    body = []
    for i, category in enumerate(categories):
        x = LEFT + slot * i + (slot - bar) / 2
        y: float = TOP + plot_h
        for name, values in series.items():
            height = plot_h * values[i] / top
            if height:
                y -= height
                body.append(
                    f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{height:.1f}" class="{classes[name]}">'
                    f"<title>{escape(category)}: {values[i]} {escape(name)}</title></rect>"
                )
        label = category if len(category) <= 16 else category[:15] + "…"
        body.append(f'<text x="{x + bar / 2:.1f}" y="{HEIGHT - 12}" class="axis" text-anchor="middle">{escape(label)}</text>')
    return _frame(title, body, top)
