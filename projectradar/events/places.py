"""Which region an event belongs to, and the places a delegation went to."""
from __future__ import annotations

from typing import NamedTuple

from ..records import ParagraphMentions, Region, spans_starting_in
from ..regions.cues import held_at
from ..regions.table import LEVEL_RANK, MUNICIPALITIES, NATION, is_within, lookup, self_reference
from ..text import CLAUSE_WINDOW
from .document import AssemblyState, DocView
from .rules import cue


class PlaceAt(NamedTuple):
    """A place a sentence names, as the event stage reads it: where it is written
    ([start, end) of the paragraph), the region it stands for (None for a foreign
    investor's country) and the kind of mention (division, self, group, foreign)."""
    start: int
    region: Region | None
    kind: str
    end: int


def _named_before(d: DocView, para: ParagraphMentions, start: int, want: str) -> Region | None:
    """The last division of level `want` named before offset `start` of `para`, in it or in the
    two paragraphs before (a subheading 某市：… above 该市 counts), not as a destination or venue."""
    index = next((i for i, (a, _) in enumerate(d.paragraph_spans) if a == para.start), None)
    if index is None:
        return None
    for i in range(index, max(-1, index - 3), -1):
        here = para if i == index else d.paragraph(i)
        for place in reversed(here.places):
            region = place.region
            if (i < index or place.start < start) and region is not None and place.kind == "division" \
                    and region.level == want and not is_destination(here.text, place.start) \
                    and not is_venue(here, place.start, place.end):
                return region
    return None


def _self_region(word: str, state: "AssemblyState", d: DocView, para: ParagraphMentions | None = None,
                 start: int = 0) -> Region | None:
    """What 全市 / 该区 / 全省 / 全国 mean at this point of the story."""
    meaning = self_reference(word)
    if meaning.level == "nation":
        return NATION
    want = meaning.level
    if meaning.refers == "named":
        named = _named_before(d, para, start, want) if para is not None else None
        if named is not None:
            return named    # 宜宾：… (a subheading) / 今年，该市共实施…
        for region in reversed(state.recent):
            if region.level == want or (want == "city" and region.level == "province"
                                        and region.adcode[:2] in MUNICIPALITIES):
                return region
    home = d.home
    if home is not None:
        if home.level == want or (want == "city" and home.level == "district" and home.name.endswith(word[-1])):
            return home     # 全市 in a 兰溪 story is 兰溪 (a county-level city)
        if want == "province" and home.level in ("city", "district"):
            return lookup(home.adcode[:2] + "0000") or home
        if want == "city" and home.level == "district":
            return lookup(home.adcode[:4] + "00") or home
        if want == "city" and home.level == "province" and home.adcode[:2] in MUNICIPALITIES:
            return home
    for region in reversed(state.recent):
        if region.level == want:
            return region
    return home if want != "district" else None


def is_destination(text: str, start: int) -> bool:
    """A place after 赴/到/前往, or listed after one (奔赴成都、重庆)."""
    return bool(cue("towards_before").search(text[max(0, start - 4):start])
                or cue("towards_list").search(text[max(0, start - 20):start]))


def _enumeration(para: ParagraphMentions, before: list[PlaceAt], chosen: PlaceAt) -> PlaceAt | None:
    """青岛、烟台、潍坊等5地开工: a place in a list stands for the list's common province or
    city, or for the place named before the list."""
    text = para.text
    follows = text[chosen.end:chosen.end + 1]
    precedes = text[chosen.start - 1:chosen.start] if chosen.start else ""
    if follows != "、" and not cue("list_end").fullmatch(follows) and precedes != "、":
        return None
    members = [chosen]
    if chosen.region is None:
        return None
    for place in reversed(before[:-1]):
        gap = text[place.end:members[0].start]
        if cue("list_join").match(gap) and place.region is not None:
            members.insert(0, place)
        else:
            break
    if len(members) < 2 and not cue("list_end").fullmatch(follows):
        return None
    earlier = [p for p in before if p.start < members[0].start and p.region is not None]
    codes = [m.region.adcode for m in members]
    for width, suffix in ((4, "00"), (2, "0000")):
        if len({c[:width] for c in codes}) == 1:
            common = lookup(codes[0][:width] + suffix)
            if common is not None and common.adcode not in codes:
                return PlaceAt(members[0].start, common, "division", members[-1].end)
            if common is not None and width == 2:
                return PlaceAt(members[0].start, common, "division", members[-1].end)
    if earlier:
        return earlier[-1]
    # 江苏、浙江等9个省份: many provinces, no one region
    group = Region("、".join(m.region.name for m in members), "", "group", [])
    return PlaceAt(members[0].start, group, "group", members[-1].end)


