"""POST /api/ingest: upload files or paste text; needs the bearer token, bounded in size."""
from __future__ import annotations

import datetime as dt
import logging
import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

from fastapi import APIRouter, BackgroundTasks, Depends, HTTPException, Request
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from ...errors import IngestError

from ...http import SettingsDep, StoreDep, require_write_token
from ...notify import deliver_pending
from ...runner import ingest as ingest_inputs

router = APIRouter(tags=["ingest"])
log = logging.getLogger("projectradar.api.ingest")

_SAFE_NAME = re.compile(r"[^0-9A-Za-z\u4e00-\u9fff._-]+")
ALLOWED_SUFFIXES = (".txt", ".html", ".htm", ".jsonl", ".md", ".warc", ".gz")


def _safe_name(name: str, index: int) -> str:
    # Never trust a client's file name as a path: keep letters, digits, CJK, dot, dash.
    base = _SAFE_NAME.sub("_", Path(name or "").name).strip("._") or f"upload-{index}.txt"
    return f"{index:03d}-{base[:100]}"


def _unplaced(message: str, workdir: Path) -> str:
    """A message without the server's temporary folder: files are named as uploaded (safely)."""
    return message.replace(f"{workdir}{os.sep}", "")


def _published(value: Any) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        return dt.date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise HTTPException(422, f"published: not a date {value!r} (YYYY-MM-DD)") from None


@router.post(
    "/ingest",
    summary="Ingest uploaded files (field `files`) and/or pasted text (field `text`)",
    dependencies=[Depends(require_write_token)],
    openapi_extra={"requestBody": {"content": {"multipart/form-data": {"schema": {
        "type": "object",
        "properties": {
            "files": {"type": "array", "items": {"type": "string", "format": "binary"}},
            "text": {"type": "string", "description": "a page's text or HTML"},
            "url": {"type": "string"},
            "published": {"type": "string", "description": "YYYY-MM-DD"},
        },
    }}}, "required": True}},
)
async def ingest(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    background: BackgroundTasks,
) -> dict[str, Any]:
    limit = settings.max_upload_bytes
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise HTTPException(413, f"upload too large: {int(declared)} bytes, the limit is {limit} bytes")
    # Read the body ourselves with a running count, so a body without a
    # Content-Length (chunked) cannot exceed the limit either.
    size = 0
    chunks = []
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise HTTPException(413, f"upload too large: over the limit of {limit} bytes")
        chunks.append(chunk)
    body = b"".join(chunks)
    request._body = body  # let Starlette parse the form from what we already read

    content_type = request.headers.get("content-type", "")
    workdir = Path(tempfile.mkdtemp(prefix="projectradar-upload-"))
    try:
        paths: list[str] = []
        published = None
        if content_type.startswith("multipart/form-data") or content_type.startswith(
                "application/x-www-form-urlencoded"):
            form = await request.form(max_files=100, max_fields=20)
            for index, item in enumerate(form.getlist("files")):
                if not isinstance(item, UploadFile):
                    continue
                name = _safe_name(item.filename or "", index)
                if not name.lower().endswith(ALLOWED_SUFFIXES):
                    name += ".txt"
                target = workdir / name
                target.write_bytes(await item.read())
                paths.append(str(target))
            published = _published(form.get("published"))
            text = form.get("text")
            if isinstance(text, str) and text.strip():
                suffix = ".html" if re.search(r"<(html|body|p|div)\b", text[:2000], re.I) else ".txt"
                target = workdir / f"pasted{suffix}"
                target.write_text(text, encoding="utf-8")
                paths.append(str(target))
        elif content_type.startswith("text/"):
            target = workdir / ("pasted.html" if "html" in content_type else "pasted.txt")
            target.write_bytes(body)
            paths.append(str(target))
        else:
            raise HTTPException(415, "send multipart/form-data (files, text) or text/plain")
        if not paths:
            raise HTTPException(422, "nothing to ingest: give files (field `files`) or text (field `text`)")
        # off the event loop: extraction in one kept child process (not this interpreter, whose
        # lock the loop needs to answer reads), the write on a worker thread
        try:
            report = await run_in_threadpool(ingest_inputs, store, paths, workers=1, published=published,
                                             isolate=True, reuse_pool=True)
        except IngestError as err:
            raise IngestError(_unplaced(str(err), workdir), err.report) from None
        report.errors = [_unplaced(message, workdir) for message in report.errors]
        request.app.state.counts.clear()  # totals change with what was just written
        # webhooks of the watches these events are new to (and what earlier rounds could not
        # deliver), after the answer and in a thread: a slow receiver must not hold the loop
        background.add_task(_notify, store, settings.allow_private_urls)
        return {"ingested": len(paths), "report": report.to_dict()}
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _notify(store: Any, allow_private: bool) -> None:
    report = deliver_pending(store, allow_private=allow_private)
    if report.watches:
        log.info("%s", report.summary())
