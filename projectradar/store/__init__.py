"""The store: ingest extraction results once, query, search and export them (SQLite or PostgreSQL).

    >>> from projectradar.store import Store, EventFilter
    >>> store = Store("radar.db")
    >>> store.events(EventFilter(region="济南", type="signing"))
"""
from __future__ import annotations

from .core import Store, extract_inputs, upgrade_database
from .filters import EventFilter
from .ingest import IngestReport

__all__ = ["Store", "EventFilter", "IngestReport", "extract_inputs", "upgrade_database"]
