"""Store commands: ingest, events, stats, targets, show, export and `db upgrade`.

The store (SQLAlchemy: half a second to import) and rich are imported by the commands that
use them, so that `projectradar extract` and `--help` do not wait for them."""
from __future__ import annotations

import csv
import json
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Optional

import typer

from ..errors import IngestError, RadarError
from ..formatting import headline, parse_yuan, target_goals, yuan
from ..records import EVENT_TYPES
from ..sources.web import default_fetcher
from .app import app

__all__ = ["db_app"]

db_app = typer.Typer(name="db", help="Database maintenance.", no_args_is_help=True)
app.add_typer(db_app, name="db")

DbOption = typer.Option(None, "--db", envvar="PROJECTRADAR_DB",
                        help="Database path or URL (sqlite:///…, postgresql://…). Default ./projectradar.db.")
TYPES = ", ".join(EVENT_TYPES)


def _fail(err: BaseException, code: int = 1) -> None:
    typer.echo(f"error: {err}", err=True)
    raise typer.Exit(code)


def _open(db: str | None):
    from ..store import Store

    try:
        return Store(db)
    except RadarError as err:
        _fail(err)


@contextmanager
def _asking(db: str | None):
    """The store of `db` for one query: our errors become a one-line message, and the
    store is closed whatever happens."""
    store = _open(db)
    try:
        yield store
    except RadarError as err:
        _fail(err)
    finally:
        store.close()


def _parse_money(text: str | None, option: str = "--min-investment") -> int | None:
    """'10亿', '5000万', '1.5亿元' or plain yuan → whole yuan."""
    if text is None or not str(text).strip():
        return None
    try:
        return parse_yuan(text)
    except ValueError as err:
        raise typer.BadParameter(str(err), param_hint=option) from None


def _filter(region, adcode, type_, since, until, min_investment, sector, q, source=None, org=None):
    from ..store import EventFilter

    return EventFilter(region=region, adcode=adcode, type=type_, since=since, until=until,
                       min_investment=_parse_money(min_investment), sector=sector, q=q, source=source, org=org)


