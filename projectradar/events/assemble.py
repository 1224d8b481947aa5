"""Build Event records from the trigger hits of a document: type, region, date, figures, people.

The path: `DocView` finds candidate sentences (one scan); for each, `filter_hits`
keeps the triggers no cue vetoes, `group_units` makes event units, and places,
dates and figures are given to them (places.py, when.py, figures.py); `settle`
(settle.py) fills what a sentence leaves open from the story and merges
continuations; breakdowns, tables and lines of places (tables.py) and the
headline (headline.py) add drafts; `finish` (finish.py) drops what restates or
lacks a fact and `to_event` writes the record.
"""
from __future__ import annotations

import logging
import re

from ..errors import RadarError
from ..records import AnnotatedDocument, DateSpan, Event, ParagraphMentions, Person
from ..regions.table import unit_level
from .classify import clause_of, clauses, filter_hits, group_units, has_cue, is_related, level_cue
from .document import AssemblyState, DocView, Draft, UnitDraft, YEARLY, absorb, compatible
from .figures import attach_figures, carry_figures, carry_restated, is_project_count, sentence_view, single_and_metrics
from .finish import finish, to_event
from .headline import title_drafts
from .places import is_destination, nested, pick_region, remember_places, strictly_inside, trip_destinations
from .rules import cue
from .settle import settle
from .tables import breakdown_items, list_lines, place_lines, place_runs, table_drafts, trip_lines
from .triggers import find_hits
from .when import catch_up, day_told_before, is_stated_date, next_day, pick_date, reported_day, year_span

__all__ = ["assemble_events"]

_log = logging.getLogger(__name__)


def assemble_events(annotated: AnnotatedDocument) -> list[Event]:
    """The events of one document (see `projectradar.events.extract_events`)."""
    d = DocView(annotated)
    doc = annotated.document
    if not d.hot:
        return []
    state = AssemblyState()
    consumed: set[tuple[int, int]] = set()   # (paragraph, mention start) already given out
    for index in d.hot:
        try:
            _sentence_events(d, state, index, consumed)
        except RadarError:
            raise
        except Exception:  # one odd sentence must not cost the page its other events
            _log.warning("events: skipped sentence at %s:%d after an internal error",
                         doc.id, d.spans[index][0], exc_info=True)
    drafts = finish(d, state.drafts + table_drafts(d, state) + place_lines(d, state) + place_runs(d, state)
                    + list_lines(d, state) + trip_lines(d, state) + title_drafts(d, state))
    _attendees(d, drafts)
    _trip_venues(d, drafts)
    _more_recipients(d, drafts)
    return [to_event(d, draft) for draft in drafts]


def _trip_venues(d: DocView, drafts: list[Draft]) -> None:
    """A delegation that joined a fair or promotion held elsewhere (在甲市、乙市举办的…推介活动中；
    我县组团参加了…活动) and names no place of its own went where the story says it was held:
    the venues told up to the trip's sentence, outside the trip's own region."""
    for draft in drafts:
        if draft.type != "investment_trip" or draft.destinations or draft.region is None:
            continue
        found: list[dict] = []
        for index in range(draft.sentence + 1):
            s_abs, e_abs = d.spans[index]
            para = d.paragraph(d.para_of[index])
            for m in cue("trip_venue").finditer(d.text, s_abs, e_abs):
                for place in para.places:
                    at = para.start + place.start
                    region = place.region
                    if not (m.start("places") <= at < m.end("places")) or region is None \
                            or place.kind in ("self", "group", "foreign") or nested(region, draft.region):
                        continue
                    if all(x["name"] != place.text for x in found):
                        found.append({"name": place.text, "adcode": region.adcode})
        draft.destinations = found


