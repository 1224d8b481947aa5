"""Scale-out: a process pool on one machine (`local`), Spark over WARC files (`spark`),
their Parquet layout (`parquet`) and run summary (`summary`).

Only `local` is imported here; `spark` needs PySpark and is imported when used.
"""
from __future__ import annotations

from .local import default_workers, extract_in_pool

__all__ = ["extract_in_pool", "default_workers"]
