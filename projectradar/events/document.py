"""The document as the event stage reads it (its mentions found once, by mentions/annotate.py), and drafts of events."""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import NamedTuple

from ..records import AnnotatedDocument, DateSpan, ParagraphMentions, Region
from .classify import filter_hits
from .rules import cue
from .triggers import Hit, candidate_sentences, find_hits

HAPPENINGS = ("signing", "groundbreaking", "completion", "meeting", "investment_trip", "award")

YEARLY = ("key_projects", "target")


@dataclass
class Draft:
    """An event being built: everything the Event will hold plus where it came from."""

    type: str
    types: tuple[str, ...]
    sentence: int
    paragraph: int
    start: int                                       # evidence span, document offsets
    end: int
    weight: float
    region: Region | None = None
    region_explicit: bool = False
    date: DateSpan | None = None
    date_explicit: bool = False
    count: int | None = None
    money: float | None = None
    money_qualifier: str | None = None
    annual: float | None = None
    metrics: list = field(default_factory=list)
    people: list = field(default_factory=list)
    orgs: list = field(default_factory=list)
    destinations: list = field(default_factory=list)
    sectors: list = field(default_factory=list)
    level: str | None = None
    title: str | None = None
    cumulative: bool = False
    plan: bool = False
    umbrella: bool = False
    breakdown: bool = False
    heading: bool = False                            # read from a headline line (restated below)
    single: bool = False                             # one named project (its count is 1 unless told)
    last: int = -1                                   # the last sentence merged into it
    mention_only: bool = False                       # 出席开工仪式: adds to an event, starts none
    part: bool = False                               # splits the event just told again (settle.part_of)
    subject_in_clause: bool = False                  # the region is named in the trigger's clause
    context: bool = True                             # the sentence names projects or investment
    holder_level: str | None = None                  # a meeting held by an organ (省委、省政府举行): its level

    def __post_init__(self):
        self.last = max(self.last, self.sentence)

    def has_figures(self) -> bool:
        """True when the draft has a count or an amount."""
        return self.count is not None or self.money is not None or self.annual is not None


class UnitDraft(NamedTuple):
    """An event unit of the sentence being read: its draft, the surest trigger word that
    stands for it (offsets into the sentence) and the index of that word's clause."""
    draft: Draft
    hit: Hit
    clause_index: int


class DocView:
    """Per-document state of the assembly: the annotated document, its sentence spans and
    the candidate sentences of the one trigger scan."""

    def __init__(self, annotated: AnnotatedDocument):
        self.annotated = annotated
        self.doc = annotated.document
        self.text = annotated.text
        self.spans, self.hot = candidate_sentences(self.text, annotated.sentences)
        self.base = annotated.published
        self.mirrored: set[str] = set()  # days told as done after `base`, moved to their year: the page is a later mirror's
        self.year = annotated.year
        self.paragraph_spans = annotated.paragraphs
        self.para_of = [_index_of(self.paragraph_spans, s) for s, _ in self.spans]

    @functools.cached_property
    def title_hits(self) -> list:
        """The triggers of the title that no cue vetoes, read once."""
        title = self.doc.title or ""
        return filter_hits(title, find_hits(title)) if title else []

    @functools.cached_property
    def title_year(self) -> int | None:
        """The one year the title names (甲区2022年项目总结), or None."""
        named = {int(m.group(1)) for m in cue("title_year").finditer(self.doc.title or "")}
        return named.pop() if len(named) == 1 else None

    @property
    def home(self) -> Region | None:
        """The story's main place (what 我市 means), or None."""
        return self.annotated.home

    @functools.cached_property
    def items(self) -> list[int]:
        """The paragraphs that head the items of a bulletin (国内联播快讯: a short headline line, then
        its story), when the document has three or more; else none. Numbered section heads
        (一、…总体情况) divide one report: they head no items."""
        heads = []
        spans = self.paragraph_spans
        for i in range(len(spans) - 1):
            line = self.text[spans[i][0]:spans[i][1]].strip()
            body = self.text[spans[i + 1][0]:spans[i + 1][1]].strip()
            if 4 <= len(line) <= 36 and not _HEADLINE_STOPS.search(line) and not line.endswith((":", "：")) \
                    and len(body) > len(line) and _SENTENCE_END.search(body) \
                    and not cue("section_number").match(line):
                heads.append(i)
        return heads if len(heads) >= 3 else []

    def item_of(self, index: int) -> int:
        """The headline paragraph of the bulletin item paragraph `index` belongs to; -1 before the
        first item or in a document that is no bulletin."""
        return max((h for h in self.items if h <= index), default=-1)

    def home_at(self, index: int) -> Region | None:
        """The main place of the story paragraph `index` belongs to: in a bulletin, its item's
        most named division (None when the item names none: no region bleeds from the item
        before); elsewhere the document's."""
        start = self.item_of(index)
        if start < 0:
            return self.home
        end = next((h for h in self.items if h > start), len(self.paragraph_spans))
        counts: dict[str, int] = {}
        named: dict[str, Region] = {}
        for i in range(start, end):
            for place in self.paragraph(i).places:
                region = place.region
                if place.kind == "division" and region is not None and region.level in ("province", "city", "district"):
                    counts[region.adcode] = counts.get(region.adcode, 0) + 1
                    named.setdefault(region.adcode, region)
        if not counts:
            return None
        best = max(counts.values())
        return next(r for code, r in named.items() if counts[code] == best)

    def paragraph(self, index: int) -> ParagraphMentions:
        """The paragraph at `index` with its mentions, found once."""
        return self.annotated.paragraph(index)


