"""/api/events: the filtered, sorted, paged list, and one event with its sources and history."""
from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request

from ...http import SORT_KEYS, EventQueryDep, StoreDep, check_sort, count_events, require_read_token
from ..dependencies import PagingDep, RecordId, found

router = APIRouter(tags=["events"], dependencies=[Depends(require_read_token)])

SortParam = Annotated[str, Query(description="one of " + ", ".join(SORT_KEYS))]


@router.get("/events", summary="Events matching the filters of the `events` command")
def list_events(
    request: Request,
    query: EventQueryDep,
    page: PagingDep,
    store: StoreDep,
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
def get_event(event_id: RecordId, store: StoreDep) -> dict[str, Any]:
    return found(store.event(event_id), "event", event_id)
