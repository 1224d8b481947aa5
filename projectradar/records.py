"""The plain records every stage passes along: documents, mentions, events.

They are dataclasses with no behaviour beyond serialising to the record of
`shared/spec/events.md` (``to_dict``) and reading it back (``from_dict``).
Every stage takes these and returns these; nothing here touches a file, a
network or a database.
"""
from __future__ import annotations

import bisect
import dataclasses
import hashlib
import json
import datetime
from dataclasses import dataclass, field
from typing import Any, Protocol

__all__ = [
    "spans_starting_in",
    "RawInput",
    "Image",
    "Document",
    "Span",
    "MoneyMention",
    "CountMention",
    "DateMention",
    "PlaceMention",
    "PersonMention",
    "OrgMention",
    "SectorMention",
    "ParagraphMentions",
    "MentionSource",
    "AnnotatedDocument",
    "Region",
    "DateSpan",
    "Person",
    "Evidence",
    "Event",
    "ProjectMention",
    "Result",
    "stable_id",
]

EVENT_TYPES = (
    "signing",
    "groundbreaking",
    "completion",
    "key_projects",
    "investment_trip",
    "meeting",
    "target",
    "award",
)
QUALIFIERS = ("exact", "about", "over", "at_least")
LEVELS = ("national", "provincial", "city", "district")
PRECISIONS = ("day", "month", "quarter", "year")
# The stages a named project goes through, in order (what `ProjectMention.stage` says);
# key_projects (列入重点项目) is a listing, told at any point, ranked lowest.
PROJECT_STAGES = ("key_projects", "signing", "groundbreaking", "under_construction", "completion", "production")


def stable_id(*parts: Any, length: int = 16) -> str:
    """A short hex digest of the parts: the same facts always give the same id."""
    blob = json.dumps(parts, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha1(blob.encode("utf-8")).hexdigest()[:length]


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


# --------------------------------------------------------------------------
# Input as read by `sources`: bytes or text plus whatever the container said.
# --------------------------------------------------------------------------
@dataclass
class RawInput:
    """One unit of input before any parsing: a file, a JSONL line, a WARC record."""

    source: str                      # what `source` says on every event: a file name or URL
    content: bytes | str             # raw bytes (charset unknown) or already-decoded text
    url: str | None = None
    published: str | None = None     # ISO date given by the container (JSONL field, WARC date is NOT this)
    title: str | None = None         # title given by the container (JSONL field)
    hint: str | None = None          # "html" | "text" | "markdown" | None (sniff)
    location: str | None = None      # "file.jsonl:12" for error messages


# --------------------------------------------------------------------------
# Documents, as `pages` splits a page.
# --------------------------------------------------------------------------
@dataclass
class Image:
    file: str | None = None
    caption: str | None = None


@dataclass
class Document:
    """An article or a teaser inside a page. ``text`` is the normalized body
    that event evidence offsets point into."""

    id: str
    source: str
    kind: str = "article"            # "article" | "teaser"
    position: int = 0                # order inside its page
    title: str | None = None
    original_title: str | None = None
    channel: str | None = None
    source_name: str | None = None   # the outlet: 某市日报·某某客户端
    reporters: list[str] = field(default_factory=list)
    photographers: list[str] = field(default_factory=list)
    editor: str | None = None
    images: list[Image] = field(default_factory=list)
    headings: list[str] = field(default_factory=list)
    url: str | None = None
    published: str | None = None     # ISO publication date, only when the page/URL/container gives it
    year: int | None = None          # the year the text establishes (or the publication year)
    month: int | None = None
    text: str = ""                   # normalized body (evidence offsets point here)

    def to_dict(self) -> dict[str, Any]:
        return _plain(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Document":
        data = dict(data)
        data["images"] = [Image(**i) for i in data.get("images") or []]
        known = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})


# --------------------------------------------------------------------------
# Mentions: spans of a document's text with a parsed value.
# Offsets are into the string the finder was given.
# --------------------------------------------------------------------------
@dataclass
class Span:
    start: int
    end: int
    text: str


def spans_starting_in(spans: list, start: int, end: int) -> list:
    """The spans of a list in text order (a finder's output) that start in [start, end), found
    by bisection: a long paragraph's mentions must not all be read again for each point of it."""
    return spans[bisect.bisect_left(spans, start, key=_span_start):bisect.bisect_left(spans, end, key=_span_start)]


def _span_start(span: Span) -> int:
    return span.start


