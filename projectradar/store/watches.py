"""Watches: named event filters people follow, and the log of their webhook deliveries.

A watch matches the events stored from the moment it was made on (``events.created_at``);
`projectradar.notify` asks for the ones its webhook has not received yet and records each
attempt here. The store keeps watches and deliveries; it never sends anything itself."""
from __future__ import annotations

import json
import re
from typing import Any

from sqlalchemy import delete, exists, insert, select
from sqlalchemy.engine import Connection

from ..errors import ConflictError, FilterError
from .conditions import event_conditions
from .filters import EventFilter
from .queries import count_events, list_events
from .rows import now
from .schema import events, watch_deliveries, watches

__all__ = ["check_name", "add_watch", "list_watches", "get_watch", "remove_watch", "watch_filter",
           "matched_events", "pending_events", "log_delivery", "deliveries", "OUTCOMES", "SETTLED"]

# Letters of any script, digits, _ . - : a name is also a path segment (/feeds/watches/NAME.atom).
_NAME = re.compile(r"^[\w.\-]{1,60}$")
# What one attempt at delivering an event came to.
OUTCOMES = ("delivered", "rejected", "failed", "refused")
# Outcomes after which an event is not sent to that watch again: the receiver took it, or
# answered that it never will (a 4xx other than 408/429).
SETTLED = ("delivered", "rejected")


def check_name(name: str) -> str:
    """A watch's name, or FilterError saying what a name may hold.

        >>> check_name("合肥签约")
        '合肥签约'
    """
    name = (name or "").strip()
    if not _NAME.match(name) or name in (".", ".."):
        raise FilterError(f"not a watch name: {name!r} (1 to 60 letters, digits, _ . or -)")
    return name


def _as_dict(row, *, secret: bool = False) -> dict[str, Any]:
    out = {"id": row.id, "name": row.name, "filters": json.loads(row.filters or "{}"),
           "webhook_url": row.webhook_url, "created_at": row.created_at}
    if secret:
        out["secret"] = row.secret
    return out


def watch_filter(watch: dict[str, Any]) -> EventFilter:
    """The EventFilter a watch keeps."""
    return EventFilter.from_dict(watch.get("filters"))


def _since(watch: dict[str, Any]) -> list:
    return [events.c.created_at >= watch["created_at"]]


def add_watch(conn: Connection, name: str, filters: EventFilter | None, *, webhook_url: str | None = None,
              secret: str | None = None) -> dict[str, Any]:
    """Keep a new watch; returns it (with its secret). FilterError for a bad name or a filter
    the store cannot use (an unknown region), ConflictError when the name is taken."""
    name = check_name(name)
    flt = filters or EventFilter()
    event_conditions(conn, flt)      # an unknown region fails now, not at every later ingest
    if conn.execute(select(watches.c.id).where(watches.c.name == name)).first() is not None:
        raise ConflictError(f"a watch named {name!r} exists already (remove it first: watch rm {name})")
    conn.execute(insert(watches).values(name=name, filters=json.dumps(flt.to_dict(), ensure_ascii=False),
                                        webhook_url=webhook_url, secret=secret, created_at=now()))
    return get_watch(conn, name, secret=True)


def get_watch(conn: Connection, name: str, *, secret: bool = False) -> dict[str, Any] | None:
    """One watch by name: {id, name, filters, webhook_url, created_at} (+ secret); None when unknown."""
    row = conn.execute(select(watches).where(watches.c.name == name)).first()
    return _as_dict(row, secret=secret) if row else None


def list_watches(conn: Connection, *, secret: bool = False, counts: bool = True) -> list[dict[str, Any]]:
    """Every watch by name, each with "matched": how many events it has matched since it was made."""
    out = []
    for row in conn.execute(select(watches).order_by(watches.c.name)).all():
        watch = _as_dict(row, secret=secret)
        if counts:
            watch["matched"] = count_events(conn, watch_filter(watch), extra=_since(watch))
        out.append(watch)
    return out


def remove_watch(conn: Connection, name: str) -> bool:
    """Forget a watch and its delivery log; False when there was none of that name."""
    row = conn.execute(select(watches.c.id).where(watches.c.name == name)).first()
    if row is None:
        return False
    conn.execute(delete(watch_deliveries).where(watch_deliveries.c.watch_id == row.id))
    conn.execute(delete(watches).where(watches.c.id == row.id))
    return True


def matched_events(conn: Connection, watch: dict[str, Any], *, limit: int = 50, offset: int = 0,
                   sort: str = "-date") -> tuple[int, list[dict]]:
    """What a watch matched since it was made: (total, a page of event records)."""
    flt = watch_filter(watch)
    total = count_events(conn, flt, extra=_since(watch))
    return total, list_events(conn, flt, limit=limit, offset=offset, sort=sort, extra=_since(watch))


def pending_events(conn: Connection, watch: dict[str, Any], *, limit: int = 500) -> list[dict]:
    """Events the watch matched since it was made that its webhook has not settled (received,
    or refused for good), oldest stored first, with "created_at"/"updated_at"."""
    settled = exists().where(watch_deliveries.c.watch_id == watch["id"],
                             watch_deliveries.c.event_id == events.c.id,
                             watch_deliveries.c.outcome.in_(SETTLED))
    return list_events(conn, watch_filter(watch), limit=limit, sort="stored",
                       extra=_since(watch) + [~settled], stamps=True)


def log_delivery(conn: Connection, watch: dict[str, Any], *, event_id: str, delivery_id: str, attempt: int,
                 outcome: str, status: int | None = None, error: str | None = None,
                 milliseconds: int | None = None) -> None:
    """Record one attempt at POSTing an event to a watch's webhook."""
    if outcome not in OUTCOMES:
        raise ValueError(f"unknown delivery outcome {outcome!r}: one of {', '.join(OUTCOMES)}")
    conn.execute(insert(watch_deliveries).values(
        watch_id=watch["id"], event_id=event_id, delivery_id=delivery_id, attempt=attempt, outcome=outcome,
        status=status, error=(error or None) and error[:500], at=now(), milliseconds=milliseconds))


def deliveries(conn: Connection, watch: dict[str, Any], *, limit: int = 100) -> list[dict[str, Any]]:
    """A watch's delivery log, latest first: [{at, event_id, delivery_id, attempt, outcome, status,
    error, milliseconds}]."""
    rows = conn.execute(select(watch_deliveries).where(watch_deliveries.c.watch_id == watch["id"])
                        .order_by(watch_deliveries.c.id.desc()).limit(max(1, int(limit)))).all()
    return [{"at": r.at, "event_id": r.event_id, "delivery_id": r.delivery_id, "attempt": r.attempt,
             "outcome": r.outcome, "status": r.status, "error": r.error, "milliseconds": r.milliseconds}
            for r in rows]
