"""/api/regions/{adcode} (summary, children ranked, events, targets) and /api/map (map shading)."""
from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Query

from ...formatting import money_bands, yuan
from ...http import StoreDep, Year, require_read_token

router = APIRouter(tags=["regions"], dependencies=[Depends(require_read_token)])

Adcode = Annotated[str, Path(pattern=r"^\d{6}$", description="six-digit GB/T 2260 code")]


@router.get("/regions/{adcode}", summary="A region: totals, its children ranked, its events and targets")
def get_region(adcode: Adcode, store: StoreDep, year: Year = None) -> dict[str, Any]:
    summary = store.region_summary(adcode, year=year)
    if summary is None:
        raise HTTPException(404, f"no region with code {adcode!r}")
    return summary


@router.get("/map", summary="Signed investment per region one level below `adcode`, with the legend's bands, for the map")
def get_map(
    store: StoreDep,
    adcode: Annotated[str | None, Query(pattern=r"^\d{6}$", description="parent region; none for the provinces")] = None,
    year: Year = None,
) -> dict[str, Any]:
    shading = store.map_rows(parent=adcode, year=year)
    for row in shading["regions"]:
        row["investment_text"] = yuan(row["investment_yuan"])
    # a log scale: one region's 2万亿 must not leave every other region uncoloured
    shading["bands"] = money_bands(max((r["investment_yuan"] for r in shading["regions"]), default=0))
    return shading
