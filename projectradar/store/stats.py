"""Totals: events, projects and investment by region, month, type or sector; targets beside
what followed them; a region's page. Answered from the summary tables when the filter allows."""
from __future__ import annotations

import functools
import json

from sqlalchemy import and_, case, func, literal, select
from sqlalchemy.engine import Connection

from ..errors import FilterError
from ..formatting import type_name
from ..regions import LEVEL_RANK, NATION
from ..regions import MUNICIPALITIES
from ..regions.table import LEVELS
from ..resolve import COUNTED_TYPES
from ..tables import load_table
from .conditions import adcode_prefix, event_conditions, prefix_condition, region_prefix, split_types, until_bound
from .filters import EventFilter
from .queries import list_events, record_of
from .schema import event_sectors, events, month_stats, region_stats, regions, sector_stats

__all__ = ["stats", "targets", "region_summary", "STATS_BY"]

STATS_BY = ("region", "month", "type", "sector")


def _region_key(column, level: str | None):
    level = level or "province"
    if level not in LEVELS:
        raise FilterError(f"unknown level {level!r}: use one of {', '.join(LEVELS)}")
    if level == "district":
        return column
    width = 2 if level == "province" else 4
    # a province-level event stays under its own code at city level; codes that are not six
    # digits (foreign places, groups, "") stay as they are
    six = func.length(column) == 6
    if level == "city":
        return case((and_(six, func.substr(column, 3, 4) == "0000"), column),
                    (and_(six, func.substr(column, 1, 2).in_(MUNICIPALITIES)),
                     func.substr(column, 1, 2) + literal("0000")),
                    (six, func.substr(column, 1, 4) + literal("00")), else_=column)
    return case((six, func.substr(column, 1, width) + literal("0" * (6 - width))), else_=column)


def _roll_up(code: str, level: str) -> str:
    """A six-digit code at a coarser level (as `_region_key` does in SQL)."""
    if len(code) != 6 or not code.isdigit() or code == NATION.adcode or level == "district":
        return code
    if level == "province" or code[:2] in MUNICIPALITIES:
        return code[:2] + "0000"
    return code if code.endswith("0000") else code[:4] + "00"


_FILTER_LEVEL = {2: "province", 4: "city", 6: "district"}


def _level_rank(level: str) -> int:
    # the summary tables call the nation's rows "all"
    return LEVEL_RANK["country" if level == "all" else level]


def _summary_plan(conn: Connection, by: str, level: str | None, flt: EventFilter) -> tuple | None:
    """Which summary table and level answer this question, or None when only a scan can."""
    if any([flt.since, flt.until, flt.min_investment is not None, flt.sector, flt.q, flt.source]):
        return None
    prefix = region_prefix(conn, flt) or ""
    if prefix and (len(prefix) not in _FILTER_LEVEL or not prefix.isdigit()):
        return None
    need = _FILTER_LEVEL.get(len(prefix), "all")
    if by == "region":
        want = level or "province"
        use = want if _level_rank(want) >= _level_rank(need) else need
        return region_stats, use, prefix
    if by == "type":
        return region_stats, "province" if need == "all" else need, prefix
    if need == "district":
        return None
    return (month_stats if by == "month" else sector_stats), need, prefix


def at_level(code: str, level: str) -> bool:
    """Whether a division code is one of ``level``'s: a list by city holds cities (a
    municipality counts as one), not the provinces whose own events stay under their code.

    >>> at_level("370100", "city"), at_level("370000", "city"), at_level("110000", "city")
    (True, False, True)
    """
    if len(code) != 6 or not code.isdigit() or code == NATION.adcode:
        return False
    if level == "province":
        return code.endswith("0000")
    if level == "city":
        return code.endswith("00") and (not code.endswith("0000") or code[:2] in MUNICIPALITIES)
    return not code.endswith("00")


def _finish(conn: Connection, by: str, out: list[dict], level: str | None = None) -> list[dict]:
    out = [o for o in out if o["events"]]
    if by == "region" and level in ("province", "city", "district"):
        out = [o for o in out if at_level(o["key"], level)]
    if by == "region":
        names = _region_names(conn, [o["key"] for o in out])
        for o in out:
            o["name"] = names.get(o["key"]) or (o["key"] or "(no region)")
    elif by == "type":
        for o in out:
            o["name"] = type_name(o["key"])
    elif by == "month":
        for o in out:
            o["name"] = o["key"] or "(undated)"
    else:
        for o in out:
            o["name"] = o["key"]
    if by == "month":
        out.sort(key=lambda o: o["key"])
    else:
        out.sort(key=lambda o: (-o["events"], -o["investment_yuan"], o["key"]))
    return [{"key": o["key"], "name": o["name"], "events": o["events"], "projects": o["projects"],
             "investment_yuan": o["investment_yuan"]} for o in out]