# ------------------------------------------------------------------ ingest
@app.command()
def ingest(
    paths: list[str] = typer.Argument(..., metavar="PATH",
                                      help="Files, folders, URLs, feeds, .warc(.gz) files or - for stdin."),
    db: Optional[str] = DbOption,
    workers: Optional[int] = typer.Option(None, "--workers", "-w", min=1,
                                          help="Extraction processes (default: all cores)."),
    batch_size: int = typer.Option(200, "--batch-size", min=1, help="Results written per transaction."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar and no summary."),
    allow_private_urls: bool = typer.Option(
        False, "--allow-private-urls", envvar="PROJECTRADAR_ALLOW_PRIVATE_URLS",
        help="Let URLs and feeds be fetched from, and webhooks go to, loopback, link-local and private "
             "addresses (an intranet site, a receiver on this machine)."),
) -> None:
    """Read, extract and store pages: each document and event once, duplicates merged; then
    POST the events new to each watch with a webhook (see `projectradar watch`)."""
    from ..runner import ingest as run_ingest
    from .progress import IngestProgress

    default_fetcher().allow_private = allow_private_urls or None
    store = _open(db)
    try:
        try:
            with IngestProgress(paths, quiet=quiet) as progress:
                report = run_ingest(store, progress.inputs(), workers=workers, batch_size=batch_size,
                                    on_output=progress.output)
        except IngestError as err:   # nothing could be read: each failure is already printed
            report = err.report
            if not report.errors:
                _fail(err)
        delivered = _notify(store, allow_private_urls)
    except RadarError as err:
        _fail(err)
    finally:
        store.close()
    if not quiet:
        typer.echo(
            f"{report.documents} documents read: {report.documents_new} new, {report.documents_duplicate} "
            f"already stored; {report.events} events: {report.events_new} new, {report.events_merged} merged "
            f"({report.events_improved} improved); {report.docs_per_second:.1f} docs/s; "
            f"{len(report.errors)} inputs failed", err=True)
        if delivered.watches:
            typer.echo(delivered.summary(), err=True)
    if report.errors:
        raise typer.Exit(1)


def _notify(store, allow_private: bool):
    """Webhooks after an ingest: each event new to a watch, to the watch's URL (projectradar.notify)."""
    from ..notify import deliver_pending

    return deliver_pending(store, allow_private=allow_private or None)


# ------------------------------------------------------------------ events
def _event_rows(rows: list[dict]) -> list[list[str]]:
    out = []
    for e in rows:
        out.append([e["id"], (e.get("date") or {}).get("start") or "", e["type"],
                    (e.get("region") or {}).get("name") or "",
                    "" if e.get("project_count") is None else str(e["project_count"]),
                    yuan(e.get("investment_yuan"), column=True), str(e.get("mentions", 1)), headline(e, 60)])
    return out


def _print_table(title: str, header: list[str], rows: list[list[str]], *, wide: tuple[str, ...] = ()) -> None:
    """A table for reading. On a terminal the ``wide`` columns (titles, names) fold to fit its
    width; piped or redirected, nothing folds: one line a row, whatever its length (for
    records to process, `--format jsonl` or csv)."""
    from rich import box
    from rich.cells import cell_len
    from rich.console import Console
    from rich.table import Table

    console = Console()
    piped = not console.is_terminal
    if piped:
        widths = [max([cell_len(h)] + [cell_len(r[k]) for r in rows]) for k, h in enumerate(header)]
        console = Console(width=max(80, sum(widths) + 2 * len(header) + 4), soft_wrap=False)
    table = Table(title=title, show_lines=False, box=box.SIMPLE_HEAD, pad_edge=False, padding=(0, 1),
                  collapse_padding=True)
    for k, h in enumerate(header):
        # ids, dates, figures are read (and copied) whole; only names and titles may fold
        if h in wide and not piped:
            table.add_column(h, overflow="fold", ratio=1)
        else:
            width = max([cell_len(h)] + [cell_len(r[k]) for r in rows])
            table.add_column(h, no_wrap=True, min_width=width)
    for r in rows:
        table.add_row(*r)
    if not piped:
        console.print(table)
        return
    with console.capture() as captured:
        console.print(table)
    typer.echo("\n".join(line.rstrip() for line in captured.get().splitlines()))


@app.command()
def events(
    db: Optional[str] = DbOption,
    region: Optional[str] = typer.Option(None, "--region", help="Place name; its children are included."),
    adcode: Optional[str] = typer.Option(None, "--adcode", help="Division code or prefix (3701 = 济南)."),
    type_: Optional[str] = typer.Option(None, "--type", help=f"Event type(s), comma-separated: {TYPES}."),
    since: Optional[str] = typer.Option(None, "--since", help="From this date (2023, 2023-02, 2023-02-01)."),
    until: Optional[str] = typer.Option(None, "--until", help="Up to this date, inclusive."),
    min_investment: Optional[str] = typer.Option(None, "--min-investment", help="At least this investment: 10亿, 5000万."),
    sector: Optional[str] = typer.Option(None, "--sector", help="A sector, e.g. 新能源 (several: 新能源,生物医药)."),
    org: Optional[str] = typer.Option(None, "--org", help="Part of the name of an organization the event names."),
    q: Optional[str] = typer.Option(None, "--q", help="Text told by the event's articles (签约, 济南)."),
    source: Optional[str] = typer.Option(None, "--source", help="Only events told by this source file or URL."),
    fmt: str = typer.Option("table", "--format", "-f", help="table, json, jsonl or csv."),
    limit: int = typer.Option(50, "--limit", min=0, help="At most this many events."),
    offset: int = typer.Option(0, "--offset", min=0, help="Skip this many first (to page through)."),
    sort: str = typer.Option("-date", "--sort", help="-date, date, -investment, investment, -confidence, -mentions."),
) -> None:
    """List stored events, newest first."""
    if fmt not in ("table", "json", "jsonl", "csv"):
        raise typer.BadParameter("use table, json, jsonl or csv", param_hint="--format")
    flt = _filter(region, adcode, type_, since, until, min_investment, sector, q, source, org)
    with _asking(db) as store:
        rows = store.events(flt, limit=limit, offset=offset, sort=sort)
        total = store.count_events(flt) if fmt == "table" else len(rows)
    if fmt == "json":
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=1))
    elif fmt == "jsonl":
        for r in rows:
            typer.echo(json.dumps(r, ensure_ascii=False))
    elif fmt == "csv":
        from ..store.export import CSV_BOM, EVENT_COLUMNS, flat_event

        sys.stdout.write(CSV_BOM)
        writer = csv.writer(sys.stdout)
        writer.writerow(EVENT_COLUMNS)
        for r in rows:
            flat = flat_event(r)
            writer.writerow([flat[c] for c in EVENT_COLUMNS])
    else:
        _print_table(f"{len(rows)} of {total} events",
                     ["id", "date", "type", "region", "projects", "yuan", "told", "title (or evidence)"],
                     _event_rows(rows), wide=("title (or evidence)",))


