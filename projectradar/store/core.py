"""Store: the one Python API over the database (ingest, queries, export)."""
from __future__ import annotations

import json
import os
import queue
import threading
import time
from typing import IO, Any, Callable, Iterable, Iterator

from sqlalchemy import func, insert, select
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from ..errors import InputError, RadarError, StoreError
from ..records import Result
from . import bulk, queries
from .engine import describe, open_engine, resolve_url, store_error
from .filters import EventFilter
from .ingest import IngestReport, batched, parent_code, write_batch
from .migrate import current_revision, head_revision, upgrade
from .regions_table import short_name
from .schema import documents, events, regions, sources

__all__ = ["Store", "EventFilter", "IngestReport", "extract_inputs", "upgrade_database"]

ProgressFn = Callable[[IngestReport], None]


def extract_inputs(paths: Iterable[str], *, workers: int | None = None) -> Iterator[Result | InputError]:
    """Read and extract every input, in order: Results, and InputErrors for what failed.

    ``workers`` > 1 runs extraction in a process pool (projectradar.batch.local) when it is
    available; the order, and so the stored result, is the same as with one worker.
    """
    from ..sources import iter_inputs

    raws = iter_inputs(list(paths))
    workers = workers or os.cpu_count() or 1
    if workers > 1:
        try:
            from ..batch.local import extract_in_pool
        except ImportError:
            extract_in_pool = None
        if extract_in_pool is not None:
            yield from extract_in_pool(raws, workers=workers)
            return
    from ..pipeline import extract_raw

    for raw in raws:
        if isinstance(raw, BaseException):
            yield raw
            continue
        try:
            yield extract_raw(raw)
        except RadarError as err:
            yield err if isinstance(err, InputError) else InputError(raw.location or raw.source, str(err))
        except Exception as err:  # one bad page must not stop the others
            yield InputError(raw.location or raw.source, f"extraction failed: {type(err).__name__}: {err}")


def upgrade_database(url: str | os.PathLike | None = None) -> tuple[str | None, str]:
    """Create or migrate the database at ``url``; returns (revision before, revision after).

        >>> upgrade_database("radar.db")
        (None, '0001')
    """
    store = Store(url, create=False, check_schema=False)
    try:
        return store.upgrade()
    finally:
        store.close()