def _more_recipients(d: DocView, drafts: list[Draft]) -> None:
    """The places an award went to, listed on in a later sentence (荣获…称号的20个县市区还包括：
    甲市乙区、丙县): more recipients of the story's one award that already names some."""
    awards = [x for x in drafts if x.type == "award"]
    if len(awards) != 1 or not awards[0].orgs:
        return
    award = awards[0]
    for index in range(award.sentence + 1, len(d.spans)):
        s_abs, e_abs = d.spans[index]
        m = cue("award_more").search(d.text, s_abs, e_abs)
        if m is None:
            continue
        para = d.paragraph(d.para_of[index])
        names: list[str] = []
        previous_end = None
        for place in para.places:
            if not (m.end() <= para.start + place.start < e_abs) or place.region is None:
                continue
            if previous_end == place.start and names:
                names[-1] += place.text     # 甲市乙区: places written together are one recipient
            else:
                names.append(place.text)
            previous_end = place.end
        for name in names:
            if all(o["name"] != name for o in award.orgs):
                award.orgs.append({"name": name})


# what a leader attended (the named group of attended_event that matched) → the event types it may be
_ATTENDED = {"meeting": ("meeting",), "signing": ("signing",), "groundbreaking": ("groundbreaking",),
             "completion": ("completion",), "ceremony": ("signing", "groundbreaking", "completion")}


def _attendees(d: DocView, drafts: list[Draft]) -> None:
    """A sentence of its own later in the story that names a leader at the meeting or ceremony
    (副市长某某出席会议; 某某出席投产仪式) names that event's people, when the story tells only
    one event of that kind: with two, whose meeting it was is not known."""
    for index, (s_abs, e_abs) in enumerate(d.spans):
        m = cue("attended_event").search(d.text, s_abs, e_abs)
        if m is None:
            continue
        kinds = next(_ATTENDED[name] for name, told in m.groupdict().items() if told)
        held = [x for x in drafts if x.type in kinds and not x.mention_only]
        if len(held) != 1 or held[0].sentence > index:
            continue
        para = d.paragraph(d.para_of[index])
        for person in para.people:
            if s_abs <= para.start + person.start < m.start() and person.title \
                    and all(p.name != person.name for p in held[0].people):
                held[0].people.append(Person(person.name, person.title))


