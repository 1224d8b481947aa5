"""Paging, the one check the API's list routes share (the rest is in `projectradar.http`)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Query

__all__ = ["Paging", "paging"]


@dataclass
class Paging:
    limit: int
    offset: int


def paging(limit: Annotated[int, Query(ge=1, le=500, description="rows per page")] = 50,
           offset: Annotated[int, Query(ge=0, le=10_000_000, description="rows to skip")] = 0) -> Paging:
    """Paging parameters shared by every list route."""
    return Paging(limit=limit, offset=offset)
