"""Read the named projects of a document: one scan for name endings (项目, 工程 ...), then, in
the sentences that also hold a stage word or an event, the name's start, stage, figures,
region and date from the paragraph's mentions."""
from __future__ import annotations

import bisect
import logging
import re

from ..errors import RadarError
from ..records import (PROJECT_STAGES, AnnotatedDocument, DateSpan, Event, Evidence, ParagraphMentions,
                       ProjectMention, Region, spans_starting_in)
from ..regions.table import NATION, is_within
from ..text import CLAUSE_WINDOW
from .names import short_names
from .rules import rules

__all__ = ["find_projects", "name_start", "core_of", "is_name"]

_log = logging.getLogger(__name__)

# what ends the stretch a name can start in: punctuation, quotes, brackets and spaces
_DELIMITER = re.compile(r"[，。；：、,;:！？!?“”\"《》「」\s]")
_MAX_NAME = 40
# a core needs this many characters beyond generic words; fewer (but _MIN_CORE) when the name
# shows it is a proper one: opened by a place or an investor's name, a capacity, a phase, digits
_MIN_CORE = 4
_PLAIN_CORE = 6
# a suffix followed by a bracketed aside and another suffix is inside that longer name
_ASIDE = re.compile(r"[（(][^（()）]{1,20}[)）]")
_GOES_ON = 12
_NO_NAME_CHAR = re.compile(r"[^\u4e00-\u9fffA-Za-z0-9（）()·\-]")
# money roles that are a project's total investment, and its year's planned spend
_TOTAL_ROLES = ("total", "signed")
_ANNUAL_ROLES = ("annual", "planned")
STAGE_ORDER = {stage: rank for rank, stage in enumerate(PROJECT_STAGES)}
_EVENT_STAGES = {"signing": "signing", "groundbreaking": "groundbreaking", "completion": "completion",
                 "key_projects": "key_projects"}


def find_projects(annotated: AnnotatedDocument, events: list[Event]) -> list[ProjectMention]:
    text = annotated.text
    r = rules()
    # a suffix followed by another (产业园项目) is inside the name that the second one ends
    hits = [m for m in r.suffix.finditer(text) if not r.suffix.match(text, m.end()) and not _aside_then_suffix(text, m.end())]
    # …产业园物流中心项目: a name that goes on, with no break, to a later ending is inside that one
    hits = [m for k, m in enumerate(hits)
            if not (k + 1 < len(hits) and hits[k + 1].start() - m.end() <= _GOES_ON
                    and not _DELIMITER.search(text, m.end(), hits[k + 1].start())
                    and not r.cut.search(text, m.end(), hits[k + 1].start())
                    and not r.joint.search(text, m.end(), hits[k + 1].start()))]
    if not hits:
        return []
    starts = [s for s, _ in annotated.sentences]
    by_sentence: dict[int, list[re.Match]] = {}
    for m in hits:
        i = bisect.bisect_right(starts, m.start()) - 1
        if i >= 0:
            by_sentence.setdefault(i, []).append(m)
    para_starts = [s for s, _ in annotated.paragraphs]
    out: list[ProjectMention] = []
    windows = ((s0, s1, group) for i, found in by_sentence.items()
               for s0, s1, group in _windows(*annotated.sentences[i], found))
    for s0, s1, found in windows:
        sentence = text[s0:s1]
        p_index = bisect.bisect_right(para_starts, s0) - 1
        event = _event_of(events, s0, s1, annotated.paragraphs[p_index], text)
        if not r.stage_any.search(sentence) and event is None:
            continue     # a name with no stage told: nothing for a timeline
        try:
            para = annotated.paragraph(p_index)
            out.extend(_sentence_projects(annotated, para, s0, s1, found, event))
        except RadarError:
            raise
        except Exception:  # one odd sentence must not cost the page its other projects
            _log.warning("projects: skipped sentence at %s:%d after an internal error",
                         annotated.document.id, s0, exc_info=True)
    return out


