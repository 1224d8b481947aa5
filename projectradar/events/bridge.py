"""The mention finders and region resolver as the event stage uses them.

Each function delegates to the real finder in `projectradar.mentions`,
`projectradar.text` or `projectradar.resolve`; the few that add something say
what and why. A finder that raises is not papered over here: the assembler
isolates one failing sentence (see `assemble.py`) so the page keeps its other
events, and the error is visible rather than silently degrading later pages.
"""
from __future__ import annotations

import datetime as _dt
import re

from ..mentions import counts as _counts
from ..mentions import dates as _dates
from ..mentions import money as _money
from ..mentions import numerals as _numerals
from ..mentions import orgs as _orgs
from ..mentions import people as _people
from .. import regions as _regions
from ..mentions import sectors as _sectors
from ..records import (CountMention, DateMention, MoneyMention, OrgMention, PersonMention,
                       PlaceMention, Region, SectorMention)
from .. import text as _text

__all__ = ["sentences", "find_money", "find_counts", "find_dates", "find_people",
           "find_organizations", "find_sectors", "find_places", "region_context",
           "resolve_place", "lookup_region", "chinese_number"]


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans of `text` (split after 。！？； and newlines)."""
    return list(_text.sentences(text))


def find_money(text: str) -> list[MoneyMention]:
    """Money mentions of `text` (yuan values, currency, qualifier, role)."""
    return list(_money.find_money(text))


def find_counts(text: str) -> list[CountMention]:
    """Count mentions of `text` (23个项目, 项目共计23个, 十九个)."""
    return list(_counts.find_counts(text))


def chinese_number(s: str) -> int | None:
    """一百三十三 → 133, 十九 → 19, 123 → 123; None when it is not a whole number."""
    return _numerals.parse_int(s)


def find_dates(text: str, *, base: _dt.date | None = None, year: int | None = None) -> list[DateMention]:
    """Date mentions of `text`, resolved against the publication date / the text's year."""
    return list(_dates.find_dates(text, base=base, year=year))


# A second, looser reading anchored on a title directly before a 2–3 character name
# (区委书记孙常建). The people finder is stricter about where a name ends; this adds
# the names it leaves out right after a title, never one that overlaps its own.
_TITLE = (r"(?:省|市|区|县|州|盟|旗)?(?:委)?(?:副)?(?:书记|省长|市长|区长|县长|州长|主任|主席|"
          r"总理|部长|厅长|局长|董事长|总经理)")
_TITLED_NAME = re.compile(
    rf"((?:{_TITLE}、?)+)([\u4e00-\u9fa5]{{2,3}}?)(?=[，,、在率带出主表强指说到赴一等和与同调再亲专先又共前今近\s])")
_TITLE_WORDS = re.compile(rf"^{_TITLE}$")


def find_people(text: str) -> list[PersonMention]:
    """People anchored on a title cue (区委书记孙常建 → 孙常建, 区委书记)."""
    found = list(_people.find_people(text))
    for m in _TITLED_NAME.finditer(text):
        name = m.group(2)
        if _TITLE_WORDS.match(name):
            continue
        if not any(p.start < m.end(2) and m.start(2) < p.end for p in found) \
                and all(p.name != name for p in found):
            found.append(PersonMention(m.start(2), m.end(2), name, name=name,
                                       title=m.group(1).rstrip("、")))
    return sorted(found, key=lambda p: p.start)


# A name the finder starts too early, at a clause before a preposition
# (南湖区为嘉兴…有限公司): keep what follows the last 为/向/与 when a name remains.
_ORG_LEAD = re.compile(r"^.*?(?:名义为|名义向|为|向|给|与|同|和|及)(?=.{4,})")


def find_organizations(text: str) -> list[OrgMention]:
    """Organizations (…有限公司, …集团) whole, without a leading 为/向/与 clause."""
    out = []
    for org in _orgs.find_organizations(text):
        m = _ORG_LEAD.match(org.name)
        if m and len(org.name) - m.end() >= 4:
            cut = m.end()
            org = OrgMention(org.start + cut, org.end, org.text[cut:], name=org.name[cut:])
        out.append(org)
    return out


def find_sectors(text: str) -> list[SectorMention]:
    """Industry names from the sectors table."""
    return list(_sectors.find_sectors(text))


def find_places(text: str) -> list[PlaceMention]:
    """Place names in `text`, each with every division it could denote."""
    return list(_regions.find_places(text))


def region_context(doc):
    """The document's `RegionContext` (its main places, what 我市/该区 mean)."""
    from ..regions import RegionContext

    return RegionContext.from_document(doc)


_LEVEL_ORDER = {"country": 0, "province": 1, "city": 2, "district": 3}


def resolve_place(ctx, place: PlaceMention, near: int) -> Region | None:
    """The region a place mention means in its document (`near`: its offset in doc.text)."""
    region = ctx.resolve(place, near=near)
    if region is None and place.kind == "division" and place.candidates:
        # 河南 / 海南 written alone: the province, when it is the one candidate of the top level
        top = min(_LEVEL_ORDER.get(c.level, 9) for c in place.candidates)
        tops = [c for c in place.candidates if _LEVEL_ORDER.get(c.level, 9) == top]
        if len(tops) == 1 and top <= 2:
            region = tops[0]    # 中山 alone: 中山市 before a district of that name
    if region is not None and region.level == "group" and place.candidates:
        # 京津冀 / 成渝: its first member's province stands for it, but the caller keeps the
        # mention's kind "group" and takes it only when the sentence names no division
        first = place.candidates[0]
        if first.level != "province":
            first = lookup_region(first.adcode[:2] + "0000") or first
        region = Region(first.name, first.adcode, first.level, list(first.path))
    return region


def lookup_region(adcode: str) -> Region | None:
    """The Region of an adcode, or None when unknown."""
    return _regions.lookup(adcode)
