"""One scan of a text for place names: divisions (full and short), groups, places abroad,
self-references (我市, 全省) and development zones, each with every division it could denote."""
from __future__ import annotations


from projectradar.records import PlaceMention, Region
from .lexicon import _CJK, _abbreviation_finder, _index, _neighbours, _not_places, _zone_suffixes
from .table import NATION, _Sense, _aliases, _copy, _divisions, _foreign, group_members, is_within, lookup, rank

__all__ = ["find_places", "find_by_name"]


def _all_matches(text: str) -> list[tuple[int, int, tuple[_Sense, ...]]]:
    senses, by_prefix, finder = _index()
    found = []
    size = len(text)
    for m in finder.finditer(text):
        i = m.start()
        for length in by_prefix.get(text[i:i + 2], ()):
            end = i + length
            if end <= size:
                hit = senses.get(text[i:end])
                if hit is not None:
                    found.append((i, end, hit))
    return found


def _best_tiling(cluster: list[tuple[int, int, tuple[_Sense, ...]]]) -> list[tuple[int, int, tuple[_Sense, ...]]]:
    """Non-overlapping matches covering most characters, then fewest pieces, then starting
    leftmost, then most full names.

    青岛市北区 is 青岛 + 市北区 (5 characters) rather than 青岛市 (3); 唐山城际 is 唐山, not 山城.
    """
    if len(cluster) == 1:
        return cluster
    ordered = sorted(cluster, key=lambda m: m[1])
    # best[k]: (score, chosen) over the first k matches; classic weighted interval scheduling
    best: list[tuple[tuple[int, int, int, int], list]] = [((0, 0, 0, 0), [])]
    for k, (start, end, hit) in enumerate(ordered):
        p = k
        while p > 0 and ordered[p - 1][1] > start:
            p -= 1
        base_score, base_chosen = best[p]
        full = 1 if any(s.full for s in hit) else 0
        take = (base_score[0] + end - start, base_score[1] - 1, base_score[2] - start, base_score[3] + full)
        skip = best[k]
        if take > skip[0]:
            best.append((take, base_chosen + [(start, end, hit)]))
        else:
            best.append(skip)
    return best[-1][1]


def _choose(matches: list[tuple[int, int, tuple[_Sense, ...]]]) -> list[tuple[int, int, tuple[_Sense, ...]]]:
    matches.sort(key=lambda m: (m[0], -m[1]))
    chosen, cluster, cluster_end = [], [], -1
    for match in matches:
        if cluster and match[0] >= cluster_end:
            chosen.extend(_best_tiling(cluster))
            cluster = []
        cluster.append(match)
        cluster_end = max(cluster_end, match[1]) if len(cluster) > 1 else match[1]
    if cluster:
        chosen.extend(_best_tiling(cluster))
    return chosen


def _short_name_is_safe(text: str, start: int, end: int, hit: tuple[_Sense, ...]) -> bool:
    """Whether a two-character short name (青岛, 鄞州, 长春) stands for a place here.

    Not when it is the given name of a person (、李长春、, 主席高云龙) or the first part
    of a street, village or school (南阳村, 北京路, 吉林大学); and a short name of
    county-level divisions only (鄞州, 桐庐) needs a next character that cannot
    continue a longer word.
    """
    rules = _neighbours()
    if any(s.full for s in hit) and not all(s.kind == "group" for s in hit):
        return True
    if start > 0 and text[start - 1] in rules.surname:
        before = text[start - 2] if start >= 2 else ""
        if not before or not _CJK.match(before) or text[max(0, start - 3):start - 1].endswith(rules.title_before):
            return False
    if any(s.kind == "group" for s in hit):
        return True         # 沪宁, 京津: a group's name, unless it is a person's given name (、王沪宁表示)
    if rules.street_after.match(text, end):
        return False
    if not _county_only(hit):
        return True
    if rules.works_after.match(text, end):
        return False        # 在鄱阳湖: the lake, not the county
    if (text[start] in rules.conjunction_first and start > 0 and _CJK.match(text[start - 1])
            and text[start - 1] not in rules.place_before):
        return False        # 和平和安全: a conjunction, not 和安县
    if end >= len(text) or (start > 0 and text[start - 1] in rules.place_before):
        return True
    nxt = text[end]
    if nxt in rules.city_after and _county_city(hit):
        return True         # 昆山签约, 义乌举行: a county-level city is named like a city
    return nxt in rules.safe_after or not _CJK.match(nxt)


def _county_city(hit: tuple[_Sense, ...]) -> bool:
    """True when one sense is a county-level city (昆山市, 义乌市: a district-level division named …市)."""
    divisions = _divisions()
    # the division's own suffix 市, read as the grammar of its name
    return any(s.kind == "division" and divisions[s.target].name.endswith("市") for s in hit)


