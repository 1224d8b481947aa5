"""Umbrellas and their parts: a total that a document also gives city by city is not added twice."""
from __future__ import annotations

from collections import defaultdict
from typing import Any

from ..regions import NATION

__all__ = ["COUNTED_TYPES", "contains", "mark_umbrellas", "counts_in_sums"]

# Types whose figures are projects actually signed, started, finished or listed;
# targets are goals and stay out of the totals.
COUNTED_TYPES = ("signing", "groundbreaking", "completion", "key_projects")

Record = dict[str, Any]


def contains(outer: str, inner: str) -> bool:
    """True when region ``outer`` strictly contains region ``inner`` (by GB/T 2260 code).

        >>> contains("370000", "370102"), contains("370100", "370102"), contains("370102", "370102")
        (True, True, False)
    """
    if len(outer) != 6 or not outer.isdigit() or outer == inner or outer == NATION.adcode:
        return False
    prefix = outer
    while prefix.endswith("00") and len(prefix) > 2:
        prefix = prefix[:-2]
    return len(prefix) < 6 and inner.startswith(prefix)


def mark_umbrellas(recs: list[Record]) -> set[str]:
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
    groups: dict[tuple, list[Record]] = defaultdict(list)
    for rec in recs:
        if rec.get("type") in COUNTED_TYPES and not rec.get("cumulative"):
            month = ((rec.get("date") or {}).get("start") or "")[:7]
            groups[(rec.get("document_id"), rec["type"], month)].append(rec)
    out: set[str] = set()
    for group in groups.values():
        if len(group) < 2:
            continue
        codes = [((r.get("region") or {}).get("adcode") or "", r) for r in group]
        for outer, rec in codes:
            if any(contains(outer, inner) and (part.get("project_count") or part.get("investment_yuan"))
                   for inner, part in codes):
                out.add(rec["id"])
    return out


def counts_in_sums(rec: Record, *, umbrella: bool = False) -> bool:
    """Whether an event's projects and investment go into totals: a counted type, not a
    running total (累计), not an umbrella."""
    return rec["type"] in COUNTED_TYPES and not rec.get("cumulative") and not umbrella
