"""The dashboard's pages: each route asks the store and renders one template."""
from __future__ import annotations

import math
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates

from ..briefing import TEMPLATES as BRIEFING_TEMPLATES
from ..briefing import briefing_charts, build_briefing, parse_week, render_pdf
from ..briefing.render import link_maker, money
from ..formatting import LEVEL_LABELS, STAGE_NAMES, headline, money_unit, quantity, stage_name, target_goals, type_name, yuan
from ..http import (MAX_ID_LENGTH, EventQuery, EventQueryDep, ProjectQueryDep, StoreDep, Year, check_sort,
                    count_events, count_projects, require_read_token)
from ..records import EVENT_TYPES, PROJECT_STAGES
from ..store import ProjectFilter
from ..regions import NATION
from .format import highlight_segments, mark_terms, money_html, name_pieces, percent, web_link

__all__ = ["router", "render_error", "templates", "STATIC_DIR"]

HERE = Path(__file__).resolve().parent
STATIC_DIR = HERE / "static"
VENDOR = STATIC_DIR / "vendor"
PAGE_SIZE = 25
PageNo = Annotated[int, Query(ge=1, le=100_000)]

# Scripts only from our own origin, never inline: article text that slipped
# through escaping still could not run.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")

router = APIRouter(include_in_schema=False, dependencies=[Depends(require_read_token)])


@cache
def _templates() -> Jinja2Templates:
    # the briefing's own templates too: the /briefing page includes the body the files use
    found = Jinja2Templates(directory=[str(HERE / "templates"), str(BRIEFING_TEMPLATES)])
    env = found.env
    env.filters["yuan"] = money_html
    env.filters["web_link"] = web_link
    env.filters["quantity"] = quantity
    env.filters["headline"] = headline
    env.filters["type_label"] = type_name
    env.filters["stage_label"] = stage_name
    env.filters["marked"] = mark_terms
    env.filters["goals"] = target_goals
    env.globals.update(LEVEL_LABELS=LEVEL_LABELS, EVENT_TYPES=EVENT_TYPES, PROJECT_STAGES=PROJECT_STAGES,
                       STAGE_NAMES=STAGE_NAMES, NATION=NATION,
                       percent=percent, vendor_ready=vendor_ready, money=money)
    return found


def templates() -> Jinja2Templates:
    """The page templates, with our filters (built once)."""
    return _templates()


def vendor_ready() -> dict[str, bool]:
    """Which built assets are present (the build script makes them; pages cope without)."""
    return {"echarts": (VENDOR / "echarts.min.js").is_file(),
            "maps": (VENDOR / "geo" / "index.json").is_file()}


def _render(request: Request, name: str, context: dict[str, Any], status: int = 200,
            headers: dict | None = None) -> HTMLResponse:
    response = templates().TemplateResponse(request, name, context, status_code=status, headers=headers)
    response.headers["Content-Security-Policy"] = CSP
    return response


# What the framework says in English for a path it does not know, and so on: said in Chinese.
_PLAIN_MESSAGES = {"Not Found": "没有这个页面。", "Method Not Allowed": "这个页面不接受这种请求。",
                   "Unauthorized": "需要令牌才能访问。", "Forbidden": "没有访问权限。"}


def render_error(request: Request, status: int, message: str, headers: dict | None = None) -> Response:
    """The HTML error page (the app's error handlers use it for paths outside /api)."""
    message = _PLAIN_MESSAGES.get(message, message)
    return _render(request, "error.html", {"status": status, "message": message}, status=status,
                   headers=headers)


@router.get("/", response_class=HTMLResponse)
def overview_page(request: Request, store: StoreDep, year: Year = None) -> HTMLResponse:
    known = store.years()
    chosen = year
    year = year or store.latest_year()
    data = store.overview(year=year)
    timeline = data["timeline"]
    timeline["series_text"] = {kind: [yuan(v) if v else "" for v in values]
                               for kind, values in timeline["series"].items()}
    unit, divisor = money_unit(max((v for values in timeline["series"].values() for v in values), default=0))
    timeline["axis"] = {"unit": unit, "divisor": divisor}
    # a money ranking lists regions that signed money; the rest have nothing to rank by
    data["top_cities"] = [r for r in data["top_cities"] if r["investment_yuan"] > 0]
    data["top_provinces"] = [r for r in data["top_provinces"] if r["investment_yuan"] > 0]
    return _render(request, "overview.html", {
        "page": "overview", "year": year, "data": data, "years": known,
        "chosen_empty": chosen is not None and not data["by_type"],
    })


def _sort_links(query: EventQuery, sort: str) -> dict[str, str]:
    links = {}
    for key in ("date", "investment", "confidence", "mentions"):
        toggled = key if sort == "-" + key else "-" + key
        links[key] = "/events?" + urlencode({**query.params(), "sort": toggled})
    return links