# A sentence longer than this (a wall of text without a full stop: a dump, an attack) is read in
# windows around its names, so that the work grows with the text and not with its square.
_LONG_SENTENCE = 1000


def _windows(s0: int, s1: int, found: list[re.Match]):
    """(start, end, names) to read: the sentence with all its names, or for an overlong one
    windows of nearby names, each reaching half a long sentence either way at most."""
    if s1 - s0 <= _LONG_SENTENCE:
        yield s0, s1, found
        return
    half = _LONG_SENTENCE // 2
    groups: list[list[re.Match]] = []
    for m in found:
        if groups and m.end() - groups[-1][0].start() <= half:
            groups[-1].append(m)
        else:
            groups.append([m])
    for k, group in enumerate(groups):
        w0 = max(s0, group[0].start() - half, groups[k - 1][-1].end() if k else s0)
        w1 = min(s1, group[-1].end() + half, groups[k + 1][0].start() if k + 1 < len(groups) else s1)
        yield w0, w1, group


def _within(spans: list, a0: int, a1: int) -> list:
    """The spans that overlap [a0, a1) (a mention is taken to be shorter than a long sentence)."""
    return [x for x in spans_starting_in(spans, a0 - _LONG_SENTENCE, a1) if x.end > a0]


def _aside_then_suffix(text: str, pos: int) -> bool:
    m = _ASIDE.match(text, pos)
    return bool(m and rules().suffix.match(text, m.end()))


def _event_of(events: list[Event], s0: int, s1: int, paragraph: tuple[int, int], text: str) -> Event | None:
    """The event told in this sentence, else the last one told before it in its paragraph, else
    the last one the story told before when the paragraph points back to it up to this
    sentence (本次签约的项目中, 其中 …)."""
    here = before = earlier = None
    for ev in events:
        if ev.evidence is None or ev.type not in _EVENT_STAGES:
            continue
        if ev.evidence.start < s1 and ev.evidence.end > s0:
            here = here or ev
        elif ev.evidence.end <= s0:
            if ev.evidence.start >= paragraph[0] and (before is None or ev.evidence.end > before.evidence.end):
                before = ev
            if earlier is None or ev.evidence.end > earlier.evidence.end:
                earlier = ev
    if here is not None or before is not None:
        return here or before
    if earlier is not None and rules().refer.search(text, paragraph[0], s1):
        return earlier
    return None


def name_start(sentence: str, end: int, protected: list[tuple[int, int]]) -> int | None:
    """Where the name ending at ``end`` (the suffix's start) starts in ``sentence``: after the
    last delimiter and the last cut word before it (a cut word inside a protected span, a
    place's or organization's name, does not count); None when nothing is left."""
    r = rules()
    lo = max(0, end - _MAX_NAME)
    start = lo
    for m in _DELIMITER.finditer(sentence, lo, end):
        start = m.end()
    cut = start
    for m in r.cut.finditer(sentence, start, end):
        if any(a <= m.start() < b for a, b in protected):
            continue
        cut = max(cut, m.end())
    for m in r.stage_any.finditer(sentence, start, end):
        cut = max(cut, m.end())          # 基本建成…工程: a stage word is never inside a name
    for m in r.joint.finditer(sentence, start, end):
        # A项目和B项目, 兰山区与…: a joining word cuts after a name, a place or an organization only
        if any(a <= m.start() < b for a, b in protected):
            continue
        if r.ends_name.search(sentence, 0, m.start()) or any(b == m.start() for _, b in protected):
            cut = max(cut, m.end())
    return cut if cut < end else None