@dataclass
class MoneyMention(Span):
    value: float = 0.0               # in units of `currency` (yuan for CNY)
    currency: str = "CNY"            # ISO code: CNY, USD, EUR, HKD ...
    qualifier: str = "exact"         # exact | about | over | at_least
    role: str | None = None          # what the amount is (mentions/money.py ROLES), from the words before or after it


@dataclass
class CountMention(Span):
    value: int = 0
    qualifier: str = "exact"
    noun: str = "项目"               # what is counted (项目, 个重大项目, 家企业 ...)


@dataclass
class DateMention(Span):
    start_date: str | None = None    # ISO: 2023-01-30 / 2023-01 / 2023
    end_date: str | None = None
    precision: str = "day"           # day | month | quarter | year
    relative: bool = False           # 今天/昨天/日前: resolved against the publication date


@dataclass
class PlaceMention(Span):
    """A place name in text with every division it could denote and, once read in its
    story (mentions/annotate.py), the one it means there."""

    candidates: list["Region"] = field(default_factory=list)
    kind: str = "division"           # division | group (长三角) | foreign | self (我市/全省)
    region: "Region | None" = None   # the division (group, place abroad) meant in its story; None when unsure


@dataclass
class PersonMention(Span):
    name: str = ""
    title: str | None = None


@dataclass
class OrgMention(Span):
    name: str = ""


@dataclass
class SectorMention(Span):
    name: str = ""


# --------------------------------------------------------------------------
# A document with its mentions: what the event stage reads.
# --------------------------------------------------------------------------
@dataclass
class ParagraphMentions:
    """The mentions of one paragraph (a line of ``Document.text``); offsets are
    relative to the paragraph, whose text is ``text`` and which starts at ``start``."""

    start: int
    end: int
    text: str
    money: list[MoneyMention] = field(default_factory=list)
    counts: list[CountMention] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    places: list[PlaceMention] = field(default_factory=list)     # each with .region read in the story
    people: list[PersonMention] = field(default_factory=list)
    organizations: list[OrgMention] = field(default_factory=list)
    sectors: list[SectorMention] = field(default_factory=list)


class MentionSource(Protocol):
    """What finds a document's mentions on demand (mentions/annotate.py builds one)."""

    def paragraph(self, start: int, end: int) -> ParagraphMentions: ...

    def home(self) -> "Region | None": ...

    def title_places(self) -> list[PlaceMention]: ...

    def title_counts(self) -> list[CountMention]: ...


@dataclass
class AnnotatedDocument:
    """A Document with its sentences, paragraphs and mentions, each mention found once.

    Paragraph mentions are found the first time a paragraph is asked for, so a
    stage that reads only a few paragraphs (the event stage reads those its
    trigger scan hits) pays only for those.
    """

    document: Document
    sentences: list[tuple[int, int]]                 # sentence spans of document.text
    paragraphs: list[tuple[int, int]]                # line spans of document.text
    published: datetime.date | None                  # the publication day, dating 今天 and bare days
    year: int | None                                 # the year the text establishes
    source: MentionSource = field(repr=False)
    _paragraphs: dict[int, ParagraphMentions] = field(default_factory=dict, init=False, repr=False)
    _once: dict[str, Any] = field(default_factory=dict, init=False, repr=False)

    @property
    def text(self) -> str:
        return self.document.text

    def paragraph(self, index: int) -> ParagraphMentions:
        """The mentions of paragraph ``index``, found once."""
        found = self._paragraphs.get(index)
        if found is None:
            found = self._paragraphs[index] = self.source.paragraph(*self.paragraphs[index])
        return found

    def _first(self, name: str, read):
        if name not in self._once:
            self._once[name] = read()
        return self._once[name]

    @property
    def home(self) -> "Region | None":
        """The story's main place (what 我市 means), or None."""
        return self._first("home", self.source.home)

    @property
    def title_places(self) -> list[PlaceMention]:
        """The places the title names, each with its region read in the story."""
        return self._first("title_places", self.source.title_places)

    @property
    def title_counts(self) -> list[CountMention]:
        """The counts the title gives (某市12个项目集中开工)."""
        return self._first("title_counts", self.source.title_counts)


# --------------------------------------------------------------------------
# Events, in the record of shared/spec/events.md.
# --------------------------------------------------------------------------
@dataclass
class Region:
    name: str
    adcode: str                      # GB/T 2260, six digits; "000000" for the nation
    level: str                       # country | province | city | district | foreign | group
    path: list[str] = field(default_factory=list)