def _sentence_events(d: DocView, state: AssemblyState, index: int, consumed: set) -> None:
    """Read one candidate sentence: its hits become drafts with region, date, figures and people."""
    s_abs, e_abs = d.spans[index]
    p_index = d.para_of[index]
    hits = filter_hits(d.text[s_abs:e_abs], find_hits(d.text[s_abs:e_abs]))
    if not hits:
        return      # the anchor word was there, no trigger is: parse nothing
    para = d.paragraph(p_index)
    s0, s1 = s_abs - para.start, min(e_abs, para.end) - para.start
    sentence = para.text[s0:s1]
    # remember places and dates of the paragraph's earlier sentences (for 该区, bare sentences)
    catch_up(d, state, p_index, para, s0)
    spans = clauses(sentence)
    units = group_units(sentence, hits, spans)
    if not units:
        remember_places(para, s0, s1, state, d.home)
        return
    related = is_related(sentence)
    heading = (para.text.strip() == sentence.strip() and len(sentence.strip()) <= 40
               and not re.search(r"[。！？!?；;，,：:]", sentence))
    new: list[UnitDraft] = []
    for unit_hits, clause_index, types in units:
        # the surest word of the unit stands for it; of equals, the last (继…推进会后, 2月2日, 甲区召开推进大会)
        hit = max(unit_hits, key=lambda h: h.weight)
        clause_index = clause_of(spans, hit.start)
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
        if kind == "meeting":
            organ = cue("organ_holder").search(left_clause)
            draft.holder_level = unit_level(organ.group(1)) if organ else None
        if has_cue("generic", left_clause.lstrip("“”\"")) and not cue("figure").search(para.text[clause[0]:clause[1]]):
            continue
        if related and state.drafts and has_cue("part", sentence):
            continue    # 本次签约的项目中，投资10亿元以上的项目有6个: a breakdown of the ceremony just told
        if _part_of_list(state, sentence, kind, index, p_index, d) and not any(
                s0 <= m.start < s1 and m.precision == "day" for m in para.dates):
            continue    # 安排重点项目380个。其中，新开工项目120个: a part of the list, not a start
        if kind == "key_projects" and _level_part_of_happening(d, state, sentence, hits, hit, index, p_index):
            continue    # 集中开工项目290个，其中，省级重点项目67个；市级重点项目223个: the start's projects again
        listed = cue("in_enumeration").search(left_sentence) if kind == "key_projects" else None
        if listed and cue("piece_count").search(left_sentence[:listed.start()]):
            continue    # 220个实施项目…，包括20个重大创新载体、130个重大产业项目: a kind of the projects told
        if kind not in ("target", "award") and (has_cue("target", left_clause)
                                 or (has_cue("target", left_sentence) and cue("bounded_below").search(sentence, hit.start))
                                 or cue("quoted_goal").match(sentence, hit.end)):
            draft.type, draft.types = "target", ("target",) + types
        if has_cue("plan", para.text[max(clause[0], pos - 6):s0 + hit.end]) or has_cue("plan", left_clause):
            draft.plan = True
            if kind in ("signing", "groundbreaking", "completion") \
                    and cue("planned_batch").search(para.text[max(clause[0], pos - 6):s0 + hit.end]) \
                    and not has_cue("progress", para.text[clause[0]:clause[1]]) \
                    and not any(s0 <= m.start < s1 and m.precision == "day" and not m.relative
                                for m in para.dates):
                # 计划开工项目107个: a goal (5月8日，计划开工的12个项目全部开工 tells the start)
                draft.type, draft.types = "target", ("target",) + types
        if (has_cue("cumulative", left_sentence) or has_cue("cumulative", para.text[clause[0]:clause[1]])) \
                and draft.type not in ("meeting", "award", "investment_trip"):
            draft.cumulative = True     # 上半年重点项目观摩活动 is one meeting, not a running total
        if draft.type in ("signing", "groundbreaking", "completion") and not draft.plan and has_cue("period", sentence) \
                and not any(s0 <= m.start < s1 and m.precision == "day" for m in para.dates):
            draft.cumulative = True     # 一季度，全县新签约项目25个: the quarter's total
        last = state.drafts[-1] if state.drafts else None
        if last is not None and last.cumulative and last.paragraph == p_index and index - last.last == 1 \
                and d.text[s_abs - 1:s_abs] in ("；", ";") and draft.type in ("signing", "groundbreaking", "completion") \
                and not any(s0 <= m.start < s1 and m.precision == "day" for m in para.dates):
            draft.cumulative = True     # …签约项目25个；新开工项目18个: the same period goes on
        region, explicit, destinations = pick_region(para, s0, s1, pos, clause, state, d,
                                                      trip=draft.type == "investment_trip",
                                                      kind_of=draft.type)
        draft.region, draft.region_explicit = region, explicit
        if draft.type == "award" and cue("award_received").search(hit.text):
            _award_giver(draft, para, s0, pos)
        elif draft.type == "award" and cue("award_conferred").match(hit.text):
            _award_giver(draft, para, s0, pos, s0 + hit.end)
        # a meeting's holder or a delegation may be named by 全省 / 我县 (全省…动员大会召开, 我县组团参加…)
        held = explicit or draft.type in ("meeting", "investment_trip")
        draft.subject_in_clause = held and region is not None and any(
            clause[0] <= p.start < pos and p.region is not None and p.region.adcode == region.adcode
            and (explicit or p.kind == "self") for p in para.places)
        if draft.type == "investment_trip":
            draft.destinations = trip_destinations(destinations, region)
            _companies_visited(draft, sentence[hit.start:])
        day, stated, year = pick_date(para, s0, s1, pos)
        moved = reported_day(para, s0, s1, day, year, d.base)
        if moved is not None:
            day = moved
            d.mirrored.add(day.start)     # the page's date is a later mirror's
        if day is None and cue("next_day").search(sentence[:hit.start]):
            told = next((x.date for x in reversed(state.drafts)
                         if x.date is not None and x.date.precision == "day" and x.date_explicit), None)
            day = next_day(told)
            stated = day is not None    # 5月27日…推介会。次日，代表团一行赴广州: the day after
        if (day is None or day.precision != "day") and cue("same_day").search(sentence[:hit.start]):
            # 同日，新津区…集中开工: the day just told; a quarter or month after 同日/当天
            # (同日…二季度重点项目集中竣工) names the batch, not the day
            told = day_told_before(d, p_index, s0) or next(
                (x.date for x in reversed(state.drafts)
                 if x.date is not None and x.date.precision == "day" and x.date_explicit), None)
            if told is not None or day is None:
                day, stated = told, told is not None
        draft.date, draft.date_explicit = day, stated
        if draft.type in YEARLY:
            year = _list_year(d, para, s0, s1, pos) or year
        if draft.type in YEARLY or draft.plan:
            draft.date = year or (year_span(day.start[:4]) if day else None)
            draft.date_explicit = draft.date is not None
        elif draft.date is None and year is not None and not related \
                and draft.type not in ("meeting", "award", "investment_trip") \
                and not _named_year_of_news(d, draft, year):
            draft.date, draft.date_explicit = year, False   # a meeting's 2024年 is its name, not its day
        title_end = s0 + max(h.end for h in unit_hits)
        tail = cue("ceremony_tail").match(para.text, title_end, s0 + len(sentence))
        draft.title = _title(para.text[clause[0]:tail.end() if tail else title_end], draft.type)
        if draft.type == "key_projects" and has_cue("batch", para.text[clause[0]:clause[1]]) \
                and (has_cue("batch_started", sentence) or _starts_before(para, s0)):
            # 首批622个重点项目陆续展开 / 各地开工了一批项目。在安徽，首批460个重大项目…: a batch started together
            draft.type, draft.types = "groundbreaking", ("groundbreaking",)
            kind = "groundbreaking"
        if draft.type == "key_projects":
            # a clause without a place (其中，列入市级重点项目的…) is read in the story's place:
            # 市级 in 重庆 is provincial
            where = region or d.home
            draft.level = level_cue(para.text[clause[0]:clause[1]], where.adcode if where else None)
        new.append(UnitDraft(draft, hit, clause_index))
    attach_figures(d, para, s0, sentence, spans, new, consumed, p_index)
    for draft, hit, _clause in new:
        if draft.type == "key_projects":
            _whole_before_split(para, s0, sentence, hits, draft, hit)
    single_and_metrics(para, s0, sentence, spans, new)
    new = _merge_same_type(new)
    _attach_people(para, s0, s1, [n.draft for n in new])
    for draft, hit, clause_index in new:
        holder = settle(d, state, draft, related, para, s0)
        if holder is None:
            continue
        if holder.type in ("investment_trip", "meeting", "award"):
            _follow_up(d, holder, index, consumed)
        elif holder.count is None or holder.money is None:
            carry_figures(d, holder, index, consumed)
            if holder.type == "key_projects" and holder.money is None:
                carry_restated(d, holder, holder.last)
    remember_places(para, s0, s1, state, d.home)
    for draft, hit, clause_index in new:
        if draft.mention_only:
            continue
        items = breakdown_items(d, state, draft, para, s0, s1, sentence, spans, clause_index)
        if draft.part and len(items) < 2:
            continue    # a split by kind or size: no places of its own to share out
        if len(items) >= 2 and not draft.region_explicit and any(
                p.kind == "group" and s0 <= p.start < s0 + hit.start for p in para.places):
            # 苏南地区开工项目共719个，其中甲市107个、乙市152个: an area's subtotal, its cities are the events
            state.drafts = [x for x in state.drafts if x is not draft]
        state.drafts.extend(items)
    _breakdown_after(d, state, index, [n.draft for n in new if not (n.draft.mention_only or n.draft.part)])


