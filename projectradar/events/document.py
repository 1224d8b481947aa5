"""The document as the event stage reads it: paragraphs parsed on demand, drafts of events."""
from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field

from ..records import CountMention, DateSpan, Document, Region
from . import bridge
from .triggers import candidate_sentences


_ORG_HINT = re.compile(r"公司|集团|银行|研究院|研究所|大学|学院|医院|协会|商会")

_NOT_A_PLACE_AFTER = re.compile(r"号|路|街|大道|舰|大街|胡同")

HAPPENINGS = ("signing", "groundbreaking", "completion", "meeting", "investment_trip", "award")

YEARLY = ("key_projects", "target")

NATION = Region("中国", "000000", "country", ["中国"])

SELF = re.compile(r"(全|我|本|该|此)(省|市|区|县|州|旗)|(全国|我国)")

@dataclass
class Paragraph:
    """A paragraph with its mentions (offsets relative to the paragraph) parsed once."""

    start: int
    end: int
    text: str
    money: list = field(default_factory=list)
    counts: list = field(default_factory=list)
    dates: list = field(default_factory=list)
    places: list = field(default_factory=list)      # (start, end, text, Region | None, kind)
    people: list = field(default_factory=list)
    orgs: list = field(default_factory=list)
    sectors: list = field(default_factory=list)

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
    subject_in_clause: bool = False                  # the region is named in the trigger's clause
    context: bool = True                             # the sentence names projects or investment

    def __post_init__(self):
        self.last = max(self.last, self.sentence)

    def has_figures(self) -> bool:
        """True when the draft has a count or an amount."""
        return self.count is not None or self.money is not None or self.annual is not None

class DocView:
    """Per-document state: text, spans, lazily parsed paragraphs, the region context."""

    def __init__(self, doc: Document):
        self.doc = doc
        self.text = doc.text
        self.spans, self.hot = candidate_sentences(self.text)
        self.base = _parse_day(doc.published)
        self.year = doc.year or (self.base.year if self.base else None)
        self._ctx = None
        self.paragraph_spans = _paragraphs(self.text)
        self.para_of = [_index_of(self.paragraph_spans, s) for s, _ in self.spans]
        self._parsed: dict[int, Paragraph] = {}

    @property
    def ctx(self):
        """The region context, built only for a document that has candidates."""
        if self._ctx is None:
            self._ctx = bridge.region_context(self.doc)
        return self._ctx

    @property
    def home(self) -> Region | None:
        """The story's main place (what 我市 means), or None."""
        return _safe(self.ctx.home)

    def paragraph(self, index: int) -> Paragraph:
        """The paragraph at `index` with its mentions, parsed once."""
        if index not in self._parsed:
            self._parsed[index] = self._parse(index)
        return self._parsed[index]

    def _parse(self, index: int) -> Paragraph:
        """Parse a paragraph's mentions: money, counts, dates, people, organizations, places."""
        start, end = self.paragraph_spans[index]
        text = self.text[start:end]
        para = Paragraph(start, end, text)
        para.money = bridge.find_money(text)
        para.counts = _with_bare_counts(text, bridge.find_counts(text))
        para.dates = bridge.find_dates(text, base=self.base, year=self.year)
        para.people = bridge.find_people(text)
        para.orgs = bridge.find_organizations(text) if _ORG_HINT.search(text) else []
        para.sectors = bridge.find_sectors(text)
        org_spans = [(o.start, o.end) for o in para.orgs]
        places = []
        for place in bridge.find_places(text):
            if _NOT_A_PLACE_AFTER.match(text, place.end):
                continue    # “福建号”, 北京路: a ship or a street named after a place
            if any(s <= place.start and place.end <= e and (s, e) != (place.start, place.end)
                   for s, e in org_spans):
                continue   # 山东 inside 山东铁路投资控股集团有限公司 is no place of the story
            region = None
            if place.kind in ("division", "self", "national", "foreign", "group"):
                region = bridge.resolve_place(self.ctx, place, start + place.start)
            # 全国 / 我国 are the nation as a self-reference, whichever kind the finder gives
            kind = "self" if place.kind == "national" or (region is not None and region.adcode == "000000") \
                else place.kind
            places.append((place.start, place.end, place.text, region, kind))
        for m in SELF.finditer(text):
            if any(s <= m.start() < e for s, e, *_ in places):
                continue
            places.append((m.start(), m.end(), m.group(0), None, "self"))
        places.sort(key=lambda p: p[0])
        para.places = places
        return para

