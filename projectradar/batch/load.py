"""`load`: a batch output's Parquet back into Results, through Store.ingest like any other input."""
from __future__ import annotations

from pathlib import Path

from ..store import IngestReport, Store
from .parquet import read_results

__all__ = ["load_batch"]


def load_batch(directory: str | Path, db: str | None = None, **ingest_options) -> IngestReport:
    """Ingest a `batch` output directory into the store.

    Args:
        directory: what `projectradar batch --out DIR` wrote.
        db: database path or URL (default $PROJECTRADAR_DB, else ./projectradar.db).
        ingest_options: passed to ``Store.ingest``.
    Returns:
        the store's IngestReport (same dedupe and merging as `ingest`).

    Example:
        >>> report = load_batch("out/", "radar.db")
    """
    with Store(db) as store:
        return store.ingest(read_results(directory), **ingest_options)
