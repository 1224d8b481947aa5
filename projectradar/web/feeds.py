"""Atom 1.0 feeds of events: any filter of `events` (/feeds/events.atom?region=合肥&type=signing)
and each watch (/feeds/watches/NAME.atom). One entry per event, newest first (as `events`
sorts), with ETag and Last-Modified so that a reader polling it gets 304 until it changes."""
from __future__ import annotations

import datetime as dt
import hashlib
import re
import xml.etree.ElementTree as ET
from email.utils import format_datetime, parsedate_to_datetime
from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import Response

from ..formatting import describe_filter, summary_line, type_name
from ..http import EventQueryDep, StoreDep, require_read_token
from ..store import EventFilter

__all__ = ["router", "atom_feed", "FEED_TYPE"]

FEED_TYPE = "application/atom+xml; charset=utf-8"
ATOM = "http://www.w3.org/2005/Atom"
AUTHOR = "项目雷达 Project Radar"
# A feed with no entry yet still needs an <updated>: a fixed instant keeps its ETag stable.
_NO_ENTRY = "1970-01-01T00:00:00+00:00"
# Characters XML 1.0 cannot hold at all (a scraped page may carry them).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

router = APIRouter(include_in_schema=False, dependencies=[Depends(require_read_token)])
Limit = Annotated[int, Query(ge=1, le=200, description="entries in the feed")]


def _moment(stamp: str | None) -> dt.datetime:
    """A stored stamp ("2026-03-01T08:00:00.123456+00:00") as a UTC datetime, to the second."""
    value = dt.datetime.fromisoformat(stamp or _NO_ENTRY)
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.timezone.utc)
    return value.astimezone(dt.timezone.utc).replace(microsecond=0)


def _rfc3339(stamp: str | None) -> str:
    return _moment(stamp).strftime("%Y-%m-%dT%H:%M:%SZ")


def _text(value: Any) -> str:
    return _NOT_XML.sub("", str(value or ""))


def _add(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", {k: _text(v) for k, v in attrs.items()})
    if text is not None:
        element.text = _text(text)
    return element


def _summary(event: dict[str, Any]) -> str:
    date = (event.get("date") or {}).get("start") or "日期不详"
    path = "/".join((event.get("region") or {}).get("path") or []) or (event.get("region") or {}).get("name") or ""
    told = [s.get("source_name") or s.get("source") for s in event.get("sources") or []]
    parts = [date, path, "来源：" + "、".join(t for t in told[:3] if t) if any(told) else ""]
    return " · ".join(p for p in parts if p)


def atom_feed(events: list[dict[str, Any]], *, title: str, feed_url: str, html_url: str, base_url: str,
              empty_updated: str | None = None) -> bytes:
    """An Atom 1.0 document: one entry per event (as given), titled by `summary_line`, linked to
    the event's page under ``base_url``, dated by when the store last changed it, with the
    evidence sentence as its content."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": "zh-CN"})
    _add(feed, "id", feed_url)
    _add(feed, "title", title)
    _add(feed, "updated", _rfc3339(max((e["updated_at"] for e in events), default=empty_updated)))
    _add(feed, "link", rel="self", type="application/atom+xml", href=feed_url)
    _add(feed, "link", rel="alternate", type="text/html", href=html_url)
    _add(_add(feed, "author"), "name", AUTHOR)
    _add(feed, "generator", "Project Radar")
    for event in events:
        page = f"{base_url}/events/{quote(event['id'], safe='')}"
        entry = _add(feed, "entry")
        _add(entry, "id", page)
        _add(entry, "title", summary_line(event))
        _add(entry, "link", rel="alternate", type="text/html", href=page)
        for source in (event.get("sources") or [])[:3]:
            if (source.get("url") or "").startswith(("http://", "https://")):
                _add(entry, "link", rel="related", type="text/html", href=source["url"],
                     title=source.get("title") or source.get("source_name") or "")
        _add(entry, "published", _rfc3339(event["created_at"]))
        _add(entry, "updated", _rfc3339(event["updated_at"]))
        _add(entry, "category", term=event["type"], label=type_name(event["type"]))
        _add(entry, "summary", _summary(event))
        _add(entry, "content", (event.get("evidence") or {}).get("text") or summary_line(event), type="text")
    ET.indent(feed, space=" ")            # one element a line: readable with curl, a few bytes more
    # serialized to a str, then encoded once (ElementTree writing bytes encodes every piece)
    return ("<?xml version='1.0' encoding='utf-8'?>\n" + ET.tostring(feed, encoding="unicode") + "\n").encode("utf-8")


def _etag(events: list[dict[str, Any]], feed_url: str) -> str:
    digest = hashlib.sha256(feed_url.encode("utf-8"))
    for event in events:
        digest.update(f"\n{event['id']} {event['updated_at']} {event.get('mentions')}".encode("utf-8"))
    return '"' + digest.hexdigest()[:32] + '"'


def _not_modified(request: Request, etag: str, last_modified: dt.datetime) -> bool:
    """RFC 9110: If-None-Match wins over If-Modified-Since."""
    given = request.headers.get("if-none-match")
    if given is not None:
        tags = {t.strip().removeprefix("W/") for t in given.split(",")}
        return "*" in tags or etag in tags
    since = request.headers.get("if-modified-since")
    if since:
        try:
            return last_modified <= parsedate_to_datetime(since)
        except (TypeError, ValueError):
            return False
    return False


def _answer(request: Request, events: list[dict[str, Any]], *, title: str, html_path: str,
            empty_updated: str | None = None) -> Response:
    base = str(request.base_url).rstrip("/")
    feed_url = base + request.url.path + (f"?{request.url.query}" if request.url.query else "")
    etag = _etag(events, feed_url)
    last_modified = _moment(max((e["updated_at"] for e in events), default=empty_updated))
    headers = {"ETag": etag, "Last-Modified": format_datetime(last_modified, usegmt=True),
               "Cache-Control": "no-cache"}
    if _not_modified(request, etag, last_modified):
        return Response(status_code=304, headers=headers)
    body = atom_feed(events, title=title, feed_url=feed_url, html_url=base + html_path, base_url=base,
                     empty_updated=empty_updated)
    return Response(body, media_type=FEED_TYPE, headers=headers)


@router.get("/feeds/events.atom")
def events_feed(request: Request, store: StoreDep, query: EventQueryDep,
                limit: Limit = 50) -> Response:
    """The newest events of any `events` filter, as Atom."""
    params = query.params()
    rows = store.feed_events(query.to_filter(), limit=limit)
    return _answer(request, rows, title=f"项目雷达 · {describe_filter(params)}",
                   html_path="/events" + (f"?{urlencode(params)}" if params else ""))


@router.get("/feeds/watches/{name}.atom")
def watch_feed(request: Request, store: StoreDep, name: str, limit: Limit = 50) -> Response:
    """The newest events a watch's filter matches, as Atom."""
    watch = store.watch(name)
    if watch is None:
        raise HTTPException(404, f"no watch named {name!r}")
    rows = store.feed_events(EventFilter.from_dict(watch["filters"]), limit=limit)
    params = {k: str(v) if not isinstance(v, list) else ",".join(v) for k, v in watch["filters"].items()}
    return _answer(request, rows, title=f"项目雷达 · 关注「{watch['name']}」 · {describe_filter(watch['filters'])}",
                   html_path="/events" + (f"?{urlencode(params)}" if params else ""),
                   empty_updated=watch["created_at"])