class Store:
    """The events database.

        >>> store = Store("radar.db")                 # or "postgresql://user@host/db"
        >>> store.ingest_paths(["pages/"]).events_new
        12
        >>> store.events(EventFilter(region="济南", type="signing"), limit=5)

    ``url``: a path or SQLAlchemy URL; default $PROJECTRADAR_DB or ./projectradar.db.
    ``create``: bring an empty or older database to the current schema (Alembic).
    Raises StoreError when the database cannot be opened.
    """

    def __init__(self, url: str | os.PathLike | None = None, *, create: bool = True,
                 check_schema: bool = True):
        self.url = resolve_url(url)
        self.engine = open_engine(self.url)
        self.dialect = self.engine.dialect.name
        if not check_schema:
            return
        try:
            with self.engine.connect() as conn:
                current = current_revision(conn)
        except (DBAPIError, SQLAlchemyError) as err:
            raise store_error(self.url, err) from None
        if current != head_revision():
            if not create:
                raise StoreError(f"{describe(self.url)}: the database is not at the current schema; "
                                 "run `projectradar db upgrade`")
            self.upgrade()
        elif create and self._regions_missing():
            try:
                self.seed_regions()      # a database made before the region lexicon was there
            except (DBAPIError, SQLAlchemyError):
                pass                     # read-only: queries still work, names fall back to codes

    def __repr__(self) -> str:
        return f"Store({describe(self.url)!r})"

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ------------------------------------------------------------ schema
    def upgrade(self) -> tuple[str | None, str]:
        """Migrate to the newest schema and fill the regions table; returns (before, after) revisions."""
        try:
            before, after = upgrade(self.engine)
            self.seed_regions()
        except (DBAPIError, SQLAlchemyError) as err:
            raise store_error(self.url, err) from None
        return before, after

    def _regions_missing(self) -> bool:
        try:
            with self.engine.connect() as conn:
                few = conn.execute(select(regions.c.adcode).limit(100)).all()
        except (DBAPIError, SQLAlchemyError):
            return False
        return len(few) < 100

    def seed_regions(self) -> int:
        """Fill the regions table from the GB/T 2260 lexicon (projectradar.regions) when
        it is available; returns how many rows were added."""
        try:
            from ..regions import all_regions
        except ImportError:
            return 0
        try:
            from ..regions import parent as lexicon_parent
        except ImportError:
            lexicon_parent = None

        def parent_of(code: str) -> str | None:
            if lexicon_parent is not None:
                up = lexicon_parent(code)
                if up is not None:
                    return up.adcode
            return parent_code(code)

        try:
            every = list(all_regions())
        except RadarError:
            raise
        except Exception:  # the lexicon is someone else's and may be mid-change: the table can wait
            return 0
        with self.engine.begin() as conn:
            have = set(conn.execute(select(regions.c.adcode)).scalars())
            rows = []
            for r in every:
                if r.adcode in have:
                    continue
                have.add(r.adcode)
                rows.append({"adcode": r.adcode, "name": r.name, "short_name": short_name(r.name, r.level),
                             "level": r.level, "parent": parent_of(r.adcode), "path": json.dumps(
                                 list(r.path or []), ensure_ascii=False)})
            for chunk in batched(rows, 1000):
                conn.execute(insert(regions), chunk)
        return len(rows)

    # ------------------------------------------------------------ ingest
    def ingest(self, inputs: Iterable[Result | InputError], *, batch_size: int = 200,
               on_progress: ProgressFn | None = None, background: bool = True) -> IngestReport:
        """Store extraction results, ``batch_size`` at a time, each batch in one transaction.

        InputErrors among the inputs are collected in ``report.errors`` and the rest go on.
        Ingesting the same results again changes nothing. With ``background`` (the default)
        batches are written by one writer thread while the caller's iterator goes on
        producing the next ones (extraction and SQLite's own work overlap); the order of
        writes is the order of the inputs either way. ``on_progress(report)`` is called
        after each committed batch. Raises StoreError when the database refuses a write;
        batches already committed stay.

            >>> store.ingest(results).events_new
            12
        """
        report = IngestReport()
        start = time.perf_counter()

        def write(batch: list) -> None:
            try:
                with self.engine.begin() as conn:
                    write_batch(conn, batch, report)
            except (DBAPIError, SQLAlchemyError) as err:
                raise store_error(self.url, err) from None
            report.seconds = time.perf_counter() - start
            if on_progress is not None:
                on_progress(report)

        if background:
            with _BackgroundWriter(write) as writer:
                for batch in batched(inputs, batch_size):
                    writer.put(batch)
        else:
            for batch in batched(inputs, batch_size):
                write(batch)
        report.seconds = time.perf_counter() - start
        return report

    def ingest_paths(self, paths: Iterable[str], *, workers: int | None = None, quiet: bool = False,
                     on_progress: ProgressFn | None = None, batch_size: int = 200) -> IngestReport:
        """Read, extract and store files, folders, '-', URLs, feeds and WARC files.

        ``workers``: extraction processes (default: all cores). Returns the IngestReport;
        unreadable inputs are in ``report.errors``.
        """
        del quiet  # progress display is the CLI's business; kept for the documented signature
        return self.ingest(extract_inputs(paths, workers=workers), batch_size=batch_size,
                           on_progress=on_progress)

    # ----------------------------------------------------------- queries
    def bulk_load_events(self, records: Iterable[dict], *, rebuild_indexes: bool = True) -> int:
        """Load many distinct event records at once (no dedupe, no sources), in one transaction;
        returns how many. For benchmarks and trusted imports into an empty store: see
        `projectradar.store.bulk.bulk_load_events`.

            >>> Store("bench.db").bulk_load_events(records)     # 1,000,000 events in about a minute
            1000000
        """
        try:
            with self.engine.begin() as conn:
                return bulk.bulk_load_events(conn, records, rebuild_indexes=rebuild_indexes)
        except (DBAPIError, SQLAlchemyError) as err:
            raise store_error(self.url, err) from None

    def _read(self, fn: Callable[..., Any], *args, **kwargs) -> Any:
        try:
            with self.engine.connect() as conn:
                return fn(conn, *args, **kwargs)
        except (DBAPIError, SQLAlchemyError) as err:
            raise store_error(self.url, err) from None

    def events(self, filters: EventFilter | None = None, *, limit: int = 50, offset: int = 0,
               sort: str = "-date") -> list[dict]:
        """Events matching ``filters`` (see EventFilter): event records + "mentions" + "sources".
        ``sort``: -date (default), date, -investment, investment, -confidence, -mentions."""
        return self._read(queries.list_events, filters, limit=limit, offset=offset, sort=sort)

    def count_events(self, filters: EventFilter | None = None) -> int:
        """How many events match ``filters``."""
        return self._read(queries.count_events, filters)

    def event(self, event_id: str) -> dict | None:
        """One event with every source, its evidence and its history; None when unknown."""
        return self._read(queries.get_event, event_id)

    def stats(self, by: str = "region", *, level: str | None = None, year: int | str | None = None,
              filters: EventFilter | None = None) -> list[dict]:
        """Totals by region | month | type | sector: [{key, name, events, projects, investment_yuan}]."""
        return self._read(queries.stats, by, level=level, year=year, filters=filters)

    def targets(self, *, region: str | None = None, year: int | str | None = None) -> list[dict]:
        """Announced targets, each with "progress" (signings after it that year in its region)."""
        return self._read(queries.targets, region=region, year=year)

    def region_summary(self, adcode: str, *, year: int | str | None = None) -> dict | None:
        """Region, totals by type, children ranked, recent events and targets; None when unknown."""
        return self._read(queries.region_summary, adcode, year=year)

    def resolve_region(self, name: str) -> dict | None:
        """A place name → {"adcode", "name", "level"} or None."""
        return self._read(queries.resolve_region, name)

    def document(self, doc_id: str) -> dict | None:
        """A document with its sources, events (with evidence offsets) and sibling teasers."""
        return self._read(queries.get_document, doc_id)

    def search(self, q: str, *, limit: int = 20, offset: int = 0) -> dict:
        """Full-text search over documents and events: {"documents", "events", "total_documents"}."""
        return self._read(queries.search, q, limit=limit, offset=offset)

    def export(self, fmt: str, out: str | os.PathLike | IO, *, filters: EventFilter | None = None,
               documents: bool = False) -> int:
        """Write events (or documents with ``documents=True``) as csv | parquet | xlsx | jsonl
        to a path or binary/text stream; streams, so memory stays flat. Returns rows written."""
        from .export import export

        try:
            with self.engine.connect() as conn:
                return export(conn, fmt, out, filters=filters, documents=documents)
        except (DBAPIError, SQLAlchemyError) as err:
            raise store_error(self.url, err) from None

    def counts(self) -> dict[str, int]:
        """How many documents, sources and events are stored."""
        def run(conn):
            return {name: int(conn.execute(select(func.count()).select_from(table)).scalar() or 0)
                    for name, table in (("documents", documents), ("sources", sources), ("events", events))}
        return self._read(run)


class _BackgroundWriter:
    """One thread that writes batches in the order they are put, at most two waiting (so
    memory stays bounded); its error is raised in the producer at the next put or at exit."""

    _DONE = object()

    def __init__(self, write: Callable[[list], None]):
        self._write = write
        self._queue: queue.Queue = queue.Queue(maxsize=2)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="projectradar-writer", daemon=True)

    def _run(self) -> None:
        while True:
            batch = self._queue.get()
            if batch is self._DONE:
                return
            if self._error is None:
                try:
                    self._write(batch)
                except BaseException as err:  # handed to the producer thread
                    self._error = err

    def put(self, batch: list) -> None:
        if self._error is not None:
            raise self._error
        self._queue.put(batch)

    def __enter__(self) -> "_BackgroundWriter":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        # the batches already handed over are complete: let them be written, then stop
        self._queue.put(self._DONE)
        self._thread.join()
        if self._error is not None and exc[0] is None:
            raise self._error
