"""Events: candidate sentences found by one trigger scan, then typed events with evidence.

The stage reads a document's mentions from its `AnnotatedDocument`
(`projectradar.mentions.annotate`); it finds none itself.
"""
from __future__ import annotations

from ..records import AnnotatedDocument, Event
from .assemble import assemble_events

__all__ = ["extract_events"]


def extract_events(annotated: AnnotatedDocument) -> list[Event]:
    """The events a document reports, in text order.

    Args:
        annotated: the document with its mentions (``annotate(doc)``); ``doc.text`` is
            the normalized body (evidence offsets point into it), ``published`` and
            ``year`` date bare days such as 1月30日.

    Returns:
        A list of `Event` records with source = doc.source and document_id = doc.id.

    Example:
        >>> from projectradar.mentions.annotate import annotate
        >>> from projectradar.records import Document
        >>> from projectradar.text import normalize
        >>> doc = Document(id="a", source="a.txt", year=2023,
        ...                text=normalize("1月10日，平原县举行项目集中签约仪式，现场签约12个项目，总投资80亿元。"))
        >>> [(e.type, e.project_count, e.investment_yuan) for e in extract_events(annotate(doc))]
        [('signing', 12, 8000000000)]
    """
    if not annotated.text:
        return []
    events = assemble_events(annotated)
    events.sort(key=lambda e: e.evidence.start if e.evidence else 0)
    return events
