"""Write a batch's named-project mentions: look up the stored projects they may belong to
(one query for projects, one for their mentions), ask `resolve.projects` which project each
mention tells, and write the projects whose timeline changed (one executemany per table),
in the batch's transaction."""
from __future__ import annotations

import json
from typing import Any, Callable

from sqlalchemy import bindparam, select, update
from sqlalchemy.engine import Connection

from ..resolve import projects as linking
from ..regions.table import is_within
from .rows import bulk_insert, dumps
from .schema import project_mentions, projects

__all__ = ["ProjectBatch", "project_row"]

Lookup = Callable[..., list[tuple]]


def project_row(rec: dict[str, Any]) -> dict[str, Any]:
    """The projects-table columns of a project record (without bookkeeping columns)."""
    region = rec.get("region") or {}
    days = [t["date"] for t in rec.get("timeline") or [] if t.get("date")]
    return {
        "name": rec["name"], "tail": linking.tail_key(rec), "phase": rec.get("phase"),
        "adcode": region.get("adcode"), "region_name": region.get("name"), "stage": rec["stage"],
        "investment_yuan": rec.get("investment_yuan"), "signed_on": rec.get("signed_on"),
        "started_on": rec.get("started_on"), "completed_on": rec.get("completed_on"),
        "started": bool(rec.get("started")), "completed": bool(rec.get("completed")),
        "first_date": min(days)[:10] if days else None, "last_date": max(days)[:10] if days else None,
        "organizations": "\n".join(rec.get("organizations") or []), "mentions": rec.get("mentions") or 0,
        "record": dumps(rec),
    }


class ProjectBatch:
    """The project mentions of one batch, linked and written at `flush`."""

    def __init__(self, conn: Connection, lookup: Lookup, now: str):
        self.conn = conn
        self.lookup = lookup
        self.now = now
        self.table, self.mention_table = projects, project_mentions
        self.stored: set[str] = set()                     # mention ids already stored
        self.members: dict[str, list[dict]] = {}          # candidate projects → their mentions
        self.existing: set[str] = set()                   # ... of which stored
        self.pending: list[tuple[dict, dict]] = []        # (mention record, its row without project_id)

    def prefetch(self, mentions: list[dict]) -> None:
        """Look up the batch's stored mentions and the stored projects its mentions may tell."""
        if not mentions:
            return
        t, mt = self.table, self.mention_table
        self.stored.update(r[0] for r in self.lookup(select(mt.c.id), mt.c.id, sorted({m["id"] for m in mentions})))
        places: dict[str, set[str]] = {}
        for m in mentions:
            code = (m.get("region") or {}).get("adcode")
            if code:
                places.setdefault(linking.tail_key(m), set()).add(code)
        found = self.lookup(select(t.c.tail, t.c.id, t.c.adcode), t.c.tail, sorted(places))
        ids = sorted(pid for tail, pid, code in found
                     if code and any(code == c or is_within(code, c) or is_within(c, code) for c in places[tail]))
        if not ids:
            return
        for pid, record in self.lookup(select(mt.c.project_id, mt.c.record), mt.c.project_id, ids):
            self.members.setdefault(pid, []).append(json.loads(record))
        self.existing.update(self.members)

    def add(self, mention: dict, document_id: str, source_id: str, event_id: str | None) -> None:
        """A mention told by ``source_id`` (stored as ``document_id``) in the stored event ``event_id``."""
        if mention["id"] in self.stored:
            return
        self.stored.add(mention["id"])
        mention = dict(mention, event_id=event_id)
        self.pending.append((mention, {
            "id": mention["id"], "document_id": document_id, "source_id": source_id, "event_id": event_id,
            "stage": mention["stage"], "date": ((mention.get("date") or {}).get("start") or "")[:10] or None,
            "record": dumps(mention), "ingested_at": self.now}))

    def flush(self) -> int:
        """Link and write; returns how many projects are new."""
        if not self.pending:
            return 0
        assigned = linking.link([m for m, _ in self.pending], self.members)
        touched = sorted({assigned[m["id"]] for m, _ in self.pending})
        new_rows, changed = [], []
        for pid in touched:
            row = project_row(linking.project_record(pid, self.members[pid]))
            if pid in self.existing:
                changed.append(dict(row, b_id=pid, updated_at=self.now))
            else:
                new_rows.append(dict(row, id=pid, created_at=self.now, updated_at=self.now))
        bulk_insert(self.conn, self.table, new_rows)
        if changed:
            names = [k for k in changed[0] if k != "b_id"]
            self.conn.execute(update(self.table).where(self.table.c.id == bindparam("b_id"))
                              .values({k: bindparam(k) for k in names}), changed)
        bulk_insert(self.conn, self.mention_table, [dict(row, project_id=assigned[m["id"]])
                                                   for m, row in self.pending])
        return len(new_rows)
