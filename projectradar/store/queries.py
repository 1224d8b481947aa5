"""The questions the store answers (CLI, API and web all call these through `Store`).

Each function takes an open SQLAlchemy Connection and returns plain dicts in
the event record of shared/spec/events.md, plus a few store fields
("mentions", "sources", "history", "progress").
"""
from __future__ import annotations

import json
import re
from typing import Any

from sqlalchemy import and_, case, func, literal, or_, select, text
from sqlalchemy.engine import Connection

from ..errors import FilterError
from . import fts
from .filters import EventFilter
from .ingest import MUNICIPALITIES
from .schema import (documents, event_history, event_sectors, event_sources, events, month_stats, region_stats,
                     regions, sector_stats, sources)

__all__ = ["EventFilter", "list_events", "count_events", "get_event", "stats", "targets",
           "region_summary", "get_document", "search", "resolve_region", "adcode_prefix",
           "event_conditions", "TYPE_NAMES", "SORTS", "STATS_BY", "LEVELS"]

TYPE_NAMES = {
    "signing": "签约", "groundbreaking": "开工", "completion": "竣工投产", "key_projects": "重点项目",
    "investment_trip": "外出招商", "meeting": "会议", "target": "目标", "award": "奖励",
}
SORTS = ("-date", "date", "-investment", "investment", "-confidence", "-mentions")
STATS_BY = ("region", "month", "type", "sector")
LEVELS = ("province", "city", "district")
_COUNTED_TYPES = ("signing", "groundbreaking", "completion", "key_projects")
_LEVEL_RANK = {"province": 0, "city": 1, "district": 2}


# ----------------------------------------------------------------- regions
def adcode_prefix(adcode: str) -> str:
    """The code prefix that covers a region and all its children.

        >>> adcode_prefix("370000"), adcode_prefix("370100"), adcode_prefix("370103"), adcode_prefix("3701")
        ('37', '3701', '370103', '3701')
    """
    code = (adcode or "").strip()
    if len(code) == 6 and code.isdigit():
        while code.endswith("00") and len(code) > 2:
            code = code[:-2]
        if code == "00":
            return ""
    return code


def _prefix_condition(column, prefix: str):
    """column starts with prefix, as an index-friendly range."""
    if not prefix:
        return literal(True)
    upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    return and_(column >= prefix, column < upper)


def resolve_region(conn: Connection, name: str) -> dict | None:
    """A place name (济南, 济南市, 历下区, 山东) → {"adcode", "name", "level"} or None.

    Uses the regions engineer's ranked `find_by_name` when present, else the regions table.
    """
    name = (name or "").strip()
    if not name:
        return None
    if name.isdigit():
        row = conn.execute(select(regions).where(regions.c.adcode == name)).first()
        return dict(row._mapping) if row else {"adcode": name, "name": name, "level": None}
    try:
        from .. import regions as region_lexicon

        ranked = region_lexicon.find_by_name(name)
    except (ImportError, AttributeError):
        ranked = []
    except Exception:  # a lexicon problem must not break a query: fall back to the table
        ranked = []
    if ranked:
        best = ranked[0]
        return {"adcode": best.adcode, "name": best.name, "level": best.level}
    rows = conn.execute(
        select(regions.c.adcode, regions.c.name, regions.c.level).where(
            or_(regions.c.name == name, regions.c.short_name == name,
                regions.c.name.in_([name + "市", name + "省", name + "区", name + "县"])))
    ).all()
    if not rows:
        return None
    order = {"province": 0, "city": 1, "district": 2}
    best = sorted(rows, key=lambda r: (order.get(r.level, 3), r.adcode))[0]
    return {"adcode": best.adcode, "name": best.name, "level": best.level}


def _region_prefix(conn: Connection, flt: EventFilter) -> str | None:
    if flt.adcode:
        return adcode_prefix(flt.adcode)
    if flt.region:
        found = resolve_region(conn, flt.region)
        if found is None:
            raise FilterError(f"unknown region: {flt.region!r} (try an adcode with --adcode)")
        return adcode_prefix(found["adcode"])
    return None


