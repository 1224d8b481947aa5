"""Read the named projects of a document: one scan for name endings (项目, 工程 ...), then, in
the sentences that also hold a stage word or an event, the name's start, stage, figures,
region and date from the paragraph's mentions."""
from __future__ import annotations

import bisect
import logging
import re

from ..errors import RadarError
from ..records import (AnnotatedDocument, DateSpan, Event, Evidence, ParagraphMentions, ProjectMention, Region)
from ..regions.table import is_within
from .rules import rules

__all__ = ["find_projects", "name_start", "core_of", "is_name"]

_log = logging.getLogger(__name__)

# what ends the stretch a name can start in: punctuation, quotes, brackets and spaces
_DELIMITER = re.compile(r"[，。；：、,;:！？!?“”\"《》「」\s]")
_MAX_NAME = 40
_MIN_CORE = 4
_COUNTED = re.compile(r"[0-9一二三四五六七八九十百千]+(个|批|项|家|大)")
_NO_NAME_CHAR = re.compile(r"[^\u4e00-\u9fffA-Za-z0-9（）()·\-]")
# money roles that are a project's total investment, and its year's planned spend
_TOTAL_ROLES = ("total", "signed")
_ANNUAL_ROLES = ("annual", "planned")
_EVENT_STAGES = {"signing": "signing", "groundbreaking": "groundbreaking", "completion": "completion",
                 "key_projects": "key_projects"}


def find_projects(annotated: AnnotatedDocument, events: list[Event]) -> list[ProjectMention]:
    text = annotated.text
    r = rules()
    # a suffix followed by another (产业园项目) is inside the name that the second one ends
    hits = [m for m in r.suffix.finditer(text) if not r.suffix.match(text, m.end())]
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
    for i, found in by_sentence.items():
        s0, s1 = annotated.sentences[i]
        sentence = text[s0:s1]
        p_index = bisect.bisect_right(para_starts, s0) - 1
        event = _event_of(events, s0, s1)
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


def _event_of(events: list[Event], s0: int, s1: int) -> Event | None:
    """The event told in this sentence, else the last one the story told before it (此次签约
    的项目包括…, 本次签约的项目中 … a later paragraph)."""
    best = None
    for ev in events:
        if ev.evidence is None or ev.type not in _EVENT_STAGES:
            continue
        if ev.evidence.start < s1 and ev.evidence.end > s0:
            return ev
        if ev.evidence.end <= s0 and (
                best is None or ev.evidence.end > best.evidence.end):
            best = ev
    return best


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
        phase = re.sub(r"[（()）]|工程|项目", "", m.group(0))
        rest = rest[:m.start()] + rest[m.end():]
    return rest, phase, capacity


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


def is_name(name: str, core: str) -> bool:
    """Whether a span names one project: not a count (12个项目), not a stretch that ran into
    other words, a core with enough that is not generic."""
    r = rules()
    if not core or len(name) > _MAX_NAME or _COUNTED.search(name) or r.not_in.search(name):
        return False
    if _NO_NAME_CHAR.search(name):
        return False
    head = core[:r.suffix.search(core).start()] if r.suffix.search(core) else core
    if any(m.end() == len(head) for m in r.generic.finditer(head)):
        return False      # …重点项目, …签约项目: a kind of projects, not one
    bare = r.suffix.sub("", r.generic.sub("", core))
    return len(bare) >= _MIN_CORE and not bare.isdigit()