def core_of(name: str, leading: list[int]) -> tuple[str, str | None, str | None]:
    """The core of a name (no leading places or organizations, ``leading`` being the ends of
    those spans in the name, no framing words, capacity or phase), its phase, its capacity."""
    r = rules()
    pos = 0
    for end in sorted(leading):
        if end > pos:
            pos = end
    rest = name[pos:]
    capacity = None
    changed = True
    while changed:
        changed = False
        for pattern in r.framing:
            m = pattern.match(rest)
            if m and m.end():
                rest, changed = rest[m.end():], True
        for pattern in r.capacity:
            m = pattern.match(rest)
            if m and m.end():
                capacity = capacity or m.group(0)
                rest, changed = rest[m.end():], True
    phase = None
    m = r.phase.search(rest)
    if m:
        phase = r.phase_word.sub("", m.group(0))
        rest = rest[:m.start()] + rest[m.end():]
    return rest, phase, capacity


def _described(sentence: str, start: int) -> bool:
    """A copula (是, 作为) before the name in its clause: what follows describes what came
    before (该工程是…工程, 灌区是重要的…基地), it names nothing new."""
    c0 = _clause(sentence, start)[0]
    return rules().copula.search(sentence, c0, start) is not None


def _zone_length(sentence: str, start: int, end: int) -> int:
    """How much of the name a zone takes (定连园区恒大新能源…项目): up to the last zone word
    with at least _MIN_CORE characters of name after it; 0 when none."""
    cut = 0
    for m in rules().zone.finditer(sentence, start, end):
        if end - m.end() >= _MIN_CORE:
            cut = m.end() - start
    return cut


def _joint_length(sentence: str, start: int, end: int) -> int:
    m = rules().joint.match(sentence, start, end)
    return m.end() - start if m else 0


def _framing_length(name: str) -> int:
    """How many characters of building words (建设, 投资建设) open the name: told apart from it."""
    pos, changed = 0, True
    while changed:
        changed = False
        for pattern in rules().framing:
            m = pattern.match(name, pos)
            if m and m.end() > pos:
                pos, changed = m.end(), True
    return pos


def is_name(name: str, core: str, proper: bool = False) -> bool:
    """Whether a span names one project: not a count (12个项目), not a slogan (抓项目), not a
    stretch that ran into other words, a core with enough that is not generic (four
    characters when ``proper``: the name opens with a place or an investor's name, else six).
    Latin letters or a phase in the name make it proper too; digits do not count."""
    r = rules()
    if not core or len(name) > _MAX_NAME or r.counted.search(name) or r.not_in.search(name):
        return False
    if _NO_NAME_CHAR.search(name) or name.count("（") + name.count("(") != name.count("）") + name.count(")"):
        return False
    found = r.suffix.search(core)
    head = core[:found.start()] if found else core
    if not head or head[-1] in r.slogan or any(m.end() == len(head) for m in r.generic.finditer(head)):
        return False      # 抓项目: a slogan; …重点项目, …签约项目: a kind of projects, not one
    bare = re.sub(r"[0-9.]", "", r.generic.sub("", head))
    proper = proper or bool(re.search(r"[A-Za-z]", core)) or core != name and bool(r.phase.search(name))
    return len(bare) >= (_MIN_CORE if proper else _PLAIN_CORE) and not bare.isdigit()


