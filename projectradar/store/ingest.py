"""Write extraction results into the store: batched, one transaction a batch, each thing once."""
from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator

import numpy as np
from sqlalchemy import bindparam, delete, func, insert, literal_column, select, text, update
from sqlalchemy.engine import Connection

from ..errors import InputError, RadarError
from ..records import Document, Result
from . import dedupe, fts
from .schema import (document_bands, documents, event_history, event_sectors, event_sources,
                     events, month_stats, organizations, people, region_stats, regions, sector_stats,
                     sources, SUMMARY_KEYS)

__all__ = ["IngestReport", "BatchWriter", "batched", "event_row", "stats_contribution", "level_codes",
           "upsert_summaries", "parent_code", "bulk_insert", "bulk_insert_tuples", "add_contribution"]

# Types whose figures are projects actually signed, started, finished or listed;
# targets are goals and stay out of the totals.
_COUNTED_TYPES = {"signing", "groundbreaking", "completion", "key_projects"}
MUNICIPALITIES = ("11", "12", "31", "50")
# Near-duplicate checks (MinHash) are for the articles whose events they keep straight:
# one article told by two outlets must be one document, so its events are not counted as
# told twice. An article without events carries no figure to double; it gets the check
# only when long enough to be a feature outlets reprint (a tenth of a news-bulletin corpus),
# and exact copies of every document are still caught by the content hash.
NEAR_DUP_WITHOUT_EVENTS_CHARS = 1000


@dataclass
class IngestReport:
    """What one ingest did. ``errors`` are one-line messages naming the input."""

    inputs: int = 0
    documents: int = 0              # documents read
    documents_new: int = 0
    documents_duplicate: int = 0    # already stored (same copy, same text, or near-duplicate text)
    events: int = 0                 # events read
    events_new: int = 0
    events_merged: int = 0          # told again by another document: one more source
    events_improved: int = 0        # ... with better figures (kept in event_history)
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def docs_per_second(self) -> float:
        return self.documents / self.seconds if self.seconds > 0 else 0.0

    def to_dict(self) -> dict[str, Any]:
        out = {k: getattr(self, k) for k in self.__dataclass_fields__}
        out["docs_per_second"] = round(self.docs_per_second, 1)
        return out


