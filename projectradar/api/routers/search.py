"""/api/search?q=: full-text search over documents and events."""
from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from ...http import StoreDep, require_read_token
from ..dependencies import PagingDep

router = APIRouter(tags=["search"], dependencies=[Depends(require_read_token)])


@router.get("/search", summary="Search documents and events (Chinese words like 签约 or 合肥 work)")
def search(
    q: Annotated[str, Query(min_length=1, max_length=200, description="words to look for")],
    page: PagingDep,
    store: StoreDep,
) -> dict[str, Any]:
    q = q.strip()
    if not q:
        return {"q": q, "documents": [], "events": [], "total": 0}
    found = store.search(q, limit=page.limit, offset=page.offset)
    return {"q": q, **found}
