"""Events: candidate sentences → typed events with evidence (placeholder until written)."""
from __future__ import annotations

from ..records import Document, Event


def extract_events(doc: Document) -> list[Event]:
    return []