def _award_giver(draft: Draft, para: ParagraphMentions, s0: int, pos: int, end: int | None = None) -> None:
    """甲省政府通报…，乙市、丙县荣获“…先进”: the places before 荣获 are the recipients (the
    award's organizations) and the award belongs to the place first named that holds them all.
    With `end` (授予乙区…奖, the trigger's end), the recipients are the places inside the trigger
    and the giver the place named last before it."""
    if end is None:
        named = [p for p in para.places if s0 <= p.start < pos and p.kind == "division" and p.region is not None]
        if len(named) < 2:
            return
        giver, recipients = named[0], named[1:]
    else:
        before = [p for p in para.places if s0 <= p.start < pos and p.region is not None]
        recipients = [p for p in para.places if pos <= p.start < end and p.region is not None]
        if not before or not recipients:
            return
        giver = before[-1]
    if not all(nested(r.region, giver.region) and r.region.adcode != giver.region.adcode for r in recipients):
        return
    draft.region, draft.region_explicit = giver.region, True
    names: list[str] = []
    for i, place in enumerate(recipients):
        if i and recipients[i - 1].end == place.start:
            names[-1] += place.text     # 武汉市新洲区: places written together are one recipient
        else:
            names.append(place.text)
    for name in names:
        if all(o["name"] != name for o in draft.orgs):
            draft.orgs.append({"name": name})


