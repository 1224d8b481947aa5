"""Fill what a sentence left open from the story so far, and merge a draft into the event it continues."""
from __future__ import annotations

from ..records import ParagraphMentions, Region
from ..regions.table import unit_level
from .classify import has_cue
from .document import AssemblyState, DocView, Draft, HAPPENINGS, YEARLY, absorb, compatible
from .headline import title_home
from .places import is_destination, list_holder, nested, paragraph_region, strictly_inside
from .rules import cue
from .when import day_told_before, year_span

__all__ = ["settle"]


def _place_part(draft: Draft, lead: Draft) -> bool:
    """True when draft tells a place inside lead's place (合肥市：… under 安徽省's start): its share,
    told on its own line, maybe after one line that only introduces the parts (从各市情况看：)."""
    return (draft.type == lead.type and draft.region_explicit and draft.region is not None
            and lead.region is not None and draft.region.adcode != lead.region.adcode
            and draft.region.adcode.startswith(lead.region.adcode.rstrip("0") or "-"))


def part_of(d: DocView, state: AssemblyState, draft: Draft) -> Draft | None:
    """The event just told that `draft` splits again, or None: a signing, start or completion
    with smaller figures than the same-type event a few sentences before, in the same place,
    on the same day (or none of its own), neither of them a running
    total or plan the other is not. An umbrella's parts (集中开竣工…其中新开工41项) and a
    place's share (其中甲市37个) are events of their own and never match here. A key-project count
    right after a dated start, smaller than it, splits the start by level."""
    if draft.type == "key_projects" and draft.count is not None and state.drafts:
        # 4月7日，集中开工重点项目290个，其中省级重点项目67个…；市级重点项目223个: the start split by level
        earlier = state.drafts[-1]
        if earlier.type in ("signing", "groundbreaking", "completion") and not earlier.umbrella \
                and not earlier.plan and not earlier.cumulative and earlier.count is not None \
                and earlier.count > draft.count and earlier.date is not None and earlier.date.precision == "day" \
                and earlier.date_explicit and draft.sentence - earlier.last <= 1 and earlier.paragraph == draft.paragraph \
                and earlier.region is not None and draft.region is not None \
                and earlier.region.adcode == draft.region.adcode:
            return earlier
        return None
    if draft.type not in ("signing", "groundbreaking", "completion") or not draft.has_figures():
        return None
    start, end = d.spans[draft.sentence]
    if has_cue("addition", d.text[start:end]):
        return None     # 同日签约的还有乙项目，总投资6亿元: one more project, not a split
    if cue("this_occasion").search(d.text, start, end):
        return None     # 一季度开工70个。其中列入本次集中开工的37个: the ceremony's projects, not a split
    for earlier in reversed(state.drafts[-6:]):
        if draft.sentence - earlier.last > 3 or draft.paragraph - d.para_of[earlier.last] > 1:
            return None
        if earlier.type != draft.type:
            continue
        if earlier.umbrella or earlier.breakdown or earlier.cumulative != draft.cumulative \
                or earlier.plan != draft.plan or not earlier.has_figures():
            return None
        if draft.region is not None and earlier.region is not None and draft.region.adcode != earlier.region.adcode:
            return None     # 我市的签约项目有8个 after the province's 107: a place's share
        if draft.date_explicit and draft.date is not None and earlier.date is not None \
                and draft.date.start != earlier.date.start:
            return None
        pairs = [(a, b) for a, b in ((draft.count, earlier.count), (draft.money, earlier.money))
                 if a is not None and b is not None]
        among = cue("among_whole").search(d.text[draft.start:draft.end])
        if among and draft.count == earlier.count == int(among.group(1)) and draft.money is not None:
            pairs = pairs[1:]   # 签约的16个项目中，二产项目14个，投资119.9亿元: the whole's count, the part's amount
        return earlier if pairs and all(a < b for a, b in pairs) else None
    return None


def county_before(d: DocView, p_index: int, upto: int, home: Region) -> Region | None:
    """The last county-level division inside `home` named before offset `upto` of paragraph
    `p_index` (three paragraphs back at most), not as a destination; None when there is none."""
    prefix = home.adcode.rstrip("0")
    for index in range(p_index, max(-1, p_index - 4), -1):
        para = d.paragraph(index)
        for place in reversed(para.places):
            region = place.region
            if (index < p_index or place.start < upto) and place.kind == "division" and region is not None \
                    and region.level == "district" and region.adcode.startswith(prefix) \
                    and not is_destination(para.text, place.start):
                return region
    return None


