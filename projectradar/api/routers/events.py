"""/api/events: the filtered, sorted, paged list, and one event with its sources and history."""
from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request

from ...http import SORT_KEYS, EventQuery, check_sort, count_events, event_query, get_store, require_read_token
from ..dependencies import Paging, paging

router = APIRouter(tags=["events"], dependencies=[Depends(require_read_token)])

SortParam = Annotated[str, Query(description="one of " + ", ".join(SORT_KEYS))]


@router.get("/events", summary="Events matching the filters of the `events` command")
def list_events(
    request: Request,
    query: Annotated[EventQuery, Depends(event_query)],
    page: Annotated[Paging, Depends(paging)],
    store: Annotated[Any, Depends(get_store)],
    sort: SortParam = "-date",
) -> dict[str, Any]:
    """``{"total", "limit", "offset", "sort", "filters", "events": [record, ...]}``."""
    filters = query.to_filter()
    rows = store.events(filters, limit=page.limit, offset=page.offset, sort=check_sort(sort))
    return {
        "total": count_events(request, store, filters),
        "limit": page.limit,
        "offset": page.offset,
        "sort": sort,
        "filters": query.params(),
        "events": rows,
    }


@router.get("/events/{event_id}", summary="One event: every fact, every source with evidence, its history")
def get_event(
    event_id: Annotated[str, Path(max_length=64, pattern=r"^[0-9A-Za-z_-]+$")],
    store: Annotated[Any, Depends(get_store)],
) -> dict[str, Any]:
    record = store.event(event_id)
    if record is None:
        raise HTTPException(404, f"no event with id {event_id!r}")
    return record
