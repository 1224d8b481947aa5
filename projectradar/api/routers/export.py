"""/api/export?format=csv|xlsx|parquet: the events of the current filter as a file."""
from __future__ import annotations

import os
import tempfile
from typing import Literal

from fastapi import APIRouter, Depends
from fastapi.responses import FileResponse
from starlette.background import BackgroundTask

from ...http import EventQueryDep, ProjectQueryDep, StoreDep, require_read_token

router = APIRouter(tags=["export"], dependencies=[Depends(require_read_token)])

MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "parquet": "application/vnd.apache.parquet",
    "jsonl": "application/x-ndjson",
}
FileFormat = Literal["csv", "xlsx", "parquet", "jsonl"]   # the keys of MEDIA_TYPES


@router.get("/export", summary="Download the events matching the filters (csv, xlsx, parquet or jsonl)",
            response_class=FileResponse)
def export(store: StoreDep, query: EventQueryDep, format: FileFormat = "csv") -> FileResponse:
    return _file(store, format, "events", filters=query.to_filter())


@router.get("/export/projects", summary="Download the 项目库's projects matching the filters "
            "(csv, xlsx, parquet or jsonl)", response_class=FileResponse)
def export_projects(store: StoreDep, query: ProjectQueryDep, format: FileFormat = "csv") -> FileResponse:
    return _file(store, format, "projects", projects=query.to_filter())


def _file(store, format: str, what: str, **chosen) -> FileResponse:
    """Export into a temporary file, sent and then removed."""
    handle, path = tempfile.mkstemp(prefix="projectradar-export-", suffix="." + format)
    os.close(handle)
    try:
        store.export(format, path, **chosen)
    except BaseException:
        os.unlink(path)
        raise
    return FileResponse(path, media_type=MEDIA_TYPES[format], filename=f"projectradar-{what}.{format}",
                        background=BackgroundTask(os.unlink, path))