# ----------------------------------------------------------------- filters
def _types(value: str | list[str] | None) -> list[str]:
    if not value:
        return []
    if isinstance(value, str):
        return [t for t in re.split(r"[,\s]+", value) if t]
    return list(value)


def _until_bound(until: str) -> str:
    # "2023-02" must include 2023-02-28: compare against "2023-02~" ('~' sorts after digits and '-')
    return until + "~"


def event_conditions(conn: Connection, flt: EventFilter | None, *, walk_dates: bool = False) -> list:
    """SQL conditions on the events table for a filter. ``walk_dates`` wraps the region
    test in a function so that SQLite cannot use the region index and walks the date
    index instead (see `_broad_region`)."""
    if flt is None:
        return []
    conds: list = []
    kinds = _types(flt.type)
    if kinds:
        conds.append(events.c.type.in_(kinds) if len(kinds) > 1 else events.c.type == kinds[0])
    prefix = _region_prefix(conn, flt)
    if prefix:
        column = func.coalesce(events.c.adcode, "") if walk_dates else events.c.adcode
        conds.append(_prefix_condition(column, prefix))
    if flt.since:
        conds.append(events.c.date_start >= flt.since)
    if flt.until:
        conds.append(events.c.date_start <= _until_bound(flt.until))
    if flt.min_investment is not None:
        conds.append(events.c.investment_yuan >= int(flt.min_investment))
    if flt.sector:
        conds.append(events.c.id.in_(select(event_sectors.c.event_id).where(event_sectors.c.sector == flt.sector)))
    if flt.source:
        conds.append(events.c.id.in_(
            select(event_sources.c.event_id).join(sources, sources.c.id == event_sources.c.source_id)
            .where(or_(sources.c.source == flt.source, sources.c.url == flt.source))))
    if flt.q:
        conds.append(_text_condition(conn, flt.q))
    return conds


def _text_condition(conn: Connection, q: str):
    like = f"%{q.strip()}%"
    plain = or_(events.c.title.like(like), events.c.record.like(like))
    expr = fts.match_expression(q, conn.dialect.name)
    if expr is None:
        return plain
    matched = text(fts.match_clause(conn.dialect.name)).bindparams(fts_q=expr).columns(
        document_id=documents.c.id.type).subquery()
    told = select(event_sources.c.event_id).where(event_sources.c.document_id.in_(select(matched.c.document_id)))
    return or_(events.c.id.in_(told), plain)


# ------------------------------------------------------------------ events
def _order(conn: Connection, sort: str):
    pg = conn.dialect.name == "postgresql"
    table = {
        "date": events.c.date_start, "investment": events.c.investment_yuan,
        "confidence": events.c.confidence, "mentions": events.c.mentions,
    }
    key = (sort or "-date").lstrip("-+")
    if key not in table:
        raise FilterError(f"unknown sort {sort!r}: use one of {', '.join(SORTS)}")
    col = table[key]
    if sort.startswith("-"):
        first = col.desc().nulls_last() if pg else col.desc()
        return [first, events.c.id.desc()]
    return [col.asc(), events.c.id.asc()]


def _sources_of(conn: Connection, ids: list[str]) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {i: [] for i in ids}
    if not ids:
        return out
    rows = conn.execute(
        select(event_sources.c.event_id, event_sources.c.document_id, sources.c.source, sources.c.url,
               sources.c.title, sources.c.source_name)
        .join(sources, sources.c.id == event_sources.c.source_id)
        .where(event_sources.c.event_id.in_(ids)).order_by(event_sources.c.id)
    ).all()
    for r in rows:
        out[r.event_id].append({"source": r.source, "url": r.url, "document_id": r.document_id,
                                "title": r.title, "source_name": r.source_name})
    return out


def _record(row) -> dict[str, Any]:
    rec = json.loads(row.record)
    rec["id"] = row.id
    rec["mentions"] = row.mentions
    return rec


_BROAD = 20_000


def _capped_count(conn: Connection, conds: list, cap: int) -> int:
    """How many events meet ``conds``, counting no further than ``cap``."""
    sample = select(events.c.id).where(*conds).limit(cap).subquery()
    return int(conn.execute(select(func.count()).select_from(sample)).scalar() or 0)


