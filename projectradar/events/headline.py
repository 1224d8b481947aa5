"""What a headline alone tells: the count and the place of the event the body tells (某市12个项目集中开工
over a story that never repeats the count), or an event of its own when the body never names it."""
from __future__ import annotations

from ..records import Region
from .classify import has_cue
from .document import AssemblyState, DocView, Draft
from .places import nested
from .rules import cue
from .when import pick_date

__all__ = ["title_count", "title_drafts", "title_home"]


def _title_counts(d: DocView) -> list:
    """The title's counts of projects or works (12个项目, 5个重大工程)."""
    return [c for c in d.annotated.title_counts if cue("projects_or_works").search(c.noun)]


def title_count(d: DocView, draft: Draft) -> int | None:
    """The project count a teaser headline gives the body's event (某市12个项目集中开工 over a
    story of the ceremony that never repeats the count): the title must name the draft's place
    and a trigger of its type, with one count; None otherwise."""
    if draft.type not in ("signing", "groundbreaking", "completion") or draft.region is None:
        return None
    counts = _title_counts(d)
    if len(counts) != 1 or [h.type for h in d.title_hits] != [draft.type]:
        return None
    for place in d.annotated.title_places:
        region = place.region if place.kind == "division" else None
        if region is not None and region.adcode == draft.region.adcode:
            return counts[0].value
    return None


def title_drafts(d: DocView, state: AssemblyState) -> list[Draft]:
    """The event a headline alone tells (某市12个项目集中开工 over a body that never names
    the start): one draft when the title, kept outside the text, gives one place, one count
    and one trigger, and no draft of its type and place was read; its evidence is the first
    body sentence naming the place, its day that sentence's."""
    title = d.doc.title or ""
    if not title or title in d.text or has_cue("target", title) or has_cue("plan", title) \
            or has_cue("cumulative", title):
        return []
    hits = d.title_hits
    counts = _title_counts(d)
    if len(hits) != 1 or hits[0].type not in ("signing", "groundbreaking", "completion") or len(counts) != 1:
        return []
    places = [p for p in d.annotated.title_places if p.kind == "division"]
    region = places[0].region if len(places) == 1 else None
    if region is None or region.level not in ("province", "city", "district"):
        return []
    if any(x.type == hits[0].type and nested(x.region, region) for x in state.drafts):
        return []
    for index, (s0, s1) in enumerate(d.spans):
        if places[0].text not in d.text[s0:s1]:
            continue
        p_index = d.para_of[index]
        para = d.paragraph(p_index)
        date, explicit, _ = pick_date(para, s0 - para.start, s1 - para.start, s1 - para.start)
        draft = Draft(hits[0].type, (hits[0].type,), index, p_index, s0, s1, hits[0].weight * 0.8,
                      region=region, region_explicit=True, date=date, date_explicit=explicit)
        draft.count = counts[0].value
        return [draft]
    return []


def title_home(d: DocView, destinations: list) -> Region | None:
    """The first division the title names that is none of the trip's destinations, or None
    (某县委书记带队赴长三角招商 → 某县)."""
    for place in d.annotated.title_places:
        if place.kind != "division":
            continue
        region = place.region
        if region is None or region.level not in ("province", "city", "district"):
            continue
        if not any(x.get("adcode") and nested(region, Region("", x["adcode"], "", [])) for x in destinations):
            return region
    return None
