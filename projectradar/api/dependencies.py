"""What the API's routes share beyond `projectradar.http`: paging, a record's id in the path
and the 404 of an id nothing has."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Path, Query

from ..http import MAX_ID_LENGTH

__all__ = ["Paging", "paging", "PagingDep", "RecordId", "found"]

RecordId = Annotated[str, Path(max_length=MAX_ID_LENGTH, pattern=r"^[0-9A-Za-z_-]+$")]


@dataclass
class Paging:
    limit: int
    offset: int


def paging(limit: Annotated[int, Query(ge=1, le=500, description="rows per page")] = 50,
           offset: Annotated[int, Query(ge=0, le=10_000_000, description="rows to skip")] = 0) -> Paging:
    """Paging parameters shared by every list route."""
    return Paging(limit=limit, offset=offset)


PagingDep = Annotated[Paging, Depends(paging)]


def found(record: Any, noun: str, record_id: str) -> Any:
    """The record, or a 404 saying no `noun` has that id."""
    if record is None:
        raise HTTPException(404, f"no {noun} with id {record_id!r}")
    return record
