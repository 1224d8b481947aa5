"""/api/documents/{id}: a document, its events with evidence offsets and its page's teasers."""
from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path

from ...http import get_store, require_read_token

router = APIRouter(tags=["documents"], dependencies=[Depends(require_read_token)])


@router.get("/documents/{document_id}", summary="A document with its events and sibling teasers")
def get_document(
    document_id: Annotated[str, Path(max_length=64, pattern=r"^[0-9A-Za-z_-]+$")],
    store: Annotated[Any, Depends(get_store)],
) -> dict[str, Any]:
    record = store.document(document_id)
    if record is None:
        raise HTTPException(404, f"no document with id {document_id!r}")
    return record
