"""Charts as inline SVG, drawn on the server: no script, nothing fetched from anywhere.

Suppressed figures are drawn, not dropped: a hatched stub where a bar would be, a hollow grey
marker on the axis where a line's point would be, each labelled in the legend, so a reader never
mistakes a hidden figure for a zero.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

PALETTE = ("#0b6aa2", "#d98c1f", "#2a9d78", "#b45f95", "#5fa8d3", "#c4512b", "#6b7280", "#8c6d3f")
"""Okabe-Ito based, toned down; distinguishable with the common colour-vision deficiencies."""
INK = "#1f2933"
MUTED = "#6b7280"
GRID = "#e5e7eb"
SUPPRESSED = "#9ca3af"
FONT = "font-family=\"'Segoe UI', 'DejaVu Sans', Arial, sans-serif\""


@dataclass(frozen=True)
class Series:
    """One coloured series: a label and a value per category (None: suppressed)."""

    label: str
    values: Sequence[float | None]


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1.0
    exponent = 10.0 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * exponent:
            return float(step * exponent)
    return 10.0 * exponent


def _fmt(value: float) -> str:
    return f"{value:g}" if value < 1000 else f"{value:,.0f}"


def _defs() -> str:
    return (
        "<defs><pattern id='hatch' width='6' height='6' patternUnits='userSpaceOnUse' "
        "patternTransform='rotate(45)'><rect width='6' height='6' fill='#f3f4f6'/>"
        f"<line x1='0' y1='0' x2='0' y2='6' stroke='{SUPPRESSED}' stroke-width='2'/></pattern></defs>"
    )


def _legend(entries: Sequence[tuple[str, str]], x: float, y: float, *, suppressed: str | None) -> str:
    parts = []
    cursor = x
    for label, colour in entries:
        parts.append(
            f"<rect x='{cursor:.1f}' y='{y - 9:.1f}' width='12' height='12' rx='2' fill='{colour}'/>"
        )
        parts.append(
            f"<text x='{cursor + 17:.1f}' y='{y + 1:.1f}' font-size='12' fill='{INK}'>{escape(label)}</text>"
        )
        cursor += 30 + 7 * len(label)
    if suppressed == "bar":
        parts.append(
            f"<rect x='{cursor:.1f}' y='{y - 9:.1f}' width='12' height='12' fill='url(#hatch)' "
            f"stroke='{SUPPRESSED}'/><text x='{cursor + 17:.1f}' y='{y + 1:.1f}' font-size='12' "
            f"fill='{MUTED}'>suppressed</text>"
        )
    elif suppressed == "point":
        parts.append(
            f"<circle cx='{cursor + 6:.1f}' cy='{y - 3:.1f}' r='4' fill='white' stroke='{SUPPRESSED}' "
            f"stroke-width='1.5'/><text x='{cursor + 17:.1f}' y='{y + 1:.1f}' font-size='12' "
            f"fill='{MUTED}'>suppressed</text>"
        )
    return "".join(parts)


def bar_chart(
    title: str,
    categories: Sequence[str],
    series: Sequence[Series],
    *,
    unit: str,
    width: int = 760,
    height: int = 320,
) -> str:
    """Grouped vertical bars: one group per category, one bar per series."""
    left, right, top, bottom = 56, 16, 52, 58
    plot_w, plot_h = width - left - right, height - top - bottom
    shown = [v for s in series for v in s.values if v is not None]
    top_value = _nice_max(max(shown, default=0.0))
    out = [_open(title, width, height), _defs()]
    out.append(
        _legend(
            [(s.label, PALETTE[i % len(PALETTE)]) for i, s in enumerate(series)], left, 22, suppressed="bar"
        )
    )
    out.append(_y_axis(left, top, plot_w, plot_h, top_value, unit))
    group_w = plot_w / max(len(categories), 1)
    bar_w = min(22.0, (group_w - 12) / max(len(series), 1))
    suppressed_count = 0
    for g, category in enumerate(categories):
        start = left + g * group_w + (group_w - bar_w * len(series)) / 2
        for i, s in enumerate(series):
            value = s.values[g]
            x = start + i * bar_w
            colour = PALETTE[i % len(PALETTE)]
            if value is None:
                suppressed_count += 1
                stub = 14.0
                out.append(
                    f"<rect class='suppressed' x='{x + 1:.1f}' y='{top + plot_h - stub:.1f}' "
                    f"width='{bar_w - 2:.1f}' height='{stub:.1f}' fill='url(#hatch)' "
                    f"stroke='{SUPPRESSED}' stroke-width='1'>"
                    f"<title>{escape(s.label)}, {escape(category)}: suppressed</title></rect>"
                )
                continue
            bar_h = plot_h * value / top_value
            out.append(
                f"<rect class='bar' x='{x + 1:.1f}' y='{top + plot_h - bar_h:.1f}' width='{bar_w - 2:.1f}' "
                f"height='{max(bar_h, 0.5):.1f}' rx='1.5' fill='{colour}'>"
                f"<title>{escape(s.label)}, {escape(category)}: {_fmt(value)} {escape(unit)}</title></rect>"
            )
        out.append(
            f"<text x='{left + g * group_w + group_w / 2:.1f}' y='{top + plot_h + 18:.1f}' font-size='12' "
            f"text-anchor='middle' fill='{INK}'>{escape(category)}</text>"
        )
    out.append("</svg>")
    return "".join(out)


def line_chart(
    title: str,
    periods: Sequence[str],
    series: Sequence[Series],
    *,
    unit: str,
    width: int = 760,
    height: int = 300,
) -> str:
    """Lines over time; a suppressed point breaks its line and shows as a hollow grey marker on the axis."""
    left, right, top, bottom = 56, 40, 52, 48
    plot_w, plot_h = width - left - right, height - top - bottom
    shown = [v for s in series for v in s.values if v is not None]
    top_value = _nice_max(max(shown, default=0.0))
    out = [_open(title, width, height)]
    out.append(
        _legend(
            [(s.label, PALETTE[i % len(PALETTE)]) for i, s in enumerate(series)], left, 22, suppressed="point"
        )
    )
    out.append(_y_axis(left, top, plot_w, plot_h, top_value, unit))
    step = plot_w / max(len(periods) - 1, 1)
    label_every = max(1, math.ceil(len(periods) / 12))
    for p, period in enumerate(periods):
        if p % label_every == 0:
            out.append(
                f"<text x='{left + p * step:.1f}' y='{top + plot_h + 18:.1f}' font-size='11' "
                f"text-anchor='middle' fill='{MUTED}'>{escape(period)}</text>"
            )
    for i, s in enumerate(series):
        colour = PALETTE[i % len(PALETTE)]
        segment: list[str] = []
        segments: list[list[str]] = []
        for p, value in enumerate(s.values):
            x = left + p * step
            if value is None:
                if segment:
                    segments.append(segment)
                segment = []
                offset = 3 + 4 * (i % 3)
                out.append(
                    f"<circle class='suppressed' cx='{x:.1f}' cy='{top + plot_h - offset:.1f}' r='3.2' "
                    f"fill='white' stroke='{SUPPRESSED}' stroke-width='1.4'><title>{escape(s.label)}, "
                    f"{escape(periods[p])}: suppressed</title></circle>"
                )
                continue
            y = top + plot_h - plot_h * value / top_value
            segment.append(f"{x:.1f},{y:.1f}")
            out.append(
                f"<circle class='point' cx='{x:.1f}' cy='{y:.1f}' r='2.6' fill='{colour}'>"
                f"<title>{escape(s.label)}, {escape(periods[p])}: {_fmt(value)} {escape(unit)}</title>"
                "</circle>"
            )
        if segment:
            segments.append(segment)
        for points in segments:
            if len(points) > 1:
                out.append(
                    f"<polyline class='line' points='{' '.join(points)}' fill='none' stroke='{colour}' "
                    "stroke-width='2' stroke-linejoin='round'/>"
                )
    out.append("</svg>")
    return "".join(out)


def _open(title: str, width: int, height: int) -> str:
    return (
        f"<svg xmlns='http://www.w3.org/2000/svg' class='chart' viewBox='0 0 {width} {height}' "
        f"width='{width}' height='{height}' role='img' aria-label='{escape(title)}' {FONT}>"
        f"<title>{escape(title)}</title>"
    )


def _y_axis(left: float, top: float, plot_w: float, plot_h: float, top_value: float, unit: str) -> str:
    parts = []
    for k in range(5):
        value = top_value * k / 4
        y = top + plot_h - plot_h * k / 4
        parts.append(f"<line x1='{left}' x2='{left + plot_w}' y1='{y:.1f}' y2='{y:.1f}' stroke='{GRID}'/>")
        parts.append(
            f"<text x='{left - 8}' y='{y + 4:.1f}' font-size='11' text-anchor='end' fill='{MUTED}'>"
            f"{_fmt(value)}</text>"
        )
    parts.append(f"<text x='{left - 44}' y='{top - 12}' font-size='11' fill='{MUTED}'>{escape(unit)}</text>")
    return "".join(parts)
