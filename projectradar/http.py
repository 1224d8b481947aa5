"""What the REST API and the dashboard both need from a request: the store, the settings, the
bearer token, the event filters of a URL, cached totals, and error answers (JSON under /api,
an HTML page elsewhere). `projectradar.app` puts them on the application; `api` and `web`
import them from here and never each other."""
from __future__ import annotations

import hmac
import logging
import os
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from .errors import ConflictError, FilterError, InputError, RadarError, StoreError
from .formatting import parse_yuan
from .netguard import ALLOW_ENV
from .records import EVENT_TYPES, PROJECT_STAGES
from .store import EventFilter, ProjectFilter, Store

__all__ = [
    "Settings", "open_store", "get_store", "get_settings", "SettingsDep", "require_write_token", "require_read_token",
    "has_write_token", "SESSION_COOKIE", "session_value", "has_session",
    "EventQuery", "event_query", "EventQueryDep", "ProjectQuery", "project_query", "ProjectQueryDep", "SORT_KEYS",
    "check_sort", "CountCache",
    "count_events", "count_projects", "MAX_ID_LENGTH", "StoreDep", "Year", "ADCODE_PREFIX", "DATE_PATTERN",
    "EVENT_FILTER_MAX",
    "install_error_handlers", "HtmlError",
]

log = logging.getLogger("projectradar.http")

_TRUE = {"1", "true", "yes", "on"}
DEFAULT_MAX_UPLOAD = 10 * 1024 * 1024
# What `sort` accepts; a leading "-" means descending.
SORT_KEYS = ("-date", "date", "-investment", "investment", "-confidence", "confidence",
             "-mentions", "mentions")
ADCODE_PREFIX = r"^(\d{2,6})?$"               # a division code or its first digits (37, 3701), or nothing
DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"   # YYYY, YYYY-MM or YYYY-MM-DD
_DATE = re.compile(DATE_PATTERN)
# The longest value each event filter takes, in a URL or in a watch's body.
EVENT_FILTER_MAX = {"region": 50, "type": 200, "min_investment": 20, "sector": 100, "org": 100, "q": 200, "source": 500}
# The longest id of an event, a project or a document a route looks up; a longer one is a 404.
MAX_ID_LENGTH = 64


# ------------------------------------------------------------------ settings
@dataclass(frozen=True)
class Settings:
    """What the server enforces.

    Args:
        token: the bearer token writes need (``PROJECTRADAR_TOKEN``); ``None``
            means writes are refused outright, since nobody can present a token.
        read_requires_token: reads need the token too (``PROJECTRADAR_READ_TOKEN=1``).
        max_upload_bytes: largest request body ``POST /api/ingest`` accepts
            (``PROJECTRADAR_MAX_UPLOAD``, bytes; default 10 MiB).
        allow_private_urls: webhooks may go to loopback, link-local and
            private addresses (``PROJECTRADAR_ALLOW_PRIVATE_URLS=1``; default no).

    Example:
        >>> Settings(token="s3cret").max_upload_bytes
        10485760
    """

    token: str | None = None
    read_requires_token: bool = False
    max_upload_bytes: int = DEFAULT_MAX_UPLOAD
    allow_private_urls: bool = False

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> "Settings":
        """Build settings from environment variables (see the class docstring)."""
        env = os.environ if environ is None else environ
        raw_limit = env.get("PROJECTRADAR_MAX_UPLOAD", "").strip()
        try:
            limit = int(raw_limit) if raw_limit else DEFAULT_MAX_UPLOAD
        except ValueError:
            limit = DEFAULT_MAX_UPLOAD
        return cls(
            token=env.get("PROJECTRADAR_TOKEN") or None,
            read_requires_token=env.get("PROJECTRADAR_READ_TOKEN", "").strip().lower() in _TRUE,
            max_upload_bytes=limit,
            allow_private_urls=env.get(ALLOW_ENV, "").strip().lower() in _TRUE,
        )


def open_store(store: Any) -> Any:
    """A Store for a path, an SQLAlchemy URL or None ($PROJECTRADAR_DB); anything else is taken
    to be a store already."""
    if store is None or isinstance(store, (str, Path)):
        return Store(str(store) if store is not None else None)
    return store


# ------------------------------------------------------- per-request pieces
def get_store(request: Request) -> Any:
    """The app's Store (set by `projectradar.app.create_app`)."""
    return request.app.state.store


