"""The store: keep extraction results once, query, search and export them (SQLite or PostgreSQL).

    >>> from projectradar.store import Store, EventFilter
    >>> store = Store("radar.db")
    >>> store.events(EventFilter(region="合肥", type="signing"))
"""
from __future__ import annotations

from .core import Store, upgrade_database
from .filters import EventFilter, ProjectFilter
from .ingest import IngestReport

__all__ = ["Store", "EventFilter", "ProjectFilter", "IngestReport", "upgrade_database"]
