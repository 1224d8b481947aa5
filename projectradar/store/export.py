"""Export events or documents as csv, parquet, xlsx or jsonl, streaming in chunks (flat memory).

pyarrow and openpyxl are imported by the formats that need them: every query of the store
imports this module, few of them export."""
from __future__ import annotations

import csv
import io
import json
import os
from contextlib import contextmanager
from typing import IO, Any, Iterator

from sqlalchemy import select
from sqlalchemy.engine import Connection

from ..errors import FilterError, StoreError
from .filters import EventFilter, ProjectFilter
from .conditions import event_conditions
from .projects import project_conditions
from .queries import record_of, sources_of
from .schema import documents, event_sources, events, projects

__all__ = ["FORMATS", "EVENT_COLUMNS", "DOCUMENT_COLUMNS", "PROJECT_COLUMNS", "CSV_BOM", "export", "flat_event",
           "flat_project"]

FORMATS = ("csv", "parquet", "xlsx", "jsonl")
# Excel takes a CSV without it for the local code page (GBK on a Chinese Windows): mojibake.
CSV_BOM = "\ufeff"
CHUNK = 1000

EVENT_COLUMNS = [
    "id", "type", "title", "region_name", "adcode", "region_level", "region_path", "date_start", "date_end",
    "date_precision", "project_count", "investment_yuan", "annual_investment_yuan", "qualifier", "level",
    "sectors", "people", "organizations", "destinations", "metrics", "cumulative", "confidence",
    "mentions", "sources", "document_id", "evidence",
]
DOCUMENT_COLUMNS = [
    "id", "kind", "position", "page", "title", "original_title", "channel", "source_name", "reporters",
    "photographers", "editor", "url", "published", "year", "month", "content_hash", "text",
]
PROJECT_COLUMNS = [
    "id", "name", "phase", "region_name", "adcode", "stage", "organizations", "investment_yuan",
    "annual_investment_yuan", "capacity", "sectors", "signed_on", "started_on", "completed_on", "mentions",
    "timeline", "sources",
]
_INT_COLUMNS = {"project_count", "investment_yuan", "annual_investment_yuan", "mentions", "position", "year",
                "month"}
_FLOAT_COLUMNS = {"confidence"}
_BOOL_COLUMNS = {"cumulative"}


def _join(values: list[Any], key: str | None = None) -> str:
    out = []
    for v in values or []:
        if isinstance(v, dict):
            if key == "people":
                out.append(v.get("name", "") + (f"({v['title']})" if v.get("title") else ""))
            else:
                out.append(str(v.get("name") or json.dumps(v, ensure_ascii=False)))
        else:
            out.append(str(v))
    return "; ".join(out)


def flat_event(rec: dict[str, Any]) -> dict[str, Any]:
    """One row of a table export from an event record (lists joined with "; ")."""
    region = rec.get("region") or {}
    date = rec.get("date") or {}
    evidence = rec.get("evidence") or {}
    return {
        "id": rec["id"], "type": rec["type"], "title": rec.get("title"),
        "region_name": region.get("name"), "adcode": region.get("adcode"), "region_level": region.get("level"),
        "region_path": "/".join(region.get("path") or []),
        "date_start": date.get("start"), "date_end": date.get("end"), "date_precision": date.get("precision"),
        "project_count": rec.get("project_count"), "investment_yuan": rec.get("investment_yuan"),
        "annual_investment_yuan": rec.get("annual_investment_yuan"), "qualifier": rec.get("qualifier"),
        "level": rec.get("level"), "sectors": _join(rec.get("sectors")), "people": _join(rec.get("people"), "people"),
        "organizations": _join(rec.get("organizations")), "destinations": _join(rec.get("destinations")),
        "metrics": json.dumps(rec.get("metrics") or [], ensure_ascii=False),
        "cumulative": bool(rec.get("cumulative")), "confidence": rec.get("confidence"),
        "mentions": rec.get("mentions", 1), "sources": "; ".join(s["source"] for s in rec.get("sources") or []),
        "document_id": rec.get("document_id"), "evidence": evidence.get("text"),
    }


def flat_project(rec: dict[str, Any]) -> dict[str, Any]:
    """One row of a table export from a project record: the timeline as "stage date; …"."""
    region = rec.get("region") or {}
    timeline = rec.get("timeline") or []
    return {
        "id": rec["id"], "name": rec["name"], "phase": rec.get("phase"), "region_name": region.get("name"),
        "adcode": region.get("adcode"), "stage": rec.get("stage"), "organizations": _join(rec.get("organizations")),
        "investment_yuan": rec.get("investment_yuan"), "annual_investment_yuan": rec.get("annual_investment_yuan"),
        "capacity": rec.get("capacity"), "sectors": _join(rec.get("sectors")), "signed_on": rec.get("signed_on"),
        "started_on": rec.get("started_on"), "completed_on": rec.get("completed_on"),
        "mentions": rec.get("mentions"),
        "timeline": "; ".join(f"{t['stage']} {t.get('date') or '?'}" for t in timeline),
        "sources": "; ".join(dict.fromkeys(t.get("source") or "" for t in timeline)),
    }


def _project_chunks(conn: Connection, filters: ProjectFilter | None) -> Iterator[list[dict]]:
    query = (select(projects.c.id, projects.c.record).where(*project_conditions(conn, filters))
             .order_by(projects.c.first_date, projects.c.id).execution_options(yield_per=CHUNK, stream_results=True))
    for part in conn.execute(query).partitions(CHUNK):
        yield [dict(json.loads(r.record), id=r.id) for r in part]