def _county_only(hit: tuple[_Sense, ...]) -> bool:
    """True when every sense is a county-level division (鄞州, 昆山), none a city or province."""
    divisions = _divisions()
    return all(s.kind == "division" and divisions[s.target].level == "district" for s in hit)


def _qualified_by(previous: PlaceMention, hit: tuple[_Sense, ...]) -> bool:
    """True when the place right before names a division above one of these: 江苏昆山, 宁波鄞州."""
    if previous.kind != "division":
        return False
    above = {r.adcode for r in previous.candidates}
    return any(s.kind == "division" and any(is_within(s.target, a) and s.target != a for a in above) for s in hit)


def _two_char_full_name_is_safe(text: str, start: int, end: int, hit: tuple[_Sense, ...], after_place: bool) -> bool:
    """A two-character full name (成县, 和县, 代县, 新县) reads as a place only where it starts a
    word: after a place (甘肃陇南文县), a separator, 在/赴/到 or a date (2024年和县); and not in 县长, 县城, 县委, 县里.

    (形成县乡两级: no 成县; 代县长: no 代县; 山西代县: yes.)
    """
    surface = text[start:end]
    divisions = _divisions()
    if not all(s.kind == "division" and divisions[s.target].name == surface for s in hit):
        return True     # a nickname (星城) or a short name: judged elsewhere
    rules = _neighbours()
    if end < len(text) and text[end] in rules.full_not_after:
        return False
    if start == 0 or after_place:
        return True
    before = text[start - 1]
    return before in rules.place_before or before in rules.full_name_before or not _CJK.match(before)


def _mention(start: int, end: int, text: str, hit: tuple[_Sense, ...]) -> PlaceMention | None:
    kinds = {s.kind for s in hit}
    surface = text[start:end]
    if kinds == {"block"}:
        return None
    if "self" in kinds:
        return PlaceMention(start, end, surface, [], "self")
    if "national" in kinds:
        return PlaceMention(start, end, surface, [_copy(NATION)], "division")
    if "group" in kinds:
        return PlaceMention(start, end, surface, group_members(surface), "group")
    codes = {s.target for s in hit if s.kind == "division"}
    if codes:
        return PlaceMention(start, end, surface, sorted((lookup(c) for c in codes), key=rank), "division")
    if "foreign" in kinds:
        return PlaceMention(start, end, surface, [_copy(_foreign()[surface])], "foreign")
    return None


def find_places(text: str) -> list[PlaceMention]:
    """Every place name in the text, each with all the divisions it could denote.

    One scan over the text; overlapping names are settled by covering the most
    characters (青岛市北区 = 青岛 + 市北区), words from not_places.tsv hide the
    places inside them (真金白银), a bare two-character county short name is
    kept only where it does not run on into a longer word, and a one-character
    abbreviation counts only between a verb of travel and one of business (赴京招商).

    Args: text: normalized (simplified) text.
    Returns: PlaceMentions in text order; kind is division, group, foreign or self.
        A self-reference (我市, 全县) has no candidates: see context.RegionContext.

    >>> [(p.text, [r.adcode for r in p.candidates]) for p in find_places("青岛市北区赴西安招商")]
    [('青岛', ['370200']), ('市北区', ['370203']), ('西安', ['610100', '220403', '231005'])]
    """
    out: list[PlaceMention] = []
    needs_qualifier = _not_places()[2]
    chosen = _choose(_all_matches(text))
    for start, end, hit in chosen:
        if needs_qualifier and text[start:end] in needs_qualifier:
            # 城区, 新城区, 鼓楼: only 阳泉市城区, 西安新城区, 南京鼓楼 are places
            if not (out and out[-1].end == start and _qualified_by(out[-1], hit)):
                continue
        elif end - start == 2:
            after_place = bool(out) and out[-1].end == start
            if after_place and _qualified_by(out[-1], hit):
                # 江苏昆山落地: its province vouches for it, unless it names a works (甲市某林水电站)
                rules = _neighbours()
                if (rules.street_after.match(text, end)
                        or (_county_only(hit) and rules.works_after.match(text, end))
                        or not _two_char_full_name_is_safe(text, start, end, hit, True)):
                    continue
            elif after_place and _county_only(hit) and out[-1].kind == "division":
                continue        # 湖南昆山落地: glued to a province that does not hold it, a brand's name
            elif (not _short_name_is_safe(text, start, end, hit)
                  or not _two_char_full_name_is_safe(text, start, end, hit, after_place)):
                continue
        mention = _mention(start, end, text, hit)
        if mention is not None:
            out.append(mention)
    if _zone_suffixes()[0].search(text):
        out = _zone_places(text, out, chosen)
    extra = _abbreviations(text, out)
    return sorted(out + extra, key=lambda p: p.start) if extra else out


