"""Place names in text: the GB/T 2260 division table, groups, places abroad, and one scan that finds them."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Iterator

from projectradar.errors import RuleError
from projectradar.records import PlaceMention, Region

__all__ = [
    "NATION",
    "find_places",
    "lookup",
    "parent",
    "children",
    "all_regions",
    "division_rows",
    "find_by_name",
    "group_members",
    "self_level",
    "is_within",
]

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
LEVELS = ("province", "city", "district")
LEVEL_RANK = {"country": 0, "province": 1, "city": 2, "district": 3, "group": 4, "foreign": 5}
SELF_LEVELS = ("province", "city", "district", "home")

NATION = Region("全国", "000000", "country", ["中国"])

_CJK = re.compile(r"[\u3400-\u9fff]")
CONTEXT_RULES = ("safe_after", "city_after", "conjunction_first", "place_before", "surname", "title_before", "street_after", "works_after",
                 "full_not_after", "abbrev_before", "abbrev_after")


@dataclass(frozen=True)
class _Division:
    adcode: str
    name: str
    shorts: tuple[str, ...]
    level: str
    parent: str


@dataclass(frozen=True)
class _Sense:
    """One thing a surface string may denote."""

    kind: str      # division | group | foreign | self | national | block
    target: str    # adcode, group name, foreign name or self level
    full: bool     # a full name or a listed alias (not a short name cut from a full one)


# --------------------------------------------------------------------------
# Loading the tables (lazily, once)
# --------------------------------------------------------------------------
def _rows(filename: str, min_cols: int, max_cols: int) -> Iterator[tuple[int, list[str]]]:
    """Yield (line number, fields) of a TSV table under data/, skipping comments and blank lines."""
    path = DATA_DIR / filename
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise RuleError(str(path), 0, f"cannot read the table: {exc.strerror}") from exc
    for lineno, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        while len(fields) > min_cols and fields[-1] == "" and len(fields) > max_cols:
            fields.pop()
        if not min_cols <= len(fields) <= max_cols:
            raise RuleError(str(path), lineno, f"expected {min_cols}-{max_cols} tab-separated columns, got {len(fields)}")
        fields += [""] * (max_cols - len(fields))
        yield lineno, [f.strip() for f in fields]


def _bad(filename: str, lineno: int, problem: str) -> RuleError:
    return RuleError(str(DATA_DIR / filename), lineno, problem)


@cache
def _divisions() -> dict[str, _Division]:
    table: dict[str, _Division] = {}
    for lineno, (code, name, shorts, level, parent_code) in _rows("regions.tsv", 5, 5):
        if not re.fullmatch(r"\d{6}", code):
            raise _bad("regions.tsv", lineno, f"adcode {code!r} is not six digits")
        if level not in LEVELS:
            raise _bad("regions.tsv", lineno, f"level {level!r} is not one of {', '.join(LEVELS)}")
        if not name:
            raise _bad("regions.tsv", lineno, "empty name")
        if code in table:
            raise _bad("regions.tsv", lineno, f"adcode {code} listed twice")
        if parent_code and parent_code not in table:
            raise _bad("regions.tsv", lineno, f"parent {parent_code} is not listed above this line")
        table[code] = _Division(code, name, tuple(s for s in shorts.split(",") if s), level, parent_code)
    return table


@cache
def _regions() -> dict[str, Region]:
    table = _divisions()
    out: dict[str, Region] = {}
    for code, div in table.items():
        path = [div.name]
        up = div.parent
        while up:
            path.insert(0, table[up].name)
            up = table[up].parent
        out[code] = Region(div.name, code, div.level, path)
    return out


@cache
def _groups() -> dict[str, tuple[str, ...]]:
    regions = _regions()
    groups: dict[str, tuple[str, ...]] = {}
    for lineno, (name, members, _note) in _rows("place_groups.tsv", 2, 3):
        codes = tuple(c.strip() for c in members.split(",") if c.strip())
        if not codes:
            raise _bad("place_groups.tsv", lineno, f"group {name!r} has no members")
        for code in codes:
            if code not in regions:
                raise _bad("place_groups.tsv", lineno, f"member {code} of {name!r} is not in regions.tsv")
        groups[name] = codes
    return groups


@cache
def _foreign() -> dict[str, Region]:
    kinds = {"continent", "region", "country", "city"}
    out: dict[str, Region] = {}
    for lineno, (name, kind, part_of) in _rows("foreign_places.tsv", 2, 3):
        if kind not in kinds:
            raise _bad("foreign_places.tsv", lineno, f"kind {kind!r} is not one of {', '.join(sorted(kinds))}")
        out[name] = Region(name, "", "foreign", [part_of, name] if part_of else [name])
    return out


@cache
def _aliases() -> dict[str, _Sense]:
    regions = _regions()
    labels = {"nickname", "zone", "self", "national", "former", "abbrev"}
    out: dict[str, _Sense] = {}
    for lineno, (alias, target, label) in _rows("place_aliases.tsv", 3, 3):
        if label not in labels:
            raise _bad("place_aliases.tsv", lineno, f"label {label!r} is not one of {', '.join(sorted(labels))}")
        if (label == "abbrev") != (len(alias) == 1):
            raise _bad("place_aliases.tsv", lineno, "one-character aliases, and only they, are labelled 'abbrev'")
        if target.startswith("self:"):
            level = target[5:]
            if level not in SELF_LEVELS:
                raise _bad("place_aliases.tsv", lineno, f"self level {level!r} is not one of {', '.join(SELF_LEVELS)}")
            out[alias] = _Sense("self", level, True)
        elif target == NATION.adcode:
            out[alias] = _Sense("national", target, True)
        elif target in regions:
            out[alias] = _Sense("division", target, True)
        else:
            raise _bad("place_aliases.tsv", lineno, f"target {target!r} is neither an adcode of regions.tsv nor self:LEVEL")
    return out


@cache
def _abbreviation_finder() -> re.Pattern[str] | None:
    """赴京, 来沪, 抵港: a one-character abbreviation between a verb of travel and a verb of business
    (rules abbrev_before / abbrev_after of place_context.tsv); None when the tables have none."""
    chars = "".join(sorted(a for a in _aliases() if len(a) == 1))
    rules = _neighbours()
    if not chars or not rules.abbrev_before or not rules.abbrev_after:
        return None
    return re.compile(
        "(?<=[" + re.escape("".join(sorted(rules.abbrev_before))) + "])"
        "([" + re.escape(chars) + "])"
        "(?=[" + re.escape("".join(sorted(rules.abbrev_after))) + "])"
    )


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


@cache
def _not_places() -> tuple[frozenset[str], frozenset[str], dict[str, int]]:
    """(words that hide a place inside them, strings that are never a place by themselves,
    names that are a place only right after the place that contains them -> their line)."""
    words, bare, qualified = set(), set(), {}
    for lineno, (string, rule, _note) in _rows("not_places.tsv", 2, 3):
        if rule == "word":
            words.add(string)
        elif rule == "bare":
            bare.add(string)
        elif rule == "qualified":
            qualified[string] = lineno
        else:
            raise _bad("not_places.tsv", lineno, f"rule {rule!r} is not 'word', 'bare' or 'qualified'")
    return frozenset(words), frozenset(bare), qualified


@cache
def _zone_suffixes() -> tuple[re.Pattern[str], frozenset[str]]:
    """(a finder of zone-name endings, the strong ones) from zone_suffixes.tsv."""
    suffixes: dict[str, str] = {}
    for lineno, (suffix, strength, _note) in _rows("zone_suffixes.tsv", 2, 3):
        if strength not in ("strong", "weak"):
            raise _bad("zone_suffixes.tsv", lineno, f"strength {strength!r} is not 'strong' or 'weak'")
        if not re.fullmatch(r"[\u4e00-\u9fff]{2,}", suffix):
            raise _bad("zone_suffixes.tsv", lineno, f"suffix {suffix!r} is not two or more Chinese characters")
        suffixes[suffix] = strength
    if not suffixes:
        raise _bad("zone_suffixes.tsv", 0, "lists no suffix")
    finder = re.compile("|".join(re.escape(s) for s in sorted(suffixes, key=len, reverse=True)))
    return finder, frozenset(s for s, strength in suffixes.items() if strength == "strong")


@dataclass(frozen=True)
class _Neighbours:
    """The neighbour rules of place_context.tsv, as the scan uses them."""

    safe_after: frozenset[str]
    city_after: frozenset[str]
    conjunction_first: frozenset[str]
    place_before: frozenset[str]
    surname: frozenset[str]
    title_before: tuple[str, ...]
    street_after: re.Pattern[str]
    works_after: re.Pattern[str]
    full_not_after: frozenset[str]
    abbrev_before: frozenset[str]
    abbrev_after: frozenset[str]


@cache
def _neighbours() -> _Neighbours:
    values: dict[str, list[str]] = {rule: [] for rule in CONTEXT_RULES}
    for lineno, (rule, items, _note) in _rows("place_context.tsv", 2, 3):
        if rule not in values:
            raise _bad("place_context.tsv", lineno, f"rule {rule!r} is not one of {', '.join(CONTEXT_RULES)}")
        if not items.split():
            raise _bad("place_context.tsv", lineno, f"rule {rule!r} lists nothing")
        values[rule] += items.split()

    def words(rule: str) -> re.Pattern[str]:
        return re.compile("|".join(re.escape(w) for w in sorted(values[rule], key=len, reverse=True)) or r"(?!)")

    return _Neighbours(
        safe_after=frozenset(values["safe_after"]),
        city_after=frozenset(values["city_after"]),
        conjunction_first=frozenset(values["conjunction_first"]),
        place_before=frozenset(values["place_before"]),
        surname=frozenset(values["surname"]),
        title_before=tuple(values["title_before"]),
        street_after=words("street_after"),
        works_after=words("works_after"),
        full_not_after=frozenset(values["full_not_after"]),
        abbrev_before=frozenset(values["abbrev_before"]),
        abbrev_after=frozenset(values["abbrev_after"]),
    )


@cache
def _index() -> tuple[dict[str, tuple[_Sense, ...]], dict[str, tuple[int, ...]], re.Pattern[str]]:
    """Every surface string with its senses, the lengths to try after each two-character prefix,
    and a finder of the characters a name can start with."""
    senses: dict[str, list[_Sense]] = {}

    def add(surface: str, sense: _Sense) -> None:
        bucket = senses.setdefault(surface, [])
        if sense not in bucket:
            bucket.append(sense)

    words, bare, qualified = _not_places()
    blockers = words | bare
    for div in _divisions().values():
        add(div.name, _Sense("division", div.adcode, True))
        for short in div.shorts:
            if short != div.name:
                add(short, _Sense("division", div.adcode, False))
    for alias, sense in _aliases().items():
        add(alias, sense)
    for name in _groups():
        add(name, _Sense("group", name, True))
    for name in _foreign():
        add(name, _Sense("foreign", name, True))
    for string in blockers:
        # a not-place takes part in the scan like a name, so that it hides the
        # places inside it (真金白银, 峨眉山 -> no 眉山), but it yields nothing
        senses[string] = [_Sense("block", string, True)]

    for string, lineno in qualified.items():
        if not any(sense.kind == "division" for sense in senses.get(string, ())):
            raise _bad("not_places.tsv", lineno, f"{string!r} is marked 'qualified' but names no division")

    frozen = {surface: tuple(bucket) for surface, bucket in senses.items() if len(surface) >= 2}
    # every name has two characters or more, so its first two characters pick
    # the few lengths worth trying at a position
    lengths: dict[str, set[int]] = {}
    for surface in frozen:
        lengths.setdefault(surface[:2], set()).add(len(surface))
    by_prefix = {pair: tuple(sorted(ls, reverse=True)) for pair, ls in lengths.items()}
    first_chars = sorted({pair[0] for pair in by_prefix})
    finder = re.compile("[" + "".join(re.escape(ch) for ch in first_chars) + "]")
    return frozen, by_prefix, finder


# --------------------------------------------------------------------------
# The table
# --------------------------------------------------------------------------
def _copy(region: Region) -> Region:
    # callers get their own Region (the cached ones must not be mutated); the
    # constructor is several times cheaper than dataclasses.replace here
    return Region(region.name, region.adcode, region.level, list(region.path))


def lookup(adcode: str) -> Region | None:
    """The division with this code, or None.

    Args: adcode: six digits ("370103"); "000000" gives the nation.
    Returns: a fresh Region with its path.

    >>> lookup("370103").path
    ['山东省', '济南市', '市中区']
    """
    if adcode == NATION.adcode:
        return _copy(NATION)
    region = _regions().get(adcode)
    return _copy(region) if region else None


def parent(adcode: str) -> Region | None:
    """The division directly above this one (None for a province or an unknown code).

    >>> parent("370103").name
    '济南市'
    """
    div = _divisions().get(adcode)
    return lookup(div.parent) if div and div.parent else None


@cache
def _children_codes() -> dict[str, tuple[str, ...]]:
    kids: dict[str, list[str]] = {}
    for div in _divisions().values():
        kids.setdefault(div.parent or NATION.adcode, []).append(div.adcode)
    return {code: tuple(sorted(codes)) for code, codes in kids.items()}


def children(adcode: str) -> list[Region]:
    """The divisions directly below this one, by code ("000000" gives the provinces).

    >>> [r.name for r in children("370100")][:3]
    ['历下区', '市中区', '槐荫区']
    """
    return [lookup(code) for code in _children_codes().get(adcode, ())]


def all_regions() -> list[Region]:
    """Every division of the table, by code, each with its path (see division_rows for parents and short names)."""
    return [_copy(r) for r in _regions().values()]


def division_rows() -> list[dict]:
    """The table as the store keeps it: adcode, name, short_names, level, parent (None for provinces), path.

    >>> division_rows()[0]["name"]
    '北京市'
    """
    regions = _regions()
    return [
        {
            "adcode": div.adcode,
            "name": div.name,
            "short_names": list(div.shorts),
            "level": div.level,
            "parent": div.parent or None,
            "path": list(regions[div.adcode].path),
        }
        for div in _divisions().values()
    ]


def is_within(adcode: str, ancestor: str) -> bool:
    """True when `adcode` is `ancestor` or lies below it ("000000" contains everything).

    >>> is_within("370103", "370000"), is_within("370402", "370100")
    (True, False)
    """
    if ancestor == NATION.adcode or adcode == ancestor:
        return True
    table = _divisions()
    div = table.get(adcode)
    while div and div.parent:
        if div.parent == ancestor:
            return True
        div = table.get(div.parent)
    return False


def _rank(region: Region) -> tuple[int, str]:
    return LEVEL_RANK.get(region.level, 9), region.adcode


def find_by_name(name: str) -> list[Region]:
    """Divisions a user may mean by a name, full or short: provinces first, then cities, then districts.

    Args: name: 济南, 济南市, 市中区, 泉城, 鼓楼, or a qualified name: 济南市中区, 福州鼓楼区 ...
    Returns: matching Regions (empty when none).

    >>> [r.adcode for r in find_by_name("济南")]
    ['370100']
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
        # a qualified name: 济南市中区, 山东省济南市历下区, 枣庄 市中区 -> the last place, read inside the ones before it
        found = [p for p in find_places(name) if p.kind == "division"]
        if len(found) >= 2:
            last = found[-1].candidates
            for before in reversed(found[:-1]):
                inside = [r for r in last if any(is_within(r.adcode, b.adcode) for b in before.candidates)]
                if inside:
                    return sorted(inside, key=_rank)
    return sorted((lookup(c) for c in codes), key=_rank)