@router.get("/events", response_class=HTMLResponse)
def events_page(request: Request, store: StoreDep, query: EventQueryDep, sort: str = "-date",
                page: PageNo = 1) -> HTMLResponse:
    check_sort(sort)
    filters = query.to_filter()
    total = count_events(request, store, filters)
    rows = store.events(filters, limit=PAGE_SIZE, offset=_offset(page), sort=sort)
    params = query.params()
    return _render(request, "events.html", {
        "page": "events", "query": query, "params": params, "sort": sort, "rows": rows, "total": total,
        "sort_links": _sort_links(query, sort), **_paging("/events", {**params, "sort": sort}, page, total),
        "export_link": _link_maker("/api/export", params, "format"),
        "feed_link": "/feeds/events.atom" + (f"?{urlencode(params)}" if params else ""),
    })


def _offset(page: int) -> int:
    return (page - 1) * PAGE_SIZE


def _link_maker(path: str, params: dict[str, Any], key: str) -> Callable[[Any], str]:
    """The link to `path` with the page's `params` and `key` set to what the template gives."""
    return lambda value: f"{path}?" + urlencode({**params, key: value})


def _paging(path: str, params: dict[str, Any], page: int, total: int) -> dict[str, Any]:
    """What the pager of a list of `total` rows needs: this page, how many, a link to each."""
    return {"page_no": page, "pages": max(1, math.ceil(total / PAGE_SIZE)),
            "page_link": _link_maker(path, params, "page")}


def _record(fetch: Callable[[str], dict | None], record_id: str, noun: str, counter: str = "个") -> dict:
    """The record `fetch` finds for `record_id`, or a 404 saying which (没有这个事件)."""
    if len(record_id) > MAX_ID_LENGTH:
        raise HTTPException(404, f"没有这{counter}{noun}")
    record = fetch(record_id)
    if record is None:
        raise HTTPException(404, f"没有编号为 {record_id!r} 的{noun}")
    return record


@router.get("/events/{event_id}", response_class=HTMLResponse)
def event_page(request: Request, store: StoreDep, event_id: str) -> HTMLResponse:
    record = _record(store.event, event_id, "事件")
    for source in (record.get("sources") or [])[:10]:
        _add_context(store, source)
    return _render(request, "event.html", {"page": "events", "event": record})


CONTEXT_CHARS = 80


def _add_context(store: Any, source: dict[str, Any]) -> None:
    """Put the text around a source's evidence beside it, so the sentence shows in its place."""
    evidence = source.get("evidence") or {}
    start, end = evidence.get("start"), evidence.get("end")
    if not source.get("document_id") or not isinstance(start, int) or not isinstance(end, int):
        return
    document = store.document(source["document_id"]) or {}
    text = document.get("text") or ""
    if text[start:end] != evidence.get("text"):
        return  # offsets from another copy of the text: show the sentence alone
    before = text[max(0, start - CONTEXT_CHARS):start]
    after = text[end:end + CONTEXT_CHARS]
    source["context_before"] = ("…" if start > CONTEXT_CHARS else "") + before
    source["context_after"] = after + ("…" if end + CONTEXT_CHARS < len(text) else "")


RANKINGS = {"investment": "签约投资", "signings": "签约次数", "events": "全部事件"}


def _ranked(rows: list[dict], signed: dict[str, dict], by: str) -> list[dict]:
    """Regions with their signings beside all their events, ranked ``by`` one of RANKINGS."""
    out = []
    for r in rows:
        s = signed.get(r["adcode"]) or {}
        out.append({**r, "signed_yuan": s.get("investment_yuan", 0), "signings": s.get("events", 0)})
    key = {"investment": "signed_yuan", "signings": "signings", "events": "events"}[by]
    out.sort(key=lambda r: (-r[key], -r["signed_yuan"], -r["events"], r["adcode"]))
    return out


Ranking = Annotated[str, Query(pattern="^(investment|signings|events)$")]


@router.get("/regions", response_class=HTMLResponse)
def regions_page(request: Request, store: StoreDep, year: Year = None, sort: Ranking = "investment") -> HTMLResponse:
    year = year or store.latest_year()
    rows = store.region_rows(parent=None, year=year, type=None, level="province")
    signed = {r["adcode"]: r for r in store.region_rows(parent=None, year=year, level="province")}
    return _render(request, "regions.html", {"page": "regions", "year": year, "years": store.years(),
                                             "rows": _ranked(rows, signed, sort), "sort": sort,
                                             "rankings": RANKINGS})


@router.get("/regions/{adcode}", response_class=HTMLResponse)
def region_page(request: Request, store: StoreDep, adcode: str, year: Year = None,
                sort: Ranking = "investment") -> HTMLResponse:
    if not (len(adcode) == 6 and adcode.isdigit()):
        raise HTTPException(404, f"不是地区代码：{adcode!r}（应为六位数字，如 370103）")
    summary = store.region_summary(adcode, year=year)
    if summary is None:
        raise HTTPException(404, f"没有代码为 {adcode} 的地区")
    # a district has no children to rank; a municipality's districts sit one level down
    has_children = adcode == NATION.adcode or adcode.endswith("00")
    children = [r for r in store.region_rows(parent=adcode, year=year, type=None)
                if r["adcode"] != adcode] if has_children else []
    signed = {r["adcode"]: r for r in store.region_rows(parent=adcode, year=year)} if has_children else {}
    return _render(request, "region.html", {
        "page": "regions", "adcode": adcode, "year": year, "summary": summary, "years": store.years(),
        # the code prefix that selects the region and its children in /events and /projects (none: the nation)
        "adcode_prefix": adcode.rstrip("0") if adcode != NATION.adcode else "",
        "children": _ranked(children, signed, sort), "sort": sort, "rankings": RANKINGS,
        "delivery": _delivery(store, adcode, year),
    })


