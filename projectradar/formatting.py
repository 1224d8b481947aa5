"""How values read for people, on every face (CLI tables, the dashboard, charts, stats rows):
money in 万亿/亿/万, other quantities in their unit, an event's headline, names of event types
and levels; and amounts typed by people (10亿, 5000万) read back.

The unit words and their values come from `data/money_units.tsv`, read by `units.money_units`
as the money finder reads them.
"""
from __future__ import annotations

import re
from typing import Any

from .units import money_units

__all__ = ["TYPE_NAMES", "LEVEL_LABELS", "QUALIFIER_MARKS", "MONEY_PATTERN", "yuan", "money_unit", "money_bands", "quantity",
           "target_goals", "headline", "summary_line", "describe_filter", "type_name", "parse_yuan", "STAGE_NAMES",
           "stage_name"]

# What each event type is called on every screen.
TYPE_NAMES = {
    "signing": "签约", "groundbreaking": "开工", "completion": "竣工投产", "key_projects": "重点项目",
    "investment_trip": "外出招商", "meeting": "会议观摩", "target": "目标", "award": "奖励兑现",
}
# What each stage of a named project (records.PROJECT_STAGES) is called on every screen.
STAGE_NAMES = {"key_projects": "列入重点项目", "signing": "签约", "groundbreaking": "开工", "under_construction": "在建",
               "completion": "竣工", "production": "投产"}
# Levels of key-project lists (national … district) and of regions (country … district).
LEVEL_LABELS = {"national": "国家级", "provincial": "省级", "city": "市级", "district": "县区级",
                "province": "省", "country": "全国"}
# How a qualifier reads beside an amount: 约 and 超 before it, 以上 after it.
QUALIFIER_MARKS = {"exact": "", "about": "约", "over": "超", "at_least": "以上"}
_AFTER_MARKS = ("以上",)
_NUMBER = re.compile(r"^\s*(\d+(?:,\d{3})*(?:\.\d+)?)\s*(\D*?)\s*(元)?\s*$")


# The money units people read, largest first: 2.03万亿元, 186.4亿元, 3000万元, 8600元.
_MONEY_UNITS = ("万亿", "亿", "万")
# What the one money figure looks like, whatever the face (the browser tests read pages with it).
MONEY_PATTERN = r"(约|超)?\d+(\.\d{1,2})?(万亿|亿|万)?元(以上)?"


def _figure(number: float) -> str:
    """At most four significant digits and two decimals, trailing zeros dropped:
    1591.3 → 1591, 186.43 → 186.4, 46.5 → 46.5, 2.0345 → 2.03."""
    decimals = 0 if abs(number) >= 1000 else 1 if abs(number) >= 100 else 2
    text = f"{number:.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def yuan(value: Any, qualifier: str | None = None, *, column: bool = False) -> str:
    """Money for people, the same on every face (CLI, pages, API exports' labels, charts).

    The largest unit of 万亿, 亿, 万 that leaves a figure of at least 1, with at most four
    significant digits and two decimals: 2030000000000 → ``2.03万亿元``, 25042000000 →
    ``250.4亿元``, 30000000 → ``3000万元``, 8600 → ``8600元``; the qualifier's mark (``约``,
    ``超``, ``以上``) around it; None → ``—``. On pages the figure and its unit never part
    (`projectradar.web.format.money_html`). In a table column (``column=True``, under a header naming the unit)
    the same without 元 and without a mark; None → "".

    >>> yuan(25042000000), yuan(30000000, "about"), yuan(2030000000000, column=True)
    ('250.4亿元', '约3000万元', '2.03万亿')
    """
    if value in (None, ""):
        return "" if column else "—"
    amount = float(value)
    multipliers = money_units().multipliers
    text = _figure(amount)
    for unit in _MONEY_UNITS:
        if abs(amount) >= multipliers[unit]:
            text = _figure(amount / multipliers[unit]) + unit
            break
    if column:
        return text
    text += "元"
    mark = QUALIFIER_MARKS.get(qualifier or "exact", "")
    return text + mark if mark in _AFTER_MARKS else mark + text


def money_unit(largest: Any) -> tuple[str, int]:
    """The unit a chart's money axis reads in, the one `yuan` would give its largest value:
    ("万亿元", 10**12), ("亿元", 10**8), ("万元", 10**4) or ("元", 1).

    >>> money_unit(2_150_000_000_000)
    ('万亿元', 1000000000000)
    """
    for unit in _MONEY_UNITS:
        if abs(float(largest or 0)) >= money_units().multipliers[unit]:
            return unit + "元", money_units().multipliers[unit]
    return "元", 1


