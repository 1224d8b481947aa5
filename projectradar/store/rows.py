"""Table rows from records, and writing many rows at once (executemany on SQLite, COPY on PostgreSQL)."""
from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator
from typing import Any

from sqlalchemy import Table, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError

__all__ = ["now", "dumps", "event_row", "record_json", "batched", "bulk_insert", "bulk_insert_tuples"]


def now() -> str:
    """The time written into bookkeeping columns: UTC, to the microsecond, always in one width
    (2026-03-01T08:00:00.000000+00:00), so that stamps compare as text and "stored since the
    watch was made" is not blurred by a second."""
    return dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f+00:00")


def dumps(value: Any) -> str:
    """A JSON column's text (lists and dicts as the record has them)."""
    if not value:
        return "[]" if isinstance(value, list) else json.dumps(value)
    return json.dumps(value, ensure_ascii=False, sort_keys=False)


def record_json(rec: dict[str, Any]) -> str:
    """The record as stored: the store's own marks ("_umbrella") are columns, not record fields."""
    return dumps({k: v for k, v in rec.items() if not k.startswith("_")})


def event_row(rec: dict[str, Any]) -> dict[str, Any]:
    """The events-table columns for an event record (without bookkeeping columns)."""
    region = rec.get("region") or {}
    date = rec.get("date") or {}
    start = date.get("start")
    return {
        "type": rec["type"],
        "title": rec.get("title"),
        "adcode": region.get("adcode"),
        "region_name": region.get("name"),
        "region_level": region.get("level"),
        "date_start": start,
        "date_end": date.get("end"),
        "precision": date.get("precision"),
        # "2023-02"; a date known only to the year keeps "2023" so year filters still see it
        "month": start[:7] if start else None,
        "project_count": rec.get("project_count"),
        "investment_yuan": rec.get("investment_yuan"),
        "annual_investment_yuan": rec.get("annual_investment_yuan"),
        "qualifier": rec.get("qualifier"),
        "level": rec.get("level"),
        "cumulative": bool(rec.get("cumulative")),
        "confidence": float(rec.get("confidence") or 0.0),
        "document_id": rec.get("document_id") or "",
        "source": rec.get("source") or "",
        "umbrella": bool(rec.get("_umbrella")),
        "record": record_json(rec),
    }


def batched(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    """Lists of ``size`` items (the last one shorter), read lazily."""
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def bulk_insert(conn: Connection, table: Table, rows: list[dict]) -> None:
    """INSERT many rows at once. On SQLite the rows go straight to the driver's executemany
    (SQLAlchemy's per-row parameter processing costs more than SQLite's own work); on
    PostgreSQL SQLAlchemy batches them into multi-row VALUES."""
    if not rows:
        return
    names = [c.name for c in table.columns if c.name in rows[0]]
    bulk_insert_tuples(conn, table.name, names, [tuple(r.get(n) for n in names) for r in rows])


def bulk_insert_tuples(conn: Connection, table: str, names: list[str], rows: list[tuple]) -> None:
    """INSERT rows given as tuples in ``names`` order: executemany on SQLite, COPY on
    PostgreSQL (a round trip per row costs more than the server's work)."""
    if not rows:
        return
    if conn.dialect.name == "postgresql":
        import psycopg

        raw = conn.connection.driver_connection
        sql = f"COPY {table} ({', '.join(names)}) FROM STDIN"
        try:
            with raw.cursor() as cursor:
                with cursor.copy(sql) as copy:
                    for row in rows:
                        copy.write_row(row)
        except psycopg.Error as err:  # as SQLAlchemy's own statements raise it (DataError, IntegrityError ...)
            raise DBAPIError.instance(sql, None, err, psycopg.Error) from None
        return
    if conn.dialect.paramstyle == "qmark":
        sql = f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"
        conn.exec_driver_sql(sql, rows)
        return
    sql = text(f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join(':' + n for n in names)})")
    conn.execute(sql, [dict(zip(names, row)) for row in rows])