def _event_chunks(conn: Connection, filters: EventFilter | None) -> Iterator[list[dict]]:
    query = (select(events.c.id, events.c.record, events.c.mentions)
             .where(*event_conditions(conn, filters)).order_by(events.c.date_start, events.c.id)
             .execution_options(yield_per=CHUNK, stream_results=True))
    for part in conn.execute(query).partitions(CHUNK):
        srcs = sources_of(conn, [r.id for r in part])
        chunk = []
        for r in part:
            rec = record_of(r)
            rec["sources"] = srcs[r.id]
            chunk.append(rec)
        yield chunk


def _document_chunks(conn: Connection, filters: EventFilter | None) -> Iterator[list[dict]]:
    """Every document, or with filters the documents that told an event they select."""
    cols = [documents.c[name] for name in DOCUMENT_COLUMNS]
    query = select(*cols)
    if filters is not None and not filters.is_empty():
        told = (select(event_sources.c.document_id)
                .where(event_sources.c.event_id.in_(select(events.c.id).where(*event_conditions(conn, filters)))))
        query = query.where(documents.c.id.in_(told))
    query = (query.order_by(documents.c.published, documents.c.id)
             .execution_options(yield_per=CHUNK, stream_results=True))
    for part in conn.execute(query).partitions(CHUNK):
        chunk = []
        for r in part:
            row = dict(r._mapping)
            for key in ("reporters", "photographers"):
                row[key] = json.loads(row[key] or "[]")
            chunk.append(row)
        yield chunk


@contextmanager
def _opened(out: str | os.PathLike | IO, binary: bool):
    if isinstance(out, (str, os.PathLike)):
        try:
            handle = open(out, "wb" if binary else "w", **({} if binary else {"encoding": "utf-8", "newline": ""}))
        except OSError as err:
            raise StoreError(f"{out}: cannot write the export ({err.strerror})") from None
        with handle:
            yield handle
    else:
        if not binary and isinstance(out, (io.RawIOBase, io.BufferedIOBase)):
            wrapper = io.TextIOWrapper(out, encoding="utf-8", newline="")
            yield wrapper
            wrapper.flush()
            wrapper.detach()
        else:
            yield out


def _table_row(row: dict, columns: list[str]) -> list[Any]:
    out = []
    for c in columns:
        v = row.get(c)
        if isinstance(v, list):
            v = "; ".join(map(str, v))
        out.append(v)
    return out


def _arrow_schema(columns: list[str]):
    import pyarrow as pa

    def kind(c):
        if c in _INT_COLUMNS:
            return pa.int64()
        if c in _FLOAT_COLUMNS:
            return pa.float64()
        if c in _BOOL_COLUMNS:
            return pa.bool_()
        return pa.string()

    return pa.schema([(c, kind(c)) for c in columns])


def export(conn: Connection, fmt: str, out: str | os.PathLike | IO, *, filters: EventFilter | None = None,
           documents: bool = False, projects: ProjectFilter | None = None) -> int:
    """Write events (or documents, or with ``projects`` the 项目库's projects that filter
    selects) to ``out`` in ``fmt``; returns how many rows were written.

    jsonl writes full records (events with "mentions" and "sources"); csv, xlsx and parquet
    write one flat row each (see EVENT_COLUMNS / DOCUMENT_COLUMNS); csv starts with a UTF-8
    byte order mark, so that Excel (a Chinese Windows' included) reads it as UTF-8. With
    ``documents``, the filters select the documents that told a matching event. Reads and
    writes in chunks of 1000 rows, so memory does not grow with the database.

        >>> export(conn, "csv", "events.csv", filters=EventFilter(type="signing"))
        42
    """
    fmt = (fmt or "").lower()
    if fmt not in FORMATS:
        raise FilterError(f"unknown export format {fmt!r}: use one of {', '.join(FORMATS)}")
    if projects is not None:
        chunks, columns, flat = _project_chunks(conn, projects), PROJECT_COLUMNS, flat_project
    elif documents:
        chunks, columns, flat = _document_chunks(conn, filters), DOCUMENT_COLUMNS, (lambda d: d)
    else:
        chunks, columns, flat = _event_chunks(conn, filters), EVENT_COLUMNS, flat_event
    written = 0
    if fmt == "jsonl":
        with _opened(out, binary=False) as handle:
            for chunk in chunks:
                handle.write("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in chunk))
                written += len(chunk)
    elif fmt == "csv":
        with _opened(out, binary=False) as handle:
            handle.write(CSV_BOM)
            writer = csv.writer(handle)
            writer.writerow(columns)
            for chunk in chunks:
                writer.writerows(_table_row(flat(r), columns) for r in chunk)
                written += len(chunk)
    elif fmt == "parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        schema = _arrow_schema(columns)
        with _opened(out, binary=True) as handle:
            with pq.ParquetWriter(handle, schema) as writer:
                for chunk in chunks:
                    rows = [flat(r) for r in chunk]
                    data = {c: [_table_row(r, [c])[0] for r in rows] for c in columns}
                    writer.write_table(pa.Table.from_pydict(data, schema=schema))
                    written += len(chunk)
                if not written:
                    writer.write_table(pa.Table.from_pydict({c: [] for c in columns}, schema=schema))
    else:  # xlsx: openpyxl's write-only mode streams rows to the file
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet("projects" if projects is not None else "documents" if documents else "events")
        sheet.append(columns)
        for chunk in chunks:
            for r in chunk:
                sheet.append([_xlsx_cell(v) for v in _table_row(flat(r), columns)])
            written += len(chunk)
        with _opened(out, binary=True) as handle:
            book.save(handle)
    return written


def _xlsx_cell(value: Any) -> Any:
    # Excel keeps 15 significant digits: yuan figures fit; long text is cut at Excel's cell limit
    if isinstance(value, str) and len(value) > 32000:
        return value[:32000]
    return value
