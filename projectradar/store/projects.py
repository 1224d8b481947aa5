"""The 项目库's questions: projects by filter, one project with its timeline and evidence,
delivery per region and period (signed → started → completed), the stalled list, and the
stage changes the weekly briefing reports (`stage_changes`, the hook of store/briefing.py)."""
from __future__ import annotations

import datetime as dt
import json
import statistics
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.engine import Connection

from ..errors import FilterError
from ..records import PROJECT_STAGES
from .conditions import like_pattern, prefix_condition, region_prefix, split_types, until_bound
from .filters import EventFilter, ProjectFilter
from .schema import events, project_mentions, projects, sources

__all__ = ["list_projects", "count_projects", "get_project", "delivery", "stage_changes", "STALLED_DAYS"]

# signed this long before the period's end with no start reported: stalled
STALLED_DAYS = 365
_WITHIN = {"within_6_months": 183, "within_12_months": 365}


def _prefix(conn: Connection, flt: ProjectFilter) -> str | None:
    return region_prefix(conn, EventFilter(region=flt.region, adcode=flt.adcode))


def project_conditions(conn: Connection, flt: ProjectFilter | None) -> list:
    """SQL conditions on the projects table for a filter; FilterError for an unknown stage or place."""
    if flt is None:
        return []
    conds: list = []
    prefix = _prefix(conn, flt)
    if prefix:
        conds.append(prefix_condition(projects.c.adcode, prefix))
    stages = split_types(flt.stage)
    unknown = [s for s in stages if s not in PROJECT_STAGES]
    if unknown:
        raise FilterError(f"unknown stage {unknown[0]!r}: use one of {', '.join(PROJECT_STAGES)}")
    if stages:
        conds.append(projects.c.stage.in_(stages))
    if flt.org:
        conds.append(projects.c.organizations.like(like_pattern(flt.org), escape="\\"))
    if flt.min_investment is not None:
        conds.append(projects.c.investment_yuan >= int(flt.min_investment))
    if flt.since:
        conds.append(projects.c.last_date >= flt.since)
    if flt.until:
        conds.append(projects.c.first_date <= until_bound(flt.until))
    if flt.q:
        pattern = like_pattern(flt.q)
        conds.append(or_(projects.c.name.like(pattern, escape="\\"), projects.c.record.like(pattern, escape="\\")))
    return conds


def _record(row) -> dict[str, Any]:
    rec = json.loads(row.record)
    rec["id"] = row.id
    return rec


def list_projects(conn: Connection, flt: ProjectFilter | None = None, *, limit: int = 50,
                  offset: int = 0) -> list[dict]:
    """Projects matching ``flt``, latest stage day first: project records."""
    conds = project_conditions(conn, flt)
    page = (select(projects.c.id).where(*conds)
            .order_by(projects.c.last_date.desc(), projects.c.id.desc()).limit(limit).offset(offset))
    ids = list(conn.execute(page).scalars())
    if not ids:
        return []
    rows = {r.id: r for r in conn.execute(select(projects.c.id, projects.c.record).where(projects.c.id.in_(ids)))}
    return [_record(rows[i]) for i in ids]


def count_projects(conn: Connection, flt: ProjectFilter | None = None) -> int:
    conds = project_conditions(conn, flt)
    return int(conn.execute(select(func.count()).select_from(projects).where(*conds)).scalar() or 0)


def get_project(conn: Connection, project_id: str) -> dict | None:
    """One project with "mentions": every telling (stage, date, source, outlet, title, evidence
    and where the name sits in it), oldest first; None when unknown."""
    row = conn.execute(select(projects.c.id, projects.c.record).where(projects.c.id == project_id)).first()
    if row is None:
        return None
    rec = _record(row)
    told = conn.execute(
        select(project_mentions.c.record, project_mentions.c.document_id, project_mentions.c.event_id,
               sources.c.source, sources.c.url, sources.c.source_name, sources.c.title)
        .join(sources, sources.c.id == project_mentions.c.source_id, isouter=True)
        .where(project_mentions.c.project_id == project_id)).all()
    mentions = []
    for r in told:
        m = json.loads(r.record)
        ev = m.get("evidence") or {}
        mentions.append({
            "id": m["id"], "name": m["name"], "stage": m["stage"], "date": (m.get("date") or {}).get("start"),
            "source": r.source or m.get("source"), "url": r.url, "source_name": r.source_name, "title": r.title,
            "document_id": r.document_id, "event_id": r.event_id, "evidence": ev,
            "highlight": ([m["name_start"] - ev["start"], m["name_end"] - ev["start"]]
                          if ev.get("start") is not None and ev["start"] <= m["name_start"] <= ev.get("end", 0)
                          else None),
        })
    mentions.sort(key=lambda m: (m["date"] or "9999", PROJECT_STAGES.index(m["stage"]), m["id"]))
    rec["mentions_told"] = mentions
    return rec