def pick_region(para: ParagraphMentions, s0: int, s1: int, hit_pos: int, clause: tuple[int, int],
                 state: "AssemblyState", d: DocView, *, trip: bool, kind_of: str = "") -> tuple[Region | None, bool, list]:
    """The region of a trigger at `hit_pos` (paragraph offsets) and the destinations seen.

    Returns (region, explicit, destinations) where destinations are the places that
    follow a 赴/到/前往 cue (the subject of a trip is never one of them).
    """
    before: list[PlaceAt] = []
    after: list[PlaceAt] = []
    destinations: list[tuple[str, Region | None]] = []
    venue_skip = kind_of in ("signing", "meeting", "award")
    for place in para.places:
        start, end, text, region, kind = place.start, place.end, place.text, place.region, place.kind
        if not (s0 <= start < s1):
            continue
        towards = is_destination(para.text, start) or (trip and hit_pos < start < clause[1]
                                                       and not _quoted(para.text, s0, start))
        if towards and not trip and cue("partner_before").fullmatch(para.text[max(0, start - 1):start]) \
                and any(p.kind == "foreign" and s0 <= p.start < start and cue("investor_after").match(para.text, p.end)
                        and start - p.end <= 10 for p in para.places):
            towards = False     # 一家德国企业与太仓市签约: the foreign investor's partner is the place
        if kind == "self" and self_reference(text) is not None:
            region = _self_region(text, state, d, para, start) or region
        if towards and kind != "self":
            destinations.append((text, region if kind != "group" else None))
            continue
        if kind == "foreign" and cue("site_before").fullmatch(para.text[max(0, start - 1):start]) \
                and cue("abroad_site").match(para.text, end):
            # 将在印尼投资建设镍铁项目: the project lies abroad, it is no event of the home county
            return Region("foreign", "", "foreign", []), True, destinations
        if venue_skip and start < hit_pos and cue("venue_before").fullmatch(para.text[max(0, start - 1):start]) \
                and any(b.region is not None for b in before):
            continue    # 襄阳高新区在深圳举办推介会: 深圳 is the venue, 襄阳 the subject
        if is_venue(para, start, end, d.home):
            continue    # 永新县（东莞）推介会: the fair's host city, not its organizer
        if kind == "division" and region is not None and (cue("investor_after").match(para.text, end)
                                                           or cue("partner_firm_after").match(para.text, end)) \
                and cue("partner_list_before").fullmatch(para.text[max(0, start - 1):start]) \
                and any(p.start != start and p.kind == "division" and p.region is not None and s0 <= p.start < s1
                        for p in para.places):
            continue    # 东莞市与香港一家物流集团签约, 甲市和北京某能源、北京某电子等企业签约: the partners' home
        if cue("ranking_after").match(para.text, end):
            continue    # 这三项数据均列全省第一: a ranking, not the place of the projects
        if kind_of == "key_projects" and kind == "division" and cue("example_project_after").match(para.text, end):
            continue    # 甲市会展中心项目等重点项目166个: the example project's place, not the list's
        if kind != "self" and cue("origin_after").match(para.text, end):
            continue    # 65个港澳企项目参与签约: the investors' home, not the projects' place
        if kind == "division" and para.text[max(0, start - 1):start] in ("（", "(") \
                and para.text[end:end + 1] in ("）", ")") and cue("investor_after").match(para.text, end + 1):
            continue    # 某某（北京）草业集团: the home a firm writes in its name
        if region is None or region.level in ("group", "foreign"):
            if kind == "foreign" and start < hit_pos and not cue("investor_after").match(para.text, end):
                before.append(PlaceAt(start, None, "foreign", end))
            continue    # 与一家新加坡企业签约: the investor's country, not where the project is
        (before if start < hit_pos else after).append(PlaceAt(start, region, kind, end))
    # a group (京津, 长三角) is a partner or a source (承接京津产业转移), rarely the event's
    # region: it stands for the event only when the sentence names no division
    if any(p.kind != "group" for p in before + after):
        before = [p for p in before if p.kind != "group"]
        after = [p for p in after if p.kind != "group"]
    in_clause = [p for p in before if p.start >= clause[0]]
    subjects = [p for p in before if p.kind != "self" and cue("subject_after").match(para.text, p.end)]
    if kind_of == "target" and subjects:
        chosen = subjects[-1]   # 保定将聚焦…，确保…: the place before 将/要/力争 owns the goal
    elif in_clause:
        chosen = in_clause[-1]
    elif before:
        chosen = before[-1]
    else:
        after_in_clause = [p for p in after if p.start < clause[1]]
        chosen = after_in_clause[0] if after_in_clause else None
    if before and chosen is before[-1]:
        chosen = _enumeration(para, before, chosen) or chosen
    settled = [p for p in after if p.start - hit_pos <= CLAUSE_WINDOW
               and cue("settled_before").search(para.text[hit_pos:p.start])
               and not _in_part(para.text, s0, p.start)]
    if settled:
        chosen = settled[0]         # 项目落地西宁: where it settles is where it belongs
    if chosen is not None and chosen.region is not None and chosen.region.adcode == NATION.adcode:
        named = [p for p in before + after if p.kind != "self" and p.region is not None
                 and clause[0] <= p.start < clause[1]]
        if named:
            chosen = named[-1]      # 全国首个…枢纽落地浙江: the province, not the nation
    word = para.text[chosen.start:chosen.end] if chosen is not None else ""
    # 全市 is the story's city; 我国 / 全国 as the clause's subject (我国在…推出) is the nation,
    # but 全国重点推进的…工程 in 漳浦 is an attribute and the place named before wins
    subject = chosen is not None and chosen.start >= clause[0] and (
        cue("our_nation").fullmatch(word) or cue("subject_verb").fullmatch(para.text[chosen.end:chosen.end + 1]))
    if chosen is not None and chosen.kind == "self" and not (
            self_reference(word) is not None and chosen.region is not None
            and (chosen.region.adcode != NATION.adcode or subject)):
        named = [p for p in before if p.kind != "self" and p.region is not None]
        if named:
            chosen = named[-1]      # 在重庆，当地…: 当地 is the place just named (全市 is the story's city)
    if chosen is not None and chosen.region is not None and chosen.kind not in ("foreign", "group"):
        # 西藏自治区林芝市: of places written together, the last is the most precise
        for nxt in sorted(after + before, key=lambda p: p.start):
            if nxt.start == chosen.end and nxt.region is not None and nxt.kind != "self" \
                    and nxt.region.adcode[:2] == chosen.region.adcode[:2]:
                chosen = nxt
    if chosen is None:
        return None, False, destinations
    if chosen.kind == "foreign":
        return Region("foreign", "", "foreign", []), True, destinations
    return chosen.region, chosen.kind != "self", destinations