def _sentence_projects(annotated: AnnotatedDocument, para: ParagraphMentions, s0: int, s1: int,
                       found: list[re.Match], event: Event | None) -> list[ProjectMention]:
    """The named projects of one sentence (offsets of ``found`` into the document)."""
    r = rules()
    text = annotated.text
    doc = annotated.document
    off = para.start
    sentence = text[s0:s1]
    a0, a1 = s0 - off, s1 - off     # the sentence in the paragraph's offsets
    places = [(p.start + off - s0, p.end + off - s0) for p in _within(para.places, a0, a1)]
    protected = places + [(o.start + off - s0, o.end + off - s0) for o in _within(para.organizations, a0, a1)]
    blocked = [(x.start + off - s0, x.end + off - s0)
               for found_kind in (para.dates, para.money, para.people, para.counts)
               for x in _within(found_kind, a0, a1)]
    names = []
    for m in found:
        a = m.start() - s0
        # a longer suffix word wins over the one it contains (产业园区 over 产业园 is the rule's order)
        b = m.end() - s0
        tail = r.phase.match(sentence, b)
        if tail:
            b = tail.end()    # 项目（一期）, 项目二期
        if any(x0 < b and a < x1 for x0, x1 in protected if (x0, x1) != (a, b) and x1 > a and x0 >= a):
            continue          # the suffix is inside an organization's name (某某工程有限公司)
        start = name_start(sentence, a, protected)
        if start is None or sentence[start] in "（(" or sentence.startswith("—", b):
            continue          # (PPP)项目: no name before it; 某某工程——甲工程: a description of the name after
        start += _joint_length(sentence, start, a)     # 暨金海…项目: the joining word is no part of it
        if _described(sentence, start) or r.venue.match(sentence, b) or \
                r.descriptor.search(sentence, _clause(sentence, start)[0], b) or \
                (sentence[start] in r.lone_unit and not any(x0 == start for x0, _ in places)):
            continue          # 该工程是…工程: a description; …园区举行: a venue; 市…园区: no proper name
        name = sentence[start:b]
        if any(x0 < b and start < x1 for x0, x1 in blocked):
            continue          # a date, amount, count or person inside: not a name
        # the places that open the name are its region's, told apart: the name starts after
        # them, unless a route goes on from them (张北至胜利…工程)
        opening = start
        placed = max([start] + _leading(start, b, places))
        if placed < b and sentence[placed] not in r.route:
            start = placed
        start += _zone_length(sentence, start, a)
        start += _framing_length(sentence[start:b])
        name = sentence[start:b]
        leading = _leading(start, b, protected)
        core, phase, capacity = core_of(name, [e - start for e in leading])
        investors = [n for o in para.organizations for n in short_names(o.name)[1:]]
        proper = (placed > opening or bool(leading) or capacity is not None
                  or any(core.startswith(n) for n in investors))
        if not is_name(name, core, proper):
            continue
        names.append((opening, start, b, name, core, phase, capacity))
    out = []
    for k, (opening, start, end, name, core, phase, capacity) in enumerate(names):
        seg0 = names[k - 1][2] if k else 0
        seg1 = names[k + 1][1] if k + 1 < len(names) else len(sentence)
        stage, planned = _stage(sentence, opening, start, end)
        if stage is None and event is not None and not planned and not _plans(sentence, start):
            stage = _EVENT_STAGES[event.type]      # named in the event's story
        if stage is None:
            continue
        told_in = event if event is not None and _EVENT_STAGES[event.type] == stage else None
        one = len(names) == 1
        lo, hi = (0, len(sentence)) if one else (seg0, seg1)
        orgs = [o.name for o in para.organizations if lo <= o.start + off - s0 < hi]
        # a list item's money is its own: between the item before and the next 、
        item0 = lo if one else max([lo, _clause(sentence, opening)[0]]
                                   + [m.end() for m in re.finditer("、", sentence[:opening])])
        item1 = hi if one else min([hi] + [end + m.start() for m in re.finditer("、", sentence[end:hi])])
        invest, annual = _money(para, off - s0, sentence, start, end, item0, item1, True, phase)
        region = _region(para, off - s0, sentence, (opening, start, end), (seg0, names[0][1]), told_in)
        date = _date(annotated, para, off - s0, sentence, start, told_in)
        sectors = [x.name for x in para.sectors if lo <= x.start + off - s0 < hi]
        out.append(ProjectMention(
            name=name, core=core, stage=stage, source=doc.source, document_id=doc.id,
            event_id=told_in.id if told_in is not None else None, phase=phase,
            name_start=s0 + start, name_end=s0 + end, region=region, date=date,
            organizations=list(dict.fromkeys(orgs)), investment_yuan=invest, annual_investment_yuan=annual,
            capacity=capacity, sectors=list(dict.fromkeys(sectors)),
            evidence=Evidence(sentence.strip(), s0 + (len(sentence) - len(sentence.lstrip())),
                              s0 + len(sentence.rstrip()))))
    return out