def _lone_zone_place(text: str, start: int, end: int, hit: tuple[_Sense, ...], mention: PlaceMention,
                     strong: bool) -> bool:
    """Whether a name the scan passed over counts alone before a zone ending (上虞经济开发区):
    a strong ending, a short name (not a full name such as 郊区) of one division only, not made of
    quarter words (东城, 城北), and not right after a surname (王上虞)."""
    if not strong or len(mention.candidates) != 1 or any(s.full for s in hit):
        return False
    if set(text[start:end]) <= _neighbours().quarter_name:
        return False
    return not (start > 0 and text[start - 1] in _neighbours().surname)


def _zone_places(text: str, out: list[PlaceMention],
                 chosen: list[tuple[int, int, tuple[_Sense, ...]]]) -> list[PlaceMention]:
    """Places inside zone names (zone_suffixes.tsv): the last division name right before the
    ending is the zone's place (杭州湾上虞经济技术开发区 → 上虞, even though 上虞 alone before 经
    would not count), and names before it in the same zone name that do not contain it are dropped
    (宁波杭州湾新区: no 杭州); an ending read as a self-reference then means that place."""
    finder, strong = _zone_suffixes()
    by_end = {end: (start, end, hit) for start, end, hit in chosen}
    drop: set[int] = set()
    add: list[PlaceMention] = []
    inside = {pos for a, b, _ in chosen for pos in range(a + 1, b)}   # one set, not a scan per ending
    for m in finder.finditer(text):
        s = m.start()
        if s in inside:
            continue            # the ending is inside a listed name (苏州工业园区 is an alias)
        chain = []
        pos = s
        while pos in by_end and len(chain) < 4:
            chain.insert(0, by_end[pos])
            pos = by_end[pos][0]
        places = [c for c in chain if any(sense.kind == "division" for sense in c[2])]
        if not places:
            continue
        a, b, hit = places[-1]
        last = next((p for p in out if (p.start, p.end) == (a, b)), None)
        if last is None:
            last = _mention(a, b, text, hit)
            if last is None or last.kind != "division":
                continue
            k = chain.index(places[-1])
            before = chain[k - 1][2] if k else ()
            above = {sense.target for sense in before if sense.kind == "division"}
            if above:           # 绍兴上虞: only a place inside the one before it (嘉兴东城 is no 东城区)
                if not any(is_within(r.adcode, code) for r in last.candidates for code in above):
                    continue
            elif not _lone_zone_place(text, a, b, hit, last, bool(before) or m.group() in strong):
                continue        # after a bay (杭州湾上虞) any ending will do
            add.append(last)
        keep = {r.adcode for r in last.candidates}
        for p in out:
            if chain[0][0] <= p.start and p.end <= a and p.kind == "division" \
                    and not any(is_within(code, r.adcode) for r in p.candidates for code in keep):
                drop.add(p.start)
    if not drop and not add:
        return out
    return sorted([p for p in out if p.start not in drop] + add, key=lambda p: p.start)


def find_by_name(name: str) -> list[Region]:
    """Divisions a user may mean by a name, full or short: provinces first, then cities, then districts.

    Args: name: 徐州, 徐州市, 鼓楼区, 金陵, 鼓楼, or a qualified name: 青岛市北区, 福州鼓楼区 ...
    Returns: matching Regions (empty when none).

    >>> [r.adcode for r in find_by_name("徐州")]
    ['320300']
    """
    name = name.strip()
    codes: set[str] = set()
    for div in _divisions().values():
        if name == div.name or name in div.shorts:
            codes.add(div.adcode)
    sense = _aliases().get(name)
    if sense and sense.kind == "division":
        codes.add(sense.target)
    if sense and sense.kind == "national":
        return [_copy(NATION)]
    if not codes:
        # a qualified name: 青岛市北区, 江苏省徐州市鼓楼区, 徐州 鼓楼区 -> the last place, read inside the ones before it
        found = [p for p in find_places(name) if p.kind == "division"]
        if len(found) >= 2:
            last = found[-1].candidates
            for before in reversed(found[:-1]):
                inside = [r for r in last if any(is_within(r.adcode, b.adcode) for b in before.candidates)]
                if inside:
                    return sorted(inside, key=rank)
    return sorted((lookup(c) for c in codes), key=rank)


def _abbreviations(text: str, taken: list[PlaceMention]) -> list[PlaceMention]:
    finder = _abbreviation_finder()
    if finder is None:
        return []
    aliases = _aliases()
    out = []
    for m in finder.finditer(text):
        if any(p.start <= m.start() < p.end for p in taken):
            continue
        out.append(PlaceMention(m.start(), m.end(), m.group(1), [lookup(aliases[m.group(1)].target)], "division"))
    return out
