"""Store: the one Python API over the database (ingest results, queries, export).

The store takes results; it reads no files and runs no workers (`projectradar.runner`
turns paths into results)."""
from __future__ import annotations

import os
import time
from typing import IO, Any, Callable, Iterable

from sqlalchemy import func, insert, select
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from ..errors import InputError, StoreError
from ..records import Result
from . import briefing, bulk, overview, projects, queries, search, stats, watches
from .conditions import resolve_region
from .engine import describe, open_engine, resolve_url, store_error
from .export import export
from .filters import EventFilter, ProjectFilter
from .ingest import IngestReport, write_isolated
from .locks import take_write_lock
from .migrate import current_revision, head_revision, upgrade
from .regions_table import division_table_rows
from .rows import batched
from .schema import documents, events, regions, sources
from .schema import projects as projects_table
from .writer import write_all

__all__ = ["Store", "EventFilter", "ProjectFilter", "IngestReport", "upgrade_database"]

ProgressFn = Callable[[IngestReport], None]


def upgrade_database(url: str | os.PathLike | None = None) -> tuple[str | None, str]:
    """Create or migrate the database at ``url``; returns (revision before, revision after).

        >>> upgrade_database("radar.db")
        (None, '0005')
    """
    store = Store(url, create=False, check_schema=False)
    try:
        return store.upgrade()
    finally:
        store.close()


