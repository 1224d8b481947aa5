"""Shared checks for the API routes: the store, the bearer token, paging and filters."""
from __future__ import annotations

import hmac
import re
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Query, Request

from ..records import EVENT_TYPES
from .settings import Settings

__all__ = [
    "get_store", "get_settings", "require_write_token", "require_read_token",
    "Paging", "paging", "EventQuery", "make_filter", "event_query", "parse_yuan", "SORT_KEYS",
]

# What `sort` accepts; a leading "-" means descending.
SORT_KEYS = ("-date", "date", "-investment", "investment", "-confidence", "confidence",
             "-mentions", "mentions")

_AMOUNT = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(万亿|亿|万|千|百)?\s*(元)?\s*$")
_UNIT = {None: 1, "百": 100, "千": 1000, "万": 10_000, "亿": 100_000_000, "万亿": 10**12}
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def get_store(request: Request) -> Any:
    """The app's Store (set by `create_app`)."""
    return request.app.state.store


def get_settings(request: Request) -> Settings:
    """The app's Settings (set by `create_app`)."""
    return request.app.state.settings


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


def _check_token(request: Request, settings: Settings) -> None:
    given = _bearer(request)
    if settings.token is None:
        raise HTTPException(401, "writes are disabled: start the server with PROJECTRADAR_TOKEN set")
    # compare_digest: no timing hint about how much of the token matched
    if given is None or not hmac.compare_digest(given.encode(), settings.token.encode()):
        raise HTTPException(401, "missing or wrong bearer token (Authorization: Bearer $PROJECTRADAR_TOKEN)",
                            headers={"WWW-Authenticate": "Bearer"})


def require_write_token(request: Request, settings: Annotated[Settings, Depends(get_settings)]) -> None:
    """401 unless the request carries ``Authorization: Bearer $PROJECTRADAR_TOKEN``."""
    _check_token(request, settings)


def require_read_token(request: Request, settings: Annotated[Settings, Depends(get_settings)]) -> None:
    """Reads are open unless the server was started with PROJECTRADAR_READ_TOKEN=1."""
    if settings.read_requires_token:
        _check_token(request, settings)


@dataclass
class Paging:
    limit: int
    offset: int


def paging(limit: Annotated[int, Query(ge=1, le=500, description="rows per page")] = 50,
           offset: Annotated[int, Query(ge=0, le=10_000_000, description="rows to skip")] = 0) -> Paging:
    """Paging parameters shared by every list route."""
    return Paging(limit=limit, offset=offset)


def parse_yuan(text: str) -> int:
    """Read a money bound typed by a user: ``10亿`` → 1000000000, ``5000万`` → 50000000.

    Raises ValueError on anything else (the route turns it into a 422).

    >>> parse_yuan("2.5亿")
    250000000
    """
    match = _AMOUNT.match(text or "")
    if match:
        return int(round(float(match.group(1)) * _UNIT[match.group(2)]))
    # Chinese numerals (十亿) and the rest: the extractor's own money parser
    from ..mentions.money import parse_amount

    parsed = parse_amount((text or "").strip()[:30])
    if parsed is None or parsed[1] != "CNY":
        raise ValueError(f"not an amount of yuan: {text!r} (try 10亿, 5000万 or 300000000)")
    return int(round(parsed[0]))


@dataclass
class EventQuery:
    """The filters of the `events` command, as given in a URL (kept for links)."""

    region: str | None = None
    adcode: str | None = None
    type: str | None = None
    since: str | None = None
    until: str | None = None
    min_investment: str | None = None
    sector: str | None = None
    q: str | None = None
    source: str | None = None

    def params(self) -> dict[str, str]:
        """The non-empty filters, for building URLs."""
        return {k: v for k, v in self.__dict__.items() if v not in (None, "")}

    def to_filter(self) -> Any:
        """The store's EventFilter for these filters (``None`` when there are none)."""
        given: dict[str, Any] = self.params()
        if not given:
            return None
        if "min_investment" in given:
            given["min_investment"] = parse_yuan(given["min_investment"])
        return make_filter(**given)


def make_filter(**fields: Any) -> Any:
    """The store's EventFilter with these fields (imported late: the store pulls in SQLAlchemy)."""
    from ..store.filters import EventFilter

    return EventFilter(**fields)


def _clean(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None


def event_query(
    region: Annotated[str | None, Query(max_length=50, description="region name, e.g. 济南 (children included)")] = None,
    adcode: Annotated[str | None, Query(pattern=r"^(\d{2,6})?$", description="GB/T 2260 code or prefix, e.g. 3701")] = None,
    type: Annotated[str | None, Query(description="event type: " + ", ".join(EVENT_TYPES))] = None,
    since: Annotated[str | None, Query(description="from date, YYYY[-MM[-DD]]")] = None,
    until: Annotated[str | None, Query(description="to date, YYYY[-MM[-DD]]")] = None,
    min_investment: Annotated[str | None, Query(max_length=20, description="e.g. 10亿, 5000万")] = None,
    sector: Annotated[str | None, Query(max_length=50)] = None,
    q: Annotated[str | None, Query(max_length=200, description="text in the evidence or title")] = None,
    source: Annotated[str | None, Query(max_length=500)] = None,
) -> EventQuery:
    """Parse and check the event filters; a bad value is a 422 naming the parameter."""
    query = EventQuery(region=_clean(region), adcode=_clean(adcode), type=_clean(type), since=_clean(since),
                       until=_clean(until), min_investment=_clean(min_investment), sector=_clean(sector),
                       q=_clean(q), source=_clean(source))
    if query.type and query.type not in EVENT_TYPES:
        raise HTTPException(422, f"type: unknown event type {query.type!r}; one of {', '.join(EVENT_TYPES)}")
    for name in ("since", "until"):
        value = getattr(query, name)
        if value and not _DATE.match(value):
            raise HTTPException(422, f"{name}: not a date {value!r} (YYYY, YYYY-MM or YYYY-MM-DD)")
    if query.min_investment:
        try:
            parse_yuan(query.min_investment)
        except ValueError as err:
            raise HTTPException(422, f"min_investment: {err}") from None
    return query
