"""The store as the commands open it: our errors become a one-line message and exit 1.

The store (SQLAlchemy: half a second to import) is imported when a command opens it, so
that `projectradar extract` and `--help` do not wait for it."""
from __future__ import annotations

from contextlib import contextmanager
from typing import Any, Callable, Iterator

from ..errors import RadarError
from .output import fail

__all__ = ["asking", "fetch_record", "open_store"]


def open_store(db: str | None):
    from ..store import Store

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