def _broad_region(conn: Connection, flt: EventFilter | None, sort: str) -> bool:
    """On SQLite, should a region filter sorted by date or investment walk the sort's own
    index (region tested on each row, stopping at the page) rather than take the region's
    rows and sort them all (what the planner picks)? Walk when the filter matches at least
    ``_BROAD`` events (a province among a million: ~500 rows read for a page of 50); below
    that, sorting the matches from a covering index (type, adcode, date, id) is cheaper than
    walking past thousands of rows of other regions. The count stops at ``_BROAD``."""
    if conn.dialect.name != "sqlite" or flt is None or (sort or "-date").lstrip("-+") not in ("date", "investment"):
        return False
    if not (flt.region or flt.adcode) or any([flt.min_investment is not None, flt.sector, flt.q, flt.source]):
        return False
    if not _region_prefix(conn, flt):
        return False
    return _capped_count(conn, event_conditions(conn, flt), _BROAD) >= _BROAD


def list_events(conn: Connection, filters: EventFilter | None = None, *, limit: int = 50,
                offset: int = 0, sort: str = "-date") -> list[dict]:
    """Events matching ``filters``, newest first by default; each is the event record plus
    "mentions" (how many documents told it) and "sources" [{source, url, document_id, title, source_name}]."""
    conds = event_conditions(conn, filters, walk_dates=_broad_region(conn, filters, sort))
    # first the page of ids (from an index), then the records of those ids only
    query = select(events.c.id).where(*conds).order_by(*_order(conn, sort))
    if limit is not None:
        query = query.limit(max(0, int(limit))).offset(max(0, int(offset)))
    ids = list(conn.execute(query).scalars())
    by_id = {r.id: r for r in conn.execute(select(events.c.id, events.c.record, events.c.mentions)
                                           .where(events.c.id.in_(ids)))} if ids else {}
    rows = [by_id[i] for i in ids]
    srcs = _sources_of(conn, ids)
    out = []
    for r in rows:
        rec = _record(r)
        rec["sources"] = srcs[r.id]
        out.append(rec)
    return out


def count_events(conn: Connection, filters: EventFilter | None = None) -> int:
    """How many events match ``filters``."""
    return int(conn.execute(select(func.count()).select_from(events)
                            .where(*event_conditions(conn, filters))).scalar() or 0)


def get_event(conn: Connection, event_id: str) -> dict | None:
    """One event: the record + "mentions", "sources" (each telling document with its evidence)
    and "history" (changes when a later article told it better). Accepts an extracted id too."""
    row = conn.execute(select(events.c.id, events.c.record, events.c.mentions).where(events.c.id == event_id)).first()
    if row is None:
        canonical = conn.execute(select(event_sources.c.event_id)
                                 .where(event_sources.c.extracted_id == event_id)).scalar()
        if canonical is None:
            return None
        row = conn.execute(select(events.c.id, events.c.record, events.c.mentions)
                           .where(events.c.id == canonical)).first()
    rec = _record(row)
    told = conn.execute(
        select(event_sources.c.document_id, event_sources.c.evidence_text, event_sources.c.evidence_start,
               event_sources.c.evidence_end, event_sources.c.confidence, event_sources.c.extracted_id,
               sources.c.source, sources.c.url, sources.c.title, sources.c.source_name, sources.c.published)
        .join(sources, sources.c.id == event_sources.c.source_id)
        .where(event_sources.c.event_id == row.id).order_by(event_sources.c.id)
    ).all()
    rec["sources"] = [{
        "document_id": t.document_id, "source": t.source, "url": t.url, "title": t.title,
        "source_name": t.source_name, "published": t.published, "extracted_id": t.extracted_id,
        "confidence": t.confidence,
        "evidence": {"text": t.evidence_text, "start": t.evidence_start, "end": t.evidence_end}
        if t.evidence_text is not None else None,
    } for t in told]
    rec["history"] = [{"changed_at": h.changed_at, "document_id": h.document_id, "changes": json.loads(h.changes)}
                      for h in conn.execute(select(event_history).where(event_history.c.event_id == row.id)
                                            .order_by(event_history.c.id)).all()]
    return rec


