"""The dashboard's figures, from the totals: map shading, the monthly timeline, rankings, the
year an overview opens on."""
from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.engine import Connection

from ..regions import NATION
from ..regions import MUNICIPALITIES
from .filters import EventFilter
from .stats import stats

__all__ = ["child_level", "region_rows", "map_rows", "timeline", "years", "latest_year", "overview", "TIMELINE_TYPES"]

# The series the overview's timeline shows: signed and started investment.
TIMELINE_TYPES = ("signing", "groundbreaking")


def child_level(adcode: str | None) -> str:
    """The level one step below a region: ``None``/000000 → province, 370000 → city,
    110000 → district, 370100 → district.

    >>> child_level("370000")
    'city'
    """
    code = (adcode or "").ljust(6, "0")
    if not adcode or code == NATION.adcode:
        return "province"
    if code.endswith("0000"):
        return "district" if code[:2] in MUNICIPALITIES else "city"
    return "district"


def region_rows(conn: Connection, *, parent: str | None, year: int | None, type: str | None = "signing",
                level: str | None = None) -> list[dict[str, Any]]:
    """Totals per region one level below ``parent`` (or at ``level``), largest investment first:
    ``[{"adcode", "name", "events", "projects", "investment_yuan"}]`` (regions without a code
    or a name left out)."""
    flt = EventFilter(type=type or None)
    if parent and parent.ljust(6, "0") != NATION.adcode:
        flt.adcode = parent
    rows = [{"adcode": row["key"], "name": row["name"], "events": row["events"], "projects": row["projects"],
             "investment_yuan": row["investment_yuan"]}
            for row in stats(conn, "region", level=level or child_level(parent), year=year, filters=flt)
            if row["key"] and row["name"]]
    rows.sort(key=lambda r: (-r["investment_yuan"], -r["events"], r["adcode"]))
    return rows


def map_rows(conn: Connection, *, parent: str | None, year: int | None) -> dict[str, Any]:
    """What the map needs to shade one level: ``{"parent", "level", "year", "regions": [...]}``."""
    return {
        "parent": parent or NATION.adcode,
        "level": child_level(parent),
        "year": year,
        "regions": region_rows(conn, parent=parent, year=year, type="signing"),
    }


def timeline(conn: Connection, *, year: int | None, adcode: str | None = None) -> dict[str, Any]:
    """Monthly signed and started investment: ``{"year", "months": [...], "series": {type: [yuan...]},
    "counts": {type: [events...]}}``; without a year, every month that has events."""
    by_type = {kind: {row["key"]: row for row in stats(conn, "month", year=year,
                                                       filters=EventFilter(type=kind, adcode=adcode or None))}
               for kind in TIMELINE_TYPES}
    if year:
        months = [f"{year}-{m:02d}" for m in range(1, 13)]
    else:
        months = sorted({month for rows in by_type.values() for month in rows if month})
    empty = {"investment_yuan": 0, "events": 0}
    return {
        "year": year,
        "months": months,
        "series": {kind: [rows.get(m, empty)["investment_yuan"] for m in months] for kind, rows in by_type.items()},
        "counts": {kind: [rows.get(m, empty)["events"] for m in months] for kind, rows in by_type.items()},
    }


def years(conn: Connection) -> list[dict[str, Any]]:
    """Every year that has events, newest first: [{"year", "events", "signed_yuan"}] (a goal
    for a later year, 2030年, makes no year of its own: only events of this year or before)."""
    this_year = dt.date.today().year
    found: dict[int, dict[str, Any]] = {}
    for row in stats(conn, "month"):
        key = row["key"] or ""
        if len(key) >= 4 and key[:4].isdigit() and int(key[:4]) <= this_year:
            year = found.setdefault(int(key[:4]), {"year": int(key[:4]), "events": 0, "signed_yuan": 0})
            year["events"] += row["events"]
    for row in stats(conn, "month", filters=EventFilter(type="signing")):
        key = row["key"] or ""
        if key[:4].isdigit() and int(key[:4]) in found:
            found[int(key[:4])]["signed_yuan"] += row["investment_yuan"]
    return sorted(found.values(), key=lambda y: -y["year"])


def latest_year(conn: Connection) -> int:
    """The year the overview opens on: the latest one whose signings carry money (so the map
    has colour), else the latest with events, else this year."""
    known = years(conn)
    for year in known:
        if year["signed_yuan"]:
            return year["year"]
    return known[0]["year"] if known else dt.date.today().year


def overview(conn: Connection, *, year: int | None) -> dict[str, Any]:
    """Everything the 总览 page shows for a year: totals by type, timeline, top regions."""
    return {
        "year": year,
        "by_type": {row["key"]: {"events": row["events"], "projects": row["projects"],
                                 "investment_yuan": row["investment_yuan"]}
                    for row in stats(conn, "type", year=year) if row["key"]},
        "timeline": timeline(conn, year=year),
        "top_cities": region_rows(conn, parent=None, year=year, level="city")[:10],
        "top_provinces": region_rows(conn, parent=None, year=year, level="province")[:10],
    }