@dataclass
class DateSpan:
    start: str | None = None
    end: str | None = None
    precision: str | None = None


@dataclass
class Person:
    name: str
    title: str | None = None


@dataclass
class Evidence:
    text: str
    start: int
    end: int


@dataclass
class Event:
    type: str
    source: str = ""
    document_id: str = ""
    id: str = ""
    title: str | None = None
    region: Region | None = None
    date: DateSpan = field(default_factory=DateSpan)
    project_count: int | None = None
    investment_yuan: int | None = None
    annual_investment_yuan: int | None = None
    qualifier: str | None = None
    level: str | None = None
    sectors: list[str] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    organizations: list[dict[str, Any]] = field(default_factory=list)   # {"name": ...}
    destinations: list[dict[str, Any]] = field(default_factory=list)    # {"name", "adcode"}
    metrics: list[dict[str, Any]] = field(default_factory=list)
    cumulative: bool = False
    evidence: Evidence | None = None
    confidence: float = 0.0

    def compute_id(self) -> str:
        """Stable hash of source + type + region + date + figures."""
        return stable_id(
            self.source,
            self.document_id,
            self.type,
            self.region.adcode if self.region else None,
            self.date.start,
            self.date.end,
            self.project_count,
            self.investment_yuan,
            self.annual_investment_yuan,
            self.level,
            self.evidence.start if self.evidence else None,
        )

    def to_dict(self) -> dict[str, Any]:
        if not self.id:
            self.id = self.compute_id()
        out = _plain(self)
        # the record's key order: id first, as in the spec
        order = ["id", "source", "document_id", "type", "title", "region", "date",
                 "project_count", "investment_yuan", "annual_investment_yuan", "qualifier",
                 "level", "sectors", "people", "organizations", "destinations", "metrics",
                 "cumulative", "evidence", "confidence"]
        return {k: out[k] for k in order}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Event":
        d = dict(data)
        region = d.get("region")
        d["region"] = Region(**region) if isinstance(region, dict) else None
        d["date"] = DateSpan(**(d.get("date") or {}))
        d["people"] = [Person(**p) if isinstance(p, dict) else Person(name=str(p))
                       for p in d.get("people") or []]
        ev = d.get("evidence")
        d["evidence"] = Evidence(**ev) if isinstance(ev, dict) else None
        known = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in d.items() if k in known})


# --------------------------------------------------------------------------
# Named projects, as one sentence tells them (the 项目库's input).
# --------------------------------------------------------------------------
@dataclass
class ProjectMention:
    """One named project as one sentence tells it: 鲁新高端铝合金精深加工项目 signed, started,
    completed ... ``name`` is the span as told (offsets ``name_start``/``name_end`` into the
    document text); ``core`` is the name without the places, organizations, capacity (年产…)
    and building words (建设) that frame it and without its phase; ``phase`` is 一期/二期 or None."""

    name: str
    core: str
    stage: str                       # one of PROJECT_STAGES
    source: str = ""
    document_id: str = ""
    id: str = ""
    event_id: str | None = None      # the event it was told in (the signing that listed it)
    phase: str | None = None
    name_start: int = 0
    name_end: int = 0
    region: Region | None = None
    date: DateSpan = field(default_factory=DateSpan)
    organizations: list[str] = field(default_factory=list)
    investment_yuan: int | None = None
    annual_investment_yuan: int | None = None
    capacity: str | None = None      # 年产20万吨
    sectors: list[str] = field(default_factory=list)
    evidence: Evidence | None = None

    def compute_id(self) -> str:
        return stable_id("project", self.source, self.document_id, self.name_start, self.stage)

    def to_dict(self) -> dict[str, Any]:
        if not self.id:
            self.id = self.compute_id()
        return _plain(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "ProjectMention":
        d = dict(data)
        region = d.get("region")
        d["region"] = Region(**region) if isinstance(region, dict) else None
        d["date"] = DateSpan(**(d.get("date") or {}))
        ev = d.get("evidence")
        d["evidence"] = Evidence(**ev) if isinstance(ev, dict) else None
        known = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in d.items() if k in known})


@dataclass
class Result:
    """What `projectradar.extract` returns: the page's documents, their events and the named
    projects they tell."""

    documents: list[Document] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    projects: list[ProjectMention] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "documents": [d.to_dict() for d in self.documents],
            "events": [e.to_dict() for e in self.events],
            "projects": [p.to_dict() for p in self.projects],
        }
