"""Resolve: what is told twice is kept once. Pure functions over records that the store calls
before it writes: near-duplicate documents (`documents`), one event told by several articles
(`events`), and totals whose parts the same document gives (`umbrellas`).

    >>> from projectradar.resolve import same_event, mark_umbrellas, CopyFinder
"""
from __future__ import annotations

from .documents import (CopyFinder, band_keys, canonical, content_hash, eventful_documents, minhash_signature,
                        needs_near_duplicate_check)
from .events import EventFinder, first_same_event, neighbour_dates, retell, same_event
from .umbrellas import COUNTED_TYPES, counts_in_sums, mark_umbrellas

__all__ = ["CopyFinder", "EventFinder", "COUNTED_TYPES", "band_keys", "canonical", "content_hash",
           "counts_in_sums", "eventful_documents", "first_same_event", "mark_umbrellas", "minhash_signature",
           "needs_near_duplicate_check", "neighbour_dates", "retell", "same_event"]
