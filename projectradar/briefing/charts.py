"""The briefing's charts as SVG made here: the same markup shows in the page, in the HTML
file and in the PDF (no script, no network)."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape

from ..formatting import yuan

__all__ = ["grouped_bars", "briefing_charts", "SERIES_COLOURS"]

SERIES_COLOURS = ("#c0392b", "#7f8c8d", "#c8ccd0")
FONT = "Noto Sans CJK SC, Source Han Sans SC, sans-serif"
_LABEL_W, _BAR_H, _GAP, _GROUP_GAP, _TOP = 96, 14, 3, 14, 46


def grouped_bars(title: str, categories: Sequence[str], series: Sequence[tuple[str, Sequence[float]]], *,
                 value_text: Callable[[float], str] = lambda v: f"{v:g}", width: int = 640,
                 chart_id: str = "") -> str:
    """A horizontal grouped bar chart: one group per category, one bar per series, each
    bar labelled with its value (``value_text``); a legend names the series."""
    most = max((v for _, values in series for v in values), default=0) or 1
    room = width - _LABEL_W - 110
    group_h = len(series) * (_BAR_H + _GAP) - _GAP
    height = _TOP + len(categories) * (group_h + _GROUP_GAP) + 6
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="briefing-chart" id="{escape(chart_id)}" width="{width}" '
           f'height="{height}" viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}" '
           f'font-family="{FONT}" font-size="12">',
           f'<text x="0" y="16" font-size="14" font-weight="bold" fill="#222">{escape(title)}</text>']
    x = _LABEL_W
    for n, (name, _) in enumerate(series):
        colour = SERIES_COLOURS[n % len(SERIES_COLOURS)]
        out.append(f'<rect x="{x}" y="26" width="12" height="10" fill="{colour}"/>'
                   f'<text x="{x + 16}" y="35" fill="#444">{escape(name)}</text>')
        x += 16 + 14 * len(name) + 18
    y = _TOP
    for c, category in enumerate(categories):
        out.append(f'<text x="{_LABEL_W - 8}" y="{y + group_h / 2 + 4:.0f}" text-anchor="end" fill="#222">'
                   f'{escape(category)}</text>')
        for n, (_, values) in enumerate(series):
            value = values[c]
            length = max(1.0, room * value / most) if value else 0.0
            colour = SERIES_COLOURS[n % len(SERIES_COLOURS)]
            top = y + n * (_BAR_H + _GAP)
            if length:
                out.append(f'<rect x="{_LABEL_W}" y="{top}" width="{length:.1f}" height="{_BAR_H}" fill="{colour}"/>')
            out.append(f'<text x="{_LABEL_W + length + 4:.1f}" y="{top + _BAR_H - 3}" fill="#333">'
                       f'{escape(value_text(value))}</text>')
        y += group_h + _GROUP_GAP
    out.append("</svg>")
    return "".join(out)


def briefing_charts(briefing: dict) -> list[str]:
    """The briefing's charts: money and events by type, this week against the week before and
    the same week a year earlier. None for a week without events."""
    rows = briefing["overview"]["rows"]
    if briefing["empty"] or not rows:
        return []
    week = briefing["week"]
    series_names = (f"本周 {week['label']}", f"上周 {week['before']}", f"去年同周 {week['year_ago']}")
    keys = ("this", "before", "year_ago")
    counted = [r for r in rows if r["counted"]]
    charts = []
    if counted:
        charts.append(grouped_bars(
            "分类型投资额", [r["name"] for r in counted],
            [(name, [r[key]["investment_yuan"] for r in counted]) for name, key in zip(series_names, keys)],
            value_text=lambda v: yuan(v) if v else "0", chart_id="chart-money"))
    charts.append(grouped_bars(
        "分类型事件数", [r["name"] for r in rows],
        [(name, [r[key]["events"] for r in rows]) for name, key in zip(series_names, keys)],
        value_text=lambda v: f"{int(v)}起", chart_id="chart-events"))
    return charts