def _leading(start: int, end: int, protected: list[tuple[int, int]]) -> list[int]:
    """Ends of the places and organizations that open the name, one after the other."""
    ends, pos = [], start
    while True:
        nxt = [e for s, e in protected if s == pos and e < end]
        if not nxt:
            return ends
        pos = max(nxt)
        ends.append(pos)


def _clause(sentence: str, pos: int) -> tuple[int, int]:
    """The clause around ``pos``, read at most CLAUSE_WINDOW either way (a line of megabytes
    without a comma must not be read whole for every name in it)."""
    floor, ceiling = max(0, pos - CLAUSE_WINDOW), min(len(sentence), pos + CLAUSE_WINDOW)
    a = max([floor] + [sentence.rfind(c, floor, pos) + 1 for c in "，,；;：:"])
    b = min([ceiling] + [i for i in (sentence.find(c, pos, ceiling) for c in "，,；;") if i >= 0])
    return a, b


def _plans(sentence: str, end: int) -> bool:
    """A plan word before ``end`` that is not about money (拟投资, 计划总投资 tell an amount)."""
    r = rules()
    return any(not r.amount_after_plan.match(sentence, m.end(), m.end() + 3)
               for m in r.plan.finditer(sentence, 0, end))


def _condition(sentence: str, pos: int) -> bool:
    """A condition word (后, 时) within a few characters after a stage word, no break between."""
    m = rules().condition.search(sentence, pos, pos + 4)
    return bool(m) and not _DELIMITER.search(sentence, pos, m.start())


def _stage(sentence: str, opening: int, start: int, end: int) -> tuple[str | None, bool]:
    """The stage the sentence puts the name in: the stage word nearest it in its clause, or in a
    the next clause when the name opens its own (甲项目，总投资…，今天开工); of two side by side
    (竣工投产) the later stage. A word followed by 后 (建成后) is a condition, no stage. Also
    whether the word is a plan (a plan word before it in its clause: 计划开工): then no stage."""
    r = rules()
    c0, c1 = _clause(sentence, start)
    leads = sentence[c0:opening].strip() == ""
    c2 = _clause(sentence, c1 + 1)[1] if c1 < len(sentence) else c1      # the clause after it
    found = []
    for rank, (stage, pattern) in enumerate(r.stages):
        for m in pattern.finditer(sentence):
            if _condition(sentence, m.end()):
                continue      # 建成后, 建成投产后: a condition, not a stage
            if not (c0 <= m.start() < c1 or (leads and c1 <= m.start() < c2)):
                continue
            dist = m.start() - end if m.start() >= end else start - m.end()
            found.append((0 if c0 <= m.start() < c1 else 1, abs(dist), m.start(), m.end(), stage))
    if not found:
        return None, False
    best = min(found)
    # 竣工投产, 建成投用: the word right after the chosen one says the later stage
    after = [f for f in found if best[3] <= f[2] <= best[3] + 1]
    stage, at = best[4], best[2]
    if after and STAGE_ORDER[after[0][4]] > STAGE_ORDER[stage]:
        stage = after[0][4]
    a, _ = _clause(sentence, at)
    if r.plan.search(sentence, a, at):
        return None, True
    return stage, False