def group_members(name: str) -> list[Region]:
    """The member divisions of a group of places (长三角, 京津), or [] when it is no group.

    >>> [r.name for r in group_members("京津")]
    ['北京市', '天津市']
    """
    return [lookup(code) for code in _groups().get(name, ())]


def self_level(text: str) -> str | None:
    """What level a self-reference means: 我市 -> "city", 全省 -> "province", 该县 -> "district", 当地 -> "home".

    Returns None when the text is no self-reference.
    """
    sense = _aliases().get(text)
    return sense.target if sense and sense.kind == "self" else None


# --------------------------------------------------------------------------
# The scan
# --------------------------------------------------------------------------
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

    济南市中区 is 济南 + 市中区 (5 characters) rather than 济南市 (3); 唐山城际 is 唐山, not 山城.
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
    """Whether a two-character short name (济南, 槐荫, 长春) stands for a place here.

    Not when it is the given name of a person (、李长春、, 主席高云龙) or the first part
    of a street, village or school (南阳村, 北京路, 吉林大学); and a short name of
    county-level divisions only (槐荫, 平阴) needs a next character that cannot
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
    return any(s.kind == "division" and divisions[s.target].name.endswith("市") for s in hit)


def _county_only(hit: tuple[_Sense, ...]) -> bool:
    """True when every sense is a county-level division (槐荫, 昆山), none a city or province."""
    divisions = _divisions()
    return all(s.kind == "division" and divisions[s.target].level == "district" for s in hit)


def _qualified_by(previous: PlaceMention, hit: tuple[_Sense, ...]) -> bool:
    """True when the place right before names a division above one of these: 江苏昆山, 济南槐荫."""
    if previous.kind != "division":
        return False
    above = {r.adcode for r in previous.candidates}
    return any(s.kind == "division" and any(is_within(s.target, a) and s.target != a for a in above) for s in hit)


def _two_char_full_name_is_safe(text: str, start: int, end: int, hit: tuple[_Sense, ...], after_place: bool) -> bool:
    """A two-character full name (成县, 和县, 代县, 新县) reads as a place only where it starts a
    word: after a place (甘肃陇南文县), a separator, or 在/赴/到; and not in 县长, 县城, 县委, 县里.

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
    return before in rules.place_before or not _CJK.match(before)


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
        return PlaceMention(start, end, surface, sorted((lookup(c) for c in codes), key=_rank), "division")
    if "foreign" in kinds:
        return PlaceMention(start, end, surface, [_copy(_foreign()[surface])], "foreign")
    return None


