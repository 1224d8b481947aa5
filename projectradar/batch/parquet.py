"""The Parquet layout of a batch output: `documents/` and `events/` in the record
of shared/spec/events.md and `projects/` (the named-project mentions, each record as
JSON), partitioned by month, and reading it back as Results.

Layout of an output directory::

    OUT/documents/month=2023-01/part-....parquet
    OUT/events/month=2023-01/part-....parquet
    OUT/events/month=unknown/...
    OUT/projects/month=2023-01/part-....parquet
    OUT/summary.json

Every row carries ``page`` (which input record it came from, so `load` can put
a page's documents and events back together) and ``month`` (YYYY-MM, or
"unknown"). Events and projects also carry ``ordinal``, their order within the page.
A document's own ``month`` field (an int) is stored as ``doc_month``.
"""
from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from ..errors import InputError
from ..records import Document, Event, ProjectMention, Result
from .storage import output_filesystem, remove_dir

__all__ = [
    "DOCUMENT_SCHEMA",
    "EVENT_SCHEMA",
    "UNKNOWN_MONTH",
    "document_row",
    "event_rows",
    "result_rows",
    "PartitionedWriter",
    "write_parquet",
    "read_results",
]

UNKNOWN_MONTH = "unknown"
PARTITION = "month"
_MONTH = re.compile(r"^(\d{4})-(\d{2})")

_str = pa.string()
_int = pa.int64()
_strings = pa.list_(pa.string())

REGION = pa.struct([("name", _str), ("adcode", _str), ("level", _str), ("path", _strings)])
DATE = pa.struct([("start", _str), ("end", _str), ("precision", _str)])
PERSON = pa.struct([("name", _str), ("title", _str)])
ORGANIZATION = pa.struct([("name", _str)])
DESTINATION = pa.struct([("name", _str), ("adcode", _str)])
METRIC = pa.struct([("metric", _str), ("value", pa.float64()), ("unit", _str), ("qualifier", _str)])
EVIDENCE = pa.struct([("text", _str), ("start", _int), ("end", _int)])
IMAGE = pa.struct([("file", _str), ("caption", _str)])

EVENT_SCHEMA = pa.schema([
    ("id", _str),
    ("source", _str),
    ("document_id", _str),
    ("type", _str),
    ("title", _str),
    ("region", REGION),
    ("date", DATE),
    ("project_count", _int),
    ("investment_yuan", _int),
    ("annual_investment_yuan", _int),
    ("qualifier", _str),
    ("level", _str),
    ("sectors", _strings),
    ("people", pa.list_(PERSON)),
    ("organizations", pa.list_(ORGANIZATION)),
    ("destinations", pa.list_(DESTINATION)),
    ("metrics", pa.list_(METRIC)),
    ("cumulative", pa.bool_()),
    ("evidence", EVIDENCE),
    ("confidence", pa.float64()),
    ("page", _str),
    ("ordinal", _int),
    (PARTITION, _str),
])

DOCUMENT_SCHEMA = pa.schema([
    ("id", _str),
    ("source", _str),
    ("kind", _str),
    ("position", _int),
    ("title", _str),
    ("original_title", _str),
    ("channel", _str),
    ("source_name", _str),
    ("reporters", _strings),
    ("photographers", _strings),
    ("editor", _str),
    ("images", pa.list_(IMAGE)),
    ("headings", _strings),
    ("url", _str),
    ("published", _str),
    ("year", _int),
    ("doc_month", _int),
    ("text", _str),
    ("page", _str),
    (PARTITION, _str),
])

# The named projects a page tells (ProjectMention records), the record kept whole as JSON.
PROJECT_SCHEMA = pa.schema([
    ("id", _str),
    ("document_id", _str),
    ("record", _str),
    ("page", _str),
    ("ordinal", _int),
    (PARTITION, _str),
])

# In the files the month is the folder (month=2023-01), not a column.
_FILE_SCHEMAS = {
    "documents": DOCUMENT_SCHEMA.remove(DOCUMENT_SCHEMA.get_field_index(PARTITION)),
    "events": EVENT_SCHEMA.remove(EVENT_SCHEMA.get_field_index(PARTITION)),
    "projects": PROJECT_SCHEMA.remove(PROJECT_SCHEMA.get_field_index(PARTITION)),
}
TABLES = tuple(_FILE_SCHEMAS)

# Struct-list columns whose items are free dicts in the records: the keys the
# schema keeps. A key outside these would be lost, so it is refused instead.
_DICT_LISTS = {
    "organizations": {"name"},
    "destinations": {"name", "adcode"},
    "metrics": {"metric", "value", "unit", "qualifier"},
}


