"""/api/watches: named event filters to follow (feed, webhook); writes need the token."""
from __future__ import annotations

import urllib.parse
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, HTTPException, Path, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from ...errors import FetchError
from ...http import (ADCODE_PREFIX, EVENT_FILTER_MAX, SettingsDep, StoreDep, event_query, has_write_token,
                     require_read_token, require_write_token)
from ...netguard import check_url
from ...notify import new_secret
from ..dependencies import PagingDep

router = APIRouter(tags=["watches"])

WatchName = Annotated[str, Path(min_length=1, max_length=60, description="the watch's name")]


class WatchFilters(BaseModel):
    """The filters of `events`, as in its URL: region (children included), adcode, type
    (comma-separated), since, until, min_investment (10亿), sector (comma-separated), org, q, source."""

    region: str | None = Field(None, max_length=EVENT_FILTER_MAX["region"])
    adcode: str | None = Field(None, pattern=ADCODE_PREFIX)
    type: str | None = Field(None, max_length=EVENT_FILTER_MAX["type"])
    since: str | None = None
    until: str | None = None
    min_investment: str | None = Field(None, max_length=EVENT_FILTER_MAX["min_investment"])
    sector: str | None = Field(None, max_length=EVENT_FILTER_MAX["sector"])
    org: str | None = Field(None, max_length=EVENT_FILTER_MAX["org"])
    q: str | None = Field(None, max_length=EVENT_FILTER_MAX["q"])
    source: str | None = Field(None, max_length=EVENT_FILTER_MAX["source"])


class WatchIn(BaseModel):
    name: str = Field(..., min_length=1, max_length=60, description="letters, digits, _ . -")
    filters: WatchFilters = Field(default_factory=WatchFilters)
    webhook_url: str | None = Field(None, max_length=2000, description="http(s) URL each new event is POSTed to")
    secret: str | None = Field(None, min_length=16, max_length=128,
                               description="HMAC-SHA256 key of the signature; made for you when absent")


def _shown(watch: dict[str, Any], full: bool) -> dict[str, Any]:
    """A watch as answered: never its secret; the webhook's path only to the token's holder
    (a webhook URL often is a credential itself)."""
    out = {k: v for k, v in watch.items() if k not in ("secret", "id")}
    url = out.get("webhook_url")
    if url and not full:
        parts = urllib.parse.urlsplit(url)
        out["webhook_url"] = f"{parts.scheme}://{parts.hostname}/…"
    out["feed"] = f"/feeds/watches/{urllib.parse.quote(watch['name'], safe='')}.atom"
    return out


@router.get("/watches", summary="Every watch, with how many events it matched since it was made",
            dependencies=[Depends(require_read_token)])
def list_watches(request: Request, store: StoreDep,
                 settings: SettingsDep) -> dict[str, Any]:
    full = has_write_token(request, settings)
    return {"watches": [_shown(w, full) for w in store.watches()]}


@router.post("/watches", status_code=201, summary="Make a watch (needs the token); answers its secret once",
             dependencies=[Depends(require_write_token)])
def add_watch(watch: Annotated[WatchIn, Body()], store: StoreDep,
              settings: SettingsDep) -> JSONResponse:
    query = event_query(**watch.filters.model_dump())
    secret = None
    if watch.webhook_url:
        try:
            check_url(watch.webhook_url, allow_private=settings.allow_private_urls, must_resolve=False)
        except FetchError as err:
            raise HTTPException(422, f"webhook_url: {err.problem}") from None
        secret = watch.secret or new_secret()
    made = store.add_watch(watch.name, query.to_filter(), webhook_url=watch.webhook_url, secret=secret)
    body = _shown(made, True)
    if secret:
        body["secret"] = secret       # shown this once: the receiver checks signatures with it
    return JSONResponse(body, status_code=201)


@router.get("/watches/{name}", summary="A watch and the events it matched since it was made",
            dependencies=[Depends(require_read_token)])
def get_watch(request: Request, name: WatchName, store: StoreDep,
              settings: SettingsDep,
              page: PagingDep) -> dict[str, Any]:
    watch = store.watch(name)
    if watch is None:
        raise HTTPException(404, f"no watch named {name!r}")
    total, rows = store.watch_events(name, limit=page.limit, offset=page.offset)
    return {**_shown(watch, has_write_token(request, settings)), "matched": total, "limit": page.limit,
            "offset": page.offset, "events": rows}


@router.delete("/watches/{name}", summary="Remove a watch and its delivery log (needs the token)",
               dependencies=[Depends(require_write_token)])
def remove_watch(name: WatchName, store: StoreDep) -> dict[str, Any]:
    if not store.remove_watch(name):
        raise HTTPException(404, f"no watch named {name!r}")
    return {"removed": name}


@router.get("/watches/{name}/deliveries", summary="A watch's webhook deliveries, latest first",
            dependencies=[Depends(require_read_token)])
def deliveries(name: WatchName, store: StoreDep,
               page: PagingDep) -> dict[str, Any]:
    log = store.deliveries(name, limit=page.limit)
    if log is None:
        raise HTTPException(404, f"no watch named {name!r}")
    return {"watch": name, "deliveries": log}
