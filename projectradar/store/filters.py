"""EventFilter: the one set of event filters every face (CLI, API, web) passes to the store."""
from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

__all__ = ["EventFilter", "ProjectFilter"]


@dataclass
class EventFilter:
    """Which events to return. Every field is optional; set fields are ANDed.

    region: a place name (合肥, 蜀山区); resolved to an adcode, children included.
    adcode: a code or a code prefix ("3401" or "340100" = 合肥 and its districts).
    type: one event type or a list of them ("signing", ["signing", "groundbreaking"]).
    since / until: ISO dates (or "2023", "2023-02") bounding ``date.start``, inclusive.
    min_investment: yuan (the CLI parses "10亿" into 1000000000).
    sector: a sector name as in the record's ``sectors``, or several ("新能源,生物医药": any of them).
    org: part of the name of an organization the event names (a company, a rival: 星禾光电).
    q: text that must occur in a document that told the event, or its title/evidence.
    source: a source (file name or URL) that told the event.

        >>> EventFilter(region="合肥", type="signing", since="2023-01-01")
    """

    region: str | None = None
    adcode: str | None = None
    type: str | list[str] | None = None
    since: str | None = None
    until: str | None = None
    min_investment: int | None = None
    sector: str | list[str] | None = None
    org: str | None = None
    q: str | None = None
    source: str | None = None

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> "EventFilter":
        """Build from a mapping (query parameters); unknown keys and empty values are ignored."""
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in (data or {}).items() if k in known and v not in (None, "", [])})

    def to_dict(self) -> dict[str, Any]:
        """The set fields, as `from_dict` reads them back (what a watch keeps).

            >>> EventFilter(region="合肥", type="signing").to_dict()
            {'region': '合肥', 'type': 'signing'}
        """
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name) not in (None, "", [])}

    def is_empty(self) -> bool:
        return all(getattr(self, f.name) in (None, "", []) for f in fields(self))


@dataclass
class ProjectFilter:
    """Which projects of the 项目库 to return. Every field is optional; set fields are ANDed.

    region / adcode: as in EventFilter (a place and its children).
    stage: the project's latest stage, or several ("groundbreaking,completion").
    org: part of the name of an organization the project names (as written: case counts).
    min_investment: yuan.
    since / until: ISO dates (or "2025", "2025-03"): a stage of its timeline falls in them.
    q: text in its name or in an article that told it (full-text search, as for events).

        >>> ProjectFilter(region="兰山区", stage="signing").to_dict()
        {'region': '兰山区', 'stage': 'signing'}
    """

    region: str | None = None
    adcode: str | None = None
    stage: str | list[str] | None = None
    org: str | None = None
    min_investment: int | None = None
    since: str | None = None
    until: str | None = None
    q: str | None = None

    from_dict = classmethod(EventFilter.from_dict.__func__)
    to_dict = EventFilter.to_dict