def _host_day(d: DocView, state: AssemblyState, draft: Draft, s0: int):
    """The day of the dated happening a 会上 / 现场 sentence goes on about: the last such draft a
    few paragraphs back, else the last day the text states there (4月18日，某州推介会在某地举行。…
    推介会现场签约项目36个); None when there is none."""
    host = next((x for x in reversed(state.drafts[-6:]) if x.type in HAPPENINGS and x.date is not None
                 and x.date.precision == "day" and x.date_explicit and not x.cumulative
                 and 0 <= draft.paragraph - x.paragraph <= 4
                 and d.item_of(x.paragraph) == d.item_of(draft.paragraph)), None)
    if host is not None:
        return host.date
    return day_told_before(d, draft.paragraph, s0)


def settle(d: DocView, state: AssemblyState, draft: Draft, related: bool, para: ParagraphMentions, s0: int) -> Draft | None:
    """Fill what the sentence left open from the story so far, then merge the draft into the
    event it continues (此次开工共计19个项目 after the ceremony) or keep it as a new one."""
    bare = (not draft.region_explicit and not draft.date_explicit) or draft.mention_only \
        or (not draft.has_figures() and not draft.date_explicit)
    previous = state.drafts[-1] if state.drafts else None
    near = previous is not None and (previous.paragraph == draft.paragraph or related) \
        and draft.sentence - previous.sentence <= 3 and d.item_of(previous.paragraph) == d.item_of(draft.paragraph)
    if draft.region is None:
        named = paragraph_region(para, s0, state, d)
        if draft.type == "investment_trip":
            # a delegation leaves from home: the story's place, never an earlier trip's
            # destination nor the venue of a fair it held away (在深圳举办推介会。次日，代表团…)
            draft.region = d.home_at(draft.paragraph) or (named.region if named is not None else None)
            county_leader = any(p.title and unit_level(p.title[:1]) == "district" for p in draft.people)     # 县委书记, 区长
            if county_leader and draft.region is not None and draft.region.level != "district":
                # 县委书记 on a city's page: the county named last before, when there is one
                draft.region = county_before(d, draft.paragraph, s0, draft.region) or draft.region
        elif near and (named is None or named.start + para.start < previous.start):
            # 本次27个项目… after the places' shares of the signing: the signing's place, not the last share's
            draft.region = next((x.region for x in reversed(state.drafts) if not x.breakdown), previous.region) \
                if previous.breakdown and related else previous.region
        elif named is not None:
            draft.region = named.region
        else:
            # 此次集中开工重大项目共有… after the speeches: the region of the ceremony it goes on about
            host = next((x for x in reversed(state.drafts[-6:]) if x.type == draft.type and x.region is not None
                         and 0 <= draft.paragraph - x.paragraph <= 4
                         and d.item_of(x.paragraph) == d.item_of(draft.paragraph)), None) if related else None
            draft.region = host.region if host is not None else d.home_at(draft.paragraph)
    if draft.type == "key_projects" and not draft.region_explicit and draft.region is not None:
        draft.region = list_holder(draft.level, draft.region, state) or draft.region
    if draft.type == "investment_trip" and not draft.region_explicit and draft.region is not None \
            and any(x.get("adcode") and nested(draft.region, Region("", x["adcode"], "", []))
                    for x in draft.destinations):
        # the story's place was guessed from the trip's destinations: the title's own place, else unknown
        draft.region = title_home(d, draft.destinations)
    if draft.destinations and draft.region is not None:
        home = draft.region.adcode
        draft.destinations = [x for x in draft.destinations if not x.get("adcode") or not (
            x["adcode"] == home or home.startswith(x["adcode"].rstrip("0")))]
    if draft.title is None and near and previous.umbrella and draft.type in previous.types:
        draft.title = previous.title    # 其中，集中开工项目15个: a part of the ceremony just named
    listed = previous is not None and previous.type == draft.type and draft.sentence - previous.sentence <= 2
    if draft.date is None and draft.type in HAPPENINGS and not draft.plan and not draft.heading \
            and draft.has_figures():
        # 竣工项目28个 on its own line after "…集中开工、竣工和签约活动": a part of the ceremony
        # just told (or a line right after a dated one) takes its day, not the publication's
        # the drafts of the last sentence told are all "previous" (a start and its named meeting)
        last_told = {id(x) for x in state.drafts[-4:] if previous is not None and x.sentence == previous.sentence}
        lead = next((x for x in reversed(state.drafts[-4:]) if x.date is not None and x.date_explicit
                     and x.date.precision == "day" and draft.sentence - x.last <= 3
                     and ((x.umbrella and draft.type in x.types)
                          or (id(x) in last_told and 0 < draft.paragraph - x.paragraph <= 1
                              and draft.sentence - x.last <= 2)
                          or (id(x) in last_told and _place_part(draft, x) and 0 < draft.paragraph - x.paragraph <= 2
                              and draft.sentence - x.last <= 2))), None)
        if lead is not None:
            draft.date, draft.date_explicit = lead.date, True
            if draft.title is None and lead.umbrella:
                draft.title = lead.title
    if draft.date is None:
        if (near or listed) and previous.date is not None and (related or previous.type == draft.type
                                                              or previous.paragraph == draft.paragraph) \
                and (previous.type == draft.type or previous.date.precision != "year"):
            if draft.type in YEARLY or draft.plan:
                draft.date = year_span(previous.date.start[:4]) if previous.date.start else None
            else:
                draft.date = previous.date
            draft.date_explicit = previous.date_explicit
        elif draft.paragraph in state.last_date and draft.type not in YEARLY and not draft.plan:
            draft.date, draft.date_explicit = state.last_date[draft.paragraph], True
        elif related and draft.type in HAPPENINGS and not draft.plan and not draft.cumulative:
            # 大会现场集中签约… / 会上… a few paragraphs after the dated meeting or ceremony
            # (a paragraph of speeches between): what happened there, on its day
            day = _host_day(d, state, draft, s0)
            if day is not None:
                draft.date, draft.date_explicit = day, True
    elif related and draft.type in HAPPENINGS and draft.date.precision in ("quarter", "month") \
            and not draft.plan and not draft.cumulative:
        # 仪式现场，…宣布四季度重大项目集中开工: the quarter names the batch; the day is the ceremony's
        draft.date = _host_day(d, state, draft, s0) or draft.date
    if draft.type in HAPPENINGS and draft.date is not None and draft.date.precision in ("quarter", "month") \
            and not draft.plan and not draft.cumulative and cue("this_occasion").search(d.text, *d.spans[draft.sentence]):
        # 一季度开工70个。其中列入本次集中开工的37个: 本次 is the ceremony told, on its day
        draft.date = _host_day(d, state, draft, s0) or draft.date
    # continue the previous event of the same type
    for earlier in reversed(state.drafts[-8:]):
        if earlier.type != draft.type or draft.sentence - earlier.last > (6 if draft.mention_only else 3) \
                or earlier.paragraph != draft.paragraph and not related and not bare \
                or d.item_of(earlier.paragraph) != d.item_of(draft.paragraph) \
                or earlier.heading or draft.heading or (earlier.breakdown and related and not draft.region_explicit):
            continue    # a place's share told in between: 本次27个项目… goes on about the whole
        inside = draft.region and earlier.region and (
            draft.region.adcode == earlier.region.adcode
            or draft.region.adcode.startswith(earlier.region.adcode.rstrip("0")))
        if draft.region_explicit and earlier.region and draft.region and not draft.mention_only \
                and not (inside and not draft.has_figures()):
            break       # 其中，成都市开工项目120个: a part of its own, not the province's figure
        if earlier.sentence == draft.sentence and earlier.region_explicit and not earlier.has_figures() \
                and draft.has_figures() and strictly_inside(draft.region, earlier.region):
            break       # 我县作为分会场随全省仪式开工14个项目: a sub-venue's own batch, not the province's
        if draft.date_explicit and earlier.date and draft.date \
                and draft.date.start != earlier.date.start and draft.type not in YEARLY:
            break
        if not compatible(earlier, draft) or earlier.umbrella != draft.umbrella:
            break
        if draft.type == "investment_trip" and draft.region_explicit and draft.people and earlier.people \
                and earlier.region is not None and draft.region.adcode != earlier.region.adcode \
                and not {p.name for p in draft.people} & {p.name for p in earlier.people}:
            break       # 区委书记带队的招商考察团赴温州 after the city's delegation: a trip of its own
        if draft.type == "target" and draft.has_figures() and earlier.has_figures() \
                and draft.sentence != earlier.sentence:
            break       # two goals told in two sentences (projects; then road investment) stay two
        absorb(earlier, draft)
        return earlier
    if draft.mention_only:
        return None
    whole = part_of(d, state, draft)
    if whole is not None:
        # 其中，二产项目116个，签约金额1327亿元 / 10亿元以上项目12个: the projects just told again,
        # split by kind, size, contract form or sector: no new event
        draft.part = True
        whole.last = max(whole.last, draft.sentence)
        return None
    if draft.region is not None:
        state.recent.append(draft.region)
    state.drafts.append(draft)
    return draft