def month_of(*dates: str | None) -> str:
    """The first YYYY-MM among ISO dates, else "unknown".

    >>> month_of(None, "2023-01-30", "2022-12")
    '2023-01'
    >>> month_of("2023")
    'unknown'
    """
    for value in dates:
        if value and (m := _MONTH.match(value)) and 1 <= int(m.group(2)) <= 12:
            return f"{m.group(1)}-{m.group(2)}"
    return UNKNOWN_MONTH


def document_month(doc: Document) -> str:
    """YYYY-MM of a document: its publication date, else the year and month its text establishes."""
    month = month_of(doc.published)
    if month == UNKNOWN_MONTH and doc.year and doc.month and 1 <= doc.month <= 12:
        month = f"{doc.year:04d}-{doc.month:02d}"
    return month


def document_row(doc: Document, page: str) -> dict[str, Any]:
    """A document as a row of DOCUMENT_SCHEMA."""
    row = doc.to_dict()
    row["doc_month"] = row.pop("month")
    row["page"] = page
    row[PARTITION] = document_month(doc)
    return row


def event_rows(result: Result, page: str) -> list[dict[str, Any]]:
    """The events of a page as rows of EVENT_SCHEMA, each in its event's month
    (else its document's month, else "unknown")."""
    doc_months = {d.id: document_month(d) for d in result.documents}
    rows = []
    for ordinal, event in enumerate(result.events):
        row = event.to_dict()
        for column, keys in _DICT_LISTS.items():
            for item in row[column]:
                extra = set(item) - keys
                if extra:
                    raise InputError(page, f"event {row['id']}: {column} has keys the Parquet schema lacks: {sorted(extra)}")
        for metric in row["metrics"]:
            if metric.get("value") is not None:
                metric["value"] = float(metric["value"])
        row["page"] = page
        row["ordinal"] = ordinal
        month = month_of(event.date.start if event.date else None)
        row[PARTITION] = month if month != UNKNOWN_MONTH else doc_months.get(event.document_id, UNKNOWN_MONTH)
        rows.append(row)
    return rows


def project_rows(result: Result, page: str) -> list[dict[str, Any]]:
    """The named-project mentions of a page as rows of PROJECT_SCHEMA, each in its mention's
    month (else its document's)."""
    if not result.projects:
        return []
    doc_months = {d.id: document_month(d) for d in result.documents}
    rows = []
    for ordinal, mention in enumerate(result.projects):
        record = mention.to_dict()
        month = month_of(mention.date.start if mention.date else None)
        rows.append({"id": record["id"], "document_id": mention.document_id,
                     "record": json.dumps(record, ensure_ascii=False), "page": page, "ordinal": ordinal,
                     PARTITION: month if month != UNKNOWN_MONTH else doc_months.get(mention.document_id, UNKNOWN_MONTH)})
    return rows


