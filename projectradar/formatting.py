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

__all__ = ["TYPE_NAMES", "LEVEL_LABELS", "QUALIFIER_MARKS", "yuan", "type_name", "parse_yuan", "headline",
           "describe_filter"]

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


def headline(event: dict[str, Any]) -> str:
    """An event in one line, as a feed's entry title or a briefing's list says it: the
    place, what happened, how many projects, how much (a running total says so).

    >>> headline({"type": "signing", "region": {"name": "历城区"}, "project_count": 22,
    ...           "investment_yuan": 18640000000, "qualifier": "exact"})
    '历城区 签约 22个项目 186.4亿元'
    """
    parts = [(event.get("region") or {}).get("name") or "", type_name(event.get("type"))]
    if event.get("project_count") is not None:
        parts.append(f"{event['project_count']}个项目")
    if event.get("investment_yuan") is not None:
        parts.append(yuan(event["investment_yuan"], event.get("qualifier")))
    text = " ".join(p for p in parts if p)
    return text + ("（累计）" if event.get("cumulative") else "")


def describe_filter(filters: dict[str, Any] | None) -> str:
    """An event filter in a few words (a feed's title, a watch in a list): place, types,
    dates, money, sector, organization, words; 全部事件 when it has none.

    >>> describe_filter({"region": "济南", "type": "signing,groundbreaking", "min_investment": 1000000000})
    '济南 · 签约、开工 · 不少于10亿元'
    """
    given = {k: v for k, v in (filters or {}).items() if v not in (None, "", [])}
    parts = []
    if given.get("region") or given.get("adcode"):
        parts.append(str(given.get("region") or f"区划{given['adcode']}"))
    kinds = given.get("type")
    if kinds:
        kinds = re.split(r"[,\s]+", kinds) if isinstance(kinds, str) else kinds
        parts.append("、".join(type_name(k) for k in kinds if k))
    if given.get("since") or given.get("until"):
        parts.append(f"{given.get('since') or '…'}至{given.get('until') or '今'}")
    money = given.get("min_investment")
    if money is not None:
        parts.append("不少于" + (yuan(money) if isinstance(money, (int, float)) else str(money)))
    for key, label in (("sector", "产业"), ("org", "企业"), ("q", "含"), ("source", "来源")):
        if given.get(key):
            value = given[key]
            parts.append(label + ("、".join(value) if isinstance(value, list) else str(value)))
    return " · ".join(parts) or "全部事件"


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
