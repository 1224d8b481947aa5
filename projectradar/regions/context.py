"""Which division a place name means in its story: the story's main places decide (鼓楼区 in a 徐州 story is 320302)."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from projectradar.records import Document, OrgMention, PlaceMention, Region
from . import table as regions
from .cues import firm_spans, held_at, set_out_for, story_cues
from .finder import find_places
from .hosts import host_region, path_regions

__all__ = ["RegionContext"]

# How much each part of a document says about its main place.
WEIGHT_TITLE = 4.0
WEIGHT_SOURCE = 4.0
WEIGHT_DATELINE = 4.0
WEIGHT_URL = 3.0
WEIGHT_CHANNEL = 2.0
WEIGHT_BODY = 1.0
WEIGHT_LEAD = 1.0        # extra for places in the first paragraph
LEAD_CHARS = 200
NAMED_WINDOW = 200       # 当地 looks this many characters back for the place just named
QUALIFIER_GAP = 3        # 徐州市鼓楼区, 徐州市 鼓楼区: a division right before another (spaces at most) qualifies it


def _is_venue(text: str, place: PlaceMention, places: list[PlaceMention]) -> bool:
    """True when a place is only where something is held: 在广州市举行, or in brackets right after
    the organizer's place (浙江（广东）洽谈会)."""
    if held_at(text, place.start, place.end):
        return True
    return text[max(0, place.start - 1):place.start] in ("（", "(") and text[place.end:place.end + 1] in ("）", ")") \
        and any(p.end == place.start - 1 and p.kind == "division" for p in places)


@dataclass
class _Seen:
    """A division mention of the document's own text, once resolved."""

    start: int
    end: int
    region: Region


