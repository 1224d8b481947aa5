"""A document's mentions, each found once, in the record the event stage reads.

`annotate(doc)` costs a sentence split and nothing more: a paragraph's money,
counts, dates, people, organizations, sectors and places are found the first
time the paragraph is asked for (the event stage asks only for the paragraphs
its trigger scan hits), and the story's region context is built the first time
a place has to be read in it. Places and organizations are found once over the
whole text (the region context needs them there too) and handed to each
paragraph; every place carries the region it means in its story.
"""
from __future__ import annotations

import bisect
import datetime as _dt
import re

from projectradar.records import (AnnotatedDocument, CountMention, Document, OrgMention, ParagraphMentions,
                                  PlaceMention, Region)
from projectradar.regions.context import RegionContext
from projectradar.regions.finder import find_places
from projectradar.regions.lexicon import names_something_else
from projectradar.regions.table import NATION, self_reference_finder
from projectradar.text import sentences
from .counts import find_counts
from .dates import find_dates
from .money import find_money
from .orgs import find_organizations
from .people import find_people
from .sectors import find_sectors

__all__ = ["annotate"]


def annotate(doc: Document) -> AnnotatedDocument:
    """The document with its sentence and paragraph spans; its mentions are found on demand.

    >>> from projectradar.records import Document
    >>> annotated = annotate(Document(id="d", source="a.txt", published="2024-03-02",
    ...                               text="天气晴。\\n3月1日，甲县签约10个项目，总投资20亿元。"))
    >>> [(m.value, m.role) for m in annotated.paragraph(1).money]
    [(2000000000.0, 'total')]
    """
    text = doc.text or ""
    published = _day(doc.published)
    year = doc.year or (published.year if published else None)
    return AnnotatedDocument(document=doc, sentences=sentences(text), paragraphs=_lines(text),
                             published=published, year=year, source=_Finder(doc, published, year))


class _Finder:
    """Finds the mentions of one document (the `MentionSource` of its AnnotatedDocument)."""

    def __init__(self, doc: Document, published: _dt.date | None, year: int | None):
        self.doc = doc
        self.text = doc.text or ""
        self.published = published
        self.year = year
        self._ctx: RegionContext | None = None
        self._organizations: list[OrgMention] | None = None
        self._place_starts: list[int] | None = None

    @property
    def organizations(self) -> list[OrgMention]:
        if self._organizations is None:
            self._organizations = find_organizations(self.text)
        return self._organizations

    @property
    def ctx(self) -> RegionContext:
        """The story's region context, built the first time a place is read."""
        if self._ctx is None:
            self._ctx = RegionContext.from_document(self.doc, organizations=self.organizations)
        return self._ctx

    def home(self) -> Region | None:
        return self.ctx.home()

    def title_places(self) -> list[PlaceMention]:
        title = self.doc.title or ""
        if not title:
            return []
        out = []
        for place in find_places(title):
            region = self.ctx.place_region(place, near=0) if place.kind == "division" else None
            out.append(PlaceMention(place.start, place.end, place.text, place.candidates, place.kind, region))
        return out

    def title_counts(self) -> list[CountMention]:
        return find_counts(self.doc.title or "")

    def paragraph(self, start: int, end: int) -> ParagraphMentions:
        text = self.text[start:end]
        para = ParagraphMentions(start, end, text)
        para.money = find_money(text)
        para.counts = find_counts(text)
        para.dates = find_dates(text, base=self.published, year=self.year)
        para.people = find_people(text)
        para.organizations = _within(self.organizations, start, end)
        para.sectors = find_sectors(text)
        para.places = self._places(start, text, para.organizations)
        return para

    def _places(self, start: int, text: str, organizations: list[OrgMention]) -> list[PlaceMention]:
        """The paragraph's places (offsets in the paragraph), each with the region it means:
        not a ship's or street's name (福建号, 北京路), not inside an organization's name, and
        the self-references (全市, 该县) the finder leaves to the story."""
        ctx = self.ctx
        found = ctx.places
        if self._place_starts is None:
            self._place_starts = [p.start for p in found]
        lo = bisect.bisect_left(self._place_starts, start)
        hi = bisect.bisect_left(self._place_starts, start + len(text))
        org_spans = [(o.start, o.end) for o in organizations]
        places: list[PlaceMention] = []
        for whole in found[lo:hi]:
            p0, p1 = whole.start - start, whole.end - start
            if names_something_else(text, p1):
                continue    # “福建号”, 北京路: a ship or a street named after a place
            if any(s <= p0 and p1 <= e and (s, e) != (p0, p1) for s, e in org_spans):
                continue    # 四川 inside 四川某某投资控股集团有限公司 is no place of the story
            place = PlaceMention(p0, p1, whole.text, whole.candidates, whole.kind)
            place.region = ctx.place_region(place, near=start + p0)
            # 全国 / 我国 are the nation as a self-reference
            if place.region is not None and place.region.adcode == NATION.adcode:
                place.kind = "self"
            places.append(place)
        for m in self_reference_finder().finditer(text):
            if any(p.start <= m.start() < p.end for p in places):
                continue
            places.append(PlaceMention(m.start(), m.end(), m.group(0), [], "self"))
        places.sort(key=lambda p: p.start)
        return places


def _within(organizations: list[OrgMention], start: int, end: int) -> list[OrgMention]:
    """The organizations inside [start, end), with offsets from `start`."""
    return [OrgMention(o.start - start, o.end - start, o.text, name=o.name)
            for o in organizations if start <= o.start < end]


def _day(value: str | None) -> _dt.date | None:
    """An ISO date string as a date, or None."""
    if not value:
        return None
    try:
        return _dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _lines(text: str) -> list[tuple[int, int]]:
    """Line spans of the text (paragraphs are lines in normalized text)."""
    spans, start = [], 0
    for m in re.finditer(r"\n", text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return spans
