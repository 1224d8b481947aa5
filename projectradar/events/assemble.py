"""Build Event records from the trigger hits of a document: type, region, date, figures, people."""
from __future__ import annotations

import datetime as _dt
import logging
import re
from dataclasses import dataclass, field

from ..errors import RadarError
from ..records import CountMention, DateSpan, Document, Event, Evidence, Person, Region
from . import bridge
from .classify import MUNICIPALITIES, clauses, has_cue, is_related, level_cue
from .figures import is_project_count, money_role, usable_money
from .triggers import Hit, candidate_sentences, find_hits

__all__ = ["assemble_events"]

_log = logging.getLogger(__name__)
_SAME_DAY = re.compile(r"(同日|同一天|当天|当日|同天)")
_QUOTED = re.compile(r"“[^”]*”")
_NOT_A_PLACE_AFTER = re.compile(r"号|路|街|大道|舰|大街|胡同")
_WORKS = re.compile(r"项目|工程|园|基地|厂|电站|生产线|枢纽|港|机场|中心")
_ORG_HINT = re.compile(r"公司|集团|银行|研究院|研究所|大学|学院|医院|协会|商会")
HAPPENINGS = ("signing", "groundbreaking", "completion", "meeting", "investment_trip", "award")
YEARLY = ("key_projects", "target")
NATION = Region("中国", "000000", "country", ["中国"])

_SELF = re.compile(r"(全|我|本|该|此)(省|市|区|县|州|旗)|(全国|我国)")
_TO_PLACE = re.compile(r"(赴|到|从|来自|辗转|前往|奔赴|飞赴|远赴|抵达|走访|拜访|走进|来到|与|同|和|向|对接|深入)$")
_SUBSET = re.compile(r"(亿元|万元|亿|千万元)以上(的)?[^，,。；;、]{0,4}$")
_TITLE = re.compile(r"(?:举行|召开|举办|开展|启动|组织)(?:了)?(?:的)?([^，,。；;]{2,50})$")
_UMBRELLA_GAP = re.compile(r"^[、和及与暨,，“”\"\s]{0,3}$")
_YEAR_WORD = re.compile(r"(\d{4})年")
_AFTERWARDS = re.compile(r"[^，,。；;]{0,6}?(后|以后|之后|精神|要求|部署)(?=[，,。；;]|$|第|的|[一-龥]{0,2}[，,])")
_FIGURE = re.compile(r"\d+(?:\.\d+)?(?:多|余)?(?:万亿|亿|万|个|项|条|家|宗)|[一二三四五六七八九十百千]+(?:多|余)?[个项条宗]")


# ---------------------------------------------------------------- one paragraph's mentions
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
        return self.count is not None or self.money is not None or self.annual is not None


class _Doc:
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
        return _safe(self.ctx.home)

    def paragraph(self, index: int) -> Paragraph:
        if index not in self._parsed:
            self._parsed[index] = self._parse(index)
        return self._parsed[index]

    def _parse(self, index: int) -> Paragraph:
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
            kind = "self" if place.kind == "national" else place.kind
            places.append((place.start, place.end, place.text, region, kind))
        for m in _SELF.finditer(text):
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
_FAR_COUNT = re.compile(r"(?:^|(?<=[，,。；;：:\s]))(\d+)(多|余)?个(?=[^，,。；;、\d]{2,20}?项目)")


def _with_bare_counts(text: str, counts: list) -> list:
    """The count finder's mentions plus bare counts right after an event word (签约62个)
    and clause-leading counts whose noun comes later (21个重点产业链代表性项目)."""
    out = list(counts)
    for m in list(_BARE_COUNT.finditer(text)) + list(_FAR_COUNT.finditer(text)) + list(_UNIT_COUNT.finditer(text)):
        number = m.group(1) or (m.group(4) if m.re is _BARE_COUNT else None)
        more = m.group(2) or (m.group(5) if m.re is _BARE_COUNT else None)
        if number is None:
            continue
        start = m.start(1) if m.group(1) else m.start(4)
        if any(c.start <= start < c.end for c in counts):
            continue
        value = bridge.chinese_number(number)
        if value:
            out.append(CountMention(start, m.end(), text[start:m.end()], value=value,
                                    qualifier="over" if more else "exact", noun="个项目"))
    return sorted(out, key=lambda c: c.start)


def _safe(fn, *args):
    try:
        return fn(*args)
    except Exception:  # a resolver that cannot decide leaves the region open
        return None