def _money(para: ParagraphMentions, shift: int, sentence: str, start: int, end: int, lo: int, hi: int,
           one: bool, phase: str | None = None) -> tuple[int | None, int | None]:
    """Total and annual investment told of this project: the first amount after its name in its
    stretch of the sentence (a list item, or the sentence when it names this project alone),
    else the nearest one before it (those further back belong to what is named between). An amount right after a
    count (12个项目总投资…) is the batch's; one before a whole-word (总投资60亿元，其中甲项目)
    is the whole's; one right after a phase word the project does not have (首期总投资) is the
    phase's."""
    r = rules()
    after: dict[str, list[int]] = {"total": [], "annual": []}
    before: dict[str, list[int]] = {"total": [], "annual": []}
    for money in _within(para.money, -shift, len(sentence) - shift):
        if money.currency != "CNY" or money.value <= 0:
            continue
        a = money.start + shift
        if not lo <= a < hi or (a < start and not one):
            continue
        if a > end and r.list_end.search(sentence, end, a):
            continue      # A项目、B项目等，总投资…: the list's total
        if any(0 <= c.start + shift - (money.end + shift) <= 4 for c in para.counts):
            continue      # 总投资71亿元的48个项目: the batch's
        ahead = sentence[max(lo, a - 12):a]
        if r.batch_count.search(ahead):
            continue
        if a < start and r.whole.search(sentence, money.end + shift, start):
            continue      # 总投资60亿元，其中甲项目: the whole's
        word = r.part.search(sentence[max(lo, a - 5):a])
        if word and word.group() != phase:
            continue      # 首期总投资8亿元: a phase's
        kind = "total" if money.role in _TOTAL_ROLES else "annual" if money.role in _ANNUAL_ROLES else None
        if kind:
            (before if a < start else after)[kind].append(int(round(money.value)))

    def pick(kind: str) -> int | None:
        return after[kind][0] if after[kind] else before[kind][-1] if before[kind] else None

    return pick("total"), pick("annual")


def _region(para: ParagraphMentions, shift: int, sentence: str, span: tuple[int, int, int],
            lead: tuple[int, int], event: Event | None) -> Region | None:
    """Where the project is: the places that open its name (兰山区鲁新…项目), else the most
    specific place named before it in its stretch of the sentence or right after it (…项目在
    兰山区开工, 落户…), the nearest among equals, else the event's region, else a place before
    the list it is in; all within the event's region when it was told in one. None rather
    than the story's place when the sentence names none (a national story's project is not
    its outlet's)."""
    opening, start, end = span
    base = event.region if event is not None and event.region else None
    places = [(p.start + shift, p.end + shift, p.region) for p in para.places
              if p.region is not None and p.kind == "division" and p.region.adcode != NATION.adcode
              and 0 <= p.start + shift < len(sentence)]          # 我国 is no project's place
    if base is not None:
        places = [x for x in places if is_within(x[2].adcode, base.adcode)]
    leading = [g for a, b, g in places if opening <= a and b <= start]
    if leading:
        return max(leading, key=_depth)
    seg0, first = lead
    c1 = _clause(sentence, end)[1]
    near = [(a, g) for a, b, g in places if seg0 <= a < opening]
    near += [(a, g) for a, b, g in places
             if end <= a < c1 and rules().after_name.fullmatch(sentence, end, a)]
    if near:
        deepest = max(_depth(g) for _, g in near)
        return min(((abs(opening - a), g) for a, g in near if _depth(g) == deepest), key=lambda x: x[0])[1]
    if base is not None:
        return base
    before = [g for a, b, g in places if a < first]
    return max(before, key=_depth) if before else None


def _depth(region: Region) -> int:
    return len(region.adcode.rstrip("0"))


def _date(annotated: AnnotatedDocument, para: ParagraphMentions, shift: int, sentence: str, start: int,
          event: Event | None) -> DateSpan:
    """The date of the event the project was told in (a batch's day), else the one its
    sentence gives (the nearest before the name, else the first), else the day the story was
    published."""
    if event is not None and event.date.start:
        return DateSpan(event.date.start, event.date.end, event.date.precision)
    dates = [d for d in para.dates if 0 <= d.start + shift < len(sentence) and d.start_date]
    if dates:
        before = [d for d in dates if d.start + shift < start]
        d = before[-1] if before else dates[0]
        return DateSpan(d.start_date, d.end_date, d.precision)
    if annotated.published is not None:
        return DateSpan(annotated.published.isoformat(), None, "day")
    return DateSpan()