_HEADLINE_STOPS = re.compile(r"[。！？；;!?，,]")
_SENTENCE_END = re.compile(r"[。！？!?]")


def _index_of(spans: list[tuple[int, int]], pos: int) -> int:
    """Index of the span that starts at or before `pos` (binary search)."""
    lo, hi = 0, len(spans) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if spans[mid][0] <= pos:
            lo = mid
        else:
            hi = mid - 1
    return lo


@dataclass
class AssemblyState:
    """What the assembly carries from sentence to sentence."""
    recent: list = field(default_factory=list)       # regions named so far, in order
    drafts: list = field(default_factory=list)
    last_date: dict = field(default_factory=dict)    # paragraph → last precise DateSpan


def compatible(a: Draft, b: Draft) -> bool:
    """True when two drafts can be one event: no figure, level or running-total flag differs."""
    if a.count is not None and b.count is not None and a.count != b.count:
        return False
    if a.money is not None and b.money is not None and abs(a.money - b.money) > 0.005 * a.money:
        return False
    if a.annual is not None and b.annual is not None and abs(a.annual - b.annual) > 0.005 * a.annual:
        return False
    if a.level and b.level and a.level != b.level:
        return False
    return a.cumulative == b.cumulative


def absorb(into: Draft, other: Draft) -> None:
    """Merge `other` into `into`: fill missing figures, add people and places, widen evidence."""
    into.count = into.count if into.count is not None else other.count
    if into.money is None:
        into.money, into.money_qualifier = other.money, other.money_qualifier
    into.annual = into.annual if into.annual is not None else other.annual
    into.level = into.level or other.level
    into.title = into.title or other.title
    into.single = into.single or other.single
    into.last = max(into.last, other.last)
    into.context = into.context or other.context
    into.metrics += [m for m in other.metrics if m not in into.metrics]
    into.people += [p for p in other.people if all(p.name != q.name for q in into.people)]
    into.orgs += [o for o in other.orgs if o not in into.orgs]
    names = {x["name"] for x in into.destinations}
    into.destinations += [x for x in other.destinations if x["name"] not in names]
    into.sectors += [s for s in other.sectors if s not in into.sectors]
    into.start, into.end = min(into.start, other.start), max(into.end, other.end)
    into.weight = max(into.weight, other.weight)
    if not into.date_explicit and other.date_explicit:
        into.date, into.date_explicit = other.date, True
