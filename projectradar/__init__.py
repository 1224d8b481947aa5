"""Project Radar (项目雷达): Chinese economic news into a queryable record of
investment projects.

    >>> import projectradar
    >>> result = projectradar.extract(page_text, published="2023-02-04")
    >>> [e.type for e in result.events]
    >>> store = projectradar.Store("radar.db")
    >>> projectradar.ingest(store, ["pages/"], workers=2).events_new
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .errors import InputError, RadarError, StoreError
from .records import Document, Event, Result

__all__ = ["extract", "ingest", "Store", "Result", "Document", "Event", "RadarError", "InputError", "StoreError"]

__version__ = "0.1.0"

if TYPE_CHECKING:  # pragma: no cover
    from .runner import ingest
    from .store import Store

# `import projectradar` stays light: the pipeline, the runner and the store (SQLAlchemy)
# are imported when first used.


def extract(text_or_html: str | bytes, *, url: str | None = None, published: str | None = None,
            source: str | None = None) -> Result:
    """Read one page (HTML, scraped page text or Markdown; told apart by content)
    and return its documents and events. See `projectradar.pipeline.extract`."""
    from .pipeline import extract as _extract  # lazy: `import projectradar` stays light

    return _extract(text_or_html, url=url, published=published, source=source)


def __getattr__(name: str) -> Any:
    if name == "Store":
        from .store import Store  # lazy: SQLAlchemy is slow to import

        return Store
    if name == "ingest":    # projectradar.ingest(store, paths, workers=2): see projectradar.runner.ingest
        from .runner import ingest  # lazy: the runner brings the whole pipeline

        return ingest
    raise AttributeError(name)
