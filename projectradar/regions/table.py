"""The GB/T 2260 division table and what names its divisions: place groups, places abroad, aliases,
self-references; lookups by code (lookup, parent, children, is_within) and the constants of the nation."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Iterator, NamedTuple

from projectradar.errors import RuleError
from projectradar.records import Region
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
    "SelfReference",
    "self_reference",
    "self_reference_finder",
    "home_reference",
    "prefix_refers",
    "own_name_ends",
    "unit_level",
    "is_within",
    "rank",
]

LEVELS = ("province", "city", "district")
LEVEL_RANK = {"country": 0, "province": 1, "city": 2, "district": 3, "group": 4, "foreign": 5}
SELF_LEVELS = ("province", "city", "district", "home")

# the nation as events and places report it: its name is an output label
NATION = Region("中国", "000000", "country", ["中国"])
# 北京 天津 上海 重庆: province-level cities (their 市级 is provincial, their 全市 is the province)
MUNICIPALITIES = ("11", "12", "31", "50")


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


# --------------------------------------------------------------------------
# The table
# --------------------------------------------------------------------------
def _copy(region: Region) -> Region:
    # callers get their own Region (the cached ones must not be mutated); the
    # constructor is several times cheaper than dataclasses.replace here
    return Region(region.name, region.adcode, region.level, list(region.path))


def lookup(adcode: str) -> Region | None:
    """The division with this code, or None.

    Args: adcode: six digits ("320302"); "000000" gives the nation.
    Returns: a fresh Region with its path.

    >>> lookup("320302").path
    ['江苏省', '徐州市', '鼓楼区']
    """
    if adcode == NATION.adcode:
        return _copy(NATION)
    region = _regions().get(adcode)
    return _copy(region) if region else None


def parent(adcode: str) -> Region | None:
    """The division directly above this one (None for a province or an unknown code).

    >>> parent("320302").name
    '徐州市'
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

    >>> [r.name for r in children("320300")][:3]
    ['鼓楼区', '云龙区', '贾汪区']
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
    whether it is the story's own place (我市), the whole of it (全市) or the place just named (该区, 此县)."""

    level: str
    refers: str      # story | whole | named | nation


class _SelfWords(NamedTuple):
    finder: re.Pattern[str]                # every prefix-and-unit word and nation word
    words: dict[str, SelfReference]
    prefixes: dict[str, str]               # 我 -> story, 全 -> whole, 该 -> named
    units: dict[str, str]                  # 省 -> province
    home: dict[str, str]                   # 当地 -> named, 本地 -> story
    own_ends: dict[str, tuple[str, ...]]   # level -> name ends whose division a self-reference of that level means


@cache
def _self_references() -> _SelfWords:
    prefixes: dict[str, str] = {}
    units: dict[str, str] = {}
    nation: list[str] = []
    home: dict[str, str] = {}
    own_ends: dict[str, list[str]] = {}
    for lineno, (word, kind, value) in _rows("self_references.tsv", 3, 3):
        if kind == "prefix" and len(word) == 1 and value in ("story", "whole", "named"):
            prefixes[word] = value
        elif kind == "unit" and len(word) == 1 and value in LEVELS:
            units[word] = value
        elif kind == "nation" and value == "nation":
            nation.append(word)
        elif kind == "home" and value in ("story", "named"):
            home[word] = value
        elif kind == "own_end" and value in LEVELS:
            own_ends.setdefault(value, []).append(word)
        else:
            raise _bad("self_references.tsv", lineno,
                       f"{word!r} {kind} {value}: want a one-character prefix (story|whole|named), a one-character "
                       f"unit (a level), a nation word, a home word (story|named) or an own_end (a level)")
    if not prefixes or not units:
        raise _bad("self_references.tsv", 0, "lists no prefix or no unit")
    words = {p + u: SelfReference(level, refers) for p, refers in prefixes.items() for u, level in units.items()}
    words.update({w: SelfReference("nation", "nation") for w in nation})
    finder = re.compile(f"[{''.join(prefixes)}][{''.join(units)}]"
                        + (f"|{'|'.join(map(re.escape, nation))}" if nation else ""))
    return _SelfWords(finder, words, prefixes, units, home, {level: tuple(ends) for level, ends in own_ends.items()})


def unit_level(unit: str) -> str | None:
    """The level a one-character unit of a self-reference means (省 -> "province", 县 -> "district"),
    or None when it is none; also how an organ (省委, 县政府) names its level."""
    return _self_references().units.get(unit)


def self_reference(word: str) -> SelfReference | None:
    """What a self-reference word means, or None when it is none.

    >>> self_reference("该县"), self_reference("全国").level
    (SelfReference(level='district', refers='named'), 'nation')
    """
    return _self_references().words.get(word)


def self_reference_finder() -> re.Pattern[str]:
    """A finder of every self-reference word (全市, 该县, 我国) in a text."""
    return _self_references().finder


def prefix_refers(word: str) -> str | None:
    """What the first character of a self-reference says ("story": 我盟, "whole": 全州, "named": 该县),
    whatever unit follows it; None when it is no prefix.

    >>> prefix_refers("我盟"), prefix_refers("市里")
    ('story', None)
    """
    return _self_references().prefixes.get(word[:1])


def home_reference(word: str) -> str | None:
    """Whether a word for "here" means the place just named ("named": 当地) or the story's own
    ("story": 本地); None for any other word.

    >>> home_reference("当地"), home_reference("全市")
    ('named', None)
    """
    return _self_references().home.get(word)


def own_name_ends(level: str) -> tuple[str, ...]:
    """The ends of a division's name by which a self-reference of `level` means that division though it
    is of another level (全区 in a story of an autonomous region, …自治区; 全市 in one of a county-level city, …市).

    >>> own_name_ends("district")
    ('自治区',)
    """
    return _self_references().own_ends.get(level, ())


def self_level(text: str) -> str | None:
    """What level a self-reference means: 我市 -> "city", 全省 -> "province", 该县 -> "district", 当地 -> "home".

    Returns None when the text is no self-reference.
    """
    sense = _aliases().get(text)
    return sense.target if sense and sense.kind == "self" else None
