"""Full-text search over documents and events (every character a token; see `fts`)."""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from . import fts
from .conditions import like_pattern
from .filters import EventFilter
from .queries import list_events
from .schema import documents

__all__ = ["search"]


def _snippet(body: str, q: str, width: int = 40) -> str:
    body = body or ""
    needles = [p for p in q.split() if p] or [q]
    at = -1
    for needle in needles:
        at = body.find(needle)
        if at >= 0:
            break
    if at < 0:
        return body[: 2 * width]
    start = max(0, at - width)
    end = min(len(body), at + width)
    return ("…" if start else "") + body[start:end] + ("…" if end < len(body) else "")


def search(conn: Connection, q: str, *, limit: int = 20, offset: int = 0) -> dict:
    """Full-text search: {"documents": [{id, kind, title, published, page, snippet}],
    "events": [event records], "total_documents": n}. Two-character words (签约, 合肥) are found."""
    q = (q or "").strip()
    if not q:
        return {"documents": [], "events": [], "total_documents": 0}
    matched = fts.matching_documents(q, conn.dialect.name)
    cond = documents.c.text.like(like_pattern(q), escape="\\") if matched is None else documents.c.id.in_(matched)
    total = conn.execute(select(func.count()).select_from(documents).where(cond)).scalar() or 0
    rows = conn.execute(
        select(documents.c.id, documents.c.kind, documents.c.title, documents.c.published, documents.c.page,
               documents.c.text).where(cond)
        .order_by(documents.c.published.desc(), documents.c.id).limit(limit).offset(offset)
    ).all()
    docs = [{"id": r.id, "kind": r.kind, "title": r.title, "published": r.published, "page": r.page,
             "snippet": _snippet(r.text or r.title or "", q)} for r in rows]
    return {"documents": docs, "events": list_events(conn, EventFilter(q=q), limit=limit),
            "total_documents": int(total)}
