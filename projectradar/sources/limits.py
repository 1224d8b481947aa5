"""Input size limits shared by every reader (one page, one JSONL line, one fetched URL)."""
from __future__ import annotations

import os

__all__ = ["MAX_PAGE_BYTES", "describe_size"]

# One page larger than this is refused (a news page is rarely over 1 MB; a
# 50 MB "page" is a mistake or an attack and would only waste memory).
# PROJECTRADAR_MAX_PAGE_MB overrides it.
MAX_PAGE_BYTES = int(float(os.environ.get("PROJECTRADAR_MAX_PAGE_MB", "20")) * 1024 * 1024)


def describe_size(n: int) -> str:
    """20971520 → '20 MB'."""
    mb = n / (1024 * 1024)
    return f"{mb:.0f} MB" if mb >= 10 or mb == int(mb) else f"{mb:.1f} MB"
