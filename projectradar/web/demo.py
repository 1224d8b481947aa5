"""The demo: the corpus shipped in projectradar/data/demo/, ingested into a fresh SQLite file."""
from __future__ import annotations

from pathlib import Path

from ..runner import ingest
from ..store import IngestReport, Store

__all__ = ["DEMO_DIR", "demo_files", "build_demo_db"]

DEMO_DIR = Path(__file__).resolve().parent.parent / "data" / "demo"
PAGE_SUFFIXES = (".txt", ".html", ".htm", ".jsonl", ".md")


def demo_files() -> list[Path]:
    """The demo corpus's pages, in name order.

    >>> [p.name for p in demo_files()][:1]
    ['01_jinan_licheng_signing.txt']
    """
    return sorted(p for p in DEMO_DIR.iterdir() if p.suffix in PAGE_SUFFIXES and p.is_file())


def build_demo_db(path: str | Path) -> tuple[Store, IngestReport]:
    """Ingest the demo corpus into a fresh SQLite file at ``path`` (replaced if present).

    Returns:
        ``(store, report)``: the open Store and its IngestReport.

    Example:
        >>> store, report = build_demo_db("/tmp/demo.db")   # doctest: +SKIP
        >>> report.events_new > 30                          # doctest: +SKIP
        True
    """
    path = Path(path)
    for stale in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm"),
                  path.with_name(path.name + "-journal")):
        if stale.exists():
            stale.unlink()
    path.parent.mkdir(parents=True, exist_ok=True)
    store = Store(str(path))
    # seventeen small pages: starting worker processes would cost more than they save
    report = ingest(store, demo_files(), workers=1)
    return store, report
