"""From an EventFilter to SQL conditions on the events table (regions by code prefix, dates, words)."""
from __future__ import annotations

import datetime as _dt
import re

from sqlalchemy import and_, func, literal, or_, select
from sqlalchemy.engine import Connection

from ..errors import FilterError, quote
from ..regions import LEVEL_RANK, find_by_name
from . import fts
from .filters import EventFilter
from .schema import event_sectors, event_sources, events, organizations, regions, sources

__all__ = ["adcode_prefix", "prefix_condition", "resolve_region", "region_prefix", "split_types", "until_bound",
           "event_conditions", "like_pattern"]


def adcode_prefix(adcode: str) -> str:
    """The code prefix that covers a region and all its children.

        >>> adcode_prefix("370000"), adcode_prefix("370100"), adcode_prefix("370103"), adcode_prefix("3701")
        ('37', '3701', '370103', '3701')
    """
    code = (adcode or "").strip()
    if len(code) == 6 and code.isdigit():
        while code.endswith("00") and len(code) > 2:
            code = code[:-2]
        if code == "00":
            return ""
    return code


def prefix_condition(column, prefix: str):
    """column starts with prefix, as an index-friendly range."""
    if not prefix:
        return literal(True)
    upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    return and_(column >= prefix, column < upper)


def resolve_region(conn: Connection, name: str) -> dict | None:
    """A place name (合肥, 合肥市, 蜀山区, 安徽) → {"adcode", "name", "level"} or None.

    The place finder's ranked `find_by_name` first, then the regions table (names the
    events brought in: places abroad, groups).
    """
    name = (name or "").strip()
    if not name:
        return None
    if name.isdigit():
        row = conn.execute(select(regions).where(regions.c.adcode == name)).first()
        return dict(row._mapping) if row else {"adcode": name, "name": name, "level": None}
    ranked = find_by_name(name)
    if ranked:
        best = ranked[0]
        return {"adcode": best.adcode, "name": best.name, "level": best.level}
    rows = conn.execute(
        select(regions.c.adcode, regions.c.name, regions.c.level).where(
            or_(regions.c.name == name, regions.c.short_name == name,
                regions.c.name.in_([name + "市", name + "省", name + "区", name + "县"])))
    ).all()
    if not rows:
        return None
    best = min(rows, key=lambda r: (LEVEL_RANK.get(r.level, len(LEVEL_RANK)), r.adcode))
    return {"adcode": best.adcode, "name": best.name, "level": best.level}


def region_prefix(conn: Connection, flt: EventFilter) -> str | None:
    """The code prefix a filter's region or adcode asks for; FilterError for an unknown place."""
    if flt.adcode:
        return adcode_prefix(flt.adcode)
    if flt.region:
        found = resolve_region(conn, flt.region)
        if found is None:
            raise FilterError(f"unknown region: {flt.region!r} (try an adcode with --adcode)")
        return adcode_prefix(found["adcode"])
    return None


def split_types(value: str | list[str] | None) -> list[str]:
    """Event types given as "signing,groundbreaking" or a list."""
    if not value:
        return []
    if isinstance(value, str):
        return [t for t in re.split(r"[,\s]+", value) if t]
    return list(value)


def like_pattern(text: str) -> str:
    r"""A LIKE pattern for text anywhere in a value, its own % _ and \ taken literally (use with
    ``escape="\"``).

        >>> like_pattern("50%_x")
        '%50\\%\\_x%'
    """
    return "%" + re.sub(r"([%_\\])", r"\\\1", text.strip()) + "%"


def calendar_date(name: str, value: str) -> str:
    """``value`` when it is a date of the calendar written YYYY, YYYY-MM or YYYY-MM-DD; else
    FilterError (2023-13-45 and 2024-02-30 match nothing because they are no dates: say so).

        >>> calendar_date("since", "2024-02-29")
        '2024-02-29'
    """
    value = str(value).strip()
    parts = value.split("-")
    try:
        if not re.fullmatch(r"\d{4}(-\d{2}){0,2}", value):
            raise ValueError
        _dt.date(int(parts[0]), int(parts[1]) if len(parts) > 1 else 1, int(parts[2]) if len(parts) > 2 else 1)
    except ValueError:
        raise FilterError(f"{name}: not a date {quote(value)!r} (YYYY, YYYY-MM or YYYY-MM-DD)") from None
    return value


def until_bound(until: str) -> str:
    """The upper bound for an inclusive "until": "2023-02" must include 2023-02-28, so compare
    against "2023-02~" ('~' sorts after digits and '-')."""
    return until + "~"


def event_conditions(conn: Connection, flt: EventFilter | None, *, walk_dates: bool = False) -> list:
    """SQL conditions on the events table for a filter. ``walk_dates`` wraps the region
    test in a function so that SQLite cannot use the region index and walks the date
    index instead (see `queries._broad_region`)."""
    if flt is None:
        return []
    conds: list = []
    kinds = split_types(flt.type)
    if kinds:
        conds.append(events.c.type.in_(kinds) if len(kinds) > 1 else events.c.type == kinds[0])
    prefix = region_prefix(conn, flt)
    if prefix:
        column = func.coalesce(events.c.adcode, "") if walk_dates else events.c.adcode
        conds.append(prefix_condition(column, prefix))
    if flt.since:
        conds.append(events.c.date_start >= calendar_date("since", flt.since))
    if flt.until:
        conds.append(events.c.date_start <= until_bound(calendar_date("until", flt.until)))
    if flt.min_investment is not None:
        conds.append(events.c.investment_yuan >= int(flt.min_investment))
    sectors = split_types(flt.sector)
    if sectors:
        conds.append(events.c.id.in_(select(event_sectors.c.event_id).where(event_sectors.c.sector.in_(sectors))))
    if flt.org:
        conds.append(events.c.id.in_(select(organizations.c.event_id).where(
            organizations.c.name.like(like_pattern(flt.org), escape="\\"))))
    if flt.source:
        conds.append(events.c.id.in_(
            select(event_sources.c.event_id).join(sources, sources.c.id == event_sources.c.source_id)
            .where(or_(sources.c.source == flt.source, sources.c.url == flt.source))))
    if flt.q:
        conds.append(_text_condition(conn, flt.q))
    return conds


def _text_condition(conn: Connection, q: str):
    like = like_pattern(q)          # q=% is the text "%", not every event
    plain = or_(events.c.title.like(like, escape="\\"), events.c.record.like(like, escape="\\"))
    matched = fts.matching_documents(q, conn.dialect.name)
    if matched is None:
        return plain
    told = select(event_sources.c.event_id).where(event_sources.c.document_id.in_(matched))
    return or_(events.c.id.in_(told), plain)