def _companies_visited(draft: Draft, text: str) -> None:
    """拜访企业12家 / 走访了15家企业: the companies a delegation saw go to metrics, never to
    project_count (which counts projects)."""
    if any(m.get("metric") == "companies_visited" for m in draft.metrics):
        return
    m = cue("companies_visited").search(text)
    if m:
        # 家, the unit the record states, is an output label
        draft.metrics.append({"metric": "companies_visited", "value": int(m.group(1)), "unit": "家",
                              "qualifier": "over" if m.group(2) else "exact"})


def _part_of_list(state: AssemblyState, sentence: str, kind: str, index: int, p_index: int,
                  d: DocView | None = None) -> bool:
    """True when a 其中 sentence splits the key-project list or goal just told (its starts,
    its completions): those are parts of the plan, not happenings. The split goes on after a
    semicolon (其中，农林项目6个，首批开工4个；基础设施项目16个，首批开工14个)."""
    if kind not in ("groundbreaking", "completion", "signing"):
        return False
    last = state.drafts[-1] if state.drafts else None
    if last is None or last.type not in YEARLY or last.paragraph != p_index:
        return False
    if cue("split_lead").match(sentence.lstrip()):
        return 0 < index - last.last <= 1
    if d is None:
        return False
    for prev in range(index - 1, last.last, -1):     # back over the split's earlier pieces
        s_prev, e_prev = d.spans[prev]
        if d.para_of[prev] != p_index or d.text[e_prev - 1:e_prev] not in ("；", ";"):
            return False
        if cue("split_lead").match(d.text[s_prev:e_prev].lstrip()):
            return prev - last.last == 1
    return False


_HAPPENING_SPLITS = ("signing", "groundbreaking", "completion")


def _whole_before_split(para: ParagraphMentions, s0: int, sentence: str, hits: list, draft: Draft, hit) -> None:
    """清单共包含项目2000个，其中省重大项目600个、…: a key-project trigger after 其中 names a part;
    the list's count is the whole counted before 其中 with no trigger of its own."""
    split = None
    for split in cue("whole_then_part").finditer(sentence, 0, hit.start):
        pass
    if split is None:
        return
    view = sentence_view(para.text, s0, s0 + split.start())
    wholes = [c for c in para.counts if s0 <= c.start < s0 + split.start() and is_project_count(c, view)
              and not any(h.start <= c.start - s0 < h.end for h in hits)]
    if wholes and (draft.count is None or wholes[-1].value > draft.count):
        draft.count = wholes[-1].value


def _named_year_of_news(d: DocView, draft: Draft, year: DateSpan) -> bool:
    """True when the only year of a start, signing or completion is the publication's own
    (2024年第一批重大项目集中开工 in a page of 2024-04-02): the year names the batch, and the
    page's day says more of when it happened than the year (the day is filled in later).
    A running total (2024年全市共签约…) keeps its year."""
    return d.base is not None and not draft.cumulative and not draft.plan \
        and year.start[:4] == str(d.base.year)


def _list_year(d: DocView, para: ParagraphMentions, s0: int, s1: int, pos: int) -> DateSpan | None:
    """The year a key-project list or goal is of (rule 4): the year named nearest before its trigger
    (在去年…的基础上，今年再次筛选2022年度市级重大项目624个 is 2022's), else the one year
    the title names when the sentence names none (甲区2022年1-12月项目总结, published the next
    year), else None."""
    years = [m for m in para.dates if s0 <= m.start < s1 and m.precision == "year" and m.start_date]
    before = [m for m in years if m.start < pos]
    if before:
        return year_span(before[-1].start_date[:4])
    if years:
        return None
    return year_span(str(d.title_year)) if d.title_year else None