def _sentence_projects(annotated: AnnotatedDocument, para: ParagraphMentions, s0: int, s1: int,
                       found: list[re.Match], event: Event | None) -> list[ProjectMention]:
    """The named projects of one sentence (offsets of ``found`` into the document)."""
    r = rules()
    text = annotated.text
    doc = annotated.document
    off = para.start
    sentence = text[s0:s1]
    places = [(p.start + off - s0, p.end + off - s0) for p in para.places]
    protected = places + [(o.start + off - s0, o.end + off - s0) for o in para.organizations]
    blocked = [(x.start + off - s0, x.end + off - s0) for x in (*para.dates, *para.money, *para.people, *para.counts)]
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
        if start is None:
            continue
        name = sentence[start:b]
        if any(x0 < b and start < x1 for x0, x1 in blocked):
            continue          # a date, amount, count or person inside: not a name
        # the places that open the name are its region's, told apart: the name starts after them
        start = max([start] + _leading(start, b, places))
        start += _framing_length(sentence[start:b])
        name = sentence[start:b]
        leading = _leading(start, b, protected)
        core, phase, capacity = core_of(name, [e - start for e in leading])
        if not is_name(name, core):
            continue
        names.append((start, b, name, core, phase, capacity))
    out = []
    for k, (start, end, name, core, phase, capacity) in enumerate(names):
        seg0 = names[k - 1][1] if k else 0
        seg1 = names[k + 1][0] if k + 1 < len(names) else len(sentence)
        stage, planned = _stage(sentence, start, end)
        if stage is None and event is not None and not planned:
            stage = _EVENT_STAGES[event.type]      # listed in the event's story
        if stage is None:
            continue
        told_in = event if event is not None and _EVENT_STAGES[event.type] == stage else None
        one = len(names) == 1
        lo, hi = (0, len(sentence)) if one else (seg0, seg1)
        orgs = [o.name for o in para.organizations if lo <= o.start + off - s0 < hi]
        invest, annual = _money(para, off - s0, sentence, start, end, lo, hi, one)
        region = _region(annotated, para, off - s0, start, hi, told_in)
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
    a = max((m.end() for m in re.finditer(r"[，,；;：:]", sentence[:pos])), default=0)
    m = re.compile(r"[，,；;]").search(sentence, pos)
    return a, (m.start() if m else len(sentence))


def _stage(sentence: str, start: int, end: int) -> tuple[str | None, bool]:
    """The stage the sentence puts the name in: the stage word nearest it in its clause, else
    nearest in the sentence (a word followed by 后, 建成后, is a condition and no stage). Also
    whether that word is a plan (a plan word before it in its clause: 计划开工): then no stage."""
    r = rules()
    c0, c1 = _clause(sentence, start)
    best = None
    for stage, pattern in r.stages:
        for m in pattern.finditer(sentence):
            if r.condition.match(sentence, m.end()):
                continue      # 建成后, 达产后: a condition, not a stage
            inside = c0 <= m.start() < c1
            dist = m.start() - end if m.start() >= end else start - m.end()
            key = (0 if inside else 1, abs(dist))
            if best is None or key < best[0]:
                best = (key, stage, m.start())
    if best is None:
        return None, False
    _, stage, at = best
    a, _ = _clause(sentence, at)
    if r.plan.search(sentence, a, at):
        return None, True
    return stage, False


def _money(para: ParagraphMentions, shift: int, sentence: str, start: int, end: int, lo: int, hi: int,
           one: bool) -> tuple[int | None, int | None]:
    """Total and annual investment told of this project: amounts after its name in its stretch
    of the sentence, or before it when the sentence names this project alone; an amount right
    after a count (12个项目总投资…) is the batch's."""
    invest = annual = None
    for money in para.money:
        if money.currency != "CNY" or money.value <= 0:
            continue
        a = money.start + shift
        if not lo <= a < hi or (a < start and not one):
            continue
        before = sentence[max(lo, a - 12):a]
        if re.search(r"[0-9一二三四五六七八九十]+(个|批|项)", before):
            continue
        if money.role in _TOTAL_ROLES and invest is None:
            invest = int(round(money.value))
        elif money.role in _ANNUAL_ROLES and annual is None:
            annual = int(round(money.value))
    return invest, annual


def _region(annotated: AnnotatedDocument, para: ParagraphMentions, shift: int, start: int, hi: int,
            event: Event | None) -> Region | None:
    """The most specific division the sentence names up to the end of the project's stretch
    (the nearest before the name among equals) when it lies within the event's (or story's)
    place or there is none, else the event's region, else the story's."""
    base = event.region if event is not None and event.region else None
    home = base or annotated.home
    named = [(p.start + shift, p.region) for p in para.places
             if 0 <= p.start + shift < hi and p.region is not None and p.kind == "division"]
    if home is not None:
        named = [(at, g) for at, g in named if is_within(g.adcode, home.adcode)]
    if named:
        deepest = max(_depth(g) for _, g in named)
        near = [(abs(start - at), -at, g) for at, g in named if _depth(g) == deepest]
        return min(near, key=lambda x: (x[0], x[1]))[2]
    return home


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