def batched(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()


def _dumps(value: Any) -> str:
    if not value:
        return "[]" if isinstance(value, list) else json.dumps(value)
    return json.dumps(value, ensure_ascii=False, sort_keys=False)


def event_row(rec: dict[str, Any]) -> dict[str, Any]:
    """The events-table columns for an event record (without bookkeeping columns)."""
    region = rec.get("region") or {}
    date = rec.get("date") or {}
    start = date.get("start")
    return {
        "type": rec["type"],
        "title": rec.get("title"),
        "adcode": region.get("adcode"),
        "region_name": region.get("name"),
        "region_level": region.get("level"),
        "date_start": start,
        "date_end": date.get("end"),
        "precision": date.get("precision"),
        # "2023-02"; a date known only to the year keeps "2023" so year filters still see it
        "month": start[:7] if start else None,
        "project_count": rec.get("project_count"),
        "investment_yuan": rec.get("investment_yuan"),
        "annual_investment_yuan": rec.get("annual_investment_yuan"),
        "qualifier": rec.get("qualifier"),
        "level": rec.get("level"),
        "cumulative": bool(rec.get("cumulative")),
        "confidence": float(rec.get("confidence") or 0.0),
        "document_id": rec.get("document_id") or "",
        "source": rec.get("source") or "",
        "umbrella": bool(rec.get("_umbrella")),
        "record": record_json(rec),
    }


def record_json(rec: dict[str, Any]) -> str:
    """The record as stored: the store's own marks ("_umbrella") are columns, not record fields."""
    return _dumps({k: v for k, v in rec.items() if not k.startswith("_")})


def _contains(outer: str, inner: str) -> bool:
    """True when region ``outer`` strictly contains region ``inner`` (by GB/T 2260 code)."""
    if len(outer) != 6 or not outer.isdigit() or outer == inner or outer == "000000":
        return False
    prefix = outer
    while prefix.endswith("00") and len(prefix) > 2:
        prefix = prefix[:-2]
    return len(prefix) < 6 and inner.startswith(prefix)


def mark_umbrellas(recs: list[dict[str, Any]]) -> set[str]:
    """Ids of the events that are totals of other events of the same document.

    A province page that lists each city's starts and then the province's total gives
    the same projects twice. Among events of the same document, type and month, an event
    whose region strictly contains another's region (and that other has a figure) is an
    umbrella: the sums count the parts and leave it out (with no parts it counts itself).

        >>> parts = [{"id": "p", "type": "groundbreaking", "document_id": "d", "project_count": 9,
        ...           "region": {"adcode": "370000"}, "date": {"start": "2024-02-20"}},
        ...          {"id": "c", "type": "groundbreaking", "document_id": "d", "project_count": 4,
        ...           "region": {"adcode": "370100"}, "date": {"start": "2024-02-20"}}]
        >>> mark_umbrellas(parts)
        {'p'}
    """
    groups: dict[tuple, list[dict]] = defaultdict(list)
    for rec in recs:
        if rec.get("type") in _COUNTED_TYPES and not rec.get("cumulative"):
            month = ((rec.get("date") or {}).get("start") or "")[:7]
            groups[(rec.get("document_id"), rec["type"], month)].append(rec)
    out: set[str] = set()
    for group in groups.values():
        if len(group) < 2:
            continue
        codes = [((r.get("region") or {}).get("adcode") or "", r) for r in group]
        for outer, rec in codes:
            if any(_contains(outer, inner) and (part.get("project_count") or part.get("investment_yuan"))
                   for inner, part in codes):
                out.add(rec["id"])
    return out


def level_codes(adcode: str | None) -> dict[str, str]:
    """The province, city and district codes an event's region counts under.

        >>> level_codes("370102")
        {'province': '370000', 'city': '370100', 'district': '370102'}
        >>> level_codes("370000")["city"]     # a province-level event stays the province
        '370000'
    """
    code = adcode or ""
    if len(code) != 6 or not code.isdigit() or code == "000000":
        return {"province": code, "city": code, "district": code}
    province = code[:2] + "0000"
    # a municipality (北京, 天津, 上海, 重庆) is its own city: its districts sit right under it
    city = code if code.endswith("0000") else province if code[:2] in MUNICIPALITIES else code[:4] + "00"
    return {"province": province, "city": city, "district": code}


def stats_contribution(rec: dict[str, Any]) -> dict[str, list[tuple[tuple, tuple[int, int, int]]]]:
    """The summary rows an event adds to: {table: [(key, (events, projects, investment))]}."""
    etype = rec["type"]
    counted = etype in _COUNTED_TYPES and not rec.get("cumulative") and not rec.get("_umbrella")
    value = (1, (rec.get("project_count") or 0) if counted else 0,
             (rec.get("investment_yuan") or 0) if counted else 0)
    codes = level_codes((rec.get("region") or {}).get("adcode"))
    month = ((rec.get("date") or {}).get("start") or "")[:7]
    year = month[:4]
    wide = [("all", ""), ("province", codes["province"]), ("city", codes["city"])]
    out = {
        "region_stats": [((level, code, year, etype), value) for level, code in codes.items()],
        "month_stats": [((level, code, month, etype), value) for level, code in wide],
        "sector_stats": [((sector, level, code, year, etype), value)
                         for sector in dict.fromkeys(rec.get("sectors") or []) for level, code in wide],
    }
    return out


def upsert_summaries(conn: Connection, deltas: dict[str, dict[tuple, list[int]]]) -> None:
    """Add the deltas to the summary tables with one INSERT ... ON CONFLICT DO UPDATE each."""
    tables = {"region_stats": region_stats, "month_stats": month_stats, "sector_stats": sector_stats}
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as upsert
    else:
        from sqlalchemy.dialects.sqlite import insert as upsert
    for name, changes in deltas.items():
        keys = SUMMARY_KEYS[name]
        rows = [{**dict(zip(keys, key)), "events": n, "projects": p, "investment_yuan": m}
                for key, (n, p, m) in sorted(changes.items()) if n or p or m]
        if not rows:
            continue
        table = tables[name]
        stmt = upsert(table)
        stmt = stmt.on_conflict_do_update(index_elements=list(keys), set_={
            "events": table.c.events + stmt.excluded.events,
            "projects": table.c.projects + stmt.excluded.projects,
            "investment_yuan": table.c.investment_yuan + stmt.excluded.investment_yuan,
        })
        for chunk in batched(rows, 2000):
            conn.execute(stmt, chunk)


def add_contribution(deltas: dict[str, dict[tuple, list[int]]], rec: dict[str, Any], sign: int = 1) -> None:
    """Accumulate an event's summary rows (sign -1 takes a replaced version out)."""
    for name, rows in stats_contribution(rec).items():
        table = deltas.setdefault(name, defaultdict(lambda: [0, 0, 0]))
        for key, (n, p, m) in rows:
            d = table[key]
            d[0] += sign * n
            d[1] += sign * p
            d[2] += sign * m


def bulk_insert(conn: Connection, table, rows: list[dict]) -> None:
    """INSERT many rows at once. On SQLite the rows go straight to the driver's executemany
    (SQLAlchemy's per-row parameter processing costs more than SQLite's own work); on
    PostgreSQL SQLAlchemy batches them into multi-row VALUES."""
    if not rows:
        return
    names = [c.name for c in table.columns if c.name in rows[0]]
    bulk_insert_tuples(conn, table.name, names, [tuple(r.get(n) for n in names) for r in rows])


def bulk_insert_tuples(conn: Connection, table: str, names: list[str], rows: list[tuple]) -> None:
    """INSERT rows given as tuples in ``names`` order: executemany on SQLite, COPY on
    PostgreSQL (a round trip per row costs more than the server's work)."""
    if not rows:
        return
    if conn.dialect.name == "postgresql":
        raw = conn.connection.driver_connection
        with raw.cursor() as cursor:
            with cursor.copy(f"COPY {table} ({', '.join(names)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        return
    if conn.dialect.paramstyle == "qmark":
        sql = f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"
        conn.exec_driver_sql(sql, rows)
        return
    sql = text(f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join(':' + n for n in names)})")
    conn.execute(sql, [dict(zip(names, row)) for row in rows])


def parent_code(adcode: str) -> str | None:
    """The code of the division above: 370102 → 370100 → 370000 → 000000."""
    if not adcode or len(adcode) != 6 or not adcode.isdigit() or adcode == "000000":
        return None
    if adcode.endswith("0000"):
        return "000000"
    if adcode.endswith("00"):
        return adcode[:2] + "0000"
    return adcode[:4] + "00"


class BatchWriter:
    """Collects one batch of results, finds what is already stored, and writes the rest with
    one executemany per table. Used inside a transaction; `flush` writes.

    Lookups see both the database and what this batch holds, so a batch is
    deduplicated against itself too.
    """

    def __init__(self, conn: Connection, report: IngestReport):
        self.conn = conn
        self.report = report
        self.now = _now()
        self.dialect = conn.dialect.name
        # pending rows by table
        self.docs: list[dict] = []
        self.srcs: list[dict] = []
        self.bands: list[tuple[str, str]] = []                # (band_key, document_id)
        self.fts_rows: list[dict] = []
        self.ev_sources: list[dict] = []
        self.history: list[dict] = []
        self.region_rows: dict[str, dict] = {}
        # in-batch indexes
        self.origin_to_doc: dict[str, str] = {}             # origin (Document.id) → stored document id
        self.hash_to_doc: dict[str, str] = {}
        self.band_to_docs: dict[str, list[str]] = defaultdict(list)
        self.signatures: dict[str, np.ndarray] = {}
        self.texts: dict[str, str] = {}                     # bodies of near-duplicate candidates
        self.titles: dict[str, str] = {}
        # what `prefetch` found in the database
        self.digests: dict[str, str] = {}
        self.canon: dict[str, str] = {}
        self.pre_signatures: dict[str, tuple[np.ndarray, list[str]]] = {}
        self.db_bands: dict[str, list[str]] = defaultdict(list)
        self.known_extracted: set[str] = set()
        self.db_matches: dict[tuple, list[str]] = defaultdict(list)
        self.extracted: set[str] = set()
        self.states: dict[str, dict] = {}                   # event id → state (loaded or new)
        self.match_index: dict[tuple, list[str]] = defaultdict(list)
        self.summary_deltas: dict[str, dict[tuple, list[int]]] = {}
        self.eventful: set[str] | None = None               # documents of the batch that tell events

    # ------------------------------------------------------------ prefetch
    def prefetch(self, results: list[Result]) -> None:
        """Look up, with one query per table, what the batch's documents and events may
        already have in the database: known copies, same texts, LSH bands, extractions and
        events that could be the same."""
        docs = [d for r in results for d in r.documents]
        if not docs:
            return
        self.eventful = {ev.document_id for r in results for ev in r.events}
        conn = self.conn
        origins = sorted({d.id for d in docs})
        for origin, doc_id in self._lookup(select(sources.c.id, sources.c.document_id), sources.c.id, origins):
            self.origin_to_doc[origin] = doc_id
        digests = {}
        for d in docs:
            if d.id not in self.origin_to_doc:
                canon = self.canon[d.id] = dedupe.canonical(d.text)
                digests[d.id] = dedupe.content_hash(d.kind, d.title, canon, canonical=True)
        self.digests.update(digests)
        found = self._lookup(select(documents.c.content_hash, documents.c.id), documents.c.content_hash,
                             sorted(set(digests.values())))
        for digest, doc_id in sorted(found, key=lambda row: row[1], reverse=True):
            self.hash_to_doc[digest] = doc_id              # ends on the smallest id
        keys: set[str] = set()
        for d in docs:
            if (d.id in self.origin_to_doc or d.kind != "article" or self.hash_to_doc.get(digests.get(d.id))
                    or not self._near_dup_checked(d)):
                continue
            signature = dedupe.minhash_signature(self.canon[d.id], canonical=True)
            if signature is not None:
                bands = dedupe.band_keys(signature)
                self.pre_signatures[d.id] = (signature, bands)
                keys.update(bands)
        for key, doc_id in sorted(self._lookup(select(document_bands.c.band_key, document_bands.c.document_id),
                                               document_bands.c.band_key, sorted(keys))):
            self.db_bands[key].append(doc_id)
        extracted, adcodes, days = set(), set(), set()
        for r in results:
            for ev in r.events:
                extracted.add(ev.id or ev.compute_id())
                if ev.region and ev.region.adcode and ev.date.start:
                    adcodes.add(ev.region.adcode)
                    days.update(dedupe.neighbour_dates(ev.date.start))
        self.known_extracted.update(row[0] for row in self._lookup(
            select(event_sources.c.extracted_id), event_sources.c.extracted_id, sorted(extracted)))
        if adcodes and days:
            for chunk in batched(sorted(days), 300):
                rows = conn.execute(select(events.c.id, events.c.type, events.c.adcode, events.c.date_start)
                                    .where(events.c.adcode.in_(sorted(adcodes)), events.c.date_start.in_(chunk))
                                    .order_by(events.c.id))
                for event_id, etype, adcode, start in rows:
                    self.db_matches[(etype, adcode, start)].append(event_id)

    def _lookup(self, query, column, values: list[str]) -> list[tuple]:
        """Rows of ``query`` whose ``column`` is one of ``values``: one query with an array on
        PostgreSQL (= ANY), with a JSON array on SQLite."""
        if not values:
            return []
        if self.dialect == "postgresql":
            from sqlalchemy import ARRAY, String, any_, bindparam as bp

            keys = bp("lookup_values", values, type_=ARRAY(String))
            return [tuple(r) for r in self.conn.execute(query.where(column == any_(keys)))]
        # SQLite: the whole list as one JSON parameter, unpacked by json_each (one query, and
        # no bound-parameter limit; compiling IN lists of 500 cost more than the lookups)
        listed = select(literal_column("value")).select_from(
            func.json_each(bindparam("lookup_values", json.dumps(values, ensure_ascii=False))))
        return [tuple(r) for r in self.conn.execute(query.where(column.in_(listed.scalar_subquery())))]

    # ------------------------------------------------------------ documents
    def _stored_origin(self, origin: str) -> str | None:
        return self.origin_to_doc.get(origin)

    def _same_text(self, digest: str) -> str | None:
        return self.hash_to_doc.get(digest)

    def _near_duplicate(self, signature: np.ndarray, keys: list[str], body: str, title: str | None) -> str | None:
        shared: dict[str, int] = defaultdict(int)
        for key in keys:
            for doc_id in set(self.band_to_docs.get(key, ())) | set(self.db_bands.get(key, ())):
                shared[doc_id] += 1
        # a pair at Jaccard 0.8 shares 2+ of the 16 bands with p > 0.99; checking only the
        # ten most-sharing candidates keeps templated bulletins from costing n² comparisons
        ranked = sorted((d for d, n in shared.items() if n >= 2), key=lambda d: (-shared[d], d))[:10]
        missing = [d for d in ranked if d not in self.signatures]
        if missing:
            for doc_id, blob, body_text, doc_title in self.conn.execute(
                    select(documents.c.id, documents.c.minhash, documents.c.text, documents.c.title)
                    .where(documents.c.id.in_(missing))):
                if blob is not None:
                    self.signatures[doc_id] = np.frombuffer(blob, dtype=dedupe.SIGNATURE_DTYPE)
                    self.texts[doc_id] = body_text or ""
                    self.titles[doc_id] = doc_title or ""
        best, best_sim = None, dedupe.NEAR_DUPLICATE
        for doc_id in ranked:
            other = self.signatures.get(doc_id)
            if other is None:
                continue
            sim = dedupe.similarity(signature, other)
            if (sim >= best_sim and dedupe.same_title(title, self.titles.get(doc_id))
                    and dedupe.same_figures(body, self.texts.get(doc_id, ""))):
                best, best_sim = doc_id, sim
        return best

    def _near_dup_checked(self, doc: Document) -> bool:
        """Whether this article gets a MinHash (see NEAR_DUP_WITHOUT_EVENTS_CHARS)."""
        return (self.eventful is None or doc.id in self.eventful
                or len(doc.text or "") >= NEAR_DUP_WITHOUT_EVENTS_CHARS)

    def add_document(self, doc: Document) -> str:
        """Store a document (or note one more source of a stored one); returns the stored id."""
        self.report.documents += 1
        origin = doc.id
        stored = self._stored_origin(origin)
        if stored is not None:
            self.report.documents_duplicate += 1
            return stored
        digest = self.digests.get(origin) or dedupe.content_hash(doc.kind, doc.title, doc.text)
        target = self._same_text(digest)
        signature, keys = None, []
        if target is None and doc.kind == "article" and self._near_dup_checked(doc):
            if origin in self.pre_signatures:
                signature, keys = self.pre_signatures[origin]
            else:
                signature = dedupe.minhash_signature(doc.text)
                keys = dedupe.band_keys(signature) if signature is not None else []
            if signature is not None:
                target = self._near_duplicate(signature, keys, doc.text, doc.title)
        if target is None:
            target = origin
            self._add_document_row(doc, digest, signature, keys)
            self.report.documents_new += 1
        else:
            self.report.documents_duplicate += 1
        self.origin_to_doc[origin] = target
        self.srcs.append({
            "id": origin, "document_id": target, "source": doc.source, "url": doc.url,
            "source_name": doc.source_name, "title": doc.title, "published": doc.published,
            "position": doc.position, "ingested_at": self.now,
        })
        return target

    def _add_document_row(self, doc: Document, digest: str, signature, keys: list[str]) -> None:
        self.docs.append({
            "id": doc.id, "content_hash": digest, "kind": doc.kind, "position": doc.position,
            "page": doc.source, "title": doc.title, "original_title": doc.original_title,
            "channel": doc.channel, "source_name": doc.source_name,
            "reporters": _dumps(list(doc.reporters)), "photographers": _dumps(list(doc.photographers)),
            "editor": doc.editor, "images": _dumps([{"file": i.file, "caption": i.caption} for i in doc.images]),
            "headings": _dumps(list(doc.headings)), "url": doc.url, "published": doc.published,
            "year": doc.year, "month": doc.month, "text": doc.text,
            "minhash": signature.tobytes() if signature is not None else None,
            "ingested_at": self.now,
        })
        self.hash_to_doc[digest] = doc.id
        if signature is not None:
            self.signatures[doc.id] = signature
            self.texts[doc.id] = doc.text
            self.titles[doc.id] = doc.title or ""
            for key in keys:
                self.band_to_docs[key].append(doc.id)
            self.bands.extend((key, doc.id) for key in keys)
        self.fts_rows.append({"document_id": doc.id,
                              "body": fts.tokenize((doc.title or "") + "\n" + (doc.text or ""))})

    # --------------------------------------------------------------- events
    def _known_extraction(self, extracted_id: str) -> bool:
        return extracted_id in self.extracted or extracted_id in self.known_extracted

    def _load_state(self, event_id: str) -> dict:
        state = self.states.get(event_id)
        if state is None:
            row = self.conn.execute(select(events.c.record, events.c.mentions, events.c.umbrella)
                                    .where(events.c.id == event_id)).one()
            origins = set(self.conn.execute(
                select(event_sources.c.source_id).where(event_sources.c.event_id == event_id)).scalars())
            record = json.loads(row.record)
            if row.umbrella:
                record["_umbrella"] = True
            state = {"record": record, "mentions": row.mentions, "origins": origins,
                     "new": False, "dirty": False, "improved": False}
            self.states[event_id] = state
        return state

    def _candidates(self, rec: dict) -> list[str]:
        region = (rec.get("region") or {}).get("adcode")
        start = (rec.get("date") or {}).get("start")
        if not region or not start:
            return []
        days = dedupe.neighbour_dates(start)
        stored: list[str] = []
        found: list[str] = []
        for day in days:
            stored.extend(self.db_matches.get((rec["type"], region, day), ()))
            found.extend(self.match_index.get((rec["type"], region, day), ()))
        return list(dict.fromkeys(sorted(stored) + found))

    def _add_stats(self, rec: dict, sign: int) -> None:
        add_contribution(self.summary_deltas, rec, sign)

    def _note_region(self, rec: dict) -> None:
        region = rec.get("region") or {}
        code = region.get("adcode")
        if code and code not in self.region_rows:
            path = list(region.get("path") or [])
            self.region_rows[code] = {
                "adcode": code, "name": region.get("name") or code, "short_name": None,
                "level": region.get("level") or "unknown", "parent": parent_code(code),
                "path": _dumps(path),
            }

    def add_event(self, rec: dict, origin: str, stored_doc: str) -> None:
        """Store an event record told by document ``origin`` (stored as ``stored_doc``)."""
        self.report.events += 1
        extracted_id = rec["id"]
        if self._known_extraction(extracted_id):
            return
        self.extracted.add(extracted_id)
        rec = dict(rec)
        rec["document_id"] = stored_doc
        target = None
        for event_id in self._candidates(rec):
            state = self._load_state(event_id)
            if origin in state["origins"]:
                continue        # one document telling two similar things: keep both
            if dedupe.same_event(state["record"], rec):
                target = event_id
                break
        evidence = rec.get("evidence") or {}
        if target is None:
            event_id = extracted_id
            state = {"record": rec, "mentions": 1, "origins": {origin}, "new": True, "dirty": True,
                     "improved": False}
            self.states[event_id] = state
            self.match_index[(rec["type"], (rec.get("region") or {}).get("adcode"),
                              (rec.get("date") or {}).get("start"))].append(event_id)
            self._add_stats(rec, +1)
            self._note_region(rec)
            self.report.events_new += 1
        else:
            event_id = target
            state = self.states[event_id]
            state["mentions"] += 1
            state["origins"].add(origin)
            state["dirty"] = True
            self.report.events_merged += 1
            old = state["record"]
            if dedupe.is_better(rec, old):
                new = dedupe.improved(rec, old)
                new["id"] = event_id
                changes = {k: [old.get(k), new.get(k)] for k in new
                           if k not in ("id", "evidence", "document_id", "source") and not k.startswith("_")
                           and old.get(k) != new.get(k)}
                self.history.append({"event_id": event_id, "changed_at": self.now,
                                     "document_id": stored_doc, "changes": _dumps(changes)})
                self._add_stats(old, -1)
                self._add_stats(new, +1)
                self._note_region(new)
                state["record"] = new
                state["improved"] = True
                self.report.events_improved += 1
        self.ev_sources.append({
            "event_id": event_id, "extracted_id": extracted_id, "document_id": stored_doc,
            "source_id": origin, "evidence_text": evidence.get("text"),
            "evidence_start": evidence.get("start"), "evidence_end": evidence.get("end"),
            "confidence": float(rec.get("confidence") or 0.0), "record": record_json(rec),
            "ingested_at": self.now,
        })

    def add_result(self, result: Result) -> None:
        stored_by_origin: dict[str, str] = {}
        for doc in result.documents:
            stored_by_origin[doc.id] = self.add_document(doc)
        recs = [ev.to_dict() for ev in result.events]
        umbrellas = mark_umbrellas(recs)
        for rec in recs:
            if rec["id"] in umbrellas:
                rec["_umbrella"] = True
            origin = rec.get("document_id") or ""
            stored = stored_by_origin.get(origin)
            if stored is None:
                # an event whose document is not in this result: keep it under its own source
                stored = self._stored_origin(origin) if origin else None
                if stored is None:
                    self.report.errors.append(str(InputError(
                        rec.get("source") or "?", f"event {rec['id']} names document {origin!r} "
                        "that its result does not contain; event skipped")))
                    continue
            self.add_event(rec, origin, stored)

    # ---------------------------------------------------------------- flush
    def flush(self) -> None:
        conn = self.conn
        bulk_insert(conn, documents, self.docs)
        bulk_insert(conn, sources, self.srcs)
        bulk_insert_tuples(conn, "document_bands", ["band_key", "document_id"], self.bands)
        fts.insert_rows(conn, self.fts_rows)
        self._flush_regions()
        new_rows, changed_rows, relinked = [], [], []
        for event_id, state in self.states.items():
            if not state["dirty"]:
                continue
            if state["new"]:
                row = event_row(state["record"])
                row.update(id=event_id, mentions=state["mentions"], created_at=self.now, updated_at=self.now)
                new_rows.append(row)
                relinked.append((event_id, state["record"]))
            else:
                row = {"b_id": event_id, "mentions": state["mentions"], "updated_at": self.now}
                if state["improved"]:
                    row.update(event_row(state["record"]))
                    relinked.append((event_id, state["record"]))
                changed_rows.append(row)
        bulk_insert(conn, events, new_rows)
        for row in changed_rows:
            values = {k: v for k, v in row.items() if k != "b_id"}
            conn.execute(update(events).where(events.c.id == bindparam("b_id")).values(
                {k: bindparam(k) for k in values}), [row])
        self._flush_links(relinked)
        bulk_insert(conn, event_sources, self.ev_sources)
        if self.history:
            conn.execute(insert(event_history), self.history)
        upsert_summaries(conn, self.summary_deltas)

    def _flush_links(self, relinked: list[tuple[str, dict]]) -> None:
        if not relinked:
            return
        existing = [eid for eid, _ in relinked if not self.states[eid]["new"]]
        if existing:
            for table in (event_sectors, people, organizations):
                self.conn.execute(delete(table).where(table.c.event_id.in_(existing)))
        sector_rows, people_rows, org_rows = [], [], []
        for eid, rec in relinked:
            for sector in dict.fromkeys(rec.get("sectors") or []):
                sector_rows.append({"event_id": eid, "sector": sector})
            for person in rec.get("people") or []:
                people_rows.append({"event_id": eid, "name": person.get("name") or "", "title": person.get("title")})
            for org in rec.get("organizations") or []:
                name = org.get("name") if isinstance(org, dict) else str(org)
                if name:
                    org_rows.append({"event_id": eid, "name": name})
        for table, rows in ((event_sectors, sector_rows), (people, people_rows), (organizations, org_rows)):
            if rows:
                self.conn.execute(insert(table), rows)

    def _flush_regions(self) -> None:
        if not self.region_rows:
            return
        codes = list(self.region_rows)
        have = set(self.conn.execute(select(regions.c.adcode).where(regions.c.adcode.in_(codes))).scalars())
        rows = [row for code, row in self.region_rows.items() if code not in have]
        if rows:
            self.conn.execute(insert(regions), rows)


def write_batch(conn: Connection, batch: list[Result | InputError | RadarError], report: IngestReport) -> None:
    """Write one batch inside the caller's transaction; input errors are only reported."""
    writer = BatchWriter(conn, report)
    writer.prefetch([item for item in batch if isinstance(item, Result)])
    for item in batch:
        if isinstance(item, BaseException):
            report.errors.append(str(item))
            continue
        report.inputs += 1
        writer.add_result(item)
    writer.flush()