# The app's store, as a route parameter; a calendar year as the routes take it.
StoreDep = Annotated[Any, Depends(get_store)]
Year = Annotated[int | None, Query(ge=1949, le=2100, description="calendar year")]


def get_settings(request: Request) -> Settings:
    """The app's Settings (set by `projectradar.app.create_app`)."""
    return request.app.state.settings


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


def token_matches(given: str | None, expected: str | None) -> bool:
    """Is ``given`` the secret ``expected`` (neither empty)? compare_digest: no timing hint about
    how much of it matched."""
    return bool(expected and given and hmac.compare_digest(given.encode(), expected.encode()))


def _check_token(request: Request, settings: Settings) -> None:
    if settings.token is None:
        raise HTTPException(401, "writes are disabled: start the server with PROJECTRADAR_TOKEN set")
    if not token_matches(_bearer(request), settings.token):
        raise HTTPException(401, "missing or wrong bearer token (Authorization: Bearer $PROJECTRADAR_TOKEN)",
                            headers={"WWW-Authenticate": "Bearer"})


SettingsDep = Annotated[Settings, Depends(get_settings)]


def require_write_token(request: Request, settings: SettingsDep) -> None:
    """401 unless the request carries ``Authorization: Bearer $PROJECTRADAR_TOKEN``."""
    _check_token(request, settings)


def has_write_token(request: Request, settings: Settings) -> bool:
    """Does the request carry the write token (for answers that show more to its holder)?"""
    return token_matches(_bearer(request), settings.token)


# The cookie a browser gets from /login when reads need the token: an HMAC of the token, so it
# is checked without server state, and changing the token signs everybody out.
SESSION_COOKIE = "radar_session"


def session_value(settings: Settings) -> str:
    return hmac.new((settings.token or "").encode(), b"projectradar read session", "sha256").hexdigest()


def has_session(request: Request, settings: Settings) -> bool:
    """Does the request carry the session cookie /login sets (reads only; writes need the bearer)?"""
    return bool(settings.token) and token_matches(request.cookies.get(SESSION_COOKIE), session_value(settings))


def require_read_token(request: Request, settings: SettingsDep) -> None:
    """Reads are open unless the server was started with PROJECTRADAR_READ_TOKEN=1; then every
    read (API, pages, feeds, /docs, /openapi.json) needs the bearer token or the session cookie
    of /login, and a page asked for without either sends the browser to /login."""
    if not settings.read_requires_token or has_session(request, settings):
        return
    page = not _wants_json(request) or request.url.path == "/docs"
    if _bearer(request) is None and page and settings.token is not None:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise HTTPException(303, "sign in to read", headers={"Location": "/login?" + urlencode({"next": target})})
    _check_token(request, settings)


def check_sort(sort: str) -> str:
    """The sort key, or a 422 naming the ones allowed."""
    if sort not in SORT_KEYS:
        raise HTTPException(422, f"sort: unknown key {sort!r}; one of {', '.join(SORT_KEYS)}")
    return sort


# ------------------------------------------------------------ event filters
class _UrlFilters:
    """Filters as given in a URL, kept as written for links."""

    def params(self) -> dict[str, str]:
        """The non-empty filters, for building URLs."""
        return {k: v for k, v in self.__dict__.items() if v not in (None, "")}

    @classmethod
    def cleaned(cls, **given: str | None):
        """The filters with surrounding space taken off; a blank one is not given."""
        return cls(**{name: (value or "").strip() or None for name, value in given.items()})


def _check_kinds(name: str, value: str | None, known: tuple[str, ...], noun: str) -> None:
    """A 422 unless each of the comma-separated `value` is one of `known`."""
    for kind in re.split(r"[,\s]+", value or ""):
        if kind and kind not in known:
            raise HTTPException(422, f"{name}: unknown {noun} {kind!r}; one of {', '.join(known)}")


def _check_dates_and_money(query: _UrlFilters, money: str) -> None:
    """A 422 naming `since`, `until` or the `money` parameter where it is not a date or an amount."""
    for name in ("since", "until"):
        value = getattr(query, name)
        if value and not _DATE.match(value):
            raise HTTPException(422, f"{name}: not a date {value!r} (YYYY, YYYY-MM or YYYY-MM-DD)")
    if getattr(query, money):
        try:
            parse_yuan(getattr(query, money))
        except ValueError as err:
            raise HTTPException(422, f"{money}: {err}") from None