_BARE_COUNT = re.compile(
    r"(?:签约|开工|竣工|投产|开竣工|落地|入库|列入|安排|新开工|签下)(?:了)?(?:项目)?"
    r"(?:共|共计|合计|达|达到|超|超过|近|逾)?(\d+|[一二两三四五六七八九十百千]+)(多|余)?(个|项)(?![月日年次])"
    r"|项目[，,]?(?:共计|共有|合计|总计|共|数量为|数量达)(\d+)(多|余)?(个|项)")

_UNIT_COUNT = re.compile(r"(\d+|[一二两三四五六七八九十]+)(条|座|个)(?=[^，,。；;]{0,8}?(高速公路|公路|铁路|高铁|电站|机场|港口|大桥|隧道|水库|线路|管道|码头))")

# 列入市级重点项目的有48个, 项目中有12个: the count follows 的有 / 共有 after the projects
_HAVE_COUNT = re.compile(r"项目的?(?:共有|有|达)(\d+|[一二两三四五六七八九十百]+)(多|余)?(个|项)(?![月日年次])")

# …的项目涵盖…等领域，共28个，: a clause of its own that sums the projects named before it
_SUM_COUNT = re.compile(r"(?:^|(?<=[，,：:]))(?:共|共计|共有|合计|总计|一共)(\d+|[一二两三四五六七八九十百]+)(多|余)?(个|项)(?=[，,。；;]|$)")

_FAR_COUNT = re.compile(r"(?:^|(?<=[，,。；;：:\s]))(\d+)(多|余)?个(?=[^，,。；;、\d]{2,20}?项目)")

def _with_bare_counts(text: str, counts: list) -> list:
    """The count finder's mentions plus bare counts right after an event word (签约62个)
    and clause-leading counts whose noun comes later (21个重点产业链代表性项目)."""
    out = list(counts)
    for m in list(_BARE_COUNT.finditer(text)) + list(_FAR_COUNT.finditer(text)) + list(_UNIT_COUNT.finditer(text)) \
            + list(_HAVE_COUNT.finditer(text)) \
            + [m for m in _SUM_COUNT.finditer(text) if "项目" in re.split(r"[。；;！？]", text[:m.start()])[-1]]:
        number = m.group(1) or (m.group(4) if m.re is _BARE_COUNT else None)
        more = None if m.re is _UNIT_COUNT else (m.group(2) or (m.group(5) if m.re is _BARE_COUNT else None))
        if number is None:
            continue
        start = m.start(1) if m.group(1) else m.start(4)
        if any(c.start <= start < c.end for c in counts):
            continue
        value = bridge.chinese_number(number)
        if value:
            # works counted by their own noun (4座水库, 10条高速公路) keep it: they are projects
            # only where the trigger applies to them (figures.attach_figures decides)
            noun = m.group(2) + m.group(3) if m.re is _UNIT_COUNT else "个项目"
            out.append(CountMention(start, m.end(), text[start:m.end()], value=value,
                                    qualifier="over" if more else "exact", noun=noun))
    return sorted(out, key=lambda c: c.start)

def _safe(fn, *args):
    """fn(*args), or None when the resolver cannot decide (it must not stop the page)."""
    try:
        return fn(*args)
    except Exception:  # a resolver that cannot decide leaves the region open
        return None

def _parse_day(value: str | None) -> _dt.date | None:
    """An ISO date string as a date, or None."""
    if not value:
        return None
    try:
        return _dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None

def _paragraphs(text: str) -> list[tuple[int, int]]:
    """Line spans of the text (paragraphs are lines in normalized text)."""
    spans, start = [], 0
    for m in re.finditer(r"\n", text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return spans

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