def _level_part_of_happening(d: DocView, state: AssemblyState, sentence: str, hits: list, hit, index: int,
                             p_index: int) -> bool:
    """True when a key-project clause splits a signing or start told just before by level
    (集中开工项目290个，其中，省级重点项目67个；市级重点项目223个): the same projects again, no list.
    The split follows 其中 in the same sentence, or goes on in the next one after a semicolon."""
    if any(h.type in _HAPPENING_SPLITS and h.end <= hit.start
           and cue("whole_then_part").search(sentence[h.end:hit.start]) for h in hits):
        return True
    last = state.drafts[-1] if state.drafts else None
    if last is None or last.type not in _HAPPENING_SPLITS or last.paragraph != p_index or index - last.last != 1:
        return False
    s_abs = d.spans[index][0]
    before = d.text[d.spans[index - 1][0]:s_abs]
    return d.text[s_abs - 1:s_abs] in ("；", ";") and bool(cue("whole_then_part").search(before))


def _starts_before(para: ParagraphMentions, s0: int) -> bool:
    """True when the paragraph tells a groundbreaking before offset `s0`."""
    left = para.text[:s0]
    return any(h.type == "groundbreaking" for h in filter_hits(left, find_hits(left)))


def _breakdown_after(d: DocView, state: AssemblyState, index: int, drafts: list) -> None:
    """A sentence of its own after an event that splits it by place, with no trigger of its
    own (。其中，甲区12个、乙区15个。): one event per place, of the event's type."""
    nxt = index + 1
    if not drafts or nxt >= len(d.spans) or d.para_of[nxt] != d.para_of[index]:
        return
    s_abs, e_abs = d.spans[nxt]
    sentence = d.text[s_abs:e_abs]
    if not cue("split_lead").match(sentence) or filter_hits(sentence, find_hits(sentence)):
        return
    para = d.paragraph(d.para_of[nxt])
    parent = next((x for x in reversed(drafts) if x.has_figures()), drafts[-1])
    state.drafts.extend(breakdown_items(d, state, parent, para, s_abs - para.start, e_abs - para.start,
                                        sentence, clauses(sentence), -1))


def _merge_same_type(new: list[UnitDraft]) -> list[UnitDraft]:
    """Units of one type in one sentence are one event unless their figures differ
    (签约仪式, 30个项目现场签约 … 成为全市首个集中签约的区县)."""
    for item in new:
        # one sentence, one reading of a running total: 截至1月30日…集中签约等活动…签约项目626个
        if item.draft.cumulative:
            for other in new:
                if other.draft.type == item.draft.type and not other.draft.has_figures():
                    other.draft.cumulative = True
    kept: list[UnitDraft] = []
    for item in new:
        draft = item.draft
        twin = next((k for k in kept if k.draft.type == draft.type and k.draft.umbrella == draft.umbrella
                     and compatible(k.draft, draft)
                     # 全省集中开工，其中福州市开工项目86个: a part with its own place and figures
                     and not (k.draft.region_explicit and draft.region_explicit and k.draft.region and draft.region
                              and k.draft.region.adcode != draft.region.adcode
                              and draft.has_figures() and not k.draft.has_figures())
                     # 我县作为分会场随全省仪式开工14个项目: a sub-venue's own batch, not the province's
                     and not (k.draft.region_explicit and strictly_inside(draft.region, k.draft.region)
                              and draft.has_figures() and not k.draft.has_figures())
                     and (not k.draft.has_figures() or not draft.has_figures()
                          or (k.draft.region and draft.region and k.draft.region.adcode == draft.region.adcode))), None)
        if twin is None:
            kept.append(item)
            continue
        if not twin.draft.has_figures() and draft.has_figures() and not twin.draft.region_explicit:
            twin.draft.region, twin.draft.region_explicit = draft.region, draft.region_explicit
        absorb(twin.draft, draft)
    return kept