def money_bands(largest: Any) -> list[dict[str, Any]]:
    """A map legend's bands of money, a power of ten each (a log scale), from under 1亿 up to
    the band holding ``largest``: [{"min", "max" (None: no bound), "label"}].

    >>> [b["label"] for b in money_bands(3_500_000_000)]
    ['1亿元以下', '1亿–10亿元', '10亿–100亿元']
    """
    yi = money_units().multipliers["亿"]
    edges = [0, yi]
    while edges[-1] <= float(largest or 0) and edges[-1] < 10 ** 16:
        edges.append(edges[-1] * 10)
    bands = []
    for low, high in zip(edges, edges[1:]):
        label = f"{yuan(high)}以下" if low == 0 else f"{yuan(low, column=True)}–{yuan(high)}"
        bands.append({"min": low, "max": high, "label": label})
    return bands


def quantity(value: Any, unit: str | None = None, qualifier: str | None = None) -> str:
    """A goal or figure that is not money, in its own unit: 50.0 个 → ``50个``, 10000 家 →
    ``1万家``, 420000000 千瓦 → ``4.2亿千瓦``, 45 % → ``45%``; yuan (unit CNY) as `yuan`.

    >>> quantity(50.0, "个", "at_least"), quantity(10000, "家"), quantity(420000000, "千瓦"), quantity(8, "%", "about")
    ('50个以上', '1万家', '4.2亿千瓦', '约8%')
    """
    if value in (None, ""):
        return "—"
    if (unit or "").upper() in ("CNY", "元", "YUAN"):
        return yuan(value, qualifier)
    number = float(value)
    multipliers = money_units().multipliers
    text = _figure(number)
    if (unit or "") != "%":
        for word in ("亿", "万"):
            if abs(number) >= multipliers[word]:
                text = _figure(number / multipliers[word]) + word
                break
    text += unit or ""
    mark = QUALIFIER_MARKS.get(qualifier or "exact", "")
    return text + mark if mark in _AFTER_MARKS else mark + text


def target_goals(target: dict[str, Any]) -> list[str]:
    """A target's goals, each in its own unit.

    >>> target_goals({"project_count": 100, "investment_yuan": 80_000_000_000, "qualifier": "over",
    ...               "metrics": [{"metric": "新建成", "value": 50.0, "unit": "个", "qualifier": "at_least"}]})
    ['项目 超100个', '投资 超800亿元', '新建成 50个以上']
    """
    goals = []
    qualifier = target.get("qualifier") or "at_least"
    if target.get("project_count"):
        goals.append(f"项目 {quantity(target['project_count'], '个', qualifier)}")
    if target.get("investment_yuan"):
        goals.append(f"投资 {yuan(target['investment_yuan'], qualifier)}")
    for m in target.get("metrics") or []:
        goals.append(f"{m.get('metric') or ''} {quantity(m.get('value'), m.get('unit'), m.get('qualifier'))}".strip())
    return goals


def headline(event: dict[str, Any], limit: int = 40) -> str:
    """What an event is called in a list: its title, else the first sentence of its evidence
    (most news events have no title of their own), clipped to ``limit`` characters.

    >>> headline({"title": None, "evidence": {"text": "3月8日,某区举行签约仪式,签约项目15个。此后…"}})
    '3月8日,某区举行签约仪式,签约项目15个'
    """
    text = (event.get("title") or "").strip()
    if not text:
        evidence = (event.get("evidence") or {}).get("text") or ""
        text = _SENTENCE_END.split(evidence.strip(), maxsplit=1)[0].strip()
    return text if len(text) <= limit else text[:limit - 1] + "…"


_SENTENCE_END = re.compile(r"[。;；!！?？\n]")


def type_name(kind: str | None) -> str:
    """The name of an event type (the type itself when unknown).

    >>> type_name("groundbreaking")
    '开工'
    """
    return TYPE_NAMES.get(kind or "", kind or "—")


def stage_name(stage: str | None) -> str:
    """The name of a project's stage (an event type's name when it is none).

    >>> stage_name("production"), stage_name("signing")
    ('投产', '签约')
    """
    return STAGE_NAMES.get(stage or "") or type_name(stage)


def summary_line(event: dict[str, Any]) -> str:
    """An event in one line, as a feed's entry title or a briefing's list says it: the
    place, what happened, how many projects, how much (a running total says so).

    >>> summary_line({"type": "signing", "region": {"name": "蜀山区"}, "project_count": 22,
    ...           "investment_yuan": 18640000000, "qualifier": "exact"})
    '蜀山区 签约 22个项目 186.4亿元'
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

    >>> describe_filter({"region": "合肥", "type": "signing,groundbreaking", "min_investment": 1000000000})
    '合肥 · 签约、开工 · 不少于10亿元'
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
    if match is None or (unit and unit not in money_units().multipliers):
        raise ValueError(f"not an amount of yuan: {text!r} (write it in digits: 10亿, 5000万 or 300000000)")
    number = float(match.group(1).replace(",", ""))
    return int(round(number * (money_units().multipliers[unit] if unit else 1)))