def _day(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value and len(value) == 10 else None
    except ValueError:
        return None


def _ceremonies(conn: Connection, prefix: str, since: str | None, until: str | None) -> dict:
    """Signing ceremonies in the region and period, as the events tell them (umbrella totals
    left out): how many, the projects they counted, the money."""
    conds = [events.c.type == "signing", events.c.umbrella.is_(False)]
    if prefix:
        conds.append(prefix_condition(events.c.adcode, prefix))
    if since:
        conds.append(events.c.date_start >= since)
    if until:
        conds.append(events.c.date_start <= until_bound(until))
    n, count, money = conn.execute(select(func.count(), func.coalesce(func.sum(events.c.project_count), 0),
                                          func.coalesce(func.sum(events.c.investment_yuan), 0))
                                   .where(*conds)).one()
    return {"events": int(n), "projects": int(count), "investment_yuan": int(money)}


def delivery(conn: Connection, flt: ProjectFilter | None = None, *, today: str | None = None) -> dict:
    """Delivery of the projects signed in the filter's region and period (``since``/``until``):

    - ``funnel``: signed → started → completed, each {"projects", "investment_yuan"};
    - ``started_share``: of those signed, the share reported started within 6 and 12 months;
    - ``median_days_to_start``: from signing to the groundbreaking, over those with both days;
    - ``stalled``: projects signed more than a year before the period's end (or today) with no
      start reported, oldest first;
    - ``ceremonies``: the same region and period counted from signing ceremonies (events),
      shown apart from the named projects: the two are never added.
    """
    flt = flt or ProjectFilter()
    prefix = _prefix(conn, flt) or ""
    since, until = flt.since, flt.until
    region = [prefix_condition(projects.c.adcode, prefix)] if prefix else []
    period = []
    if since:
        period.append(projects.c.signed_on >= since)
    if until:
        period.append(projects.c.signed_on <= until_bound(until))
    cols = (projects.c.id, projects.c.name, projects.c.region_name, projects.c.adcode, projects.c.signed_on,
            projects.c.started_on, projects.c.started, projects.c.completed, projects.c.investment_yuan,
            projects.c.stage)
    rows = conn.execute(select(*cols).where(projects.c.signed_on.is_not(None), *region, *period)).all()

    def step(chosen) -> dict:
        return {"projects": len(chosen), "investment_yuan": sum(r.investment_yuan or 0 for r in chosen)}

    started = [r for r in rows if r.started]
    waits = [(_day(r.started_on) - _day(r.signed_on)).days for r in rows
             if _day(r.started_on) and _day(r.signed_on) and _day(r.started_on) >= _day(r.signed_on)]
    shares = {name: (sum(1 for w in waits if w <= days) / len(rows) if rows else None)
              for name, days in _WITHIN.items()}
    end = _day((until or "")[:10]) if until and len(until) == 10 else None
    if until and end is None:
        end = _period_end(until)
    end = end or _day(today) or dt.date.today()
    cutoff = (end - dt.timedelta(days=STALLED_DAYS)).isoformat()
    stalled_rows = conn.execute(select(*cols).where(
        projects.c.signed_on.is_not(None), projects.c.signed_on < cutoff, projects.c.started.is_(False), *region,
        *([projects.c.signed_on >= since] if since else []))
        .order_by(projects.c.signed_on, projects.c.id)).all()
    return {
        "adcode": prefix, "since": since, "until": until,
        "funnel": {"signed": step(rows), "started": step(started),
                   "completed": step([r for r in rows if r.completed])},
        "started_share": shares,
        "median_days_to_start": statistics.median(waits) if waits else None,
        "stalled": [{"id": r.id, "name": r.name, "region": {"name": r.region_name, "adcode": r.adcode},
                     "signed_on": r.signed_on, "investment_yuan": r.investment_yuan, "stage": r.stage,
                     "days_since_signing": (end - _day(r.signed_on)).days if _day(r.signed_on) else None}
                    for r in stalled_rows],
        "ceremonies": _ceremonies(conn, prefix, since, until),
        "named": step(rows),
    }


def _period_end(until: str) -> dt.date | None:
    """The last day of "2025" or "2025-03"."""
    try:
        if len(until) == 4:
            return dt.date(int(until), 12, 31)
        if len(until) == 7:
            y, m = int(until[:4]), int(until[5:7])
            return dt.date(y + m // 12, m % 12 + 1, 1) - dt.timedelta(days=1)
    except ValueError:
        return None
    return None


def stage_changes(conn: Connection, *, since: str, until: str, prefix: str = "") -> list[dict]:
    """Each stage a project's timeline gained on a day within [since, until] in the region of
    the code ``prefix``: what the weekly briefing lists (see store/briefing.py)."""
    conds = [projects.c.last_date >= since, projects.c.first_date <= until_bound(until)]
    if prefix:
        conds.append(prefix_condition(projects.c.adcode, prefix))
    out = []
    for row in conn.execute(select(projects.c.id, projects.c.record).where(*conds).order_by(projects.c.id)):
        rec = _record(row)
        previous = None
        for entry in rec.get("timeline") or []:
            day = (entry.get("date") or "")[:10]
            if day and since <= day <= until:
                out.append({"project_id": rec["id"], "name": rec["name"], "region": rec.get("region"),
                            "stage": entry["stage"], "previous_stage": previous, "date": day,
                            "event_id": entry.get("event_id"), "document_id": entry.get("document_id"),
                            "evidence": entry.get("evidence")})
            previous = entry["stage"]
    out.sort(key=lambda c: (c["date"], c["project_id"]))
    return out
