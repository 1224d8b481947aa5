"""The last pass over a document's drafts: default dates and levels, drafts without a fact or out of
time dropped, restatements folded, and the Event records written."""
from __future__ import annotations

from ..records import DateSpan, Event, Evidence, Region
from ..regions.table import MUNICIPALITIES, is_within
from .document import DocView, Draft, HAPPENINGS, YEARLY, absorb, compatible
from .headline import title_count
from .places import level_of_region, nested
from .rules import cue
from .when import timely, year_span

__all__ = ["finish", "to_event"]


def finish(d: DocView, drafts: list[Draft]) -> list[Draft]:
    """Fill default dates and levels, drop drafts without a fact or out of time, fold restatements."""
    out: list[Draft] = []
    leads = _leads(drafts)
    for draft in drafts:
        if draft.region is None or draft.region.level == "foreign" or not draft.region.adcode:
            continue
        lead = leads.get(draft.type)
        if lead is not None and _share_of(draft, lead) and d.item_of(lead.paragraph) == d.item_of(draft.paragraph):
            draft.date, draft.date_explicit = lead.date, True
        told = _list_told(out, draft)
        if told is not None:
            absorb(told, draft)
            continue
        if draft.type == "key_projects" and draft.level is None:
            draft.level = level_of_region(draft.region)
        if draft.date is None:
            if draft.type in YEARLY or draft.plan:
                draft.date = year_span(d.year)
            elif d.base is not None:
                draft.date = DateSpan(d.base.isoformat(), d.base.isoformat(), "day")
            else:
                draft.date = year_span(d.year)
        if draft.count is None and not draft.breakdown and not draft.cumulative \
                and sum(x.type == draft.type and x.region is not None and x.region.adcode == draft.region.adcode
                        for x in drafts) == 1:
            draft.count = title_count(d, draft)   # the one event the headline tells
        one = draft.single and draft.count is None
        draft.count = 1 if one else draft.count
        at_meeting = next((o for o in out if o.type == "meeting" and o.sentence == draft.sentence
                           and o.region is not None and draft.region is not None
                           and o.region.adcode == draft.region.adcode), None) if draft.type == "award" else None
        if at_meeting is not None and not draft.date_explicit:
            # 召开…大会，…为先进单位颁奖: prizes given at the meeting just told, on its day
            draft.date = at_meeting.date
        if not (_concrete(draft, d.text) or at_meeting is not None) or not timely(d, draft):
            continue
        if one:
            draft.count = None  # set below: the ceremony told again with its figures is this event
        if draft.plan and draft.type in ("completion", "signing", "meeting", "investment_trip", "award"):
            continue    # 计划于2030年竣工投产: a plan, not a happening
        if draft.plan and draft.type != "target" and not draft.has_figures():
            continue    # 将开工建设一批灌区: a plan with no figure is no fact
        twin = next((o for o in out if o.type == draft.type and o.region and not o.heading and
                     o.region.adcode == draft.region.adcode and o.date and draft.date and
                     o.date.start == draft.date.start and compatible(o, draft)
                     and o.umbrella == draft.umbrella), None)
        if twin is not None:
            absorb(twin, draft)
            continue
        out.append(draft)
    # a happening told again without its day (这次动员大会上…) is the dated one
    precise = [o for o in out if o.type in HAPPENINGS and o.date and o.date.precision == "day" and o.date_explicit]
    folded = []
    for draft in out:
        if draft.type in HAPPENINGS and not (draft.date_explicit and draft.date.precision == "day"):
            twin = next((o for o in precise if o is not draft and o.type == draft.type
                         and o.region.adcode == draft.region.adcode and compatible(o, draft)), None)
            if twin is None and not draft.has_figures() and not draft.cumulative:
                # 日前，某市二季度重大项目集中开竣工… named before the line with its figures: that event
                twin = next((o for o in out if o is not draft and o.type == draft.type and o.has_figures()
                             and o.umbrella == draft.umbrella and not o.cumulative
                             and o.region.adcode == draft.region.adcode), None)
            if twin is not None:
                absorb(twin, draft)
                continue
        folded.append(draft)
    out = folded
    # 177个项目2至3年内开建 beside the list of those 177 projects: the list's projects, no start
    out = [o for o in out if not (o.type == "groundbreaking" and o.plan and o.count is not None and any(
        x.type == "key_projects" and x.count == o.count and nested(x.region, o.region) for x in out))]
    # a day of a trip told apart (a caption: 2月24日，书记率队考察…) is a leg of the same place's
    # trip told with its range of days (2月22日至24日…)
    ranged = [o for o in out if o.type == "investment_trip" and o.date and o.date.precision == "day"
              and o.date.end and o.date.start and o.date.end > o.date.start]
    legs = []
    for draft in out:
        if draft.type == "investment_trip" and all(draft is not o for o in ranged) and draft.date \
                and draft.date.precision == "day" and draft.date.start:
            host = next((o for o in ranged if o.region.adcode == draft.region.adcode
                         and o.date.start <= draft.date.start <= o.date.end), None)
            if host is not None:
                absorb(host, draft)
                continue
        legs.append(draft)
    out = legs
    for draft in out:
        if draft.single and draft.count is None:
            draft.count = 1     # after the folds: 启动项目开工水晶球 at the ceremony is no second start
    # a headline restates the story below it
    out = [o for o in out if not o.heading or not any(
        x is not o and not x.heading and x.type == o.type
        and (nested(x.region, o.region) or 0 < x.paragraph - o.paragraph <= 2) for x in out)]
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


