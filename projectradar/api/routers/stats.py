"""/api/stats (counts, projects, investment by region/month/type/sector), /api/targets, /api/timeline."""
from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query

from ...http import EventQueryDep, StoreDep, Year, require_read_token

router = APIRouter(tags=["stats"], dependencies=[Depends(require_read_token)])


@router.get("/stats", summary="Counts, projects and investment grouped by region, month, type or sector")
def get_stats(
    store: StoreDep,
    query: EventQueryDep,
    by: Literal["region", "month", "type", "sector"] = "region",
    level: Literal["province", "city", "district"] | None = None,
    year: Year = None,
) -> dict[str, Any]:
    rows = store.stats(by=by, level=level, year=year, filters=query.to_filter())
    return {"by": by, "level": level, "year": year, "filters": query.params(), "rows": rows}


@router.get("/targets", summary="Each announced target beside what the region reported afterwards")
def get_targets(
    store: StoreDep,
    region: Annotated[str | None, Query(max_length=50, description="region name or six-digit code")] = None,
    year: Year = None,
) -> dict[str, Any]:
    region = (region or "").strip() or None
    return {"region": region, "year": year, "targets": store.targets(region=region, year=year)}


@router.get("/timeline", summary="Monthly signed and started investment (the overview's chart)")
def get_timeline(
    store: StoreDep,
    year: Year = None,
    adcode: Annotated[str | None, Query(pattern=r"^\d{2,6}$")] = None,
) -> dict[str, Any]:
    return store.timeline(year=year, adcode=adcode)