def find_places(text: str) -> list[PlaceMention]:
    """Every place name in the text, each with all the divisions it could denote.

    One scan over the text; overlapping names are settled by covering the most
    characters (济南市中区 = 济南 + 市中区), words from not_places.tsv hide the
    places inside them (真金白银), a bare two-character county short name is
    kept only where it does not run on into a longer word, and a one-character
    abbreviation counts only between a verb of travel and one of business (赴京招商).

    Args: text: normalized (simplified) text.
    Returns: PlaceMentions in text order; kind is division, group, foreign or self.
        A self-reference (我市, 全县) has no candidates: see resolve.RegionContext.

    >>> [(p.text, [r.adcode for r in p.candidates]) for p in find_places("济南市中区赴长沙招商")]
    [('济南', ['370100']), ('市中区', ['370103', '370402', '511002', '511102']), ('长沙', ['430100', '430121'])]
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
                # 江苏昆山落地: its province vouches for it, unless it names a works (林芝市米林水电站)
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
    if "区" in text or "园" in text or "城" in text:
        out = _zone_places(text, out, chosen)
    extra = _abbreviations(text, out)
    return sorted(out + extra, key=lambda p: p.start) if extra else out


# 东城, 城北, 郊区 before 开发区 are as likely a town's quarter as the division of that name
_GENERIC_NAME_CHARS = frozenset("东西南北中城区郊矿新老")


def _lone_zone_place(text: str, start: int, end: int, hit: tuple[_Sense, ...], mention: PlaceMention,
                     strong: bool) -> bool:
    """Whether a name the scan passed over counts alone before a zone ending (上虞经济开发区):
    a strong ending, a short name (not a full name such as 郊区) of one division only, not made of
    quarter words (东城, 城北), and not right after a surname (王上虞)."""
    if not strong or len(mention.candidates) != 1 or any(s.full for s in hit):
        return False
    if set(text[start:end]) <= _GENERIC_NAME_CHARS:
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
    for m in finder.finditer(text):
        s = m.start()
        if any(a < s < b for a, b, _ in chosen):
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