# ------------------------------------------------------------------- stats
@app.command()
def stats(
    db: Optional[str] = DbOption,
    by: str = typer.Option("region", "--by", help="region, month, type or sector."),
    level: Optional[str] = typer.Option(None, "--level", help="province, city or district (with --by region)."),
    year: Optional[int] = typer.Option(None, "--year"),
    region: Optional[str] = typer.Option(None, "--region", help="Only this region and its children."),
    type_: Optional[str] = typer.Option(None, "--type", help="Only these event types."),
    since: Optional[str] = typer.Option(None, "--since", help="Events dated from this day (2026-02-23)."),
    until: Optional[str] = typer.Option(None, "--until", help="Events dated up to this day, inclusive."),
    fmt: str = typer.Option("table", "--format", "-f", help="table or json."),
) -> None:
    """Events, projects and investment grouped by region, month, type or sector."""
    from ..store import EventFilter

    with _asking(db) as store:
        rows = store.stats(by, level=level, year=year,
                           filters=EventFilter(region=region, type=type_, since=since, until=until))
    if fmt == "json":
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    named = by in ("region", "type")   # a month or a sector is its own name
    _print_table(f"events by {by}" + (f" ({level})" if level else "") + (f", {year}" if year else ""),
                 [by] + (["name"] if named else []) + ["events", "projects", "investment"],
                 [[r["key"] or "—"] + ([r["name"]] if named else [])
                  + [str(r["events"]), str(r["projects"]), yuan(r["investment_yuan"], column=True)]
                  for r in rows], wide=("name",))


# ----------------------------------------------------------------- targets
@app.command()
def targets(
    db: Optional[str] = DbOption,
    region: Optional[str] = typer.Option(None, "--region", help="Place name or adcode; children included."),
    year: Optional[int] = typer.Option(None, "--year"),
    fmt: str = typer.Option("table", "--format", "-f", help="table or json."),
) -> None:
    """Announced targets beside what the same region signed afterwards that year."""
    with _asking(db) as store:
        rows = store.targets(region=region, year=year)
    if fmt == "json":
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    out = []
    for t in rows:
        p = t["progress"]
        out.append([t["id"], (t.get("date") or {}).get("start") or "", (t.get("region") or {}).get("name") or "",
                    " · ".join(target_goals(t)) or "—",
                    f"{p['signed_projects']}个 {yuan(p['signed_investment_yuan'], column=True)}"
                    if p.get("comparable", True) else "—",
                    _progress_text(p), f"{p['since']}…{p['until']}"])
    _print_table(f"{len(rows)} targets", ["id", "year", "region", "target", "signed since", "% of target", "period"],
                 out, wide=("region", "target", "period"))


def _progress_text(p: dict) -> str:
    """'8.0% / 10.7%' (projects / money) where the target counts signings; '—' where it does
    not (a goal in another measure has no progress to show)."""
    if not p.get("comparable", True):
        return "—"
    return " / ".join(f"{v}%" for v in (p["projects_pct"], p["investment_pct"]) if v is not None) or "—"


# -------------------------------------------------------------------- show
@app.command()
def show(
    event_id: str = typer.Argument(..., help="An event id (from `events`)."),
    db: Optional[str] = DbOption,
    fmt: str = typer.Option("text", "--format", "-f", help="text or json."),
) -> None:
    """One event: its facts, every source that told it, the evidence and its history."""
    with _asking(db) as store:
        rec = store.event(event_id)
    if rec is None:
        _fail(f"no event {event_id!r} in the database")
    if fmt == "json":
        typer.echo(json.dumps(rec, ensure_ascii=False, indent=1))
        return
    region = rec.get("region") or {}
    date = rec.get("date") or {}
    lines = [
        f"{rec['id']}  {rec['type']}  {rec.get('title') or ''}",
        f"  region      {region.get('name') or '-'} ({region.get('adcode') or '-'}) {'/'.join(region.get('path') or [])}",
        f"  date        {date.get('start') or '-'}" + (f" … {date['end']}" if date.get("end") not in (None, date.get("start")) else "")
        + (f" ({date['precision']})" if date.get("precision") else ""),
        f"  projects    {rec.get('project_count') if rec.get('project_count') is not None else '-'}",
        f"  investment  {yuan(rec.get('investment_yuan'), column=True) or '-'}"
        + (f" ({rec['qualifier']})" if rec.get("qualifier") else ""),
    ]
    if rec.get("annual_investment_yuan") is not None:
        lines.append(f"  this year   {yuan(rec['annual_investment_yuan'], column=True)}")
    for label, key in (("sectors", "sectors"), ("people", "people"), ("orgs", "organizations"),
                       ("visited", "destinations")):
        items = rec.get(key) or []
        if items:
            text = "、".join((i.get("name", "") + (f"({i['title']})" if i.get("title") else "")) if isinstance(i, dict)
                            else str(i) for i in items)
            lines.append(f"  {label:<11} {text}")
    lines.append(f"  confidence  {rec.get('confidence')}   mentions {rec.get('mentions')}")
    lines.append("sources:")
    for s in rec.get("sources") or []:
        lines.append(f"  - {s['source']}" + (f" ({s['source_name']})" if s.get("source_name") else "")
                     + (f" {s['published']}" if s.get("published") else ""))
        ev = s.get("evidence") or {}
        if ev.get("text"):
            lines.append(f"    「{ev['text']}」 [{ev.get('start')}:{ev.get('end')}]")
    for h in rec.get("history") or []:
        changes = ", ".join(f"{k}: {v[0]} → {v[1]}" for k, v in h["changes"].items())
        lines.append(f"history: {h['changed_at']} from {h['document_id']}: {changes}")
    typer.echo("\n".join(lines))