# ------------------------------------------------------------------- stats
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
    if len(code) != 6 or not code.isdigit() or code == "000000" or level == "district":
        return code
    if level == "province" or code[:2] in MUNICIPALITIES:
        return code[:2] + "0000"
    return code if code.endswith("0000") else code[:4] + "00"


_FILTER_LEVEL = {2: "province", 4: "city", 6: "district"}
_LEVEL_ORDER = {"all": 0, "province": 1, "city": 2, "district": 3}


def _summary_plan(conn: Connection, by: str, level: str | None, flt: EventFilter) -> tuple | None:
    """Which summary table and level answer this question, or None when only a scan can."""
    if any([flt.since, flt.until, flt.min_investment is not None, flt.sector, flt.q, flt.source]):
        return None
    prefix = _region_prefix(conn, flt) or ""
    if prefix and (len(prefix) not in _FILTER_LEVEL or not prefix.isdigit()):
        return None
    need = _FILTER_LEVEL.get(len(prefix), "all")
    if by == "region":
        want = level or "province"
        use = want if _LEVEL_ORDER[want] >= _LEVEL_ORDER[need] else need
        return region_stats, use, prefix
    if by == "type":
        return region_stats, "province" if need == "all" else need, prefix
    if need == "district":
        return None
    return (month_stats if by == "month" else sector_stats), need, prefix


def _finish(conn: Connection, by: str, out: list[dict]) -> list[dict]:
    out = [o for o in out if o["events"]]
    if by == "region":
        names = _region_names(conn, [o["key"] for o in out])
        for o in out:
            o["name"] = names.get(o["key"]) or (o["key"] or "(no region)")
    elif by == "type":
        for o in out:
            o["name"] = TYPE_NAMES.get(o["key"], o["key"])
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
    region grain; ``year`` keeps one year. "projects" and "investment_yuan" add up signing,
    groundbreaking, completion and key-project events that are not running totals.

    Answered from the summary tables kept on write when the filters allow (type, region,
    year), else by scanning the matching events.

        >>> stats(conn, "region", level="city", year=2023)[0]
        {'key': '370100', 'name': '济南市', 'events': 12, 'projects': 80, 'investment_yuan': 61200000000}
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
            conds.append(_prefix_condition(table.c.code, prefix))
        kinds = _types(flt.type)
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
        return _finish(conn, by, list(merged.values()))
    conds = event_conditions(conn, flt)
    if year_text:
        conds.append(_prefix_condition(events.c.date_start, year_text))
    counted = and_(events.c.type.in_(_COUNTED_TYPES), events.c.cumulative.is_(False), events.c.umbrella.is_(False))
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
                               "investment_yuan": int(m or 0)} for k, c, p, m in rows])


