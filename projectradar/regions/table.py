"""The GB/T 2260 division table, place groups, places abroad, aliases and the word lists the place finder reads."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Iterator

from projectradar.errors import RuleError
from projectradar.records import PlaceMention, Region
from projectradar.tables import data_path, load_table

__all__ = [
    "NATION",
    "MUNICIPALITIES",
    "LEVEL_RANK",
    "lookup",
    "parent",
    "children",
    "all_regions",
    "division_rows",
    "group_members",
    "self_level",
    "names_something_else",
    "SelfReference",
    "self_reference",
    "self_reference_finder",
    "is_within",
    "rank",
]

LEVELS = ("province", "city", "district")
LEVEL_RANK = {"country": 0, "province": 1, "city": 2, "district": 3, "group": 4, "foreign": 5}
SELF_LEVELS = ("province", "city", "district", "home")

NATION = Region("中国", "000000", "country", ["中国"])
# 北京 天津 上海 重庆: province-level cities (their 市级 is provincial, their 全市 is the province)
MUNICIPALITIES = ("11", "12", "31", "50")

_CJK = re.compile(r"[\u3400-\u9fff]")
CONTEXT_RULES = ("safe_after", "city_after", "conjunction_first", "place_before", "surname", "title_before", "street_after", "works_after",
                 "full_not_after", "abbrev_before", "abbrev_after", "name_after")


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
def _rows(filename: str, min_cols: int, max_cols: int, blank: tuple[int, ...] = ()) -> Iterator[tuple[int, list[str]]]:
    """Yield (line number, cells) of a table under data/ (read by projectradar/tables.py)."""
    for row in load_table(filename, max_cols, max_cols - min_cols, blank):
        yield row.line, list(row.cells)


def _bad(filename: str, lineno: int, problem: str) -> RuleError:
    return RuleError(data_path(filename), lineno, problem)


@cache
def _divisions() -> dict[str, _Division]:
    table: dict[str, _Division] = {}
    for lineno, (code, name, shorts, level, parent_code) in _rows("regions.tsv", 5, 5, blank=(2, 4)):
        if not re.fullmatch(r"\d{6}", code):
            raise _bad("regions.tsv", lineno, f"adcode {code!r} is not six digits")
        if level not in LEVELS:
            raise _bad("regions.tsv", lineno, f"level {level!r} is not one of {', '.join(LEVELS)}")
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
    name_after: re.Pattern[str]


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
        name_after=words("name_after"),
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


def rank(region: Region) -> tuple[int, str]:
    """Sort key: provinces before cities before districts, then by code."""
    return LEVEL_RANK.get(region.level, 9), region.adcode


def group_members(name: str) -> list[Region]:
    """The member divisions of a group of places (长三角, 京津), or [] when it is no group.

    >>> [r.name for r in group_members("京津")]
    ['北京市', '天津市']
    """
    return [lookup(code) for code in _groups().get(name, ())]


@dataclass(frozen=True)
class SelfReference:
    """What a self-reference word means: its level (province, city, district or nation) and
    whether it is the story's own place (全市, 我市) or the place just named (该区, 此县)."""

    level: str
    refers: str      # story | named | nation


@cache
def _self_references() -> tuple[re.Pattern[str], dict[str, SelfReference]]:
    prefixes: dict[str, str] = {}
    units: dict[str, str] = {}
    nation: list[str] = []
    for lineno, (word, kind, value) in _rows("self_references.tsv", 3, 3):
        if kind == "prefix" and len(word) == 1 and value in ("story", "named"):
            prefixes[word] = value
        elif kind == "unit" and len(word) == 1 and value in LEVELS:
            units[word] = value
        elif kind == "nation" and value == "nation":
            nation.append(word)
        else:
            raise _bad("self_references.tsv", lineno,
                       f"{word!r} {kind} {value}: want a one-character prefix (story|named), a one-character "
                       f"unit (a level) or a nation word")
    if not prefixes or not units:
        raise _bad("self_references.tsv", 0, "lists no prefix or no unit")
    words = {p + u: SelfReference(level, refers) for p, refers in prefixes.items() for u, level in units.items()}
    words.update({w: SelfReference("nation", "nation") for w in nation})
    finder = re.compile(f"[{''.join(prefixes)}][{''.join(units)}]"
                        + (f"|{'|'.join(map(re.escape, nation))}" if nation else ""))
    return finder, words


def self_reference(word: str) -> SelfReference | None:
    """What a self-reference word means, or None when it is none.

    >>> self_reference("该县"), self_reference("全国").level
    (SelfReference(level='district', refers='named'), 'nation')
    """
    return _self_references()[1].get(word)


def self_reference_finder() -> re.Pattern[str]:
    """A finder of every self-reference word (全市, 该县, 我国) in a text."""
    return _self_references()[0]


def names_something_else(text: str, end: int) -> bool:
    """True when the place name ending at ``end`` of ``text`` is part of a street's, road's or
    ship's name (北京路, “福建号”: rule name_after of place_context.tsv)."""
    return bool(_neighbours().name_after.match(text, end))


def self_level(text: str) -> str | None:
    """What level a self-reference means: 我市 -> "city", 全省 -> "province", 该县 -> "district", 当地 -> "home".

    Returns None when the text is no self-reference.
    """
    sense = _aliases().get(text)
    return sense.target if sense and sense.kind == "self" else None