_SHARES = ("signing", "groundbreaking", "completion")


def _list_told(out: list[Draft], draft: Draft) -> Draft | None:
    """The key-project list a later sentence restates without naming its place (甲县今年确定的
    50个重点项目涉及… after 甲县计划实施重点建设项目50个, read in the story's main place): the
    list of the same count and year told before in the same province."""
    if draft.type != "key_projects" or draft.region_explicit or draft.count is None or draft.breakdown:
        return None
    return next((o for o in out if o.type == "key_projects" and o.count == draft.count and not o.heading
                 and o.region is not None and o.region.adcode[:2] == draft.region.adcode[:2]
                 and compatible(o, draft)
                 and o.date and draft.date and o.date.start == draft.date.start), None)


def _leads(drafts: list[Draft]) -> dict[str, Draft]:
    """Of each kind, the dated ceremony a story opens with (12月1日，全省…同步举行，共签约…)."""
    leads: dict[str, Draft] = {}
    for x in sorted(drafts, key=lambda x: x.sentence):
        if x.type in _SHARES and x.region is not None and x.date is not None and x.date.precision == "day" \
                and x.date_explicit and not x.cumulative and not x.plan and not x.heading:
            for kind in x.types:
                leads.setdefault(kind, x)
    return leads


def _share_of(draft: Draft, lead: Draft) -> bool:
    """True when `draft` is a place's share of the lead ceremony told without a day of its own
    (阳泉市…集中签约项目15个 under the province's ceremony held in every city that day): a
    division below the lead's, later in the story, of one of its kinds, in its year if one is named."""
    if draft is lead or draft.type not in lead.types or draft.sentence <= lead.sentence \
            or draft.plan or draft.cumulative or draft.heading or draft.region is None:
        return False
    if draft.date is not None and (draft.date_explicit or draft.date.precision != "year"
                                   or draft.date.start[:4] != lead.date.start[:4]):
        return False
    return draft.region.adcode != lead.region.adcode and is_within(draft.region.adcode, lead.region.adcode)


def _concrete(draft: Draft, text: str) -> bool:
    """An event needs a fact: figures, or a date the text gives, or (trips) a leader; a goal
    handed down as a sheet (下达2024年目标任务书), the year it is for."""
    if draft.type in YEARLY:
        return draft.has_figures() or bool(draft.metrics) or (
            draft.type == "target" and draft.date_explicit and draft.date is not None
            and bool(cue("task_sheet").search(text[draft.start:draft.end])))
    if draft.type == "investment_trip":
        return draft.date_explicit or bool(draft.people or draft.destinations) or draft.subject_in_clause
    if draft.type == "award":
        return draft.date_explicit or bool(draft.orgs)
    if draft.type == "meeting":
        # 清江浦区召开重点项目建设推进会，区委书记…出席: the place holds it in the clause, its
        # leaders attend; the page's date stands for the day (so when 省委、省政府举行 it in a
        # province's story: the organ names the place by its level)
        held = draft.subject_in_clause or _held_by_organ(draft)
        return draft.date_explicit or (held and not draft.heading
                                       and (bool(draft.people) or draft.weight >= 0.85))
    invested = any(m.get("metric") == "investment" for m in draft.metrics)  # 3亿美元
    if draft.type == "signing" and not draft.umbrella and not draft.has_figures() and not invested \
            and (draft.weight < 0.85 or not draft.context):
        return False    # 签署合作备忘录 between two ministries: no investment told
    return draft.has_figures() or invested or draft.date_explicit


def _held_by_organ(draft: Draft) -> bool:
    """True when the organ that holds a meeting (县委、县政府召开) is of its region's level: 市委 for a
    city, a 县级市 or a province-level city (北京)."""
    level, region = draft.holder_level, draft.region
    if level is None or region is None:
        return False
    # a district-level name ending in 市 is a county-level city: the division's own suffix, read as grammar
    return level == region.level or (level == "city" and (
        (region.level == "district" and region.name.endswith("市"))
        or (region.level == "province" and region.adcode[:2] in MUNICIPALITIES)))


def to_event(d: DocView, draft: Draft) -> Event:
    """The Event record of a draft, with its confidence."""
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