def _follow_up(d: DocView, draft: Draft, index: int, consumed: set) -> None:
    """Read the sentences after a trip, meeting or award for what the first one left out:
    the places a delegation went and the projects it saw; the leaders who spoke at a meeting."""
    for nxt in range(index + 1, min(index + 4, len(d.spans))):
        p_index = d.para_of[nxt]
        if draft.type == "investment_trip" and p_index != draft.paragraph and not (
                p_index == draft.paragraph + 1 and is_related(d.text[d.spans[nxt][0]:d.spans[nxt][1]])):
            break       # the next paragraph goes on about the trip only when it says so (代表团一行…)
        para = d.paragraph(p_index)
        s0, s1 = d.spans[nxt][0] - para.start, d.spans[nxt][1] - para.start
        sentence = para.text[s0:s1]
        hits = [h for h in filter_hits(sentence, find_hits(sentence)) if h.type != "signing"]
        if any(h.type != draft.type for h in hits) or any(
                s0 <= m.start < s1 and m.precision == "day" and is_stated_date(m)
                and not (draft.date and m.start_date == draft.date.start) for m in para.dates):
            break
        first_hit = min((h.start for h in find_hits(sentence)), default=len(sentence))
        if draft.type == "investment_trip" and not is_related(sentence) \
                and not any(s0 <= p.start < s1 and is_destination(para.text, p.start) for p in para.places):
            break       # 南京则推出…: the next sentence tells another place's news, not the trip's route
        if draft.type == "investment_trip":
            names = {x["name"] for x in draft.destinations}
            for place in para.places:
                start, text, region, kind = place.start, place.text, place.region, place.kind
                if not (s0 <= start < s1) or kind == "self" or text in names \
                        or not (is_related(sentence) or is_destination(para.text, start)):
                    continue
                if draft.region and region and (region.adcode == draft.region.adcode
                                                 or draft.region.adcode.startswith(region.adcode.rstrip("0"))):
                    continue
                names.add(text)
                draft.destinations.append({"name": text, "adcode": region.adcode if region and region.adcode and kind != "group" else None})
            if draft.count is None:
                for count in para.counts:
                    if s0 <= count.start < s0 + first_hit and (p_index, count.start) not in consumed \
                            and is_project_count(count, sentence_view(para.text, s0, s1)):
                        draft.count = count.value
                        consumed.add((p_index, count.start))
                        break
            _companies_visited(draft, sentence)
            draft.end = max(draft.end, d.spans[nxt][1])
        elif cue("talk").search(sentence):
            for person in para.people:
                if s0 <= person.start < s1 \
                        and all(p.name != person.name for p in draft.people):
                    draft.people.append(Person(person.name, person.title))
            if draft.type == "award":
                for org in _organizations(para):
                    if s0 <= org.start < s1 and all(o["name"] != org.name for o in draft.orgs):
                        draft.orgs.append({"name": org.name})


def _title(left: str, kind: str) -> str | None:
    """The ceremony or meeting name the clause gives after 举行/召开 (…签约活动), or None."""
    if kind not in ("signing", "groundbreaking", "completion", "meeting", "award"):
        return None
    m = cue("title_after_verb").search(left)
    if m:
        title = m.group(1)
    else:
        # 某区春季重点项目集中开工仪式在…举行: the clause names its ceremony
        named = cue("ceremony_name").search(left)
        if not named:
            return None
        title = named.group(1)
    title = cue("leading_date").sub("", title).strip()
    if title.count("“") != title.count("”"):
        title = title.replace("“", "").replace("”", "")
    title = title.strip("\"")
    return title if 4 <= len(title) <= 50 else None


def _organizations(para: ParagraphMentions) -> list:
    """The organizations an event may name: those of a paragraph that names a firm, a school, a
    hospital or an association (a paragraph of laboratories and centres names none)."""
    return para.organizations if para.organizations and cue("firm_named").search(para.text) else []


def _attach_people(para: ParagraphMentions, s0: int, s1: int, drafts: list[Draft]) -> None:
    """Give the sentence's people (and, for awards and deals, organizations and sectors) to its drafts."""
    people = [p for p in para.people if s0 <= p.start < s1]
    orgs = [o for o in _organizations(para) if s0 <= o.start < s1]
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
