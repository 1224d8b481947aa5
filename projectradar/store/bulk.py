"""Bulk loading: many event records at once, for synthetic benchmarks and large imports into an empty store."""
from __future__ import annotations

from typing import Any, Iterable

from sqlalchemy.engine import Connection
from sqlalchemy.schema import CreateIndex

from .project_links import project_row
from .rows import bulk_insert_tuples, event_row, now
from .schema import events, projects
from .summaries import add_contribution, upsert_summaries

__all__ = ["bulk_load_events", "bulk_load_projects"]

CHUNK = 20_000


def bulk_load_events(conn: Connection, records: Iterable[dict[str, Any]], *, rebuild_indexes: bool = True) -> int:
    """Write event records straight into the events table in one transaction; returns how many.

    Each record is an event as in shared/spec/events.md (``id``, ``type``, ``region``, ``date``,
    figures, ``sectors``...). No dedupe, no merging, no sources: this is for loading events
    known to be distinct (a benchmark's synthetic million, a trusted export) into a store
    that does not hold them yet. The summary tables are updated once at the end. With
    ``rebuild_indexes`` the events indexes are dropped first and built once at the end
    (much faster than keeping them up to date row by row), then the planner's statistics
    are refreshed (ANALYZE).

        >>> with store.engine.begin() as conn:
        ...     bulk_load_events(conn, [{"id": "e1", "type": "signing", "region": {"adcode": "370100"},
        ...                              "date": {"start": "2024-03-01", "end": "2024-03-01", "precision": "day"},
        ...                              "project_count": 12, "investment_yuan": 3_000_000_000}])
        1
    """
    stamp = now()
    columns = [c.name for c in events.columns]
    deltas: dict = {}
    if rebuild_indexes:
        for index in events.indexes:
            conn.exec_driver_sql(f"DROP INDEX IF EXISTS {index.name}")
    chunk, sectors, total = [], [], 0
    for rec in records:
        row = event_row(rec)
        row.update(id=rec["id"], mentions=int(rec.get("mentions") or 1), created_at=stamp, updated_at=stamp)
        chunk.append(tuple(row.get(c) for c in columns))
        sectors.extend((rec["id"], s) for s in dict.fromkeys(rec.get("sectors") or []))
        add_contribution(deltas, rec)
        if len(chunk) >= CHUNK:
            total += _write(conn, columns, chunk, sectors)
            chunk, sectors = [], []
    total += _write(conn, columns, chunk, sectors)
    upsert_summaries(conn, deltas)
    if rebuild_indexes:
        for index in events.indexes:
            conn.execute(CreateIndex(index))
        conn.exec_driver_sql("ANALYZE")
    return total


def bulk_load_projects(conn: Connection, records: Iterable[dict[str, Any]]) -> int:
    """Write project records (as `resolve.projects.project_record` makes them, each with its
    ``id``) straight into the projects table, without mentions or linking: for benchmarks and
    trusted imports into a store that does not hold them. Returns how many."""
    stamp = now()
    columns = [c.name for c in projects.columns]
    chunk, total = [], 0
    for rec in records:
        row = project_row(rec)
        row.update(id=rec["id"], created_at=stamp, updated_at=stamp)
        chunk.append(tuple(row.get(c) for c in columns))
        if len(chunk) >= CHUNK:
            bulk_insert_tuples(conn, "projects", columns, chunk)
            total, chunk = total + len(chunk), []
    bulk_insert_tuples(conn, "projects", columns, chunk)
    conn.exec_driver_sql("ANALYZE")
    return total + len(chunk)


def _write(conn: Connection, columns: list[str], rows: list[tuple], sectors: list[tuple]) -> int:
    bulk_insert_tuples(conn, "events", columns, rows)
    bulk_insert_tuples(conn, "event_sectors", ["event_id", "sector"], sectors)
    return len(rows)
