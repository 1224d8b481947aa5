"""What the commands print: one-line errors, JSON, JSON lines, CSV and tables for reading.

rich is imported by the table alone, so that the commands printing JSON do not wait for it."""
from __future__ import annotations

import csv
import json
import sys
from typing import Any, Callable, Iterable, NoReturn

import typer

from ..formatting import headline, yuan

__all__ = ["event_rows", "evidence_lines", "fail", "print_json", "print_jsonl", "print_record", "print_table",
           "write_csv"]

EVENT_HEADER = ["id", "date", "type", "region", "projects", "yuan", "told"]


def fail(err: BaseException | str, code: int = 1) -> NoReturn:
    typer.echo(f"error: {err}", err=True)
    raise typer.Exit(code)


def print_json(value: Any) -> None:
    typer.echo(json.dumps(value, ensure_ascii=False, indent=1))


def print_record(record: dict, fmt: str, text_lines: Callable[[dict], list[str]]) -> None:
    """One record: as JSON, or (any other `fmt`) as the lines `text_lines` makes of it."""
    if fmt == "json":
        print_json(record)
    else:
        typer.echo("\n".join(text_lines(record)))


def evidence_lines(told: dict) -> list[str]:
    """The evidence of a telling (a source of an event, a stage of a project), quoted with its span."""
    ev = told.get("evidence") or {}
    return [f"    「{ev['text']}」 [{ev.get('start')}:{ev.get('end')}]"] if ev.get("text") else []


def print_jsonl(rows: Iterable[dict]) -> None:
    for r in rows:
        typer.echo(json.dumps(r, ensure_ascii=False))


def write_csv(rows: Iterable[dict], columns: list[str], flatten: Callable[[dict], dict]) -> None:
    """CSV on standard output, with the byte-order mark that lets Excel read it as UTF-8."""
    from ..store.export import CSV_BOM  # lazy: SQLAlchemy is slow to import

    sys.stdout.write(CSV_BOM)
    writer = csv.writer(sys.stdout)
    writer.writerow(columns)
    for r in rows:
        flat = flatten(r)
        writer.writerow([flat[c] for c in columns])


def event_rows(rows: list[dict]) -> list[list[str]]:
    """The cells of EVENT_HEADER and a title, one list an event."""
    out = []
    for e in rows:
        out.append([e["id"], (e.get("date") or {}).get("start") or "", e["type"],
                    (e.get("region") or {}).get("name") or "",
                    "" if e.get("project_count") is None else str(e["project_count"]),
                    yuan(e.get("investment_yuan"), column=True), str(e.get("mentions", 1)), headline(e, 60)])
    return out


def print_table(title: str, header: list[str], rows: list[list[str]], *, wide: tuple[str, ...] = ()) -> None:
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
