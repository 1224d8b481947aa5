"""/api/documents/{id}: a document, its events with evidence offsets and its page's teasers."""
from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends

from ...http import StoreDep, require_read_token
from ..dependencies import RecordId, found

router = APIRouter(tags=["documents"], dependencies=[Depends(require_read_token)])


@router.get("/documents/{document_id}", summary="A document with its events and sibling teasers")
def get_document(document_id: RecordId, store: StoreDep) -> dict[str, Any]:
    return found(store.document(document_id), "document", document_id)