@dataclass
class RegionContext:
    """What a story is about, place-wise, and how to read its place names.

    Build it with ``RegionContext.from_document(doc)`` (or ``from_text``), then
    ``ctx.resolve(mention)`` for each PlaceMention and ``ctx.home()`` for 我市.
    Offsets (``near``, mention starts) are into the document's text.
    """

    text: str = field(default="", repr=False)
    support: dict[str, float] = field(default_factory=dict)      # adcode -> weight named directly
    seen: list[_Seen] = field(default_factory=list)               # resolved division mentions of text, in order
    places: list[PlaceMention] = field(default_factory=list, repr=False)   # find_places(text), for callers to reuse
    _main: tuple[Region | None] | None = field(default=None, repr=False)
    titled: list[str] = field(default_factory=list)                # adcodes the title names

    # ------------------------------------------------------------------ building
    @classmethod
    def from_document(cls, doc: Document, *, organizations: list[OrgMention] | None = None) -> "RegionContext":
        """The context of one article or teaser: title, source name, channel, URL, dateline and body.

        >>> from projectradar.records import Document
        >>> ctx = RegionContext.from_document(Document(id="d", source="x", title="徐州鼓楼区签约8个项目", text="鼓楼区举行签约仪式。"))
        >>> ctx.resolve(find_places("鼓楼区")[0]).adcode
        '320302'
        """
        return cls.from_text(
            doc.text or "",
            title=doc.title,
            source_name=doc.source_name,
            channel=doc.channel,
            url=doc.url,
            headings=doc.headings,
            original_title=doc.original_title,
            organizations=organizations,
        )

    @classmethod
    def from_text(
        cls,
        text: str,
        *,
        title: str | None = None,
        source_name: str | None = None,
        channel: str | None = None,
        url: str | None = None,
        headings: list[str] | None = None,
        original_title: str | None = None,
        organizations: list[OrgMention] | None = None,
    ) -> "RegionContext":
        """The same as from_document, from loose parts (any may be None); ``organizations``
        are those of ``text`` when the caller has found them already."""
        ctx = cls(text=text)
        cues: list[tuple[str | None, float]] = [
            (title, WEIGHT_TITLE),
            (original_title, WEIGHT_TITLE),
            (source_name, WEIGHT_SOURCE),
            (channel, WEIGHT_CHANNEL),
        ]
        cues += [(h, WEIGHT_CHANNEL) for h in headings or []]
        for cue, weight in cues:
            if cue:
                ctx._absorb([p for p in find_places(cue) if not set_out_for(cue, p.start)], weight)
        ctx.titled = [p.candidates[0].adcode for p in find_places(title or "")
                      if p.kind == "division" and len(p.candidates) == 1]
        site = host_region(url)
        if site is not None:
            ctx._add(site.adcode, WEIGHT_URL)
        for channel_place in path_regions(url):
            ctx._add(channel_place.adcode, WEIGHT_CHANNEL)   # a portal's folder for a place
        agency_spans = []
        for m in story_cues().dateline.finditer(text[:LEAD_CHARS * 2]):
            national = m.group(1).endswith(story_cues().national_outlets)
            ctx._absorb(find_places(m.group(2)), WEIGHT_DATELINE / 4 if national else WEIGHT_DATELINE)
            if national:
                agency_spans.append((m.start(), m.end()))
        ctx.places = find_places(text)
        firms = firm_spans(text, organizations)
        body = [p for p in ctx.places if not any(s <= p.start < e for s, e in agency_spans)
                and not any(s <= p.start and p.end <= e and p.end - p.start < e - s for s, e in firms)]
        # a venue (在广州举行, 浙江（广东）洽谈会) says little of whose story it is: half a body
        # mention, to its province only (全省…在合肥举行 is still an 安徽 story)
        venues = [p for p in body if p.kind == "division" and p.candidates
                  and len({c.adcode[:2] for c in p.candidates}) == 1 and _is_venue(text, p, body)]
        for p in venues:
            top = regions.lookup(p.candidates[0].adcode[:2] + "0000")
            if top is not None:
                ctx._add(top.adcode, WEIGHT_BODY / 2)
        body = [p for p in body if not any(p is v for v in venues)]
        # first the unambiguous names; then, in text order, the ambiguous ones read against them
        # (and against the division named right before them: 徐州市鼓楼区)
        ctx._absorb([p for p in body if p.kind == "division" and len(p.candidates) == 1
                     and not set_out_for(text, p.start)], WEIGHT_BODY, lead=True)
        for p in body:
            if p.kind != "division":
                continue
            region = ctx._pick(p, p.start)
            if region is None or region.adcode == regions.NATION.adcode:
                continue
            if len(p.candidates) > 1 and not set_out_for(text, p.start):
                ctx._add(region.adcode, WEIGHT_BODY + (WEIGHT_LEAD if p.start < LEAD_CHARS else 0.0))
            ctx.seen.append(_Seen(p.start, p.end, region))
        return ctx

    def _add(self, adcode: str, weight: float) -> None:
        self._main = None
        self.support[adcode] = self.support.get(adcode, 0.0) + weight

    def _absorb(self, places: list[PlaceMention], weight: float, *, lead: bool = False) -> None:
        for p in places:
            if p.kind != "division" or not p.candidates:
                continue
            region = p.candidates[0] if len(p.candidates) == 1 else self._pick(p, None)
            if region is None or region.adcode == regions.NATION.adcode:
                continue
            self._add(region.adcode, weight + (WEIGHT_LEAD if lead and p.start < LEAD_CHARS else 0.0))

    # ------------------------------------------------------------------ scoring
    def _cumulative(self) -> dict[str, float]:
        """Support of each division including everything named below it."""
        cum: dict[str, float] = defaultdict(float)
        for code, weight in self.support.items():
            region = regions.lookup(code)
            if region is None:
                continue
            cum[code] += weight
            up = regions.parent(code)
            while up is not None:
                cum[up.adcode] += weight
                up = regions.parent(up.adcode)
        return cum

    def _score(self, candidate: Region) -> float:
        """How well the context backs a candidate: the support of itself and of every division above it."""
        score = self.support.get(candidate.adcode, 0.0)
        up = regions.parent(candidate.adcode)
        while up is not None:
            score += self.support.get(up.adcode, 0.0)
            up = regions.parent(up.adcode)
        return score

    def _qualifier(self, place: PlaceMention, offset: int) -> Region | None:
        """徐州市鼓楼区: the division named right before a place narrows its candidates."""
        if self.text[place.start:place.end] != place.text:
            return None
        for seen in reversed(self.seen):
            if seen.end <= offset and offset - seen.end <= QUALIFIER_GAP and not self.text[seen.end:offset].strip():
                inside = [c for c in place.candidates if c.adcode != seen.region.adcode and regions.is_within(c.adcode, seen.region.adcode)]
                return inside[0] if len(inside) == 1 else None
            if seen.end <= offset - QUALIFIER_GAP:
                break
        return None

    def _right_before(self, place: PlaceMention, offset: int) -> Region | None:
        """The division named immediately before a mention (nothing between), if any."""
        if self.text[offset:offset + len(place.text)] != place.text:
            return None
        for seen in reversed(self.seen):
            if seen.end <= offset:
                return seen.region if seen.end == offset else None
        return None

    def _pick(self, place: PlaceMention, offset: int | None) -> Region | None:
        candidates = place.candidates
        if not candidates:
            return None
        if len(candidates) == 1:
            return candidates[0]
        if offset is not None:
            qualified = self._qualifier(place, offset)
            if qualified is not None:
                return qualified
        provinces = [c for c in candidates if c.level == "province"]
        if len(provinces) == 1 and not any(
                c is not provinces[0] and regions.is_within(c.adcode, provinces[0].adcode) for c in candidates):
            # 河北 is the province, even in a 天津 story with its 河北区; 海南 is 海南省, not 海南州
            return provinces[0]
        namesake = self._city_over_namesakes(candidates)
        if namesake is not None:
            return namesake
        scored = sorted(((self._score(c), -regions.LEVEL_RANK[c.level], c) for c in candidates),
                        key=lambda t: (t[0], t[1]), reverse=True)
        best, second = scored[0], scored[1]
        if (best[0], best[1]) == (second[0], second[1]):
            return None        # 鼓楼区 with nothing to tell them apart: no guess
        if best[0] == second[0] and not all(c is best[2] or regions.is_within(c.adcode, best[2].adcode)
                                            or (best[2].level == "city" and c.level == "district"
                                                and c.adcode[:2] not in regions.MUNICIPALITIES)
                                            for c in candidates):
            # with equal backing a higher level wins over divisions inside it (长沙 is 长沙市, not its
            # 长沙县) and a city over county-level namesakes elsewhere (西安, not 辽源's 西安区); but 朝阳
            # alone stays unknown: 北京's 朝阳区 is as likely as 辽宁's 朝阳市
            return None
        return best[2]

    def _city_over_namesakes(self, candidates: list[Region]) -> Region | None:
        """西安 is 西安市 unless the story itself is about the city of a county-level namesake
        (牡丹江's 西安区): a district wins only when its own city, or the district, is named."""
        cities = [c for c in candidates if c.level == "city"]
        if len(cities) != 1:
            return None
        city = cities[0]
        others = [c for c in candidates if c is not city]
        if not others or any(c.level != "district" or regions.is_within(c.adcode, city.adcode) for c in others):
            return None
        for district in others:
            above = regions.parent(district.adcode)
            if self.support.get(district.adcode) or (above is not None and self.support.get(above.adcode)):
                return None      # let the scores decide
        if any(c.adcode[:2] in regions.MUNICIPALITIES for c in others) and not self.support.get(city.adcode):
            return None          # 朝阳: 北京's 朝阳区 is as likely as 辽宁's 朝阳市
        return city

    # ------------------------------------------------------------------ public
    def main(self) -> Region | None:
        """The story's main place, as specific as the evidence allows.

        From the best-backed province down: a child becomes the main place while
        it carries at least half of its parent's support.
        """
        if self._main is None:
            self._main = (self._find_main(),)
        found = self._main[0]
        return regions.lookup(found.adcode) if found is not None else None

    def _find_main(self) -> Region | None:
        cum = self._cumulative()
        if not cum:
            return None
        provinces = [c for c in cum if regions.parent(c) is None]
        if not provinces:
            return None
        current = max(provinces, key=lambda c: (cum[c], -self._first_seen(c)))
        while True:
            kids = [r.adcode for r in regions.children(current) if cum.get(r.adcode)]
            if not kids:
                break
            best = max(kids, key=lambda c: (cum[c], -self._first_seen(c)))
            if cum[best] * 2 < cum[current] or (len(kids) > 1 and sorted(cum[k] for k in kids)[-2] == cum[best]):
                break
            current = best
        return regions.lookup(self._titled_below(current) or current)

    def _titled_below(self, current: str) -> str | None:
        """The one division below `current` the title names when the body names nothing but it and
        the divisions above it (甲区2022年项目总结, its body naming the city in project names): the
        story is the titled division's."""
        below = [c for c in set(self.titled) if c != current and regions.is_within(c, current)]
        if len(below) != 1 or not self.seen:
            return None
        code = below[0]
        return code if all(regions.is_within(code, s.region.adcode) for s in self.seen) else None

    def _first_seen(self, adcode: str) -> int:
        for seen in self.seen:
            if regions.is_within(seen.region.adcode, adcode):
                return seen.start
        return 1 << 30

    def home(self, level: str | None = None) -> Region | None:
        """What 我市 / 全省 / 全区 / 当地 mean in this story, when the story as a whole says.

        Args: level: "province", "city", "district", or None/"home" for the main place itself.
        Returns: the main place at that level: the main place itself or the division above it
            (我市 in a district story is its city; 我市 in a 北京 story is 北京市; 全区 in a 广西
            story is 广西). None when the main place is above that level (全区 in a 徐州 story with
            several districts: see resolve, which then takes the nearest district named before).
        """
        main = self.main()
        if main is None or level in (None, "home"):
            return main
        rank = regions.LEVEL_RANK
        if level == "city" and main.level == "province" and main.adcode[:2] in regions.MUNICIPALITIES:
            return main
        if main.level != level and main.name.endswith(regions.own_name_ends(level)):
            return main          # 全区 in a story about an autonomous region; 全市 in one about a county-level city
        if level not in rank or rank[main.level] < rank[level]:
            return None
        region = main
        while region is not None and region.level != level:
            region = regions.parent(region.adcode)
        return region

    def nearest_before(self, offset: int, level: str | None = None) -> Region | None:
        """The last division named before `offset` in the text (at `level`, if given).

        This is what 该区 / 该县 refer to: ``ctx.nearest_before(m.start, "district")``.
        """
        for seen in reversed(self.seen):
            if seen.end <= offset and (level is None or seen.region.level == level):
                return seen.region
        return None

    def _named_in_paragraph(self, offset: int) -> Region | None:
        """The last division named before `offset` in the same paragraph (a blank line or a line break ends it)."""
        for seen in reversed(self.seen):
            if seen.end > offset:
                continue
            if offset - seen.end > NAMED_WINDOW or "\n" in self.text[seen.end:offset]:
                return None
            return seen.region
        return None

    def resolve(self, place: PlaceMention, *, near: int | None = None) -> Region | None:
        """The one division (or group, or place abroad) a mention means here, or None when unsure.

        Args:
            place: a PlaceMention from find_places.
            near: the mention's offset in the document's text, when its own start is relative to a
                sentence; used for 该区 (the nearest district before it) and 徐州市鼓楼区.
        Returns: a Region: a division with its adcode; the nation (000000) for 全国/我国; for a group
            (长三角) level "group" with the member names as path; for a place abroad level "foreign"
            and adcode "".

        >>> ctx = RegionContext.from_text("徐州各区县集中开工。", title="徐州：项目建设提速")
        >>> ctx.resolve(find_places("鼓楼区")[0]).adcode
        '320302'
        """
        offset = near if near is not None else place.start
        if place.kind == "self":
            level = regions.self_level(place.text) or "home"
            right_before = self._right_before(place, offset)
            if right_before is not None and (
                    level == "home" or regions.LEVEL_RANK[right_before.level] >= regions.LEVEL_RANK[level]
                    or (level == "city" and right_before.adcode[:2] in regions.MUNICIPALITIES)):
                return right_before      # 邹平全市, 怒江全州, 宁乡高新区: the place just named
            if level == "home":
                if regions.home_reference(place.text) == "named":
                    # 当地 is the place the story has just named (邹平市招商团……当地签约), within its paragraph
                    named = self._named_in_paragraph(offset)
                    if named is not None:
                        return named
                return self.home()
            if regions.prefix_refers(place.text) == "named":
                return self.nearest_before(offset, level) or self.home(level)
            found = self.home(level)
            if found is None:
                # 全区 in a city story that goes district by district: the district being told
                main = self.main()
                near_one = self.nearest_before(offset, level)
                if near_one is not None and (main is None or regions.is_within(near_one.adcode, main.adcode)):
                    return near_one
                if regions.prefix_refers(place.text) == "story" and main is not None:
                    # 我县 in a story the province's ceremony sets: the one county the story names
                    named = {s.region.adcode for s in self.seen if s.region.level == level
                             and regions.is_within(s.region.adcode, main.adcode)}
                    if len(named) == 1:
                        return regions.lookup(named.pop())
            return found
        if place.kind == "group":
            return Region(place.text, "", "group", [r.name for r in place.candidates])
        if place.kind == "foreign":
            return place.candidates[0] if place.candidates else Region(place.text, "", "foreign", [place.text])
        if near is not None and place.start != near:
            place = PlaceMention(near, near + len(place.text), place.text, place.candidates, place.kind)
        return self._pick(place, offset)

    def place_region(self, place: PlaceMention, *, near: int | None = None) -> Region | None:
        """The region a place mention stands for when a story's event is placed by it: what
        `resolve` decides, else the reading a name alone suggests.

        A division the context leaves open is taken when one candidate alone has the top
        level, a city or above (朝阳 alone is the city before the districts of that name);
        a group (长三角) stands for its first member's province, the mention keeping its
        kind "group".

        >>> ctx = RegionContext.from_text("")
        >>> ctx.resolve(find_places("朝阳")[0]) is None, ctx.place_region(find_places("朝阳")[0]).adcode
        (True, '211300')
        >>> ctx.place_region(find_places("长三角")[0]).name
        '上海市'
        """
        region = self.resolve(place, near=near)
        if region is None and place.kind == "division" and place.candidates:
            top = min(regions.LEVEL_RANK.get(c.level, 9) for c in place.candidates)
            tops = [c for c in place.candidates if regions.LEVEL_RANK.get(c.level, 9) == top]
            if len(tops) == 1 and top <= regions.LEVEL_RANK["city"]:
                region = tops[0]
        if region is not None and region.level == "group" and place.candidates:
            first = place.candidates[0]
            if first.level != "province":
                first = regions.lookup(first.adcode[:2] + "0000") or first
            region = Region(first.name, first.adcode, first.level, list(first.path))
        return region