# ----------------------------------------------------------------- targets
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
                "signed_projects": 0, "signed_investment_yuan": 0, "projects_pct": None, "investment_pct": None}
    if not region or not year:
        return progress
    row = conn.execute(
        select(func.count(), func.sum(func.coalesce(events.c.project_count, 0)),
               func.sum(func.coalesce(events.c.investment_yuan, 0)))
        .where(events.c.type == "signing", events.c.cumulative.is_(False), events.c.umbrella.is_(False),
               _prefix_condition(events.c.adcode, adcode_prefix(region)),
               events.c.date_start >= since, events.c.date_start <= _until_bound(_year_end(year)))
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
    signed_projects, signed_investment_yuan, projects_pct, investment_pct}."""
    flt = EventFilter(type="target")
    if region:
        if region.isdigit():
            flt.adcode = region
        else:
            flt.region = region
    conds = event_conditions(conn, flt)
    if year:
        conds.append(_prefix_condition(events.c.date_start, f"{int(year):04d}"))
    rows = conn.execute(select(events.c.id, events.c.record, events.c.mentions)
                        .where(*conds).order_by(events.c.date_start.desc(), events.c.id)).all()
    out = []
    for r in rows:
        rec = _record(r)
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
    if region["adcode"] == "000000":
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


# --------------------------------------------------------------- documents
_DOC_JSON = ("reporters", "photographers", "images", "headings")


def _doc_dict(row) -> dict[str, Any]:
    d = dict(row._mapping)
    d.pop("minhash", None)
    for k in _DOC_JSON:
        d[k] = json.loads(d.get(k) or "[]")
    return d


def get_document(conn: Connection, doc_id: str) -> dict | None:
    """One document: its record, "sources" (every copy read), "events" (with this document's
    evidence offsets into its text) and "siblings" (other articles/teasers of the same page)."""
    stored = conn.execute(select(sources.c.document_id).where(sources.c.id == doc_id)).scalar() or doc_id
    row = conn.execute(select(documents).where(documents.c.id == stored)).first()
    if row is None:
        return None
    doc = _doc_dict(row)
    first_copy = case((sources.c.id == stored, 0), else_=1)
    copies = conn.execute(select(sources).where(sources.c.document_id == stored)
                          .order_by(first_copy, sources.c.ingested_at, sources.c.id)).all()
    doc["sources"] = [{"id": c.id, "source": c.source, "url": c.url, "source_name": c.source_name,
                       "title": c.title, "published": c.published} for c in copies]
    told = conn.execute(
        select(events.c.id, events.c.record, events.c.mentions, event_sources.c.evidence_text,
               event_sources.c.evidence_start, event_sources.c.evidence_end)
        .join(event_sources, event_sources.c.event_id == events.c.id)
        .where(event_sources.c.document_id == stored).order_by(event_sources.c.evidence_start, events.c.id)
    ).all()
    seen, evs = set(), []
    for t in told:
        if t.id in seen:
            continue
        seen.add(t.id)
        rec = _record(t)
        rec["evidence"] = {"text": t.evidence_text, "start": t.evidence_start, "end": t.evidence_end}
        evs.append(rec)
    doc["events"] = evs
    pages = [c.source for c in copies]
    sib = conn.execute(
        select(documents.c.id, documents.c.kind, documents.c.title, documents.c.position)
        .join(sources, sources.c.document_id == documents.c.id)
        .where(sources.c.source.in_(pages), documents.c.id != stored).distinct()
        .order_by(documents.c.position, documents.c.id)
    ).all() if pages else []
    doc["siblings"] = [{"id": s.id, "kind": s.kind, "title": s.title, "position": s.position} for s in sib]
    return doc


def _snippet(body: str, q: str, width: int = 40) -> str:
    body = body or ""
    needles = [p for p in q.split() if p] or [q]
    at = -1
    for needle in needles:
        at = body.find(needle)
        if at >= 0:
            break
    if at < 0:
        return body[: 2 * width]
    start = max(0, at - width)
    end = min(len(body), at + width)
    return ("…" if start else "") + body[start:end] + ("…" if end < len(body) else "")


def search(conn: Connection, q: str, *, limit: int = 20, offset: int = 0) -> dict:
    """Full-text search: {"documents": [{id, kind, title, published, page, snippet}],
    "events": [event records], "total_documents": n}. Two-character words (签约, 济南) are found."""
    q = (q or "").strip()
    if not q:
        return {"documents": [], "events": [], "total_documents": 0}
    expr = fts.match_expression(q, conn.dialect.name)
    if expr is None:
        cond = documents.c.text.like(f"%{q}%")
    else:
        matched = text(fts.match_clause(conn.dialect.name)).bindparams(fts_q=expr).columns(
            document_id=documents.c.id.type).subquery()
        cond = documents.c.id.in_(select(matched.c.document_id))
    total = conn.execute(select(func.count()).select_from(documents).where(cond)).scalar() or 0
    rows = conn.execute(
        select(documents.c.id, documents.c.kind, documents.c.title, documents.c.published, documents.c.page,
               documents.c.text).where(cond)
        .order_by(documents.c.published.desc(), documents.c.id).limit(limit).offset(offset)
    ).all()
    docs = [{"id": r.id, "kind": r.kind, "title": r.title, "published": r.published, "page": r.page,
             "snippet": _snippet(r.text or r.title or "", q)} for r in rows]
    return {"documents": docs, "events": list_events(conn, EventFilter(q=q), limit=limit),
            "total_documents": int(total)}
