"""The questions about events the store answers (CLI, API and web all call these through `Store`).

Each function takes an open SQLAlchemy Connection and returns plain dicts in
the event record of shared/spec/events.md, plus a few store fields
("mentions", "sources", "history").
"""
from __future__ import annotations

import json
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.engine import Connection

from ..errors import FilterError
from .conditions import event_conditions, region_prefix
from .filters import EventFilter
from .schema import documents, event_history, event_sources, events, sources

__all__ = ["list_events", "count_events", "get_event", "get_document", "sources_of", "record_of", "SORTS"]

SORTS = ("-date", "date", "-investment", "investment", "-confidence", "-mentions", "stored", "-stored")


# ------------------------------------------------------------------ events
def _order(conn: Connection, sort: str):
    pg = conn.dialect.name == "postgresql"
    table = {
        "date": events.c.date_start, "investment": events.c.investment_yuan,
        "confidence": events.c.confidence, "mentions": events.c.mentions,
        "stored": events.c.created_at,          # when the store first kept it (a watch's order)
    }
    key = (sort or "-date").lstrip("-+")
    if key not in table:
        raise FilterError(f"unknown sort {sort!r}: use one of {', '.join(SORTS)}")
    col = table[key]
    if sort.startswith("-"):
        first = col.desc().nulls_last() if pg else col.desc()
        return [first, events.c.id.desc()]
    return [col.asc(), events.c.id.asc()]


def sources_of(conn: Connection, ids: list[str]) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {i: [] for i in ids}
    if not ids:
        return out
    rows = conn.execute(
        select(event_sources.c.event_id, event_sources.c.document_id, sources.c.source, sources.c.url,
               sources.c.title, sources.c.source_name)
        .join(sources, sources.c.id == event_sources.c.source_id)
        .where(event_sources.c.event_id.in_(ids)).order_by(event_sources.c.id)
    ).all()
    for r in rows:
        out[r.event_id].append({"source": r.source, "url": r.url, "document_id": r.document_id,
                                "title": r.title, "source_name": r.source_name})
    return out


def record_of(row) -> dict[str, Any]:
    rec = json.loads(row.record)
    rec["id"] = row.id
    rec["mentions"] = row.mentions
    return rec


_BROAD = 20_000


def _capped_count(conn: Connection, conds: list, cap: int) -> int:
    """How many events meet ``conds``, counting no further than ``cap``."""
    sample = select(events.c.id).where(*conds).limit(cap).subquery()
    return int(conn.execute(select(func.count()).select_from(sample)).scalar() or 0)


def _broad_region(conn: Connection, flt: EventFilter | None, sort: str) -> bool:
    """On SQLite, should a region filter sorted by date or investment walk the sort's own
    index (region tested on each row, stopping at the page) rather than take the region's
    rows and sort them all (what the planner picks)? Walk when the filter matches at least
    ``_BROAD`` events (a province among a million: ~500 rows read for a page of 50); below
    that, sorting the matches from a covering index (type, adcode, date, id) is cheaper than
    walking past thousands of rows of other regions. The count stops at ``_BROAD``. (A
    minimum amount is read from the same covering indexes, which end with the investment.)"""
    if conn.dialect.name != "sqlite" or flt is None or (sort or "-date").lstrip("-+") not in ("date", "investment"):
        return False
    if not (flt.region or flt.adcode) or any([flt.min_investment is not None, flt.sector, flt.org, flt.q,
                                              flt.source]):
        return False
    if not region_prefix(conn, flt):
        return False
    return _capped_count(conn, event_conditions(conn, flt), _BROAD) >= _BROAD


def list_events(conn: Connection, filters: EventFilter | None = None, *, limit: int = 50,
                offset: int = 0, sort: str = "-date", extra: list | None = None,
                stamps: bool = False) -> list[dict]:
    """Events matching ``filters``, newest first by default; each is the event record plus
    "mentions" (how many documents told it) and "sources" [{source, url, document_id, title, source_name}].

    ``extra``: more SQL conditions on the events table (a watch's "stored since");
    ``stamps``: add "created_at" and "updated_at", when the store first kept the event and
    last changed it (what a feed's entries are dated by)."""
    walk = not extra and _broad_region(conn, filters, sort)
    conds = event_conditions(conn, filters, walk_dates=walk) + list(extra or [])
    # first the page of ids (from an index), then the records of those ids only
    query = select(events.c.id).where(*conds).order_by(*_order(conn, sort))
    if limit is not None:
        query = query.limit(max(0, int(limit))).offset(max(0, int(offset)))
    ids = list(conn.execute(query).scalars())
    columns = [events.c.id, events.c.record, events.c.mentions]
    if stamps:
        columns += [events.c.created_at, events.c.updated_at]
    by_id = {r.id: r for r in conn.execute(select(*columns).where(events.c.id.in_(ids)))} if ids else {}
    rows = [by_id[i] for i in ids]
    srcs = sources_of(conn, ids)
    out = []
    for r in rows:
        rec = record_of(r)
        rec["sources"] = srcs[r.id]
        if stamps:
            rec["created_at"], rec["updated_at"] = r.created_at, r.updated_at
        out.append(rec)
    return out