@dataclass
class EventQuery(_UrlFilters):
    """The filters of the `events` command, as given in a URL (kept for links)."""

    region: str | None = None
    adcode: str | None = None
    type: str | None = None
    since: str | None = None
    until: str | None = None
    min_investment: str | None = None
    sector: str | None = None
    org: str | None = None
    q: str | None = None
    source: str | None = None

    def to_filter(self) -> EventFilter | None:
        """The store's EventFilter for these filters (``None`` when there are none)."""
        given: dict[str, Any] = self.params()
        if not given:
            return None
        if "min_investment" in given:
            given["min_investment"] = parse_yuan(given["min_investment"])
        return EventFilter(**given)


def _limited(name: str, description: str | None = None) -> Any:
    """The Query of event filter `name`, no longer than EVENT_FILTER_MAX allows."""
    return Query(max_length=EVENT_FILTER_MAX[name], description=description)


def event_query(
    region: Annotated[str | None, _limited("region", "region name, e.g. 合肥 (children included)")] = None,
    adcode: Annotated[str | None, Query(pattern=ADCODE_PREFIX, description="GB/T 2260 code or prefix, e.g. 3701")] = None,
    type: Annotated[str | None, _limited("type", "event type(s), comma-separated: " + ", ".join(EVENT_TYPES))] = None,
    since: Annotated[str | None, Query(description="from date, YYYY[-MM[-DD]]")] = None,
    until: Annotated[str | None, Query(description="to date, YYYY[-MM[-DD]]")] = None,
    min_investment: Annotated[str | None, _limited("min_investment", "e.g. 10亿, 5000万")] = None,
    sector: Annotated[str | None, _limited("sector", "sector, or several: 新能源,生物医药")] = None,
    org: Annotated[str | None, _limited("org", "part of an organization's name")] = None,
    q: Annotated[str | None, _limited("q", "text in the evidence or title")] = None,
    source: Annotated[str | None, _limited("source")] = None,
) -> EventQuery:
    """Parse and check the event filters; a bad value is a 422 naming the parameter."""
    query = EventQuery.cleaned(region=region, adcode=adcode, type=type, since=since, until=until,
                               min_investment=min_investment, sector=sector, org=org, q=q, source=source)
    _check_kinds("type", query.type, EVENT_TYPES, "event type")
    _check_dates_and_money(query, "min_investment")
    return query


EventQueryDep = Annotated[EventQuery, Depends(event_query)]


# ---------------------------------------------------------- project filters
@dataclass
class ProjectQuery(_UrlFilters):
    """The filters of the `projects` command, as given in a URL (kept for links)."""

    region: str | None = None
    adcode: str | None = None
    stage: str | None = None
    org: str | None = None
    min_yuan: str | None = None
    since: str | None = None
    until: str | None = None
    q: str | None = None

    def to_filter(self) -> ProjectFilter:
        given: dict[str, Any] = self.params()
        if "min_yuan" in given:
            given["min_investment"] = parse_yuan(given.pop("min_yuan"))
        return ProjectFilter(**given)


def project_query(
    region: Annotated[str | None, Query(max_length=50, description="region name, e.g. 兰山区 (children included)")] = None,
    adcode: Annotated[str | None, Query(pattern=ADCODE_PREFIX, description="GB/T 2260 code or prefix, e.g. 3713")] = None,
    stage: Annotated[str | None, Query(max_length=200, description="latest stage(s), comma-separated: "
                                      + ", ".join(PROJECT_STAGES))] = None,
    org: Annotated[str | None, Query(max_length=100, description="part of an organization's name")] = None,
    min_yuan: Annotated[str | None, Query(max_length=20, description="at least this investment, e.g. 10亿")] = None,
    since: Annotated[str | None, Query(description="a stage dated from, YYYY[-MM[-DD]]")] = None,
    until: Annotated[str | None, Query(description="a stage dated up to, YYYY[-MM[-DD]]")] = None,
    q: Annotated[str | None, Query(max_length=200, description="text in the name or the evidence")] = None,
) -> ProjectQuery:
    """Parse and check the project filters; a bad value is a 422 naming the parameter."""
    query = ProjectQuery.cleaned(region=region, adcode=adcode, stage=stage, org=org, min_yuan=min_yuan,
                                 since=since, until=until, q=q)
    _check_kinds("stage", query.stage, PROJECT_STAGES, "stage")
    _check_dates_and_money(query, "min_yuan")
    return query