def _region_names(conn: Connection, codes: list[str]) -> dict[str, str]:
    codes = [c for c in codes if c]
    names: dict[str, str] = {}
    for i in range(0, len(codes), 500):
        chunk = codes[i:i + 500]
        names.update({r.adcode: r.name for r in conn.execute(
            select(regions.c.adcode, regions.c.name).where(regions.c.adcode.in_(chunk))).all()})
    return names


def stats(conn: Connection, by: str = "region", *, level: str | None = None, year: int | str | None = None,
          filters: EventFilter | None = None) -> list[dict]:
    """Totals grouped ``by`` region | month | type | sector: [{key, name, events, projects,
    investment_yuan}]. ``level`` (province | city | district, default province) sets the
    region grain, and only regions of that level are listed (by city: no province); ``year``
    keeps one year. "projects" and "investment_yuan" add up signing,
    groundbreaking, completion and key-project events that are not running totals.

    Answered from the summary tables kept on write when the filters allow (type, region,
    year), else by scanning the matching events.

        >>> stats(conn, "region", level="city", year=2023)[0]
        {'key': '340100', 'name': '合肥市', 'events': 12, 'projects': 80, 'investment_yuan': 61200000000}
    """
    if by not in STATS_BY:
        raise FilterError(f"unknown grouping {by!r}: use one of {', '.join(STATS_BY)}")
    if level is not None and level not in LEVELS:
        raise FilterError(f"unknown level {level!r}: use one of {', '.join(LEVELS)}")
    flt = filters or EventFilter()
    year_text = f"{int(year):04d}" if year else None
    plan = _summary_plan(conn, by, level, flt)
    if plan is not None:
        table, use_level, prefix = plan
        conds = [table.c.level == use_level]
        if prefix:
            conds.append(prefix_condition(table.c.code, prefix))
        kinds = split_types(flt.type)
        if kinds:
            conds.append(table.c.type.in_(kinds))
        if year_text:
            conds.append(table.c.month.like(year_text + "%") if table is month_stats else table.c.year == year_text)
        key = {"region": table.c.code, "type": table.c.type, "month": getattr(table.c, "month", None),
               "sector": getattr(table.c, "sector", None)}[by].label("key")
        rows = conn.execute(select(key, func.sum(table.c.events), func.sum(table.c.projects),
                                   func.sum(table.c.investment_yuan)).where(*conds).group_by(key)).all()
        merged: dict[str, dict] = {}
        for k, n, p, m in rows:
            k = k or ""
            if by == "region":
                k = _roll_up(k, level or "province")
            o = merged.setdefault(k, {"key": k, "events": 0, "projects": 0, "investment_yuan": 0})
            o["events"] += int(n or 0)
            o["projects"] += int(p or 0)
            o["investment_yuan"] += int(m or 0)
        return _finish(conn, by, list(merged.values()), level or "province")
    conds = event_conditions(conn, flt)
    if year_text:
        conds.append(prefix_condition(events.c.date_start, year_text))
    counted = and_(events.c.type.in_(COUNTED_TYPES), events.c.cumulative.is_(False), events.c.umbrella.is_(False))
    n = func.count()
    projects = func.sum(case((counted, func.coalesce(events.c.project_count, 0)), else_=0))
    money = func.sum(case((counted, func.coalesce(events.c.investment_yuan, 0)), else_=0))
    source = events
    if by == "sector":
        source = events.join(event_sectors, event_sectors.c.event_id == events.c.id)
        key = event_sectors.c.sector
    else:
        key = {"region": _region_key(func.coalesce(events.c.adcode, ""), level),
               "month": func.coalesce(events.c.month, ""), "type": events.c.type}[by]
    key = key.label("key")
    rows = conn.execute(select(key, n, projects, money).select_from(source).where(*conds).group_by(key)).all()
    return _finish(conn, by, [{"key": k or "", "events": int(c or 0), "projects": int(p or 0),
                               "investment_yuan": int(m or 0)} for k, c, p, m in rows], level or "province")


# ----------------------------------------------------------------- targets
@functools.cache
def _signing_words() -> tuple[str, ...]:
    return tuple(row.cells[0] for row in load_table("target_measures.tsv", 2) if row.cells[1] == "signing")


def counts_signings(target: dict) -> bool:
    """Whether a target measures what signings report (新签约项目100个, 招引…800亿元): only then is
    its progress the signings that followed it (see data/target_measures.tsv)."""
    text = (target.get("evidence") or {}).get("text") or ""
    return bool(target.get("project_count") or target.get("investment_yuan")) and any(
        word in text for word in _signing_words())