def _quoted(text: str, s0: int, pos: int) -> bool:
    """True when `pos` lies inside a quotation opened in the sentence (“湖南-长三角经贸洽谈周”: a name)."""
    return text.count("“", s0, pos) > text.count("”", s0, pos)


def _in_part(text: str, s0: int, pos: int) -> bool:
    """True when the clause holding `pos` opens on 其中 (…，其中13个项目落户甲市): a part's place."""
    start = max(text.rfind(mark, s0, pos) for mark in "，,；;")
    return bool(cue("part_lead").match(text[max(start + 1, s0):pos].lstrip()))


def trip_destinations(places: list, region: Region | None) -> list[dict]:
    """The places a trip went to as {name, adcode}, without its own region."""
    out, seen = [], set()
    for name, place_region in places:
        if region is not None and place_region is not None and place_region.adcode == region.adcode:
            continue
        if name in seen:
            continue
        seen.add(name)
        out.append({"name": name, "adcode": place_region.adcode if place_region else None})
    return out


def paragraph_region(para: ParagraphMentions, s0: int, state: AssemblyState, d: DocView) -> PlaceAt | None:
    """The last province, city or district named in the paragraph before `s0` (no destinations,
    no venues)."""
    for place in reversed(para.places):
        start, region = place.start, place.region
        if start < s0 and region is not None and place.kind not in ("self", "group") \
                and region.level in ("province", "city", "district") \
                and not is_destination(para.text, start) and not is_venue(para, start, place.end, d.home):
            return PlaceAt(start, region, place.kind, place.end)
    return None


def remember_places(para: ParagraphMentions, s0: int, s1: int, state: AssemblyState, home: Region | None = None) -> None:
    """Note the divisions a sentence names, for 该区 later on."""
    for place in para.places:
        region = place.region
        if s0 <= place.start < s1 and region is not None and place.kind not in ("self", "group") \
                and region.level in ("province", "city", "district") and not is_venue(para, place.start, place.end, home) \
                and not cue("example_project_after").match(para.text, place.end):
            state.recent.append(region)


