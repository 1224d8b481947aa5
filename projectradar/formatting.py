"""How values read for people, on every face (CLI tables, the dashboard, stats rows): money in
亿/万, names of event types and levels; and amounts typed by people (10亿, 5000万) read back.

The unit words and their values come from `data/money_units.tsv`, the table the money
finder reads.
"""
from __future__ import annotations

import functools
import re
from typing import Any

from .tables import load_table

__all__ = ["TYPE_NAMES", "LEVEL_LABELS", "QUALIFIER_MARKS", "yuan", "type_name", "parse_yuan"]

# What each event type is called on every screen.
TYPE_NAMES = {
    "signing": "签约", "groundbreaking": "开工", "completion": "竣工投产", "key_projects": "重点项目",
    "investment_trip": "外出招商", "meeting": "会议观摩", "target": "目标", "award": "奖励兑现",
}
# Levels of key-project lists (national … district) and of regions (country … district).
LEVEL_LABELS = {"national": "国家级", "provincial": "省级", "city": "市级", "district": "县区级",
                "province": "省", "country": "全国"}
# How a qualifier reads beside an amount: 约 and 超 before it, 以上 after it.
QUALIFIER_MARKS = {"exact": "", "about": "约", "over": "超", "at_least": "以上"}
_AFTER_MARKS = ("以上",)
_NUMBER = re.compile(r"^\s*(\d+(?:,\d{3})*(?:\.\d+)?)\s*(\D*?)\s*(元)?\s*$")


@functools.cache
def _multipliers() -> dict[str, int]:
    return {row.cells[0]: int(row.cells[2]) for row in load_table("money_units.tsv", 3)
            if row.cells[1] == "multiplier"}


def yuan(value: Any, qualifier: str | None = None, *, column: bool = False) -> str:
    """Money for people.

    On pages (the default): 25042000000 → ``250.42亿元``, 30000000 → ``3000万元``, with the
    qualifier's mark (``约``, ``超``, ``以上``); None → ``—``. In a table column
    (``column=True``, figures that line up): ``250.42亿``, ``3,000万``, ``8,600``; None → "".

    >>> yuan(25042000000), yuan(30000000, "about"), yuan(25042000000, column=True)
    ('250.42亿元', '约3000万元', '250.42亿')
    """
    if value in (None, ""):
        return "" if column else "—"
    amount = float(value)
    yi, wan = _multipliers()["亿"], _multipliers()["万"]
    if column:
        if abs(amount) >= yi:
            return f"{amount / yi:,.2f}亿"
        if abs(amount) >= wan:
            return f"{amount / wan:,.0f}万"
        return f"{int(amount):,}"
    if abs(amount) >= yi:
        text = f"{amount / yi:.2f}".rstrip("0").rstrip(".") + "亿元"
    elif abs(amount) >= wan:
        text = f"{amount / wan:.2f}".rstrip("0").rstrip(".") + "万元"
    else:
        text = f"{amount:,.0f}元"
    mark = QUALIFIER_MARKS.get(qualifier or "exact", "")
    return text + mark if mark in _AFTER_MARKS else mark + text


def type_name(kind: str | None) -> str:
    """The name of an event type (the type itself when unknown).

    >>> type_name("groundbreaking")
    '开工'
    """
    return TYPE_NAMES.get(kind or "", kind or "—")


def parse_yuan(text: str) -> int:
    """An amount of yuan typed by a person: a number in digits, then a unit of
    money_units.tsv (万亿, 亿, 千万, 百万, 十万, 万, 千) and 元, each optional.

    Raises ValueError naming the text otherwise (a face turns it into its own error).

    >>> parse_yuan("2.5亿"), parse_yuan("5000万元"), parse_yuan("300,000,000")
    (250000000, 50000000, 300000000)
    """
    match = _NUMBER.match(text or "")
    unit = match.group(2) if match else None
    if match is None or (unit and unit not in _multipliers()):
        raise ValueError(f"not an amount of yuan: {text!r} (write it in digits: 10亿, 5000万 or 300000000)")
    number = float(match.group(1).replace(",", ""))
    return int(round(number * (_multipliers()[unit] if unit else 1)))
