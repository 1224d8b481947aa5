"""The REST API: every route under /api, one router per resource. `projectradar.app.create_app`
mounts `router` beside the dashboard."""
from __future__ import annotations

from fastapi import APIRouter

from .routers import documents, events, export, ingest, projects, regions, search, stats, watches

__all__ = ["router"]

router = APIRouter(prefix="/api")
for _module in (events, projects, regions, stats, documents, search, export, ingest, watches):
    router.include_router(_module.router)
