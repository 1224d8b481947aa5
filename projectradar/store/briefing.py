"""What the weekly briefing asks the store beyond `stats` and `events`: the latest day with
events, targets announced in a period, and projects that reached a new stage (from the
项目库 when this database has one)."""
from __future__ import annotations

import datetime as dt
import importlib
from typing import Any, Callable, Iterable

from sqlalchemy import and_, func, inspect, or_, select
from sqlalchemy.engine import Connection

from .conditions import event_conditions, region_prefix, until_bound
from .filters import EventFilter
from .queries import record_of
from .schema import event_sources, events, sources

__all__ = ["latest_day", "announced_targets", "project_stages", "stage_provider", "PROJECTS_TABLE"]

# The table the 项目库 (named projects followed from signing to production) keeps them in.
PROJECTS_TABLE = "projects"

# The hook the 项目库 plugs into: a module `projectradar.store.projects` that defines
#     stage_changes(conn, *, since, until, prefix) -> iterable of
#         {"project_id", "name", "region": {"name", "adcode"}, "stage", "previous_stage",
#          "date", "event_id", "document_id", "evidence": {"text", "start", "end"}}
# (stages as the event types name them: signing, groundbreaking, completion, key_projects),
# one entry for each project whose timeline gained a stage dated within [since, until] in
# the region of the code prefix ("" for everywhere).
StageChanges = Callable[..., Iterable[dict[str, Any]]]


def latest_day(conn: Connection, filters: EventFilter | None = None, *, today: str | None = None) -> str | None:
    """The latest day (YYYY-MM-DD, not after ``today``) on which an event matching
    ``filters`` happened; None when there is none."""
    today = today or dt.date.today().isoformat()
    conds = event_conditions(conn, filters) + [func.length(events.c.date_start) == 10,
                                               events.c.date_start <= today]
    return conn.execute(select(func.max(events.c.date_start)).where(*conds)).scalar()


def announced_targets(conn: Connection, since: str, until: str, filters: EventFilter | None = None) -> list[dict]:
    """Targets announced between ``since`` and ``until`` (inclusive days): dated to a day in
    the period, or told by an article published in it (a goal is dated by its year, 2026,
    and announced on the day it was reported). Each record gets "announced" (that day);
    largest money first."""
    published = (select(event_sources.c.event_id, func.min(sources.c.published).label("announced"))
                 .join(sources, sources.c.id == event_sources.c.source_id)
                 .where(sources.c.published >= since, sources.c.published <= until_bound(until))
                 .group_by(event_sources.c.event_id).subquery())
    flt = EventFilter(**{**(filters or EventFilter()).to_dict(), "type": "target"})
    flt.since = flt.until = None     # a target's own date is its goal's year: the period is tested below
    in_period = and_(events.c.date_start >= since, events.c.date_start <= until_bound(until))
    rows = conn.execute(
        select(events.c.id, events.c.record, events.c.mentions, events.c.date_start, published.c.announced)
        .select_from(events.outerjoin(published, published.c.event_id == events.c.id))
        .where(*event_conditions(conn, flt), or_(in_period, published.c.announced.is_not(None)))
    ).all()
    out = []
    for r in rows:
        rec = record_of(r)
        day = r.date_start if r.date_start and len(r.date_start) == 10 and since <= r.date_start <= until else None
        rec["announced"] = min(d for d in (day, (r.announced or "")[:10] or None) if d)
        out.append(rec)
    out.sort(key=lambda e: (-(e.get("investment_yuan") or 0), -(e.get("project_count") or 0), e["announced"], e["id"]))
    return out


def stage_provider() -> StageChanges | None:
    """The 项目库's `stage_changes`, when a `projectradar.store.projects` module provides one."""
    name = f"{__package__}.projects"
    try:
        module = importlib.import_module(name)
    except ModuleNotFoundError as err:
        if err.name == name:
            return None
        raise
    return getattr(module, "stage_changes", None)


def project_stages(conn: Connection, since: str, until: str, filters: EventFilter | None = None) -> list[dict] | None:
    """Projects that reached a new stage between ``since`` and ``until`` in the filter's
    region, from the 项目库; None when this database has no 项目库 (no projects table, or no
    module that reads it), so that a briefing can say so instead of showing an empty list."""
    if not inspect(conn).has_table(PROJECTS_TABLE):
        return None
    provider = stage_provider()
    if provider is None:
        return None
    prefix = region_prefix(conn, filters) if filters else None
    return list(provider(conn, since=since, until=until, prefix=prefix or ""))
