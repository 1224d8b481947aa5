"""One event told by many articles: which stored event a new telling is, and which telling to keep."""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

__all__ = ["FIGURES", "neighbour_dates", "match_key", "same_event", "first_same_event", "completeness",
           "is_better", "improved", "retell", "EventFinder"]

FIGURES = ("project_count", "investment_yuan", "annual_investment_yuan")
# Figures within this share of each other are the same figure told twice (rounded, 约).
FIGURE_TOLERANCE = 0.01
# Fields a retelling may change that are not facts of the event (kept out of its history).
_NOT_FACTS = ("id", "evidence", "document_id", "source")
_PRECISION_RANK = {"day": 4, "month": 3, "quarter": 2, "year": 1}

Record = dict[str, Any]
MatchKey = tuple[str, str, str]


def _parse_day(value: str | None) -> dt.date | None:
    if not value or len(value) != 10:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def neighbour_dates(start: str | None) -> list[str]:
    """The date starts an event may have to be the same event: the day itself ±1 (or the
    same month/year string for coarser dates).

        >>> neighbour_dates("2024-03-01"), neighbour_dates("2024-03")
        (['2024-02-29', '2024-03-01', '2024-03-02'], ['2024-03'])
    """
    day = _parse_day(start)
    if day is None:
        return [start] if start else []
    return [(day + dt.timedelta(days=d)).isoformat() for d in (-1, 0, 1)]


def match_key(rec: Record) -> MatchKey | None:
    """(type, region code, date start): where an event is looked for; None without region or date."""
    region = (rec.get("region") or {}).get("adcode")
    start = (rec.get("date") or {}).get("start")
    if not region or not start:
        return None
    return rec["type"], region, start


def _close(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return True
    if a == b:
        return True
    big = max(abs(a), abs(b))
    return big > 0 and abs(a - b) / big <= FIGURE_TOLERANCE


def same_event(a: Record, b: Record) -> bool:
    """Two event records tell the same event: same type and region, dates within a day,
    every figure both give within 1 %, the same cumulative flag. Events with no region or
    no date are never merged (too easy to merge two different things).

        >>> told = {"type": "signing", "region": {"adcode": "370102"}, "date": {"start": "2023-02-03"},
        ...         "project_count": 18}
        >>> same_event(told, dict(told, date={"start": "2023-02-04"}, investment_yuan=12650000000))
        True
        >>> same_event(told, dict(told, project_count=30))
        False
    """
    if a["type"] != b["type"] or bool(a.get("cumulative")) != bool(b.get("cumulative")):
        return False
    ra, rb = (a.get("region") or {}).get("adcode"), (b.get("region") or {}).get("adcode")
    if not ra or ra != rb:
        return False
    da, db = (a.get("date") or {}).get("start"), (b.get("date") or {}).get("start")
    if not da or not db or db not in neighbour_dates(da):
        return False
    if a.get("level") and b.get("level") and a["level"] != b["level"]:
        return False
    return all(_close(a.get(f), b.get(f)) for f in FIGURES)


def first_same_event(rec: Record, origin: str, candidates: Iterable[tuple[str, Record, set[str]]]) -> str | None:
    """The id of the first candidate that tells the same event as ``rec``, or None.

    ``candidates`` are (event id, record, ids of the documents that told it); read lazily
    and no further than the match. A candidate already told by ``origin`` is skipped: one
    document telling two similar things (two rounds of signings) tells two events.
    """
    for event_id, record, origins in candidates:
        if origin in origins:
            continue
        if same_event(record, rec):
            return event_id
    return None


def completeness(record: Record) -> int:
    """How many facts a record gives: figures, a precise date, sectors, people, organizations."""
    score = sum(1 for f in FIGURES if record.get(f) is not None)
    score += 1 if record.get("qualifier") else 0
    score += _PRECISION_RANK.get((record.get("date") or {}).get("precision") or "", 0) // 4
    score += sum(1 for f in ("sectors", "people", "organizations", "destinations") if record.get(f))
    return score


def _figures(record: Record) -> int:
    return sum(1 for f in FIGURES if record.get(f) is not None)


def is_better(new: Record, old: Record) -> bool:
    """A later telling improves the event: more figures, else more facts, else higher confidence."""
    for measure in (_figures, completeness):
        a, b = measure(new), measure(old)
        if a != b:
            return a > b
    return float(new.get("confidence") or 0) > float(old.get("confidence") or 0) + 1e-9


def improved(new: Record, old: Record) -> Record:
    """The better telling, with what it leaves out (None, empty lists) kept from the old one."""
    out = dict(new)
    for key, value in old.items():
        if out.get(key) in (None, [], "") and value not in (None, [], ""):
            out[key] = value
    return out


def retell(kept: Record, told: Record, event_id: str) -> tuple[Record, dict[str, list]] | None:
    """What a new telling does to the event ``event_id`` (whose record is ``kept``): when it
    tells it better, (the improved record under the event's id, the changed facts
    {field: [before, after]}); None when it adds nothing.

        >>> kept = {"id": "e1", "type": "signing", "project_count": 18, "investment_yuan": None}
        >>> retell(kept, {"id": "x", "type": "signing", "project_count": 18, "investment_yuan": 5}, "e1")
        ({'id': 'e1', 'type': 'signing', 'project_count': 18, 'investment_yuan': 5}, {'investment_yuan': [None, 5]})
    """
    if not is_better(told, kept):
        return None
    new = improved(told, kept)
    new["id"] = event_id
    changes = {k: [kept.get(k), new.get(k)] for k in new
               if k not in _NOT_FACTS and not k.startswith("_") and kept.get(k) != new.get(k)}
    return new, changes


class EventFinder:
    """Where to look for the stored event a new telling may be: events by match key, those
    the database holds near a batch's events (``know_stored``) and those the batch adds
    (``add``).

        >>> finder = EventFinder()
        >>> finder.add("e1", {"type": "signing", "region": {"adcode": "370102"}, "date": {"start": "2023-02-03"}})
        >>> finder.candidates({"type": "signing", "region": {"adcode": "370102"}, "date": {"start": "2023-02-04"}})
        ['e1']
    """

    def __init__(self) -> None:
        self._stored: dict[MatchKey, list[str]] = defaultdict(list)
        self._added: dict[MatchKey, list[str]] = defaultdict(list)

    def know_stored(self, key: MatchKey, event_id: str) -> None:
        """A stored event under ``key`` (give them in id order)."""
        self._stored[key].append(event_id)

    def add(self, event_id: str, rec: Record) -> None:
        """A new event, found by the tellings that come after it."""
        key = match_key(rec)
        if key is not None:        # an event without region or date is never merged
            self._added[key].append(event_id)

    def candidates(self, rec: Record) -> list[str]:
        """Ids of the events that may be the same as ``rec``: stored ones first (by id), then
        those of this run in the order they came; none without region or date."""
        key = match_key(rec)
        if key is None:
            return []
        etype, region, start = key
        stored: list[str] = []
        added: list[str] = []
        for day in neighbour_dates(start):
            stored.extend(self._stored.get((etype, region, day), ()))
            added.extend(self._added.get((etype, region, day), ()))
        return list(dict.fromkeys(sorted(stored) + added))
