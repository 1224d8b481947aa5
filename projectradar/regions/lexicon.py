"""The words the place finder reads text with: its index of every name and sense, the words that
hide a place (not_places.tsv), zone endings (zone_suffixes.tsv) and neighbour rules (place_context.tsv)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from .table import _Sense, _aliases, _bad, _divisions, _foreign, _groups, _rows

__all__ = ["names_something_else"]

_CJK = re.compile(r"[\u3400-\u9fff]")
CONTEXT_RULES = ("safe_after", "city_after", "conjunction_first", "place_before", "full_name_before", "surname", "title_before", "street_after", "works_after",
                 "full_not_after", "abbrev_before", "abbrev_after", "name_after", "quarter_name")


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
    full_name_before: frozenset[str]
    surname: frozenset[str]
    title_before: tuple[str, ...]
    street_after: re.Pattern[str]
    works_after: re.Pattern[str]
    full_not_after: frozenset[str]
    abbrev_before: frozenset[str]
    abbrev_after: frozenset[str]
    name_after: re.Pattern[str]
    quarter_name: frozenset[str]


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
        full_name_before=frozenset(values["full_name_before"]),
        surname=frozenset(values["surname"]),
        title_before=tuple(values["title_before"]),
        street_after=words("street_after"),
        works_after=words("works_after"),
        full_not_after=frozenset(values["full_not_after"]),
        abbrev_before=frozenset(values["abbrev_before"]),
        abbrev_after=frozenset(values["abbrev_after"]),
        name_after=words("name_after"),
        quarter_name=frozenset(values["quarter_name"]),
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


def names_something_else(text: str, end: int) -> bool:
    """True when the place name ending at ``end`` of ``text`` is part of a street's, road's or
    ship's name (北京路, “福建号”: rule name_after of place_context.tsv)."""
    return bool(_neighbours().name_after.match(text, end))
