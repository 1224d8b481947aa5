"""`projectradar extract PATH...`: print the events (or documents, or named projects) of pages, files, folders, stdin or URLs."""
from __future__ import annotations

import datetime as _dt
import json
import os
import sys
from enum import Enum
from typing import Any, Iterable, List, Optional

import typer

from ..errors import InputError, RadarError
from ..formatting import headline, yuan
from ..runner import extract_inputs
from ..sources.web import default_fetcher
from . import options
from .app import app


class OutputFormat(str, Enum):
    jsonl = "jsonl"
    json = "json"
    table = "table"


def _check_date(value: Optional[str]) -> Optional[str]:
    if value is None:
        return None
    try:
        return _dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date like 2023-02-04") from None


def _error(err: RadarError) -> None:
    typer.echo(f"error: {err}", err=True)


@app.command("extract")
def extract_command(
    paths: List[str] = typer.Argument(..., metavar="PATH",
                                      help="Files (.txt .html .htm .jsonl .md .warc .warc.gz), folders, URLs or - for stdin."),
    output_format: OutputFormat = typer.Option(OutputFormat.jsonl, "--format", "-f",
                                               help="jsonl: one record a line; json: one array; table: for reading."),
    documents: bool = typer.Option(False, "--documents", help="Print the documents (articles, teasers) instead of events."),
    projects: bool = typer.Option(False, "--projects",
                                  help="Print the named projects the pages tell (one mention a sentence) instead of events."),
    published: Optional[str] = typer.Option(None, "--published", callback=_check_date, metavar="YYYY-MM-DD",
                                            help="Publication date of the input(s); overrides what the pages say."),
    workers: int = typer.Option(1, "--workers", "-w", min=1,
                                help="Extraction processes (output in input order either way)."),
    allow_private_urls: bool = options.allow_private_urls(
        "Let URLs and feeds be fetched from loopback, link-local and private addresses (an intranet site)."),
) -> None:
    """Extract investment-project events from news pages and print them.

    Each failed input is one line on stderr (error: FILE[:LINE]: problem); the
    others are still read; the exit status is 1 when any failed.
    """
    default_fetcher().allow_private = allow_private_urls or None
    try:
        if documents and projects:
            raise typer.BadParameter("give --documents or --projects, not both", param_hint="--projects")
        failed = _extract_all(paths, output_format, "documents" if documents else "projects" if projects else "events",
                              published, workers)
    except RadarError as err:  # a broken rule table: every other input would fail the same way
        _error(err)
        raise typer.Exit(1)
    except BrokenPipeError:  # `projectradar extract … | head`: the reader has gone, stop quietly
        try:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        except (OSError, ValueError):
            pass
        raise typer.Exit(0)
    if failed:
        raise typer.Exit(1)


def _extract_all(paths: List[str], output_format: OutputFormat, what: str, published: Optional[str],
                 workers: int) -> bool:
    """Read, extract and print every input; True when any input failed."""
    failed = False
    collected: list[dict[str, Any]] = []
    out = sys.stdout
    for result in extract_inputs(paths, workers=workers, published=published):
        if isinstance(result, InputError):
            _error(result)
            failed = True
            continue
        records = [r.to_dict() for r in getattr(result, what)]
        if output_format is OutputFormat.jsonl:
            for record in records:
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
            out.flush()
        else:
            collected.extend(records)
    if output_format is OutputFormat.json:
        out.write(json.dumps(collected, ensure_ascii=False, indent=2) + "\n")
    elif output_format is OutputFormat.table:
        _print_table(collected, what=what)
    return failed


def _clip(text: Any, width: int) -> str:
    text = "" if text is None else str(text).replace("\n", " ")
    return text if len(text) <= width else text[: width - 1] + "…"


def _print_table(records: Iterable[dict[str, Any]], *, what: str) -> None:
    from rich.console import Console
    from rich.table import Table

    records = list(records)
    if not records:   # an empty grid says less than this
        typer.echo(f"0 {what}")
        return
    table = Table(show_lines=False, title=f"{len(records)} {what}")
    if what == "projects":
        for column in ("stage", "name", "region", "date", "investment", "organizations", "source"):
            table.add_column(column, no_wrap=True, overflow="ellipsis")
        for p in records:
            table.add_row(p["stage"], _clip(p["name"], 30), (p.get("region") or {}).get("name") or "",
                          (p.get("date") or {}).get("start") or "", yuan(p.get("investment_yuan"), column=True),
                          _clip("、".join(p.get("organizations") or []), 24), _clip(p.get("source"), 24))
    elif what == "documents":
        for column in ("kind", "title", "date", "source name", "reporters", "chars", "source"):
            table.add_column(column)
        for d in records:
            date = d.get("published") or (str(d["year"]) if d.get("year") else "")
            table.add_row(d["kind"], _clip(d.get("title"), 40), date, _clip(d.get("source_name"), 16),
                          ", ".join(d.get("reporters") or []), str(len(d.get("text") or "")),
                          _clip(d.get("source"), 24))
    else:
        for column in ("type", "region", "date", "projects", "investment", "qualifier", "title (or evidence)", "source"):
            table.add_column(column, no_wrap=True, overflow="ellipsis")
        for e in records:
            region = e.get("region") or {}
            date = e.get("date") or {}
            span = date.get("start") or ""
            if date.get("end") and date.get("end") != date.get("start"):
                span += f"…{date['end']}"
            table.add_row(e["type"], f"{region.get('name', '')} {region.get('adcode', '')}".strip(), span,
                          "" if e.get("project_count") is None else str(e["project_count"]),
                          yuan(e.get("investment_yuan"), column=True), e.get("qualifier") or "", headline(e, 30),
                          _clip(e.get("source"), 24))
    Console(soft_wrap=False).print(table)
