"""/api/projects (the 项目库: filtered, paged), /api/projects/{id} (one project's timeline and
tellings) and /api/delivery (signed → started → completed in a region and period)."""
from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request

from ...http import (ADCODE_PREFIX, DATE_PATTERN, ProjectQuery, ProjectQueryDep, StoreDep, count_projects,
                     require_read_token)
from ..dependencies import PagingDep, RecordId, found
from ..models import Delivery, ProjectDetail, ProjectPage

router = APIRouter(tags=["projects"], dependencies=[Depends(require_read_token)])


@router.get("/projects", summary="Named projects matching the filters of the `projects` command",
            response_model=ProjectPage)
def list_projects(
    request: Request,
    query: ProjectQueryDep,
    page: PagingDep,
    store: StoreDep,
) -> dict[str, Any]:
    """``{"total", "limit", "offset", "filters", "projects": [project, ...]}``, latest stage first."""
    filters = query.to_filter()
    return {"total": count_projects(request, store, filters), "limit": page.limit, "offset": page.offset,
            "filters": query.params(), "projects": store.projects(filters, limit=page.limit, offset=page.offset)}


@router.get("/projects/{project_id}", summary="One project: its timeline and every telling with evidence",
            response_model=ProjectDetail)
def get_project(project_id: RecordId, store: StoreDep) -> dict[str, Any]:
    return found(store.project(project_id), "project", project_id)


@router.get("/delivery", summary="Signed → started → completed for the projects signed in a region and period",
            response_model=Delivery)
def delivery(
    store: StoreDep,
    adcode: Annotated[str | None, Query(pattern=ADCODE_PREFIX, description="GB/T 2260 code or prefix")] = None,
    region: Annotated[str | None, Query(max_length=50, description="or a region name")] = None,
    since: Annotated[str | None, Query(pattern=DATE_PATTERN, description="signed from")] = None,
    until: Annotated[str | None, Query(pattern=DATE_PATTERN, description="signed up to")] = None,
) -> dict[str, Any]:
    """Funnel, shares started within 6 and 12 months, median days to start, the stalled list and,
    apart, what signing ceremonies counted in the same region and period."""
    query = ProjectQuery(region=region or None, adcode=adcode or None, since=since, until=until)
    return store.delivery(query.to_filter())