class Store:
    """The events database.

        >>> store = Store("radar.db")                 # or "postgresql://user@host/db"
        >>> store.ingest(results).events_new          # results: see projectradar.runner
        12
        >>> store.events(EventFilter(region="合肥", type="signing"), limit=5)

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
        """Fill the regions table from the GB/T 2260 table of projectradar.regions; returns how
        many rows were added."""
        with self.engine.begin() as conn:
            take_write_lock(conn)          # a second first run waits, then finds them there
            have = set(conn.execute(select(regions.c.adcode)).scalars())
            rows = [row for row in division_table_rows() if row["adcode"] not in have]
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
                write_isolated(self.engine, batch, report)
            except (DBAPIError, SQLAlchemyError) as err:
                raise store_error(self.url, err) from None
            report.seconds = time.perf_counter() - start
            if on_progress is not None:
                on_progress(report)

        write_all(inputs, batch_size, write, background=background)
        report.seconds = time.perf_counter() - start
        return report

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

    def bulk_load_projects(self, records: Iterable[dict]) -> int:
        """Load many distinct project records at once (no mentions, no linking), in one
        transaction; returns how many. For benchmarks (see `projectradar.store.bulk`)."""
        return self._write(bulk.bulk_load_projects, records)

    def _read(self, fn: Callable[..., Any], *args, **kwargs) -> Any:
        try:
            with self.engine.connect() as conn:
                return fn(conn, *args, **kwargs)
        except (DBAPIError, SQLAlchemyError) as err:
            raise store_error(self.url, err) from None

    def _write(self, fn: Callable[..., Any], *args, **kwargs) -> Any:
        try:
            with self.engine.begin() as conn:
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
        return self._read(stats.stats, by, level=level, year=year, filters=filters)

    def targets(self, *, region: str | None = None, year: int | str | None = None) -> list[dict]:
        """Announced targets, each with "progress" (signings after it that year in its region)."""
        return self._read(stats.targets, region=region, year=year)

    def region_summary(self, adcode: str, *, year: int | str | None = None) -> dict | None:
        """Region, totals by type, children ranked, recent events and targets; None when unknown."""
        return self._read(stats.region_summary, adcode, year=year)

    def resolve_region(self, name: str) -> dict | None:
        """A place name → {"adcode", "name", "level"} or None."""
        return self._read(resolve_region, name)

    def document(self, doc_id: str) -> dict | None:
        """A document with its sources, events (with evidence offsets) and sibling teasers."""
        return self._read(queries.get_document, doc_id)

    def search(self, q: str, *, limit: int = 20, offset: int = 0) -> dict:
        """Full-text search over documents and events: {"documents", "events", "total_documents"}."""
        return self._read(search.search, q, limit=limit, offset=offset)

    def feed_events(self, filters: EventFilter | None = None, *, limit: int = 50) -> list[dict]:
        """The newest events matching ``filters`` (as `events`, sorted by -date), each with
        "created_at" and "updated_at": what an Atom feed's entries need."""
        return self._read(queries.list_events, filters, limit=limit, sort="-date", stamps=True)

    # ------------------------------------------------------------ 项目库
    def projects(self, filters: ProjectFilter | None = None, *, limit: int = 50, offset: int = 0) -> list[dict]:
        """Named projects matching ``filters`` (see ProjectFilter), latest stage day first:
        project records (name, region, organizations, investment, stage, timeline ...)."""
        return self._read(projects.list_projects, filters, limit=limit, offset=offset)

    def count_projects(self, filters: ProjectFilter | None = None) -> int:
        """How many projects match ``filters``."""
        return self._read(projects.count_projects, filters)

    def project(self, project_id: str) -> dict | None:
        """One project with its timeline and every telling ("mentions_told", with evidence);
        None when unknown."""
        return self._read(projects.get_project, project_id)

    def delivery(self, filters: ProjectFilter | None = None, *, today: str | None = None) -> dict:
        """Signed → started → completed for the projects signed in a region and period, the
        shares started within 6 and 12 months, the median days to start, the stalled list and,
        apart, what signing ceremonies counted (see `projectradar.store.projects.delivery`)."""
        return self._read(projects.delivery, filters, today=today)

    # ------------------------------------------------------------ watches
    def add_watch(self, name: str, filters: EventFilter | None = None, *, webhook_url: str | None = None,
                  secret: str | None = None) -> dict:
        """Keep a named filter to follow; returns {id, name, filters, webhook_url, created_at, secret}.
        It matches the events stored from now on. FilterError for a bad name or an unknown
        region, ConflictError when the name is taken.

            >>> store.add_watch("合肥签约", EventFilter(region="合肥", type="signing"))["name"]
            '合肥签约'
        """
        return self._write(watches.add_watch, name, filters, webhook_url=webhook_url, secret=secret)

    def watches(self) -> list[dict]:
        """Every watch, by name, each with "matched" (events since it was made); no secrets."""
        return self._read(watches.list_watches)

    def watch(self, name: str, *, secret: bool = False) -> dict | None:
        """One watch by name (with its webhook secret when ``secret``); None when unknown."""
        return self._read(watches.get_watch, name, secret=secret)

    def webhook_watches(self) -> list[dict]:
        """The watches that have a webhook, with their secrets (for `projectradar.notify`)."""
        return [w for w in self._read(watches.list_watches, secret=True, counts=False) if w["webhook_url"]]

    def remove_watch(self, name: str) -> bool:
        """Forget a watch and its delivery log; False when there is none of that name."""
        return self._write(watches.remove_watch, name)

    def watch_events(self, name: str, *, limit: int = 50, offset: int = 0,
                     sort: str = "-date") -> tuple[int, list[dict]] | None:
        """What the watch matched since it was made: (total, a page of events); None when unknown."""
        def run(conn):
            found = watches.get_watch(conn, name)
            return None if found is None else watches.matched_events(conn, found, limit=limit, offset=offset,
                                                                     sort=sort)
        return self._read(run)

    def pending_deliveries(self, watch: dict, *, limit: int = 500) -> list[dict]:
        """Events new to a watch that its webhook has not received yet, oldest stored first."""
        return self._read(watches.pending_events, watch, limit=limit)

    def log_delivery(self, watch: dict, **attempt: Any) -> None:
        """Record one attempt at delivering an event to a watch's webhook (see
        `projectradar.store.watches.log_delivery`)."""
        self._write(watches.log_delivery, watch, **attempt)

    def deliveries(self, name: str, *, limit: int = 100) -> list[dict] | None:
        """A watch's webhook delivery log, latest first; None when there is no such watch."""
        def run(conn):
            found = watches.get_watch(conn, name)
            return None if found is None else watches.deliveries(conn, found, limit=limit)
        return self._read(run)

    # ----------------------------------------------------------- briefing
    def latest_day(self, filters: EventFilter | None = None) -> str | None:
        """The latest day, up to today, with an event matching ``filters``; None when none."""
        return self._read(briefing.latest_day, filters)

    def announced_targets(self, since: str, until: str, filters: EventFilter | None = None) -> list[dict]:
        """Targets announced between two days (dated in them, or reported in them)."""
        return self._read(briefing.announced_targets, since, until, filters)

    def project_stages(self, since: str, until: str, filters: EventFilter | None = None) -> list[dict] | None:
        """Projects that reached a new stage between two days, from the 项目库; None when this
        database has none."""
        return self._read(briefing.project_stages, since, until, filters)

    # ---------------------------------------------------- the dashboard
    def overview(self, *, year: int | None) -> dict:
        """The 总览 page's figures for a year: totals by type, the monthly timeline, top cities
        and provinces (see `projectradar.store.overview`)."""
        return self._read(overview.overview, year=year)

    def latest_year(self) -> int:
        """The year the dashboard opens on: the latest whose signings carry money, else the
        latest with events, else this year."""
        return self._read(overview.latest_year)

    def years(self) -> list[dict]:
        """Years that have events (up to this one), newest first: [{year, events, signed_yuan}]."""
        return self._read(overview.years)

    def region_rows(self, *, parent: str | None, year: int | None, type: str | None = "signing",
                    level: str | None = None) -> list[dict]:
        """Totals per region one level below ``parent`` (or at ``level``), largest investment
        first: [{adcode, name, events, projects, investment_yuan}]."""
        return self._read(overview.region_rows, parent=parent, year=year, type=type, level=level)

    def map_rows(self, *, parent: str | None, year: int | None) -> dict:
        """Signed investment per region one level below ``parent``: {parent, level, year, regions}."""
        return self._read(overview.map_rows, parent=parent, year=year)

    def timeline(self, *, year: int | None, adcode: str | None = None) -> dict:
        """Monthly signed and started investment: {year, months, series, counts}."""
        return self._read(overview.timeline, year=year, adcode=adcode)

    # ------------------------------------------------------------ export
    def export(self, fmt: str, out: str | os.PathLike | IO, *, filters: EventFilter | None = None,
               documents: bool = False, projects: ProjectFilter | None = None) -> int:
        """Write events (or documents with ``documents=True``, or the projects a ProjectFilter
        selects with ``projects=``) as csv | parquet | xlsx | jsonl to a path or binary/text
        stream; streams, so memory stays flat. Returns rows written."""
        try:
            with self.engine.connect() as conn:
                return export(conn, fmt, out, filters=filters, documents=documents, projects=projects)
        except (DBAPIError, SQLAlchemyError) as err:
            raise store_error(self.url, err) from None

    def counts(self) -> dict[str, int]:
        """How many documents, sources, events and projects are stored."""
        def run(conn):
            return {name: int(conn.execute(select(func.count()).select_from(table)).scalar() or 0)
                    for name, table in (("documents", documents), ("sources", sources), ("events", events),
                                        ("projects", projects_table))}
        return self._read(run)