def result_rows(result: Result, page: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """(document rows, event rows, project rows) of one page's Result."""
    return [document_row(d, page) for d in result.documents], event_rows(result, page), project_rows(result, page)


class PartitionedWriter:
    """Streams rows into OUT/documents/month=M/<part>.parquet and OUT/events/month=M/<part>.parquet.

    One Parquet file per (table, month) per writer, written a row group at a
    time, so memory stays bounded on a large WARC. A Spark task names its part
    after its partition index, so a retried task overwrites its own files.

    Example:
        >>> with PartitionedWriter("out/", "part-00003") as writer:
        ...     writer.add(*result_rows(result, "a.warc.gz#1"))
    """

    def __init__(self, out_dir: str | Path, part: str, *, rows_per_group: int = 2000):
        self.filesystem, self.base = output_filesystem(str(out_dir))
        self.part = part
        self.rows_per_group = rows_per_group
        self._buffers: dict[tuple[str, str], list[dict]] = defaultdict(list)
        self._writers: dict[tuple[str, str], Any] = {}
        self.rows_written = {table: 0 for table in TABLES}

    def add(self, document_rows: Iterable[dict], event_rows_: Iterable[dict],
            project_rows_: Iterable[dict] = ()) -> None:
        """Queue a page's rows; full row groups are written out."""
        for table, rows in (("documents", document_rows), ("events", event_rows_), ("projects", project_rows_)):
            for row in rows:
                key = (table, row[PARTITION])
                buffer = self._buffers[key]
                buffer.append(row)
                if len(buffer) >= self.rows_per_group:
                    self._flush(key)

    def _flush(self, key: tuple[str, str]) -> None:
        table, month = key
        rows = self._buffers.pop(key, [])
        if not rows:
            return
        schema = _FILE_SCHEMAS[table]
        writer = self._writers.get(key)
        if writer is None:
            folder = f"{self.base.rstrip('/')}/{table}/{PARTITION}={month}"
            self.filesystem.create_dir(folder, recursive=True)
            writer = pq.ParquetWriter(f"{folder}/{self.part}.parquet", schema, filesystem=self.filesystem,
                                      compression="snappy")
            self._writers[key] = writer
        writer.write_table(pa.Table.from_pylist(rows, schema=schema))
        self.rows_written[table] += len(rows)

    def close(self) -> None:
        """Write what is queued and close every file."""
        for key in list(self._buffers):
            self._flush(key)
        for writer in self._writers.values():
            writer.close()
        self._writers.clear()

    def __enter__(self) -> "PartitionedWriter":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def write_parquet(document_rows: Iterable[dict], event_rows_: Iterable[dict], out_dir: str | Path,
                  *, part: str = "part-00000", project_rows_: Iterable[dict] = ()) -> None:
    """Write rows as OUT/documents, OUT/events and OUT/projects partitioned by month, in
    this process (the layout and schema the Spark job writes). Existing data in those
    folders is replaced."""
    for table in TABLES:
        remove_dir(f"{str(out_dir).rstrip('/')}/{table}")
    with PartitionedWriter(out_dir, part) as writer:
        writer.add(document_rows, event_rows_, project_rows_)
    for table in TABLES:  # an empty table still leaves its folder
        writer.filesystem.create_dir(f"{writer.base.rstrip('/')}/{table}", recursive=True)


def _parquet_files(folder: Path) -> dict[str, list[Path]]:
    """The Parquet files under a table folder, by file name across the month folders."""
    if not folder.is_dir():
        raise InputError(str(folder), "missing: is this a `batch` output directory?")
    parts: dict[str, list[Path]] = defaultdict(list)
    for path in sorted(folder.rglob("*.parquet")):
        if not path.name.startswith(("_", ".")):
            parts[path.name].append(path)
    return parts


def _read_rows(folder: Path, files: list[Path], schema: pa.Schema) -> list[dict[str, Any]]:
    if not files:
        return []
    try:
        dataset = ds.dataset(
            [str(p) for p in files],
            format="parquet",
            partitioning=ds.partitioning(pa.schema([(PARTITION, _str)]), flavor="hive"),
            partition_base_dir=str(folder),
        )
        wanted = [n for n in schema.names if n in dataset.schema.names]
        return dataset.to_table(columns=wanted).to_pylist()
    except (pa.ArrowInvalid, OSError) as err:
        raise InputError(str(files[0]), f"unreadable Parquet: {err}") from None


def read_results(out_dir: str | Path) -> Iterator[Result]:
    """Read a batch output back as one Result per page.

    A page is written whole by one task, into files that bear the task's part
    name in every month folder; so the output is read one part at a time
    (memory: one task's output, not the whole crawl), pages sorted within it.

    Args:
        out_dir: a directory `batch` (or `write_parquet`) wrote.
    Returns:
        Results whose documents and events equal what extraction produced
        (``Document.from_dict`` / ``Event.from_dict`` of the rows).

    Example:
        >>> for result in read_results("out/"):
        ...     print(len(result.documents), len(result.events))
    """
    out = Path(out_dir)
    doc_parts = _parquet_files(out / "documents")
    event_parts = _parquet_files(out / "events")
    # an output written before the 项目库 has no projects folder: its pages tell no projects
    project_parts = _parquet_files(out / "projects") if (out / "projects").is_dir() else {}
    for part in sorted(set(doc_parts) | set(event_parts)):
        docs_by_page: dict[str, list[dict]] = defaultdict(list)
        events_by_page: dict[str, list[dict]] = defaultdict(list)
        projects_by_page: dict[str, list[dict]] = defaultdict(list)
        for row in _read_rows(out / "documents", doc_parts.get(part, []), DOCUMENT_SCHEMA):
            docs_by_page[row["page"]].append(row)
        for row in _read_rows(out / "events", event_parts.get(part, []), EVENT_SCHEMA):
            events_by_page[row["page"]].append(row)
        for row in _read_rows(out / "projects", project_parts.get(part, []), PROJECT_SCHEMA):
            projects_by_page[row["page"]].append(row)
        for page in sorted(set(docs_by_page) | set(events_by_page)):
            documents = []
            for row in sorted(docs_by_page.get(page, []), key=lambda r: r["position"] or 0):
                row["month"] = row.pop("doc_month", None)
                documents.append(Document.from_dict(row))
            events = [Event.from_dict(_event_record(row))
                      for row in sorted(events_by_page.get(page, []), key=lambda r: r["ordinal"])]
            projects = [ProjectMention.from_dict(json.loads(row["record"]))
                        for row in sorted(projects_by_page.get(page, []), key=lambda r: r["ordinal"])]
            yield Result(documents=documents, events=events, projects=projects)


def _event_record(row: dict[str, Any]) -> dict[str, Any]:
    record = {k: v for k, v in row.items() if k not in ("page", "ordinal", PARTITION)}
    for metric in record.get("metrics") or []:
        value = metric.get("value")
        if isinstance(value, float) and value.is_integer():
            metric["value"] = int(value)  # 1100000000.0 was 1100000000 in the record
    return record