def _parse_day(value: str | None) -> _dt.date | None:
    if not value:
        return None
    try:
        return _dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _paragraphs(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in re.finditer(r"\n", text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return spans


def _index_of(spans: list[tuple[int, int]], pos: int) -> int:
    lo, hi = 0, len(spans) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if spans[mid][0] <= pos:
            lo = mid
        else:
            hi = mid - 1
    return lo


# ---------------------------------------------------------------- regions
def _region_level(region: Region | None) -> str | None:
    return region.level if region else None


def _self_region(word: str, state: "_State", d: _Doc) -> Region | None:
    """What 全市 / 该区 / 全省 / 全国 mean at this point of the story."""
    if word in ("全国", "我国"):
        return NATION
    unit = word[-1]
    want = {"省": "province", "市": "city", "州": "city", "区": "district", "县": "district",
            "旗": "district"}[unit]
    if word[0] in "该此":
        for region in reversed(state.recent):
            if region.level == want or (want == "city" and region.level == "province"
                                        and region.adcode[:2] in MUNICIPALITIES):
                return region
    home = d.home
    if home is not None:
        if home.level == want or (unit == "市" and home.level == "district" and home.name.endswith("市")):
            return home     # 全市 in a 兰溪 story is 兰溪 (a county-level city)
        if want == "province" and home.level in ("city", "district"):
            return bridge.lookup_region(home.adcode[:2] + "0000") or home
        if want == "city" and home.level == "district":
            return bridge.lookup_region(home.adcode[:4] + "00") or home
        if want == "city" and home.level == "province" and home.adcode[:2] in MUNICIPALITIES:
            return home
    for region in reversed(state.recent):
        if region.level == want:
            return region
    return home if want != "district" else None


_LIST_JOIN = re.compile(r"^[、和及与]$")
_TOWARDS_LIST = re.compile(r"(赴|到|前往|奔赴|飞赴|远赴|辗转|走访|拜访|来到|抵达)[^，,。；;等在]{0,16}[、和及]$")


def _is_destination(text: str, start: int) -> bool:
    """A place after 赴/到/前往, or listed after one (奔赴北京、天津)."""
    return bool(_TO_PLACE.search(text[max(0, start - 4):start])
                or _TOWARDS_LIST.search(text[max(0, start - 20):start]))


def _enumeration(para: Paragraph, before: list, chosen: tuple):
    """济南、青岛、烟台等5地开工: a place in a list stands for the list's common province or
    city, or for the place named before the list."""
    text = para.text
    follows = text[chosen[3]:chosen[3] + 1]
    precedes = text[chosen[0] - 1:chosen[0]] if chosen[0] else ""
    if follows not in ("、", "等") and precedes != "、":
        return None
    members = [chosen]
    if chosen[1] is None:
        return None
    for place in reversed(before[:-1]):
        gap = text[place[3]:members[0][0]]
        if _LIST_JOIN.match(gap) and place[1] is not None:
            members.insert(0, place)
        else:
            break
    if len(members) < 2 and follows != "等":
        return None
    earlier = [p for p in before if p[0] < members[0][0] and p[1] is not None]
    codes = [m[1].adcode for m in members]
    for width, suffix in ((4, "00"), (2, "0000")):
        if len({c[:width] for c in codes}) == 1:
            common = bridge.lookup_region(codes[0][:width] + suffix)
            if common is not None and common.adcode not in codes:
                return (members[0][0], common, "division", members[-1][3])
            if common is not None and width == 2:
                return (members[0][0], common, "division", members[-1][3])
    return earlier[-1] if earlier else None


def _pick_region(para: Paragraph, s0: int, s1: int, hit_pos: int, clause: tuple[int, int],
                 state: "_State", d: _Doc, *, trip: bool, kind_of: str = "") -> tuple[Region | None, bool, list]:
    """The region of a trigger at `hit_pos` (paragraph offsets) and the destinations seen.

    Returns (region, explicit, destinations) where destinations are the places that
    follow a 赴/到/前往 cue (the subject of a trip is never one of them).
    """
    before, after, destinations = [], [], []
    venue_skip = kind_of in ("signing", "meeting", "award")
    for start, end, text, region, kind in para.places:
        if not (s0 <= start < s1):
            continue
        left = para.text[max(s0, start - 4):start]
        towards = _is_destination(para.text, start) or (trip and hit_pos < start < clause[1])
        if kind == "self" and _SELF.fullmatch(text):
            region = _self_region(text, state, d) or region
        if towards and kind != "self":
            destinations.append((text, region))
            continue
        if venue_skip and start < hit_pos and para.text[max(0, start - 1):start] == "在" \
                and any(b[1] is not None for b in before):
            continue    # 襄阳高新区在深圳举办推介会: 深圳 is the venue, 襄阳 the subject
        if region is None or region.level in ("group", "foreign"):
            if kind == "foreign" and start < hit_pos:
                before.append((start, None, "foreign", end))
            continue
        (before if start < hit_pos else after).append((start, region, kind, end))
    in_clause = [p for p in before if p[0] >= clause[0]]
    if in_clause:
        chosen = in_clause[-1]
    elif before:
        chosen = before[-1]
    else:
        after_in_clause = [p for p in after if p[0] < clause[1]]
        chosen = after_in_clause[0] if after_in_clause else None
    if before and chosen is before[-1]:
        chosen = _enumeration(para, before, chosen) or chosen
    settled = [p for p in after if para.text[hit_pos:p[0]].endswith(("落地", "落户", "落子", "签约落地"))]
    if settled:
        chosen = settled[0]         # 项目落地西宁: where it settles is where it belongs
    if chosen is not None and chosen[1] is not None and chosen[1].adcode == "000000":
        named = [p for p in before + after if p[2] != "self" and p[1] is not None
                 and clause[0] <= p[0] < clause[1]]
        if named:
            chosen = named[-1]      # 全国首个…枢纽落地浙江: the province, not the nation
    if chosen is not None and chosen[2] == "self":
        named = [p for p in before if p[2] != "self" and p[1] is not None]
        if named:
            chosen = named[-1]      # 在重庆，当地…: 当地 is the place just named
    if chosen is not None and chosen[1] is not None and chosen[2] != "foreign":
        # 西藏自治区林芝市: of places written together, the last is the most precise
        for nxt in sorted(after + before, key=lambda p: p[0]):
            if nxt[0] == chosen[3] and nxt[1] is not None and nxt[2] != "self" \
                    and nxt[1].adcode[:2] == chosen[1].adcode[:2]:
                chosen = nxt
    if chosen is None:
        return None, False, destinations
    if chosen[2] == "foreign":
        return Region("foreign", "", "foreign", []), True, destinations
    return chosen[1], chosen[2] != "self", destinations


# ---------------------------------------------------------------- dates
def _day_span(mention) -> DateSpan:
    return DateSpan(mention.start_date, mention.end_date or mention.start_date, mention.precision)


def _year_span(year: int | str | None) -> DateSpan | None:
    return DateSpan(str(year), str(year), "year") if year else None


_PLAIN_RELATIVE = ("今天", "今日", "昨天", "昨日", "当天", "当日", "近日", "日前", "前天", "明天")
_PRECISION_RANK = {"day": 0, "month": 1, "quarter": 2}


def _explicit(mention) -> bool:
    """A date the text states (1月30日, 今天, 近日), not one read from a holiday word."""
    return not mention.relative or any(w in mention.text for w in _PLAIN_RELATIVE) \
        or bool(re.search(r"\d|[一二三四五六七八九十]+月", mention.text))


def _pick_date(para: Paragraph, s0: int, s1: int, hit_pos: int) -> tuple[DateSpan | None, bool, DateSpan | None]:
    """(the happening date: the most precise date of the sentence, nearest before the trigger,
    else the first after; whether the text states it; the year the sentence names)."""
    precise, year = [], None
    for mention in para.dates:
        if not (s0 <= mention.start < s1) or not mention.start_date:
            continue
        if mention.precision == "year":
            if year is None:
                year = _year_span(mention.start_date[:4])
            continue
        if mention.precision in _PRECISION_RANK:
            precise.append(mention)
    if not precise:
        return None, False, year
    best = min(_PRECISION_RANK[m.precision] for m in precise)
    precise = [m for m in precise if _PRECISION_RANK[m.precision] == best]
    stated = [m for m in precise if _explicit(m)] or precise
    before = [m for m in stated if m.start < hit_pos]
    chosen = before[-1] if before else stated[0]
    return _day_span(chosen), _explicit(chosen), year


# ---------------------------------------------------------------- the state carried along
@dataclass
class _State:
    recent: list = field(default_factory=list)       # regions named so far, in order
    drafts: list = field(default_factory=list)
    last_date: dict = field(default_factory=dict)    # paragraph → last precise DateSpan


def assemble_events(doc: Document) -> list[Event]:
    """The events of one document (see `projectradar.events.extract_events`)."""
    d = _Doc(doc)
    if not d.hot:
        return []
    state = _State()
    consumed: set[tuple[int, int]] = set()   # (paragraph, mention start) already given out
    for index in d.hot:
        try:
            _sentence_events(d, state, index, consumed)
        except RadarError:
            raise
        except Exception:  # one odd sentence must not cost the page its other events
            _log.warning("events: skipped sentence at %s:%d after an internal error",
                         doc.id, d.spans[index][0], exc_info=True)
    from .tables import table_drafts
    drafts = _finish(d, state.drafts + table_drafts(d, state))
    return [_to_event(d, draft) for draft in drafts]


def _remember_places(para: Paragraph, s0: int, s1: int, state: _State) -> None:
    for start, _end, _text, region, kind in para.places:
        if s0 <= start < s1 and region is not None and kind not in ("self", "group") \
                and region.level in ("province", "city", "district"):
            state.recent.append(region)


def _sentence_events(d: _Doc, state: _State, index: int, consumed: set) -> None:
    s_abs, e_abs = d.spans[index]
    p_index = d.para_of[index]
    hits = _filter_hits(d.text[s_abs:e_abs], find_hits(d.text[s_abs:e_abs]))
    if not hits:
        return      # the anchor word was there, no trigger is: parse nothing
    para = d.paragraph(p_index)
    s0, s1 = s_abs - para.start, min(e_abs, para.end) - para.start
    sentence = para.text[s0:s1]
    # remember places and dates of the paragraph's earlier sentences (for 该区, bare sentences)
    _catch_up(d, state, p_index, para, s0)
    spans = clauses(sentence)
    units = _units(sentence, hits, spans)
    if not units:
        _remember_places(para, s0, s1, state)
        return
    related = is_related(sentence)
    heading = (para.text.strip() == sentence.strip() and len(sentence.strip()) <= 40
               and not re.search(r"[。！？!?；;，,：:]", sentence))
    new = []
    for unit_hits, clause_index, types in units:
        # the surest word of the unit stands for it; of equals, the last (继…推进会后, 2月2日, 甲区召开推进大会)
        hit = max(unit_hits, key=lambda h: h.weight)
        clause_index = _clause_of(spans, hit.start)
        clause = (s0 + spans[clause_index][0], s0 + spans[clause_index][1])
        pos = s0 + hit.start
        kind = types[0]
        draft = Draft(kind, types, index, p_index, s_abs, e_abs, max(h.weight for h in unit_hits),
                      umbrella=len(types) > 1, heading=heading)
        left_clause = para.text[clause[0]:pos]
        left_sentence = sentence[:hit.start]
        draft.mention_only = bool(has_cue("attending", left_clause))
        if draft.type == "signing":
            draft.context = bool(has_cue("context:signing", sentence))
        if has_cue("generic", left_clause.lstrip("“”\"")) and not _FIGURE.search(para.text[clause[0]:clause[1]]):
            continue
        if kind != "target" and (has_cue("target", left_clause)
                                 or (has_cue("target", left_sentence) and "以上" in sentence[hit.start:])):
            draft.type, draft.types = "target", ("target",) + types
        if has_cue("plan", para.text[max(clause[0], pos - 6):s0 + hit.end]) or has_cue("plan", left_clause):
            draft.plan = True
        if has_cue("cumulative", left_sentence) or has_cue("cumulative", para.text[clause[0]:clause[1]]):
            draft.cumulative = True
        region, explicit, destinations = _pick_region(para, s0, s1, pos, clause, state, d,
                                                      trip=draft.type == "investment_trip",
                                                      kind_of=draft.type)
        draft.region, draft.region_explicit = region, explicit
        draft.subject_in_clause = explicit and any(
            clause[0] <= p[0] < pos and p[3] is not None and p[3].adcode == region.adcode for p in para.places)
        if draft.type == "investment_trip":
            draft.destinations = _destinations(destinations, region)
        day, stated, year = _pick_date(para, s0, s1, pos)
        if day is None and _SAME_DAY.match(sentence.lstrip("“”\" ")):
            day = next((x.date for x in reversed(state.drafts)
                        if x.date is not None and x.date.precision == "day" and x.date_explicit), None)
            stated = day is not None    # 同日，新津区…集中开工: the day just told
        draft.date, draft.date_explicit = day, stated
        if draft.type in YEARLY or draft.plan:
            draft.date = year or (_year_span(day.start[:4]) if day else None)
            draft.date_explicit = draft.date is not None
        elif draft.date is None and year is not None and not related:
            draft.date, draft.date_explicit = year, False
        draft.title = _title(para.text[clause[0]:s0 + hit.end], draft.type)
        if draft.type == "key_projects":
            draft.level = level_cue(para.text[clause[0]:clause[1]], region.adcode if region else None)
        new.append((draft, hit, clause_index))
    _attach_figures(d, para, s0, sentence, spans, new, consumed, p_index)
    _single_and_metrics(para, s0, sentence, spans, new)
    new = _merge_same_type(new)
    _attach_people(para, s0, s1, [n[0] for n in new])
    for draft, hit, clause_index in new:
        holder = _settle(d, state, draft, related, para, s0)
        if holder is None:
            continue
        if holder.type in ("investment_trip", "meeting", "award"):
            _follow_up(d, holder, index, consumed)
        elif holder.count is None or holder.money is None:
            _carry_figures(d, holder, index, consumed)
    _remember_places(para, s0, s1, state)
    from .tables import breakdown_items
    for draft, hit, clause_index in new:
        if draft.mention_only:
            continue
        state.drafts.extend(breakdown_items(d, state, draft, para, s0, s1, sentence, spans, clause_index))


def _merge_same_type(new: list) -> list:
    for item in new:
        # one sentence, one reading of a running total: 截至1月30日…集中签约等活动…签约项目626个
        if item[0].cumulative:
            for other in new:
                if other[0].type == item[0].type and not other[0].has_figures():
                    other[0].cumulative = True
    """Units of one type in one sentence are one event unless their figures differ
    (签约仪式, 43个项目现场签约落户 … 成为首个实现集中签约的区县)."""
    kept: list = []
    for item in new:
        draft = item[0]
        twin = next((k for k in kept if k[0].type == draft.type and k[0].umbrella == draft.umbrella
                     and _compatible(k[0], draft)
                     and (not k[0].has_figures() or not draft.has_figures()
                          or (k[0].region and draft.region and k[0].region.adcode == draft.region.adcode))), None)
        if twin is None:
            kept.append(item)
            continue
        if not twin[0].has_figures() and draft.has_figures() and not twin[0].region_explicit:
            twin[0].region, twin[0].region_explicit = draft.region, draft.region_explicit
        _absorb(twin[0], draft)
    return kept


_TALK = re.compile(r"会上|会议上|在会上|讲话|强调|指出|主持|出席|要求|表示|带队|陪同|参加")


def _follow_up(d: _Doc, draft: Draft, index: int, consumed: set) -> None:
    """Read the sentences after a trip, meeting or award for what the first one left out:
    the places a delegation went and the projects it saw; the leaders who spoke at a meeting."""
    for nxt in range(index + 1, min(index + 4, len(d.spans))):
        p_index = d.para_of[nxt]
        if draft.type == "investment_trip" and p_index != draft.paragraph:
            break
        para = d.paragraph(p_index)
        s0, s1 = d.spans[nxt][0] - para.start, d.spans[nxt][1] - para.start
        sentence = para.text[s0:s1]
        hits = [h for h in _filter_hits(sentence, find_hits(sentence)) if h.type != "signing"]
        if any(h.type != draft.type for h in hits) or any(
                s0 <= m.start < s1 and m.precision == "day" and _explicit(m)
                and not (draft.date and m.start_date == draft.date.start) for m in para.dates):
            break
        first_hit = min((h.start for h in find_hits(sentence)), default=len(sentence))
        if draft.type == "investment_trip":
            names = {x["name"] for x in draft.destinations}
            for start, _e, text, region, kind in para.places:
                if not (s0 <= start < s1) or kind == "self" or text in names:
                    continue
                if draft.region and region and (region.adcode == draft.region.adcode
                                                 or draft.region.adcode.startswith(region.adcode.rstrip("0"))):
                    continue
                names.add(text)
                draft.destinations.append({"name": text, "adcode": region.adcode if region and region.adcode else None})
            if draft.count is None:
                for count in para.counts:
                    if s0 <= count.start < s0 + first_hit and (p_index, count.start) not in consumed \
                            and is_project_count(count, sentence):
                        draft.count = count.value
                        consumed.add((p_index, count.start))
                        break
            draft.end = max(draft.end, d.spans[nxt][1])
        elif _TALK.search(sentence):
            for person in para.people:
                if s0 <= person.start < s1 and all(p.name != person.name for p in draft.people):
                    draft.people.append(Person(person.name, person.title))
            if draft.type == "award":
                for org in para.orgs:
                    if s0 <= org.start < s1 and all(o["name"] != org.name for o in draft.orgs):
                        draft.orgs.append({"name": org.name})


def _catch_up(d: _Doc, state: _State, p_index: int, para: Paragraph, upto: int) -> None:
    """Dates of the paragraph's sentences before `upto`, for a sentence that names none."""
    last = None
    for mention in para.dates:
        if mention.start < upto and mention.precision in ("day", "month") and mention.start_date \
                and _explicit(mention):
            last = _day_span(mention)
    if last is not None:
        state.last_date[p_index] = last


def _filter_hits(sentence: str, hits: list[Hit]) -> list[Hit]:
    """Drop hits a negative cue vetoes, meetings that are really the ceremony of a signing
    or start, and meetings mentioned in passing inside a trip sentence."""
    spans = clauses(sentence)
    out = []
    happening_clauses = set()
    for hit in hits:
        if hit.type in ("signing", "groundbreaking", "completion"):
            happening_clauses.add(_clause_of(spans, hit.start))
    has_trip = any(h.type == "investment_trip" for h in hits)
    sentence_negative = has_cue("negative_sentence", sentence)
    context = {kind: bool(has_cue(f"context:{kind}", sentence))
               for kind in ("award", "meeting", "target", "completion")}
    for hit in hits:
        if hit.type == "key_projects" and _clause_of(spans, hit.start) in happening_clauses:
            continue    # 首批266个重大项目开工建设: the list is the subject of a start
        if sentence_negative and hit.type in ("signing", "groundbreaking", "completion"):
            continue
        if hit.type in context and not context[hit.type]:
            continue    # a film award or a party meeting: not investment work
        c0, c1 = spans[_clause_of(spans, hit.start)]
        near = sentence[max(c0, hit.start - 8):min(c1, hit.end + 6)]
        if has_cue("negative", near) or has_cue(f"negative:{hit.type}", sentence[c0:hit.end]) \
                or (hit.type in ("signing", "groundbreaking", "completion")
                    and has_cue("negative_left", _QUOTED.sub("", sentence[c0:hit.start]))):
            continue
        if hit.type == "completion" and hit.weight < 0.8 and not _WORKS.search(sentence[c0:hit.start]):
            continue    # 12台数控机床投入使用: machines, not a project
        if hit.type == "signing" and has_cue("negative", sentence[c0:c1]) and "意向" in sentence[c0:c1]:
            continue
        if hit.type == "meeting" and (_clause_of(spans, hit.start) in happening_clauses or has_trip):
            continue
        if hit.type in ("completion", "signing", "meeting", "award") \
                and has_cue("plan", sentence[max(c0, hit.start - 10):hit.start]):
            continue    # 计划于2030年竣工投产: a plan, not a happening
        if has_cue("reference", sentence[c0:hit.start]) or _AFTERWARDS.match(sentence, hit.end):
            continue    # 继…推进会后 / 贯彻落实…动员大会要求: a meeting named, not held
        out.append(hit)
    return out


def _clause_of(spans: list[tuple[int, int]], pos: int) -> int:
    for i, (s, e) in enumerate(spans):
        if s <= pos < e:
            return i
    return len(spans) - 1


def _units(sentence: str, hits: list[Hit], spans) -> list[tuple[list[Hit], int, tuple[str, ...]]]:
    """Group a sentence's hits into event units: hits of one type in one sentence are one
    event unless figures sit between them; adjacent hits of different types (开工、竣工、签约)
    are one umbrella unit."""
    units: list[tuple[list[Hit], int, tuple[str, ...]]] = []
    for hit in hits:
        clause = _clause_of(spans, hit.start)
        if units:
            last_hits, last_clause, types = units[-1]
            gap = sentence[last_hits[-1].end:hit.start]
            if hit.type in types and clause == _clause_of(spans, last_hits[-1].start) and not _FIGURE.search(gap):
                last_hits.append(hit)
                continue
            if clause == last_clause and _UMBRELLA_GAP.match(gap) and hit.type not in types \
                    and "target" not in types and hit.type != "target" \
                    and {hit.type, *types} <= {"signing", "groundbreaking", "completion"}:
                last_hits.append(hit)
                units[-1] = (last_hits, last_clause, types + (hit.type,))
                continue
        units.append(([hit], clause, (hit.type,)))
    return units


def _destinations(places: list, region: Region | None) -> list[dict]:
    out, seen = [], set()
    for name, place_region in places:
        if region is not None and place_region is not None and place_region.adcode == region.adcode:
            continue
        if name in seen:
            continue
        seen.add(name)
        out.append({"name": name, "adcode": place_region.adcode if place_region else None})
    return out


def _title(left: str, kind: str) -> str | None:
    if kind not in ("signing", "groundbreaking", "completion", "meeting", "award"):
        return None
    m = _TITLE.search(left)
    if not m:
        return None
    title = m.group(1).strip("“”\"")
    return title if 4 <= len(title) <= 50 else None


# ---------------------------------------------------------------- figures
def _attach_figures(d: _Doc, para: Paragraph, s0: int, sentence: str, spans, new, consumed, p_index) -> None:
    """Give each money amount and project count of the sentence to one unit: the nearest
    trigger before it in its clause, else after it in its clause, else the nearest trigger
    before it in the sentence, else after it."""
    if not new:
        return
    s1 = s0 + len(sentence)
    positions = [(s0 + hit.start, draft, _clause_of(spans, hit.start)) for draft, hit, _ in new]
    hit_clauses = {c for _, _, c in positions}

    def owner(pos: int):
        clause = _clause_of(spans, pos - s0)
        c0 = spans[clause][0]
        if clause not in hit_clauses and re.match(r"[“”\"]?(其中|包括|含)", sentence[c0:].lstrip()):
            return None    # a subset (其中亿元以上项目15个) restates part of the total
        same = [(p, dr) for p, dr, c in positions if c == clause]
        before = [x for x in same if x[0] <= pos]
        if before:
            return before[-1][1]
        if same:
            return same[0][1]
        earlier = [(p, dr) for p, dr, c in positions if p <= pos]
        if earlier:
            return earlier[-1][1]
        return positions[0][1]

    for count in para.counts:
        if not (s0 <= count.start < s1) or (p_index, count.start) in consumed:
            continue
        if not is_project_count(count, para.text[s0:s1][max(0, count.start - s0 - 12):] and sentence):
            continue
        draft = owner(count.start)
        if draft is not None and draft.type in ("meeting", "award"):
            continue
        if draft is not None and draft.count is None and count.value > 0:
            draft.count = count.value
            consumed.add((p_index, count.start))
    for money in para.money:
        if not (s0 <= money.start < s1) or not usable_money(money):
            continue
        clause = spans[_clause_of(spans, money.start - s0)]
        left = para.text[s0 + clause[0]:money.start]
        role = money_role(left) or money.role
        if role in ("output", "delivered", "other"):
            continue
        draft = owner(money.start)
        if draft is None:
            continue
        if role == "fixed" and draft.type != "target" or draft.type in ("meeting", "award", "investment_trip"):
            continue
        own_clause = _clause_of(spans, money.start - s0)
        if own_clause not in hit_clauses and _new_subject(para, s0 + clause[0], money.start):
            continue    # 各大工程陆续开工，今年山西全省固定资产投资…: another subject's figure
        if money.currency != "CNY":
            draft.metrics.append({"metric": "investment", "value": int(round(money.value)),
                                  "unit": money.currency})
            continue
        if role == "planned":
            role = "annual" if draft.type == "key_projects" else "total"
        if role == "annual":
            if draft.annual is None and draft.type in ("groundbreaking", "key_projects", "target"):
                draft.annual = money.value
        elif draft.money is None:
            draft.money, draft.money_qualifier = money.value, money.qualifier


_SINGLE = re.compile(
    r"(?<!重点)(?<!重大)(?<!产业)(?<!批)(项目|工程|电站|基地|产业园|机场|工厂|生产线|接收站|码头|枢纽|大桥|医院|储能站|数据中心)"
    r"[”\"]?(?:正式|顺利|全面|成功|今天|日前|近日|已经|已|也|还|率先|实现|宣布|[0-9一二三四五六七八九十]+月[0-9一二三四五六七八九十]+日|上午|下午|在[^，,。；;]{1,14})*$")
_PLURAL = re.compile(r"一批|批|多个|等|些|\d+个|几个|多项|系列|群|[一二两三四五六七八九十]+[个座条家项]")
_METRIC = re.compile(r"([^，,。；;、\d]{2,12}?)(?:增长|提高|达到|突破|超过|占比达到|达|完成|实现|不低于)?了?"
                     r"(\d+(?:\.\d+)?)(万|亿)?(%|％|个百分点|万千瓦|千瓦|吨|家|公里|亩|个|项)(以上|左右)?")


def _single_and_metrics(para: Paragraph, s0: int, sentence: str, spans, new) -> None:
    """A named plant or project started or finished alone counts one project; a goal's
    other figures (增长8%左右) become metrics."""
    for draft, hit, _ in new:
        c0 = spans[_clause_of(spans, hit.start)][0]
        if draft.type in ("signing", "groundbreaking", "completion") and draft.count is None \
                and not draft.umbrella:
            left = sentence[max(0, hit.start - 40):hit.start]
            if _SINGLE.search(left) and not _PLURAL.search(sentence[c0:hit.end]) \
                    and not re.search(r"\d+(多|余)?[个项座条]", sentence[hit.start:]):
                draft.single = True
        if draft.type == "target" and not draft.has_figures():
            tail = sentence[hit.start:]
            for m in _METRIC.finditer(tail):
                value = float(m.group(2)) * {"万": 1e4, "亿": 1e8, None: 1}[m.group(3)]
                draft.metrics.append({"metric": m.group(1).strip("，,“”\"的要将"), "value": value,
                                      "unit": m.group(4).replace("％", "%"),
                                      "qualifier": "at_least" if m.group(5) == "以上" else
                                      ("about" if m.group(5) == "左右" else "exact")})
                break


def _carry_figures(d: _Doc, draft: Draft, index: int, consumed: set) -> None:
    """The sentence after an event that names no event of its own but goes on about it
    (此次开工的10条高速公路…; 这些项目总投资603亿元) gives the figures the first one left out."""
    nxt = index + 1
    if nxt >= len(d.spans) or d.para_of[nxt] != draft.paragraph:
        return
    para = d.paragraph(draft.paragraph)
    s0, s1 = d.spans[nxt][0] - para.start, d.spans[nxt][1] - para.start
    sentence = para.text[s0:s1]
    if _filter_hits(sentence, find_hits(sentence)):
        return
    if not (is_related(sentence) or _DEMONSTRATIVE.match(sentence.lstrip("“”\" "))):
        return
    if draft.count is None:
        for count in para.counts:
            if s0 <= count.start < s1 and (draft.paragraph, count.start) not in consumed \
                    and is_project_count(count, sentence):
                draft.count = count.value
                consumed.add((draft.paragraph, count.start))
                break
    if draft.money is None:
        for money in para.money:
            if s0 <= money.start < s1 and usable_money(money) and money.currency == "CNY":
                left = para.text[s0 + spans_start(sentence, money.start - s0):money.start]
                if (money_role(left) or money.role) in (None, "total", "signed"):
                    draft.money, draft.money_qualifier = money.value, money.qualifier
                    break
    draft.end = max(draft.end, d.spans[nxt][1])


_DEMONSTRATIVE = re.compile(r"(这些|该|此|上述|这批|其|两|三|四|五|六|七|八|九|十|\d+个|\d+条|\d+座|项目)")


def spans_start(sentence: str, pos: int) -> int:
    """Start of the clause holding `pos` in a sentence."""
    spans = clauses(sentence)
    return spans[_clause_of(spans, pos)][0]


def _new_subject(para: Paragraph, start: int, end: int) -> bool:
    """True when the text from `start` to `end` names a place or a whole area (全省) first."""
    if re.search(r"(全|我|本)(省|市|区|县|国)", para.text[start:end]):
        return True
    return any(start <= p[0] < end and p[4] != "self" for p in para.places)


def _attach_people(para: Paragraph, s0: int, s1: int, drafts: list[Draft]) -> None:
    people = [p for p in para.people if s0 <= p.start < s1]
    orgs = [o for o in para.orgs if s0 <= o.start < s1]
    sectors = [s for s in para.sectors if s0 <= s.start < s1]
    for draft in drafts:
        for person in people:
            if all(p.name != person.name for p in draft.people):
                draft.people.append(Person(person.name, person.title))
        if draft.type in ("award", "signing", "completion", "groundbreaking"):
            for org in orgs:
                if all(o["name"] != org.name for o in draft.orgs):
                    draft.orgs.append({"name": org.name})
        for sector in sectors:
            if sector.name not in draft.sectors:
                draft.sectors.append(sector.name)


# ---------------------------------------------------------------- settle: inherit, merge
def _compatible(a: Draft, b: Draft) -> bool:
    if a.count is not None and b.count is not None and a.count != b.count:
        return False
    if a.money is not None and b.money is not None and abs(a.money - b.money) > 0.005 * a.money:
        return False
    if a.annual is not None and b.annual is not None and abs(a.annual - b.annual) > 0.005 * a.annual:
        return False
    if a.level and b.level and a.level != b.level:
        return False
    return a.cumulative == b.cumulative


def _absorb(into: Draft, other: Draft) -> None:
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


def _settle(d: _Doc, state: _State, draft: Draft, related: bool, para: Paragraph, s0: int) -> Draft | None:
    """Fill what the sentence left open from the story so far, then merge the draft into the
    event it continues (此次开工共计19个项目 after the ceremony) or keep it as a new one."""
    bare = (not draft.region_explicit and not draft.date_explicit) or draft.mention_only \
        or (not draft.has_figures() and not draft.date_explicit)
    previous = state.drafts[-1] if state.drafts else None
    near = previous is not None and (previous.paragraph == draft.paragraph or related) \
        and draft.sentence - previous.sentence <= 3
    if draft.region is None:
        named = _paragraph_region(para, s0, state, d)
        if near and (named is None or named[0] + para.start < previous.start):
            draft.region = previous.region
        elif named is not None:
            draft.region = named[1]
        else:
            draft.region = d.home
    if draft.destinations and draft.region is not None:
        home = draft.region.adcode
        draft.destinations = [x for x in draft.destinations if not x.get("adcode") or not (
            x["adcode"] == home or home.startswith(x["adcode"].rstrip("0")))]
    listed = previous is not None and previous.type == draft.type and draft.sentence - previous.sentence <= 2
    if draft.date is None:
        if (near or listed) and previous.date is not None and (related or previous.type == draft.type
                                                              or previous.paragraph == draft.paragraph) \
                and (previous.type == draft.type or previous.date.precision != "year"):
            if draft.type in YEARLY or draft.plan:
                draft.date = _year_span(previous.date.start[:4]) if previous.date.start else None
            else:
                draft.date = previous.date
            draft.date_explicit = previous.date_explicit
        elif draft.paragraph in state.last_date and draft.type not in YEARLY and not draft.plan:
            draft.date, draft.date_explicit = state.last_date[draft.paragraph], True
    # continue the previous event of the same type
    for earlier in reversed(state.drafts[-8:]):
        if earlier.type != draft.type or draft.sentence - earlier.last > (6 if draft.mention_only else 3) \
                or earlier.paragraph != draft.paragraph and not related and not bare \
                or earlier.heading or draft.heading:
            continue
        inside = draft.region and earlier.region and (
            draft.region.adcode == earlier.region.adcode
            or draft.region.adcode.startswith(earlier.region.adcode.rstrip("0")))
        if draft.region_explicit and earlier.region and draft.region and not draft.mention_only \
                and not (inside and not draft.has_figures()):
            break       # 其中，济南市开工项目120个: a part of its own, not the province's figure
        if draft.date_explicit and earlier.date and draft.date \
                and draft.date.start != earlier.date.start and draft.type not in YEARLY:
            break
        if not _compatible(earlier, draft) or earlier.umbrella != draft.umbrella:
            break
        _absorb(earlier, draft)
        return earlier
    if draft.mention_only:
        return None
    if draft.region is not None:
        state.recent.append(draft.region)
    state.drafts.append(draft)
    return draft


def _paragraph_region(para: Paragraph, s0: int, state: _State, d: _Doc) -> tuple[int, Region] | None:
    for start, _e, text, region, kind in reversed(para.places):
        if start < s0 and region is not None and kind not in ("self", "group") \
                and region.level in ("province", "city", "district") \
                and not _is_destination(para.text, start):
            return start, region
    return None


# ---------------------------------------------------------------- finish
def _finish(d: _Doc, drafts: list[Draft]) -> list[Draft]:
    out: list[Draft] = []
    for draft in drafts:
        if draft.region is None or draft.region.level == "foreign" or not draft.region.adcode:
            continue
        if draft.type == "key_projects" and draft.level is None:
            draft.level = _level_of_region(draft.region)
        if draft.date is None:
            if draft.type in YEARLY or draft.plan:
                draft.date = _year_span(d.year)
            elif d.base is not None:
                draft.date = DateSpan(d.base.isoformat(), d.base.isoformat(), "day")
            else:
                draft.date = _year_span(d.year)
        if draft.single and draft.count is None:
            draft.count = 1
        if not _concrete(draft) or not _timely(d, draft):
            continue
        if draft.plan and draft.type in ("completion", "signing", "meeting", "investment_trip", "award"):
            continue    # 计划于2030年竣工投产: a plan, not a happening
        if draft.plan and draft.type != "target" and not draft.has_figures():
            continue    # 将开工建设一批灌区: a plan with no figure is no fact
        twin = next((o for o in out if o.type == draft.type and o.region and not o.heading and
                     o.region.adcode == draft.region.adcode and o.date and draft.date and
                     o.date.start == draft.date.start and _compatible(o, draft)
                     and o.umbrella == draft.umbrella), None)
        if twin is not None:
            _absorb(twin, draft)
            continue
        out.append(draft)
    # a happening told again without its day (这次动员大会上…) is the dated one
    precise = [o for o in out if o.type in HAPPENINGS and o.date and o.date.precision == "day" and o.date_explicit]
    folded = []
    for draft in out:
        if draft.type in HAPPENINGS and not (draft.date_explicit and draft.date.precision == "day"):
            twin = next((o for o in precise if o is not draft and o.type == draft.type
                         and o.region.adcode == draft.region.adcode and _compatible(o, draft)), None)
            if twin is not None:
                _absorb(twin, draft)
                continue
        folded.append(draft)
    out = folded
    # a headline restates the story below it
    out = [o for o in out if not o.heading or not any(
        x is not o and not x.heading and x.type == o.type
        and (_nested(x.region, o.region) or 0 < x.paragraph - o.paragraph <= 2) for x in out)]
    # an umbrella whose parts were told separately restates them
    kept = []
    for draft in out:
        if draft.umbrella:
            parts = [o for o in out if not o.umbrella and o.type in draft.types and o.count is not None and o.region
                     and o.region.adcode == draft.region.adcode and 0 <= o.sentence - draft.sentence <= 3]
            if len(parts) >= 2:
                continue
        kept.append(draft)
    return kept


def _nested(a: Region | None, b: Region | None) -> bool:
    """True when one region is the other or lies inside it (滨海新区 in 天津)."""
    if a is None or b is None:
        return False
    ca, cb = a.adcode.rstrip("0") or "0", b.adcode.rstrip("0") or "0"
    return ca.startswith(cb) or cb.startswith(ca) or "000000" in (a.adcode, b.adcode)


def _level_of_region(region: Region) -> str | None:
    if region.adcode == "000000":
        return "national"
    return {"province": "provincial", "city": "city", "district": "district"}.get(region.level)


def _timely(d: _Doc, draft: Draft) -> bool:
    """A happening dated long before the publication (该项目2021年12月开工) is background;
    one dated after it is a plan."""
    if d.base is None or draft.type not in HAPPENINGS or not draft.date or not draft.date.start \
            or draft.cumulative:
        return True
    start = draft.date.start
    try:
        if draft.date.precision == "day" and len(start) == 10:
            when = _dt.date.fromisoformat(start)
        elif len(start) >= 7:
            when = _dt.date(int(start[:4]), int(start[5:7]), 1)
        else:
            return int(start[:4]) in (d.base.year, d.base.year - 1) or d.base.month <= 2 and int(start[:4]) == d.base.year - 1
    except ValueError:
        return True
    return -200 <= (when - d.base).days <= 40


def _concrete(draft: Draft) -> bool:
    """An event needs a fact: figures, or a date the text gives, or (trips) a leader."""
    if draft.type in YEARLY:
        return draft.has_figures() or bool(draft.metrics)
    if draft.type == "investment_trip":
        return draft.date_explicit or bool(draft.people or draft.destinations) or draft.subject_in_clause
    if draft.type == "award":
        return draft.date_explicit or bool(draft.orgs)
    if draft.type == "meeting":
        return draft.date_explicit
    if draft.type == "signing" and not draft.umbrella and not draft.has_figures() \
            and (draft.weight < 0.85 or not draft.context):
        return False    # 签署合作备忘录 between two ministries: no investment told
    return draft.has_figures() or draft.date_explicit


def _to_event(d: _Doc, draft: Draft) -> Event:
    doc = d.doc
    confidence = draft.weight
    if not draft.date_explicit:
        confidence *= 0.85
    if not draft.region_explicit:
        confidence *= 0.85
    if draft.plan:
        confidence *= 0.7
    if draft.umbrella:
        confidence *= 0.8
    if draft.cumulative:
        confidence = min(confidence, 0.35)
    qualifier = draft.money_qualifier if draft.money is not None else None
    if draft.type == "target" and qualifier in (None, "exact") and draft.has_figures():
        qualifier = "at_least"
    region = draft.region
    event = Event(
        type=draft.type,
        source=doc.source,
        document_id=doc.id,
        title=draft.title,
        region=Region(region.name, region.adcode, region.level, list(region.path)),
        date=draft.date or DateSpan(),
        project_count=draft.count,
        investment_yuan=int(round(draft.money)) if draft.money is not None else None,
        annual_investment_yuan=int(round(draft.annual)) if draft.annual is not None else None,
        qualifier=qualifier,
        level=draft.level if draft.type == "key_projects" else None,
        sectors=draft.sectors,
        people=draft.people,
        organizations=draft.orgs,
        destinations=draft.destinations,
        metrics=draft.metrics,
        cumulative=draft.cumulative,
        evidence=Evidence(d.text[draft.start:draft.end], draft.start, draft.end),
        confidence=round(max(0.05, min(confidence, 0.99)), 2),
    )
    event.id = event.compute_id()
    return event