def _year_end(year: str) -> str:
    return f"{year}-12-31"


def _progress(conn: Connection, target: dict) -> dict:
    region = (target.get("region") or {}).get("adcode")
    start = (target.get("date") or {}).get("start") or ""
    year = start[:4]
    precision = (target.get("date") or {}).get("precision") or ("day" if len(start) == 10 else "year")
    # "afterwards that year": a target announced on a day (a year's meeting) counts the
    # signings from that day; one known only to its month, from the month's first day;
    # one known only to its year counts the whole year
    if precision == "day" and len(start) == 10:
        since = start
    elif precision == "month" and len(start) >= 7:
        since = start[:7] + "-01"
    else:
        since = f"{year}-01-01"
    progress = {"since": since, "until": _year_end(year) if year else None, "signed_events": 0,
                "signed_projects": 0, "signed_investment_yuan": 0, "projects_pct": None, "investment_pct": None,
                "comparable": counts_signings(target)}
    if not region or not year or not progress["comparable"]:
        return progress
    row = conn.execute(
        select(func.count(), func.sum(func.coalesce(events.c.project_count, 0)),
               func.sum(func.coalesce(events.c.investment_yuan, 0)))
        .where(events.c.type == "signing", events.c.cumulative.is_(False), events.c.umbrella.is_(False),
               prefix_condition(events.c.adcode, adcode_prefix(region)),
               events.c.date_start >= since, events.c.date_start <= until_bound(_year_end(year)))
    ).one()
    progress["signed_events"] = int(row[0] or 0)
    progress["signed_projects"] = int(row[1] or 0)
    progress["signed_investment_yuan"] = int(row[2] or 0)
    if target.get("project_count"):
        progress["projects_pct"] = round(100.0 * progress["signed_projects"] / target["project_count"], 1)
    if target.get("investment_yuan"):
        progress["investment_pct"] = round(100.0 * progress["signed_investment_yuan"] / target["investment_yuan"], 1)
    return progress


def targets(conn: Connection, *, region: str | None = None, year: int | str | None = None) -> list[dict]:
    """Each announced target (type "target") with "progress": signing events the same region
    (children included) reported after it that year: {since, until, signed_events,
    signed_projects, signed_investment_yuan, projects_pct, investment_pct, comparable}.
    ``comparable`` is False for a goal that does not count signings (`counts_signings`):
    then nothing is summed and both percentages are None."""
    flt = EventFilter(type="target")
    if region:
        if region.isdigit():
            flt.adcode = region
        else:
            flt.region = region
    conds = event_conditions(conn, flt)
    if year:
        conds.append(prefix_condition(events.c.date_start, f"{int(year):04d}"))
    rows = conn.execute(select(events.c.id, events.c.record, events.c.mentions)
                        .where(*conds).order_by(events.c.date_start.desc(), events.c.id)).all()
    out = []
    for r in rows:
        rec = record_of(r)
        rec["progress"] = _progress(conn, rec)
        out.append(rec)
    return out


def region_summary(conn: Connection, adcode: str, *, year: int | str | None = None) -> dict | None:
    """A region's page: {"region": {adcode, name, level, parent, path}, "totals": {events,
    projects, investment_yuan}, "by_type": [...], "children": [{key, name, events, projects,
    investment_yuan}] ranked by investment, "events": latest 20, "targets": [...]}; None when unknown."""
    row = conn.execute(select(regions).where(regions.c.adcode == adcode)).first()
    if row is None:
        return None
    region = dict(row._mapping)
    region["path"] = json.loads(region.get("path") or "[]")
    flt = EventFilter(adcode=adcode)
    by_type = stats(conn, "type", year=year, filters=flt)
    totals = {"events": sum(t["events"] for t in by_type), "projects": sum(t["projects"] for t in by_type),
              "investment_yuan": sum(t["investment_yuan"] for t in by_type)}
    child_level = {"province": "city", "city": "district"}.get(region["level"])
    if adcode[:2] in MUNICIPALITIES:
        child_level = "district"             # 北京's districts sit right under it
    if region["adcode"] == NATION.adcode:
        child_level = "province"
    children = []
    if child_level:
        children = [c for c in stats(conn, "region", level=child_level, year=year, filters=flt)
                    if c["key"] != adcode]
        children.sort(key=lambda c: (-c["investment_yuan"], -c["events"], c["key"]))
    recent_filter = EventFilter(adcode=adcode, since=f"{int(year):04d}" if year else None,
                                until=f"{int(year):04d}" if year else None)
    return {"region": region, "totals": totals, "by_type": by_type, "children": children,
            "events": list_events(conn, recent_filter, limit=20),
            "targets": targets(conn, region=adcode, year=year)}
