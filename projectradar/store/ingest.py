"""Write extraction results into the store: batched, one transaction a batch, each thing once.

What is the same document or the same event is decided by `projectradar.resolve`; this
module looks up what the database already holds for a batch (one query per table) and
writes the decisions (one executemany per table)."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from sqlalchemy import ARRAY, String, any_, bindparam, delete, func, insert, literal_column, select, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DataError, IntegrityError

from ..errors import InputError, RadarError, quote
from ..records import Document, Result
from ..resolve import documents as copies
from ..resolve import events as tellings
from ..resolve.umbrellas import mark_umbrellas
from . import fts
from .regions_table import region_row
from .locks import take_write_lock
from .rows import batched, bulk_insert, bulk_insert_tuples, dumps, event_row, now, record_json
from .schema import (document_bands, documents, event_history, event_sectors, event_sources, events, organizations,
                     people, regions, sources)
from .project_links import ProjectBatch
from .summaries import Deltas, add_contribution, upsert_summaries

__all__ = ["IngestReport", "write_batch", "write_isolated"]

# A batch that meets a unique-key conflict (another writer without the lock, e.g. an older
# version) is written again this many times: its look-ups then see the other's rows.
_CONFLICT_RETRIES = 3


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
    project_mentions: int = 0       # named-project mentions read
    projects_new: int = 0           # projects the 项目库 did not know
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def docs_per_second(self) -> float:
        return self.documents / self.seconds if self.seconds > 0 else 0.0

    def to_dict(self) -> dict[str, Any]:
        out = {k: getattr(self, k) for k in self.__dataclass_fields__}
        out["docs_per_second"] = round(self.docs_per_second, 1)
        return out


@dataclass
class _EventState:
    """A stored or new event while a batch is written."""

    record: dict
    mentions: int
    origins: set[str]                 # ids of the document copies that told it
    new: bool = False
    dirty: bool = False
    improved: bool = False


class _BatchWriter:
    """Collects one batch of results, looks up what is already stored, asks `resolve` what
    each document and event is, and writes the rest with one executemany per table. Used
    inside a transaction; `flush` writes.

    Lookups see both the database and what this batch holds, so a batch is deduplicated
    against itself too.
    """

    def __init__(self, conn: Connection, report: IngestReport):
        self.conn = conn
        self.report = report
        self.now = now()
        self.dialect = conn.dialect.name
        # pending rows by table
        self.docs: list[dict] = []
        self.srcs: list[dict] = []
        self.bands: list[tuple[str, str]] = []                # (band_key, document_id)
        self.fts_rows: list[dict] = []
        self.ev_sources: list[dict] = []
        self.history: list[dict] = []
        self.region_rows: dict[str, dict] = {}
        self.summary_deltas: Deltas = {}
        # what is known, from the database and from this batch
        self.origin_to_doc: dict[str, str] = {}               # origin (Document.id) → stored document id
        self.copies = copies.CopyFinder()
        self.finder = tellings.EventFinder()
        self.states: dict[str, _EventState] = {}              # event id → state (loaded or new)
        self.extracted: set[str] = set()                      # extraction ids already stored or in this batch
        # what `prefetch` computed for the batch's new documents
        self.digests: dict[str, str] = {}
        self.signatures: dict[str, tuple[np.ndarray, list[str]]] = {}
        self.eventful: set[str] | None = None                 # documents of the batch that tell events
        self.event_ids: dict[str, str] = {}                   # extracted event id → stored event id
        self.projects = ProjectBatch(conn, self._lookup, self.now)

    # ------------------------------------------------------------ prefetch
    def prefetch(self, results: list[Result]) -> None:
        """Look up, with one query per table, what the batch's documents and events may
        already have in the database: known copies, same texts, LSH bands, extractions and
        events that could be the same."""
        docs = [d for r in results for d in r.documents]
        if not docs:
            return
        self.eventful = copies.eventful_documents(results)
        origins = sorted({d.id for d in docs})
        for origin, doc_id in self._lookup(select(sources.c.id, sources.c.document_id), sources.c.id, origins):
            self.origin_to_doc[origin] = doc_id
        unknown = [d for d in docs if d.id not in self.origin_to_doc]
        canon = {d.id: copies.canonical(d.text) for d in unknown}
        for d in unknown:
            self.digests[d.id] = copies.content_hash(d.kind, d.title, canon[d.id], canonical=True)
        found = self._lookup(select(documents.c.content_hash, documents.c.id), documents.c.content_hash,
                             sorted(set(self.digests.values())))
        for digest, doc_id in sorted(found, key=lambda row: row[1], reverse=True):
            self.copies.know_hash(digest, doc_id)              # ends on the smallest id
        keys: set[str] = set()
        for d in unknown:
            if self.copies.same_text(self.digests[d.id]) or not copies.needs_near_duplicate_check(d, self.eventful):
                continue
            signature = copies.minhash_signature(canon[d.id], canonical=True)
            if signature is not None:
                bands = copies.band_keys(signature)
                self.signatures[d.id] = (signature, bands)
                keys.update(bands)
        for key, doc_id in self._lookup(select(document_bands.c.band_key, document_bands.c.document_id),
                                        document_bands.c.band_key, sorted(keys)):
            self.copies.know_band(key, doc_id)
        extracted, adcodes, days = set(), set(), set()
        for r in results:
            for ev in r.events:
                extracted.add(ev.id or ev.compute_id())
                if ev.region and ev.region.adcode and ev.date.start:
                    adcodes.add(ev.region.adcode)
                    days.update(tellings.neighbour_dates(ev.date.start))
        for extracted_id, event_id in self._lookup(select(event_sources.c.extracted_id, event_sources.c.event_id),
                                                   event_sources.c.extracted_id, sorted(extracted)):
            self.extracted.add(extracted_id)
            self.event_ids[extracted_id] = event_id
        self.projects.prefetch([p.to_dict() for r in results for p in r.projects])
        if adcodes and days:
            for chunk in batched(sorted(days), 300):
                rows = self.conn.execute(select(events.c.id, events.c.type, events.c.adcode, events.c.date_start)
                                         .where(events.c.adcode.in_(sorted(adcodes)), events.c.date_start.in_(chunk))
                                         .order_by(events.c.id))
                for event_id, etype, adcode, start in rows:
                    self.finder.know_stored((etype, adcode, start), event_id)

    def _lookup(self, query, column, values: list[str]) -> list[tuple]:
        """Rows of ``query`` whose ``column`` is one of ``values``: one query with an array on
        PostgreSQL (= ANY), with a JSON array on SQLite."""
        if not values:
            return []
        if self.dialect == "postgresql":
            keys = bindparam("lookup_values", values, type_=ARRAY(String))
            return [tuple(r) for r in self.conn.execute(query.where(column == any_(keys)))]
        # SQLite: the whole list as one JSON parameter, unpacked by json_each (one query, and
        # no bound-parameter limit; compiling IN lists of 500 cost more than the lookups)
        listed = select(literal_column("value")).select_from(
            func.json_each(bindparam("lookup_values", json.dumps(values, ensure_ascii=False))))
        return [tuple(r) for r in self.conn.execute(query.where(column.in_(listed.scalar_subquery())))]

    def _load_copies(self, ids: list[str]):
        """Signature, text and title of stored documents (what CopyFinder asks for)."""
        for doc_id, blob, body, title in self.conn.execute(
                select(documents.c.id, documents.c.minhash, documents.c.text, documents.c.title)
                .where(documents.c.id.in_(ids))):
            if blob is not None:
                yield doc_id, np.frombuffer(blob, dtype=copies.SIGNATURE_DTYPE), body, title

    # ------------------------------------------------------------ documents
    def add_document(self, doc: Document) -> str:
        """Store a document (or note one more source of a stored one); returns the stored id."""
        self.report.documents += 1
        origin = doc.id
        stored = self.origin_to_doc.get(origin)
        if stored is not None:
            self.report.documents_duplicate += 1
            return stored
        digest = self.digests.get(origin) or copies.content_hash(doc.kind, doc.title, doc.text)
        target = self.copies.same_text(digest)
        signature, keys = None, []
        if target is None and copies.needs_near_duplicate_check(doc, self.eventful):
            if origin in self.signatures:
                signature, keys = self.signatures[origin]
            else:
                signature = copies.minhash_signature(doc.text)
                keys = copies.band_keys(signature) if signature is not None else []
            if signature is not None:
                target = self.copies.near_duplicate(signature, keys, doc.text, doc.title, self._load_copies)
        if target is None:
            target = origin
            self.copies.add(origin, digest, signature, keys, doc.text, doc.title)
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
            "reporters": dumps(list(doc.reporters)), "photographers": dumps(list(doc.photographers)),
            "editor": doc.editor, "images": dumps([{"file": i.file, "caption": i.caption} for i in doc.images]),
            "headings": dumps(list(doc.headings)), "url": doc.url, "published": doc.published,
            "year": doc.year, "month": doc.month, "text": doc.text,
            "minhash": signature.tobytes() if signature is not None else None,
            "ingested_at": self.now,
        })
        self.bands.extend((key, doc.id) for key in keys)
        self.fts_rows.append({"document_id": doc.id,
                              "body": fts.tokenize((doc.title or "") + "\n" + (doc.text or ""))})

    # --------------------------------------------------------------- events
    def _state(self, event_id: str) -> _EventState:
        state = self.states.get(event_id)
        if state is None:
            row = self.conn.execute(select(events.c.record, events.c.mentions, events.c.umbrella)
                                    .where(events.c.id == event_id)).one()
            origins = set(self.conn.execute(
                select(event_sources.c.source_id).where(event_sources.c.event_id == event_id)).scalars())
            record = json.loads(row.record)
            if row.umbrella:
                record["_umbrella"] = True
            state = self.states[event_id] = _EventState(record, row.mentions, origins)
        return state

    def _note_region(self, rec: dict) -> None:
        region = rec.get("region") or {}
        if region.get("adcode") and region["adcode"] not in self.region_rows:
            self.region_rows[region["adcode"]] = region_row(region)

    def add_event(self, rec: dict, origin: str, stored_doc: str) -> None:
        """Store an event record told by document ``origin`` (stored as ``stored_doc``)."""
        self.report.events += 1
        extracted_id = rec["id"]
        if extracted_id in self.extracted:
            return
        self.extracted.add(extracted_id)
        rec = dict(rec, document_id=stored_doc)
        candidates = ((event_id, state.record, state.origins)
                      for event_id in self.finder.candidates(rec) for state in [self._state(event_id)])
        event_id = tellings.first_same_event(rec, origin, candidates)
        self.event_ids[extracted_id] = event_id or extracted_id
        if event_id is None:
            event_id = extracted_id
            self.states[event_id] = _EventState(rec, 1, {origin}, new=True, dirty=True)
            self.finder.add(event_id, rec)
            add_contribution(self.summary_deltas, rec, +1)
            self._note_region(rec)
            self.report.events_new += 1
        else:
            state = self.states[event_id]
            state.mentions += 1
            state.origins.add(origin)
            state.dirty = True
            self.report.events_merged += 1
            retold = tellings.retell(state.record, rec, event_id)
            if retold is not None:
                better, changes = retold
                self.history.append({"event_id": event_id, "changed_at": self.now,
                                     "document_id": stored_doc, "changes": dumps(changes)})
                add_contribution(self.summary_deltas, state.record, -1)
                add_contribution(self.summary_deltas, better, +1)
                self._note_region(better)
                state.record = better
                state.improved = True
                self.report.events_improved += 1
        evidence = rec.get("evidence") or {}
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
            # an event whose document is not in this result: keep it under its stored copy
            stored = stored_by_origin.get(origin) or (self.origin_to_doc.get(origin) if origin else None)
            if stored is None:
                self.report.errors.append(str(InputError(
                    rec.get("source") or "?", f"event {rec['id']} names document {origin!r} "
                    "that its result does not contain; event skipped")))
                continue
            self.add_event(rec, origin, stored)
        for project in result.projects:
            self.report.project_mentions += 1
            stored = stored_by_origin.get(project.document_id) or self.origin_to_doc.get(project.document_id)
            if stored is not None:
                event_id = self.event_ids.get(project.event_id) if project.event_id else None
                self.projects.add(project.to_dict(), stored, project.document_id, event_id)

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
            if not state.dirty:
                continue
            if state.new:
                row = event_row(state.record)
                row.update(id=event_id, mentions=state.mentions, created_at=self.now, updated_at=self.now)
                new_rows.append(row)
                relinked.append((event_id, state.record))
            else:
                row = {"b_id": event_id, "mentions": state.mentions, "updated_at": self.now}
                if state.improved:
                    row.update(event_row(state.record))
                    relinked.append((event_id, state.record))
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
        self.report.projects_new += self.projects.flush()

    def _flush_links(self, relinked: list[tuple[str, dict]]) -> None:
        if not relinked:
            return
        existing = [eid for eid, _ in relinked if not self.states[eid].new]
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
    writer = _BatchWriter(conn, report)
    writer.prefetch([item for item in batch if isinstance(item, Result)])
    for item in batch:
        if isinstance(item, BaseException):
            report.errors.append(str(item))
            continue
        report.inputs += 1
        writer.add_result(item)
    writer.flush()


# What one result's rows can raise when they cannot be written (a figure beyond its column,
# a value the driver refuses): that result is reported and skipped, the others are kept.
_ROW_ERRORS = (DataError, IntegrityError, ArithmeticError, ValueError, TypeError)


def write_isolated(engine: Engine, batch: list[Result | InputError | RadarError], report: IngestReport) -> None:
    """Write one batch in one transaction under the writer lock (`locks.take_write_lock`), so
    concurrent ingests decide "already stored" one after the other. When a row of the batch
    cannot be written, the batch is written again result by result: the result that fails is
    named in ``report.errors`` and skipped, the rest of the batch is kept. Database outages
    (OperationalError, ...) propagate."""
    for attempt in range(_CONFLICT_RETRIES + 1):
        saved = _snapshot(report)
        try:
            _write_locked(engine, batch, report)
            return
        except IntegrityError:
            _restore(report, saved)
            if attempt == _CONFLICT_RETRIES:
                break
        except _ROW_ERRORS:
            _restore(report, saved)
            break
    for item in batch:
        saved = _snapshot(report)
        try:
            _write_locked(engine, [item], report)
        except _ROW_ERRORS as err:
            _restore(report, saved)
            report.errors.append(str(InputError(_result_name(item), "cannot be stored, skipped: "
                                                f"{type(err).__name__}: {quote(getattr(err, 'orig', None) or err)}")))


def _write_locked(engine: Engine, batch: list, report: IngestReport) -> None:
    with engine.begin() as conn:
        take_write_lock(conn)
        write_batch(conn, batch, report)


def _result_name(item: object) -> str:
    docs = getattr(item, "documents", None) or []
    return (docs[0].url or docs[0].source) if docs else str(item)


def _snapshot(report: IngestReport) -> dict[str, Any]:
    return {k: (list(v) if isinstance(v, list) else v) for k, v in report.__dict__.items()}


def _restore(report: IngestReport, saved: dict[str, Any]) -> None:
    report.__dict__.update(saved)
