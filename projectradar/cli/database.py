"""The store as the commands open it: our errors become a one-line message and exit 1.

The store (SQLAlchemy: half a second to import) is imported when a command opens it, so
that `projectradar extract` and `--help` do not wait for it."""
from __future__ import annotations

from contextlib import contextmanager
from typing import Any, Callable, Iterator, Optional

import typer

from ..errors import RadarError
from . import options
from .output import fail, print_record

__all__ = ["asking", "fetch_record", "open_store", "record_command"]


def open_store(db: str | None):
    from ..store import Store  # lazy: SQLAlchemy is slow to import

    try:
        return Store(db)
    except RadarError as err:
        fail(err)


@contextmanager
def asking(db: str | None) -> Iterator[Any]:
    """The store of `db` for one query: our errors become a one-line message, and the
    store is closed whatever happens."""
    store = open_store(db)
    try:
        yield store
    except RadarError as err:
        fail(err)
    finally:
        store.close()


def fetch_record(db: str | None, fetch: Callable[[Any], Any], missing: str) -> Any:
    """What `fetch` finds in the store; `missing` is the error when it finds nothing."""
    with asking(db) as store:
        found = fetch(store)
    if found is None:
        fail(missing)
    return found


def record_command(app: typer.Typer, name: str, fetch: Callable[[Any, str], Any], *, noun: str, id_help: str,
                   text_lines: Callable[[dict], list[str]], help: str) -> None:
    """Register `name ID` on `app`: the record `fetch` finds in the store for the id, as the
    lines `text_lines` makes of it or as JSON; a one-line error where it finds none."""
    def command(record_id: str = typer.Argument(..., help=id_help), db: Optional[str] = options.DbOption,
                fmt: str = options.output_format("text", "text or json.")) -> None:
        record = fetch_record(db, lambda store: fetch(store, record_id), f"no {noun} {record_id!r} in the database")
        print_record(record, fmt, text_lines)

    command.__doc__ = help
    app.command(name)(command)
