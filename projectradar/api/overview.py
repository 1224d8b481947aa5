"""Dashboard figures built from the store's public queries: map shading, timelines, rankings.

Nothing here touches SQL: each function calls `store.stats` / `store.events`
and reshapes the rows the way a chart wants them."""
from __future__ import annotations

import datetime as dt
from typing import Any

from .dependencies import make_filter

__all__ = ["child_level", "region_rows", "map_rows", "timeline", "overview", "latest_year",
           "stat_value", "MUNICIPALITIES"]

# Provinces whose next level down on a map is the district (直辖市).
MUNICIPALITIES = ("11", "12", "31", "50")
# The series the overview's timeline shows: signed and started investment.
TIMELINE_TYPES = ("signing", "groundbreaking")


def child_level(adcode: str | None) -> str:
    """The level one step below a region: ``None``/000000 → province, 370000 → city,
    110000 → district, 370100 → district.

    >>> child_level("370000")
    'city'
    """
    code = (adcode or "").ljust(6, "0")
    if not adcode or code == "000000":
        return "province"
    if code.endswith("0000"):
        return "district" if code[:2] in MUNICIPALITIES else "city"
    return "district"


def stat_value(row: dict[str, Any], *names: str) -> Any:
    """The first of several possible column names in a stats row (0 when none)."""
    for name in names:
        if row.get(name) is not None:
            return row[name]
    return 0


def _region_of(row: dict[str, Any]) -> tuple[str | None, str | None]:
    region = row.get("region")
    if isinstance(region, dict):
        return region.get("adcode"), region.get("name")
    return row.get("adcode") or row.get("key"), row.get("name") or (region if isinstance(region, str) else None)


def region_rows(store: Any, *, parent: str | None, year: int | None, type: str | None = "signing",
                level: str | None = None) -> list[dict[str, Any]]:
    """Totals per region one level below ``parent`` (or at ``level``), largest investment first.

    Returns rows ``{"adcode", "name", "events", "projects", "investment_yuan"}``.
    """
    level = level or child_level(parent)
    fields: dict[str, Any] = {}
    if parent and parent.ljust(6, "0") != "000000":
        fields["adcode"] = parent
    if type:
        fields["type"] = type
    filters = make_filter(**fields) if fields else None
    rows = []
    for row in store.stats(by="region", level=level, year=year, filters=filters):
        adcode, name = _region_of(row)
        if not adcode or not name:
            continue
        rows.append({
            "adcode": adcode,
            "name": name,
            "events": int(stat_value(row, "events", "count", "n")),
            "projects": int(stat_value(row, "projects", "project_count")),
            "investment_yuan": int(stat_value(row, "investment_yuan", "investment")),
        })
    rows.sort(key=lambda r: (-r["investment_yuan"], -r["events"], r["adcode"]))
    return rows


def map_rows(store: Any, *, parent: str | None, year: int | None) -> dict[str, Any]:
    """What the map needs to shade one level: ``{"parent", "level", "year", "regions": [...]}``."""
    return {
        "parent": parent or "000000",
        "level": child_level(parent),
        "year": year,
        "regions": region_rows(store, parent=parent, year=year, type="signing"),
    }


def timeline(store: Any, *, year: int | None, adcode: str | None = None) -> dict[str, Any]:
    """Monthly signed and started investment: ``{"months": [...], "series": {type: [yuan...]}}``."""
    months = [f"{year}-{m:02d}" for m in range(1, 13)] if year else []
    series: dict[str, list[int]] = {}
    counts: dict[str, list[int]] = {}
    for kind in TIMELINE_TYPES:
        fields: dict[str, Any] = {"type": kind}
        if adcode:
            fields["adcode"] = adcode
        rows = store.stats(by="month", year=year, filters=make_filter(**fields))
        by_month = {str(stat_value(r, "month", "key")): r for r in rows}
        if not year:
            months = sorted(set(months) | {m for m in by_month if m})
        series[kind] = [int(stat_value(by_month.get(m, {}), "investment_yuan", "investment")) for m in months]
        counts[kind] = [int(stat_value(by_month.get(m, {}), "events", "count")) for m in months]
    if not year:
        for kind in TIMELINE_TYPES:
            rows = {m: v for m, v in zip(months, series[kind])}
            series[kind] = [rows.get(m, 0) for m in months]
    return {"year": year, "months": months, "series": series, "counts": counts}


def latest_year(store: Any) -> int:
    """The year the overview opens on: this year when it has events, else the latest year that has."""
    this_year = dt.date.today().year
    years = []
    for row in store.stats(by="month"):
        month = str(stat_value(row, "month", "key"))
        if len(month) >= 4 and month[:4].isdigit():
            years.append(int(month[:4]))
    if not years or this_year in years:
        return this_year
    return max(years)


def overview(store: Any, *, year: int | None) -> dict[str, Any]:
    """Everything the 总览 page shows for a year: totals by type, timeline, top regions."""
    by_type = {}
    for row in store.stats(by="type", year=year):
        kind = row.get("type") or row.get("key")
        if kind:
            by_type[kind] = {
                "events": int(stat_value(row, "events", "count")),
                "projects": int(stat_value(row, "projects", "project_count")),
                "investment_yuan": int(stat_value(row, "investment_yuan", "investment")),
            }
    return {
        "year": year,
        "by_type": by_type,
        "timeline": timeline(store, year=year),
        "top_cities": region_rows(store, parent=None, year=year, level="city")[:10],
        "top_provinces": region_rows(store, parent=None, year=year, level="province")[:10],
    }