# ------------------------------------------------------------------ export
@app.command()
def export(
    db: Optional[str] = DbOption,
    fmt: str = typer.Option("csv", "--format", "-f", help="csv, parquet, xlsx or jsonl."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Output file (default: standard output)."),
    documents: bool = typer.Option(False, "--documents",
                                   help="Export documents instead: those that told the events the filters select "
                                        "(every document without filters)."),
    region: Optional[str] = typer.Option(None, "--region", help="Place name; its children are included."),
    adcode: Optional[str] = typer.Option(None, "--adcode", help="Division code or prefix (3701 = 济南)."),
    type_: Optional[str] = typer.Option(None, "--type", help=f"Event type(s), comma-separated: {TYPES}."),
    since: Optional[str] = typer.Option(None, "--since", help="From this date (2023, 2023-02, 2023-02-01)."),
    until: Optional[str] = typer.Option(None, "--until", help="Up to this date, inclusive."),
    min_investment: Optional[str] = typer.Option(None, "--min-investment", help="At least this investment: 10亿, 5000万."),
    sector: Optional[str] = typer.Option(None, "--sector", help="A sector, e.g. 新能源."),
    q: Optional[str] = typer.Option(None, "--q", help="Text told by the event's articles (签约, 济南)."),
    source: Optional[str] = typer.Option(None, "--source", help="Only events told by this source file or URL."),
    projects: bool = typer.Option(False, "--projects",
                                  help="Export the 项目库's projects instead (filters: --region, --adcode, --stage, "
                                       "--since, --until, --min-investment, --q)."),
    stage: Optional[str] = typer.Option(None, "--stage", help="With --projects: latest stage(s), comma-separated."),
) -> None:
    """Write events (or documents, or projects) to a file, streaming; the filters are those of `events`."""
    if projects and (documents or type_ or sector or source):
        raise typer.BadParameter("--projects takes --region, --adcode, --stage, --since, --until, "
                                 "--min-investment and --q", param_hint="--projects")
    flt = _filter(region, adcode, type_, since, until, min_investment, sector, q, source)
    chosen = None
    if projects:
        from ..store import ProjectFilter

        chosen = ProjectFilter(region=region, adcode=adcode, stage=stage, since=since, until=until,
                               min_investment=flt.min_investment, q=q)
    with _asking(db) as store:
        if out is None:
            binary = fmt in ("parquet", "xlsx")
            target = sys.stdout.buffer if binary else sys.stdout
            n = store.export(fmt, target, filters=flt, documents=documents, projects=chosen)
            target.flush()
        else:
            n = store.export(fmt, out, filters=flt, documents=documents, projects=chosen)
    noun = ("project" if projects else "document" if documents else "event") + ("" if n == 1 else "s")
    typer.echo(f"wrote {n} {noun}" + (f" to {out}" if out else ""), err=True)


# ---------------------------------------------------------------- db upgrade
@db_app.command("upgrade")
def db_upgrade(db: Optional[str] = DbOption) -> None:
    """Create or migrate the database to the current schema."""
    from ..store import upgrade_database
    from ..store.engine import describe, resolve_url

    try:
        before, after = upgrade_database(db)
    except RadarError as err:
        _fail(err)
    typer.echo(f"{describe(resolve_url(db))}: schema {before or 'empty'} → {after}"
               + (" (already current)" if before == after else ""))