ProjectQueryDep = Annotated[ProjectQuery, Depends(project_query)]


# ------------------------------------------------------------------- totals
class CountCache:
    """Remember ``store.count_events(filters)`` for ``ttl`` seconds, for at most ``size`` filters.

    A total shown beside a page of events may be up to ``ttl`` seconds old;
    the list itself is always read fresh. ``clear()`` after this server writes.

    >>> cache = CountCache(ttl=30)
    >>> cache.get(("signing",), lambda: 42), cache.get(("signing",), lambda: 0)
    (42, 42)
    """

    def __init__(self, *, ttl: float = 30.0, size: int = 512, clock: Callable[[], float] = time.monotonic):
        self.ttl = ttl
        self.size = size
        self.clock = clock
        self._items: OrderedDict[Any, tuple[float, int]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Any, count: Callable[[], int]) -> int:
        """The cached count for ``key``, or ``count()`` (then kept) when absent or stale."""
        now = self.clock()
        with self._lock:
            hit = self._items.get(key)
            if hit is not None and now - hit[0] < self.ttl:
                self._items.move_to_end(key)
                return hit[1]
        value = count()
        with self._lock:
            self._items[key] = (now, value)
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


def count_events(request: Request, store: Any, filters: EventFilter | None) -> int:
    """``store.count_events(filters)`` through the app's CountCache."""
    cache: CountCache = request.app.state.counts
    return cache.get(repr(filters), lambda: store.count_events(filters))


def count_projects(request: Request, store: Any, filters: ProjectFilter | None) -> int:
    """``store.count_projects(filters)`` through the app's CountCache (as `count_events`)."""
    cache: CountCache = request.app.state.counts
    return cache.get(("projects", repr(filters)), lambda: store.count_projects(filters))


# ------------------------------------------------------------------- errors
# How the dashboard renders an error page: (request, status, message, headers) -> Response.
HtmlError = Callable[[Request, int, str, dict | None], Response]


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith(("/api", "/docs", "/openapi"))


def _describe_validation(err: RequestValidationError) -> str:
    parts = []
    for item in err.errors()[:5]:
        where = ".".join(str(p) for p in item.get("loc", ()) if p not in ("query", "path", "body"))
        parts.append(f"{where or 'request'}: {item.get('msg', 'invalid')}")
    return "; ".join(parts) or "invalid request"


def install_error_handlers(app: FastAPI, html_error: HtmlError | None = None) -> None:
    """Shape every error answer: ``{"error": "<one line>", "status": <code>}`` under /api (and
    wherever ``html_error`` is None), the page ``html_error`` renders elsewhere."""

    def answer(request: Request, status: int, message: str, headers: dict | None = None) -> Response:
        if html_error is not None and not _wants_json(request):
            return html_error(request, status, message, headers)
        return JSONResponse({"error": message, "status": status}, status_code=status, headers=headers)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
        if exc.status_code == 404 and message == "Not Found":
            message = f"no such page or resource: {request.url.path}"
        if exc.status_code == 405 and message == "Method Not Allowed":
            message = f"{request.method} is not allowed on {request.url.path}"
        return answer(request, exc.status_code, message, getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> Response:
        return answer(request, 422, _describe_validation(exc))

    @app.exception_handler(InputError)
    async def _input(request: Request, exc: InputError) -> Response:
        return answer(request, 422, str(exc))

    @app.exception_handler(ConflictError)
    async def _conflict(request: Request, exc: ConflictError) -> Response:
        return answer(request, 409, str(exc))

    @app.exception_handler(FilterError)
    async def _filter(request: Request, exc: FilterError) -> Response:
        # an unknown region, sort, level or format: the caller's mistake, not an outage
        return answer(request, 422, str(exc))

    @app.exception_handler(StoreError)
    async def _store(request: Request, exc: StoreError) -> Response:
        log.error("store error on %s: %s", request.url.path, exc)
        return answer(request, 503, f"the database is not available: {exc}")

    @app.exception_handler(RadarError)
    async def _radar(request: Request, exc: RadarError) -> Response:
        return answer(request, 400, str(exc))

    @app.exception_handler(ValueError)
    async def _value(request: Request, exc: ValueError) -> Response:
        # a value a parser refused that no route turned into a 422 of its own
        return answer(request, 422, str(exc) or "invalid value")