def is_venue(para: ParagraphMentions, start: int, end: int, home: Region | None = None) -> bool:
    """True when the place at [start, end) is where a home place's fair is held: written in
    brackets right after the organizer (永新县（东莞）推介会), or 在<place>举行 with a division named
    earlier in the sentence (…推介会在东莞市举行) or after the verb, or with none named in a story
    whose place holds the venue, for a gathering of many (集中签约仪式在乌鲁木齐举行 in a 新疆 story:
    the province's ceremony)."""
    text = para.text
    venue = next((p.region for p in spans_starting_in(para.places, start, start + 1)), None)
    if home is not None and venue is not None and venue.adcode != home.adcode \
            and is_within(venue.adcode, home.adcode) and held_at(text, start, end) \
            and cue("gathering").search(text, _sentence_start(text, start), start):
        return True     # but 某水电工程开工仪式在林芝市举行: one works, started where it is built
    if text[max(0, start - 1):start] in ("（", "(") and text[end:end + 1] in ("）", ")"):
        # 新疆（乌鲁木齐）洽谈会: the organizer's fair, held in its capital or elsewhere
        return any(p.end == start - 1 and _holds_elsewhere(p.region, venue)
                   for p in spans_starting_in(para.places, start - CLAUSE_WINDOW, start))
    held = held_at(text, start, end)
    if held:
        sentence_start = _sentence_start(text, start)
        # the organizer's name after the verb, in the same clause: 在北京举办了“甲市招商推介会”
        limit = min(len(text), held.end() + CLAUSE_WINDOW)
        name_end = min((i for i in (text.find(c, held.end(), limit) for c in "，,。；;！？\n") if i >= 0),
                       default=limit)
        # 中国辽宁国际投资贸易洽谈会在沈阳开幕: the province's fair, held in its capital
        return any((sentence_start <= p.start < start and p.end != start or held.end() <= p.start < name_end)
                   and p.kind not in ("group", "foreign") and _holds_elsewhere(p.region, venue)
                   for p in spans_starting_in(para.places, sentence_start, name_end))
    return False


def _sentence_start(text: str, pos: int) -> int:
    """Where the sentence holding `pos` starts, read back at most a clause window (a paragraph
    without a full stop must not be read back whole for every place in it)."""
    floor = max(0, pos - CLAUSE_WINDOW)
    return max([floor] + [text.rfind(c, floor, pos) + 1 for c in "。！？\n"])


def _holds_elsewhere(organizer: Region | None, venue: Region | None) -> bool:
    """True when a fair of `organizer` held in `venue` is not the venue's own: the organizer is
    another division, not one inside the venue (高新区…在某市举行 is the zone's, held at home)."""
    if organizer is None or venue is None or organizer.level not in ("province", "city", "district"):
        return False
    return organizer.adcode != venue.adcode and not is_within(organizer.adcode, venue.adcode)


def nested(a: Region | None, b: Region | None) -> bool:
    """True when one region is the other or lies inside it (滨海新区 in 天津)."""
    if a is None or b is None:
        return False
    ca, cb = a.adcode.rstrip("0") or "0", b.adcode.rstrip("0") or "0"
    return ca.startswith(cb) or cb.startswith(ca) or NATION.adcode in (a.adcode, b.adcode)


def strictly_inside(part: Region | None, whole: Region | None) -> bool:
    """True when `part` is a division strictly inside `whole` (a county in its province)."""
    return part is not None and whole is not None and part.adcode != whole.adcode \
        and nested(part, whole) and len(part.adcode.rstrip("0")) > len(whole.adcode.rstrip("0"))


def level_of_region(region: Region) -> str | None:
    """The key-project level a region stands for: province → provincial, ..."""
    if region.adcode == NATION.adcode:
        return "national"
    return {"province": "provincial", "city": "city", "district": "district"}.get(region.level)


_HOLDER_LEVEL = {"city": "city", "district": "district"}


def list_holder(level: str | None, region: Region, state: AssemblyState) -> Region | None:
    """The division a 市级 (县级) list read without a place belongs to when the story's place is
    above that level: the city (county) named last inside it (南昌：… then 今年筛选市级重大项目624个
    in a province's story is 南昌's list). None when there is none or nothing to change."""
    want = _HOLDER_LEVEL.get(level or "")
    if want is None or region.adcode[:2] in MUNICIPALITIES \
            or LEVEL_RANK.get(region.level, 9) >= LEVEL_RANK[want]:
        return None
    return next((r for r in reversed(state.recent) if r.level == want and is_within(r.adcode, region.adcode)), None)
