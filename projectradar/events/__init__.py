"""Events: candidate sentences found by one trigger scan, then typed events with evidence.

>>> from projectradar.records import Document
>>> events = extract_events(Document(id="d1", source="demo.txt", year=2023,
...     text="1月10日，甲县举行重点项目集中签约仪式，现场签约12个项目，总投资80亿元。"))
"""
from __future__ import annotations

from ..records import Document, Event
from .assemble import assemble_events

__all__ = ["extract_events"]


def extract_events(doc: Document) -> list[Event]:
    """The events a document reports, in text order.

    Args:
        doc: a Document whose ``text`` is the normalized body (evidence offsets point
            into it); ``published`` and ``year`` date bare days such as 1月30日.

    Returns:
        A list of `Event` records with source = doc.source and document_id = doc.id.

    Example:
        >>> from projectradar.records import Document
        >>> doc = Document(id="a", source="a.txt", year=2023,
        ...                text="1月10日，平原县举行项目集中签约仪式，现场签约12个项目，总投资80亿元。")
        >>> [(e.type, e.project_count, e.investment_yuan) for e in extract_events(doc)]
        [('signing', 12, 8000000000)]
    """
    if not doc.text:
        return []
    events = assemble_events(doc)
    events.sort(key=lambda e: e.evidence.start if e.evidence else 0)
    return events
