"""Store commands: ingest, events, stats, targets, show, export and `db upgrade`.

The store (SQLAlchemy: half a second to import) and rich are imported by the commands that
use them, so that `projectradar extract` and `--help` do not wait for them."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer

from ..errors import IngestError, RadarError
from ..formatting import target_goals, yuan
from ..notify import deliver_pending
from ..runner import ingest as run_ingest
from ..sources.web import default_fetcher
from . import options
from .app import app
from .database import asking, open_store, record_command
from .options import DbOption
from .output import EVENT_HEADER, event_rows, evidence_lines, fail, print_json, print_jsonl, print_table, write_csv
from .progress import IngestProgress

if TYPE_CHECKING:
    from ..store import EventFilter

__all__ = ["db_app"]

db_app = typer.Typer(name="db", help="Database maintenance.", no_args_is_help=True)
app.add_typer(db_app, name="db")


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
    allow_private_urls: bool = options.allow_private_urls(
        "Let URLs and feeds be fetched from, and webhooks go to, loopback, link-local and private "
        "addresses (an intranet site, a receiver on this machine)."),
) -> None:
    """Read, extract and store pages: each document and event once, duplicates merged; then
    POST the events new to each watch with a webhook (see `projectradar watch`)."""
    default_fetcher().allow_private = allow_private_urls or None
    store = open_store(db)
    try:
        try:
            with IngestProgress(paths, quiet=quiet) as progress:
                report = run_ingest(store, progress.inputs(), workers=workers, batch_size=batch_size,
                                    on_output=progress.output)
        except IngestError as err:   # nothing could be read: each failure is already printed
            report = err.report
            if not report.errors:
                fail(err)
        delivered = _notify(store, allow_private_urls)
    except RadarError as err:
        fail(err)
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
    return deliver_pending(store, allow_private=allow_private or None)


# ------------------------------------------------------------------ events
@app.command()
@options.with_event_filters()
def events(
    db: Optional[str] = DbOption,
    filters: EventFilter = None,
    fmt: str = options.output_format("table", "table, json, jsonl or csv."),
    limit: int = options.limit("At most this many events."),
    offset: int = options.offset("Skip this many first (to page through)."),
    sort: str = typer.Option("-date", "--sort", help="-date, date, -investment, investment, -confidence, -mentions."),
) -> None:
    """List stored events, newest first."""
    options.check_format(fmt, ("table", "json", "jsonl", "csv"))
    with asking(db) as store:
        rows = store.events(filters, limit=limit, offset=offset, sort=sort)
        total = store.count_events(filters) if fmt == "table" else len(rows)
    if fmt == "json":
        print_json(rows)
    elif fmt == "jsonl":
        print_jsonl(rows)
    elif fmt == "csv":
        from ..store.export import EVENT_COLUMNS, flat_event  # lazy: SQLAlchemy is slow to import

        write_csv(rows, EVENT_COLUMNS, flat_event)
    else:
        title = "title (or evidence)"
        print_table(f"{len(rows)} of {total} events", EVENT_HEADER + [title], event_rows(rows), wide=(title,))


# ------------------------------------------------------------------- stats
@app.command()
@options.with_event_filters("region", "type_", "since", "until", region="Only this region and its children.",
                            type_="Only these event types.", since="Events dated from this day (2026-02-23).",
                            until="Events dated up to this day, inclusive.")
def stats(
    db: Optional[str] = DbOption,
    by: str = typer.Option("region", "--by", help="region, month, type or sector."),
    level: Optional[str] = typer.Option(None, "--level", help="province, city or district (with --by region)."),
    year: Optional[int] = typer.Option(None, "--year"),
    filters: EventFilter = None,
    fmt: str = options.output_format("table", "table or json."),
) -> None:
    """Events, projects and investment grouped by region, month, type or sector."""
    with asking(db) as store:
        rows = store.stats(by, level=level, year=year, filters=filters)
    if fmt == "json":
        print_json(rows)
        return
    named = by in ("region", "type")   # a month or a sector is its own name
    print_table(f"events by {by}" + (f" ({level})" if level else "") + (f", {year}" if year else ""),
                 [by] + (["name"] if named else []) + ["events", "projects", "investment"],
                 [[r["key"] or "—"] + ([r["name"]] if named else [])
                  + [str(r["events"]), str(r["projects"]), yuan(r["investment_yuan"], column=True)]
                  for r in rows], wide=("name",))


# ----------------------------------------------------------------- targets
@app.command()
def targets(
    db: Optional[str] = DbOption,
    region: Optional[str] = options.option("region", "Place name or adcode; children included."),
    year: Optional[int] = typer.Option(None, "--year"),
    fmt: str = options.output_format("table", "table or json."),
) -> None:
    """Announced targets beside what the same region signed afterwards that year."""
    with asking(db) as store:
        rows = store.targets(region=region, year=year)
    if fmt == "json":
        print_json(rows)
        return
    out = []
    for t in rows:
        p = t["progress"]
        out.append([t["id"], (t.get("date") or {}).get("start") or "", (t.get("region") or {}).get("name") or "",
                    " · ".join(target_goals(t)) or "—",
                    f"{p['signed_projects']}个 {yuan(p['signed_investment_yuan'], column=True)}"
                    if p.get("comparable", True) else "—",
                    _progress_text(p), f"{p['since']}…{p['until']}"])
    print_table(f"{len(rows)} targets", ["id", "year", "region", "target", "signed since", "% of target", "period"],
                 out, wide=("region", "target", "period"))


def _progress_text(p: dict) -> str:
    """'8.0% / 10.7%' (projects / money) where the target counts signings; '—' where it does
    not (a goal in another measure has no progress to show)."""
    if not p.get("comparable", True):
        return "—"
    return " / ".join(f"{v}%" for v in (p["projects_pct"], p["investment_pct"]) if v is not None) or "—"


# -------------------------------------------------------------------- show
def _event_lines(rec: dict) -> list[str]:
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
        lines += evidence_lines(s)
    for h in rec.get("history") or []:
        changes = ", ".join(f"{k}: {v[0]} → {v[1]}" for k, v in h["changes"].items())
        lines.append(f"history: {h['changed_at']} from {h['document_id']}: {changes}")
    return lines


record_command(app, "show", lambda store, event_id: store.event(event_id), noun="event",
               id_help="An event id (from `events`).", text_lines=_event_lines,
               help="One event: its facts, every source that told it, the evidence and its history.")


# ------------------------------------------------------------------ export
@app.command()
@options.with_event_filters(sector="A sector, e.g. 新能源.")
def export(
    db: Optional[str] = DbOption,
    fmt: str = options.output_format("csv", "csv, parquet, xlsx or jsonl."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Output file (default: standard output)."),
    documents: bool = typer.Option(False, "--documents",
                                   help="Export documents instead: those that told the events the filters select "
                                        "(every document without filters)."),
    filters: EventFilter = None,
    projects: bool = typer.Option(False, "--projects",
                                  help="Export the 项目库's projects instead (filters: --region, --adcode, --stage, "
                                       "--since, --until, --min-investment, --org, --q)."),
    stage: Optional[str] = options.option("stage", "With --projects: latest stage(s), comma-separated."),
) -> None:
    """Write events (or documents, or projects) to a file, streaming; the filters are those of `events`."""
    flt = filters
    if projects and (documents or flt.type or flt.sector or flt.source):
        raise typer.BadParameter("--projects takes --region, --adcode, --stage, --since, --until, "
                                 "--min-investment, --org and --q", param_hint="--projects")
    chosen = None
    if projects:
        from ..store import ProjectFilter  # lazy: SQLAlchemy is slow to import

        chosen = ProjectFilter(region=flt.region, adcode=flt.adcode, stage=stage, org=flt.org, since=flt.since,
                               until=flt.until, min_investment=flt.min_investment, q=flt.q)
    with asking(db) as store:
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
    # lazy: SQLAlchemy is slow to import
    from ..store import upgrade_database
    from ..store.engine import describe, resolve_url

    try:
        before, after = upgrade_database(db)
    except RadarError as err:
        fail(err)
    typer.echo(f"{describe(resolve_url(db))}: schema {before or 'empty'} → {after}"
               + (" (already current)" if before == after else ""))