def _delivery(store: Any, adcode: str, year: int | None) -> dict[str, Any]:
    """The region's 项目库 funnel (projects signed in the year, or ever), with the chart's data:
    each step's count and its money as people read it."""
    found = store.delivery(ProjectFilter(adcode=adcode if adcode != NATION.adcode else None,
                                         since=str(year) if year else None, until=str(year) if year else None))
    labels = {"signed": "签约", "started": "开工", "completed": "竣工投产"}
    found["chart"] = [{"key": key, "name": labels[key], "value": step["projects"], "text": yuan(step["investment_yuan"])
                       if step["investment_yuan"] else ""} for key, step in found["funnel"].items()]
    return found


@router.get("/projects", response_class=HTMLResponse)
def projects_page(request: Request, store: StoreDep, query: ProjectQueryDep, page: PageNo = 1) -> HTMLResponse:
    filters = query.to_filter()
    total = count_projects(request, store, filters)
    rows = store.projects(filters, limit=PAGE_SIZE, offset=_offset(page))
    params = query.params()
    return _render(request, "projects.html", {
        "page": "projects", "query": query, "rows": rows, "total": total, **_paging("/projects", params, page, total),
        "export_link": _link_maker("/api/export/projects", params, "format"),
    })


@router.get("/projects/{project_id}", response_class=HTMLResponse)
def project_page(request: Request, store: StoreDep, project_id: str) -> HTMLResponse:
    record = _record(store.project, project_id, "项目")
    for told in record["mentions_told"]:
        told["pieces"] = name_pieces((told.get("evidence") or {}).get("text") or "", told.get("highlight"))
    return _render(request, "project.html", {"page": "projects", "project": record})


@router.get("/documents/{document_id}", response_class=HTMLResponse)
def reader_page(request: Request, store: StoreDep, document_id: str) -> HTMLResponse:
    record = _record(store.document, document_id, "文章", counter="篇")
    spans = []
    for event in record.get("events") or []:
        evidence = event.get("evidence") or {}
        if isinstance(evidence.get("start"), int) and isinstance(evidence.get("end"), int):
            spans.append((evidence["start"], evidence["end"], event.get("id"), event.get("type")))
    segments = highlight_segments(record.get("text") or "", spans)
    return _render(request, "reader.html", {"page": "reader", "doc": record, "segments": segments})


@router.get("/search", response_class=HTMLResponse)
def search_page(
    request: Request, store: StoreDep,
    q: Annotated[str, Query(max_length=200)] = "",
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
) -> HTMLResponse:
    q = q.strip()
    found = store.search(q, limit=PAGE_SIZE, offset=_offset(page)) if q else None
    return _render(request, "search.html", {"page": "search", "q": q, "found": found, "page_no": page,
                                            "page_size": PAGE_SIZE})


WeekParam = Annotated[str | None, Query(max_length=10, description="ISO week, e.g. 2026-W09")]
RegionParam = Annotated[str | None, Query(max_length=50, description="place name or adcode")]


def _briefing(store: Any, week: str | None, region: str | None) -> dict[str, Any]:
    try:
        chosen = parse_week(week) if week and week.strip() else None
    except ValueError as err:
        raise HTTPException(422, f"week: {err}") from None
    return build_briefing(store, chosen, region=(region or "").strip() or None)


@router.get("/briefing", response_class=HTMLResponse)
def briefing_page(request: Request, store: StoreDep, week: WeekParam = None, region: RegionParam = None) -> HTMLResponse:
    made = _briefing(store, week, region)
    keep = {"region": region.strip()} if region and region.strip() else {}
    return _render(request, "briefing.html", {
        "page": "briefing", "b": made, "charts": briefing_charts(made), "link": link_maker(""),
        "region_param": keep.get("region", ""),
        "before_link": "/briefing?" + urlencode({"week": made["week"]["before"], **keep}),
        "after_link": "/briefing?" + urlencode({"week": made["week"]["after"], **keep}),
        "pdf_link": "/briefing.pdf?" + urlencode({"week": made["week"]["label"], **keep}),
    })


@router.get("/briefing.pdf")
def briefing_pdf(request: Request, store: StoreDep, week: WeekParam = None, region: RegionParam = None) -> Response:
    made = _briefing(store, week, region)
    name = f"briefing-{made['week']['label']}.pdf"
    return Response(render_pdf(made, base=str(request.base_url).rstrip("/")), media_type="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="{name}"'})