def count_events(conn: Connection, filters: EventFilter | None = None, *, extra: list | None = None) -> int:
    """How many events match ``filters`` (and the ``extra`` conditions)."""
    return int(conn.execute(select(func.count()).select_from(events)
                            .where(*event_conditions(conn, filters), *(extra or []))).scalar() or 0)


def get_event(conn: Connection, event_id: str) -> dict | None:
    """One event: the record + "mentions", "sources" (each telling document with its evidence)
    and "history" (changes when a later article told it better). Accepts an extracted id too."""
    row = conn.execute(select(events.c.id, events.c.record, events.c.mentions).where(events.c.id == event_id)).first()
    if row is None:
        canonical = conn.execute(select(event_sources.c.event_id)
                                 .where(event_sources.c.extracted_id == event_id)).scalar()
        if canonical is None:
            return None
        row = conn.execute(select(events.c.id, events.c.record, events.c.mentions)
                           .where(events.c.id == canonical)).first()
    rec = record_of(row)
    told = conn.execute(
        select(event_sources.c.document_id, event_sources.c.evidence_text, event_sources.c.evidence_start,
               event_sources.c.evidence_end, event_sources.c.confidence, event_sources.c.extracted_id,
               sources.c.source, sources.c.url, sources.c.title, sources.c.source_name, sources.c.published)
        .join(sources, sources.c.id == event_sources.c.source_id)
        .where(event_sources.c.event_id == row.id).order_by(event_sources.c.id)
    ).all()
    rec["sources"] = [{
        "document_id": t.document_id, "source": t.source, "url": t.url, "title": t.title,
        "source_name": t.source_name, "published": t.published, "extracted_id": t.extracted_id,
        "confidence": t.confidence,
        "evidence": {"text": t.evidence_text, "start": t.evidence_start, "end": t.evidence_end}
        if t.evidence_text is not None else None,
    } for t in told]
    rec["history"] = [{"changed_at": h.changed_at, "document_id": h.document_id, "changes": json.loads(h.changes)}
                      for h in conn.execute(select(event_history).where(event_history.c.event_id == row.id)
                                            .order_by(event_history.c.id)).all()]
    return rec


# --------------------------------------------------------------- documents
_DOC_JSON = ("reporters", "photographers", "images", "headings")


def _doc_dict(row) -> dict[str, Any]:
    d = dict(row._mapping)
    d.pop("minhash", None)
    for k in _DOC_JSON:
        d[k] = json.loads(d.get(k) or "[]")
    return d


def get_document(conn: Connection, doc_id: str) -> dict | None:
    """One document: its record, "sources" (every copy read), "events" (with this document's
    evidence offsets into its text) and "siblings" (other articles/teasers of the same page)."""
    stored = conn.execute(select(sources.c.document_id).where(sources.c.id == doc_id)).scalar() or doc_id
    row = conn.execute(select(documents).where(documents.c.id == stored)).first()
    if row is None:
        return None
    doc = _doc_dict(row)
    first_copy = case((sources.c.id == stored, 0), else_=1)
    copies = conn.execute(select(sources).where(sources.c.document_id == stored)
                          .order_by(first_copy, sources.c.ingested_at, sources.c.id)).all()
    doc["sources"] = [{"id": c.id, "source": c.source, "url": c.url, "source_name": c.source_name,
                       "title": c.title, "published": c.published} for c in copies]
    told = conn.execute(
        select(events.c.id, events.c.record, events.c.mentions, event_sources.c.evidence_text,
               event_sources.c.evidence_start, event_sources.c.evidence_end)
        .join(event_sources, event_sources.c.event_id == events.c.id)
        .where(event_sources.c.document_id == stored).order_by(event_sources.c.evidence_start, events.c.id)
    ).all()
    seen, evs = set(), []
    for t in told:
        if t.id in seen:
            continue
        seen.add(t.id)
        rec = record_of(t)
        rec["evidence"] = {"text": t.evidence_text, "start": t.evidence_start, "end": t.evidence_end}
        evs.append(rec)
    doc["events"] = evs
    pages = [c.source for c in copies]
    sib = conn.execute(
        select(documents.c.id, documents.c.kind, documents.c.title, documents.c.position)
        .join(sources, sources.c.document_id == documents.c.id)
        .where(sources.c.source.in_(pages), documents.c.id != stored).distinct()
        .order_by(documents.c.position, documents.c.id)
    ).all() if pages else []
    doc["siblings"] = [{"id": s.id, "kind": s.kind, "title": s.title, "position": s.position} for s in sib]
    return doc
