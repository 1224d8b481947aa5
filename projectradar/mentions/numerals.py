"""Numbers as Chinese news writes them: 250.42, 1,200, 十九, 一百零五, 两千, 二〇二三.

The numeral characters and their values are in data/numerals.tsv, the bounds around a number
(超过, 约, 以上) in money_qualifiers.tsv and count_qualifiers.tsv, the words that only look like
a bound (签约 for 约) in bound_lookalikes.tsv.
"""
from __future__ import annotations

import functools
import re
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

from projectradar.errors import RuleError
from projectradar.records import QUALIFIERS
from projectradar.tables import data_path, load_table

__all__ = ["MAX_DIGITS", "ARABIC", "Numerals", "numerals", "number_pattern", "parse_number", "parse_int",
           "Bounds", "bounds", "bound_is_word_tail"]

# A regex fragment (no groups) for the scanners of money, counts and dates.
# (never starting inside a run of digits: a scan would otherwise retry a long run at every
# digit of it, quadratic in its length)
ARABIC = r"(?<!\d)\d+(?:,\d{3})*(?:\.\d+)?"

# More integer digits than this is no figure a story gives (a trillion yuan has 13): a longer
# run of digits is an id, a phone number or an attack, and is not read as a number.
MAX_DIGITS = 16

_NUMERAL_KINDS = ("digit", "whole_digit", "unit", "section", "point", "more")
_VALUED_KINDS = ("digit", "whole_digit", "unit", "section")


class Numerals(NamedTuple):
    digits: dict[str, int]       # 三 -> 3, 两 -> 2
    units: dict[str, int]        # 百 -> 100: place values inside a section
    sections: dict[str, int]     # 万 -> 10000: place values that close a section
    point: str                   # 点
    chinese: str                 # a Chinese numeral, as a regex fragment without groups
    more: str                    # [多余] as a regex fragment without groups


@functools.cache
def numerals() -> Numerals:
    """The numeral characters of data/numerals.tsv, checked once (RuleError names file:line)."""
    found: dict[str, dict[str, int]] = {kind: {} for kind in _NUMERAL_KINDS}
    for row in load_table("numerals.tsv", 3, optional=1):
        character, kind, value = row.cells
        if kind not in _NUMERAL_KINDS:
            raise RuleError(row.path, row.line, f"kind {kind!r} is not one of {_NUMERAL_KINDS}")
        if len(character) != 1:
            raise RuleError(row.path, row.line, f"{character!r} is not one character")
        if (kind in _VALUED_KINDS) != value.isdigit():
            raise RuleError(row.path, row.line, f"a {kind} takes {'a whole number' if kind in _VALUED_KINDS else 'no value'}")
        if kind.endswith("digit") and int(value) > 9:
            raise RuleError(row.path, row.line, f"a {kind} is worth 0 to 9, not {value}")
        found[kind][character] = int(value) if value else 0
    if len(found["point"]) != 1:
        raise RuleError(data_path("numerals.tsv"), 0, "needs exactly one point")
    after_point = "".join(found["digit"])
    whole = after_point + "".join(found["whole_digit"]) + "".join(found["unit"])
    point = next(iter(found["point"]))
    return Numerals(
        digits=found["digit"] | found["whole_digit"], units=found["unit"], sections=found["section"],
        point=point,
        chinese=f"{_one_of(whole)}+(?:{re.escape(point)}{_one_of(after_point)}+)?",
        more=_one_of("".join(found["more"])),
    )


def _one_of(characters: str) -> str:
    return "[" + "".join(re.escape(c) for c in characters) + "]"


@functools.cache
def number_pattern() -> str:
    """A number in digits or Chinese numerals, as a regex fragment without groups.

    >>> re.fullmatch(number_pattern(), "1,200.5") is not None, re.fullmatch(number_pattern(), "三点五") is not None
    (True, True)
    """
    return f"(?:{ARABIC}|{numerals().chinese})"


def _chinese_integer(text: str, numbers: Numerals) -> int | None:
    """十九 → 19, 一百零五 → 105, 两千 → 2000, 二〇二三 → 2023; None if not a numeral."""
    if not text:
        return None
    digits, units, sections = numbers.digits, numbers.units, numbers.sections
    if all(ch in digits for ch in text):
        # digit by digit, as in years: 二〇二三
        value = 0
        for ch in text:
            value = value * 10 + digits[ch]
        return value
    total = section = 0
    digit: int | None = None
    last_unit = 10_000          # units inside a section descend: 一千二百; 百千万 is a slogan, no number
    for ch in text:
        if ch in digits:
            if digit is not None and digit != 0:
                return None          # two digits in a row inside a positional numeral
            digit = digits[ch]
        elif ch in units:
            if units[ch] >= last_unit:
                return None
            last_unit = units[ch]
            section += (1 if digit is None else digit) * units[ch]
            digit = None
        elif ch in sections:
            section += digit or 0
            total += (section or 1) * sections[ch]
            section, digit, last_unit = 0, None, 10_000
        else:
            return None
    return total + section + (digit or 0)


def parse_number(text: str) -> Decimal | None:
    """Read a number written in Arabic digits or Chinese numerals.

    Args:
        text: the numeral alone, e.g. ``"250.42"``, ``"1,200"``, ``"十九"``, ``"三点五"``.

    Returns:
        A Decimal (exact, so 250.42 × 10⁸ stays whole), or None if it is not a number.

    >>> parse_number("一百零五"), parse_number("1,200.5")
    (Decimal('105'), Decimal('1200.5'))
    """
    text = text.strip()
    if not text:
        return None
    if text[0].isdigit():
        if sum(ch.isdigit() for ch in text.split(".")[0]) > MAX_DIGITS:
            return None
        try:
            return Decimal(text.replace(",", ""))
        except InvalidOperation:
            return None
    numbers = numerals()
    whole, _, fraction = text.partition(numbers.point)
    integer = _chinese_integer(whole, numbers)
    if integer is None:
        return None
    if not fraction:
        return Decimal(integer)
    if not all(ch in numbers.digits for ch in fraction):
        return None
    return Decimal(f"{integer}." + "".join(str(numbers.digits[ch]) for ch in fraction))


def parse_int(text: str) -> int | None:
    """Like parse_number, for whole numbers only: ``parse_int("四十") == 40``."""
    value = parse_number(text)
    if value is None or value != value.to_integral_value():
        return None
    return int(value)


class Bounds(NamedTuple):
    before: dict[str, str]       # 超过 -> over: a word just before the number
    after: dict[str, str]        # 以上 -> at_least: a word just after the amount or the classifier


@functools.cache
def bounds(name: str) -> Bounds:
    """The bound words of a qualifier table (money_qualifiers.tsv, count_qualifiers.tsv), checked once.

    >>> bounds("count_qualifiers.tsv").after["以上"]
    'at_least'
    """
    before: dict[str, str] = {}
    after: dict[str, str] = {}
    for row in load_table(name, 3):
        word, where, qualifier = row.cells
        if qualifier not in QUALIFIERS:
            raise RuleError(row.path, row.line, f"qualifier {qualifier!r} is not one of {QUALIFIERS}")
        if where not in ("before", "after"):
            raise RuleError(row.path, row.line, f"where {where!r} is not before or after")
        (before if where == "before" else after)[word] = qualifier
    return Bounds(before, after)


@functools.cache
def _bound_lookalikes() -> tuple[str, ...]:
    """The words of data/bound_lookalikes.tsv, each checked to end in the bound it names."""
    words = []
    for row in load_table("bound_lookalikes.tsv", 2):
        word, bound = row.cells
        if not word.endswith(bound) or word == bound:
            raise RuleError(row.path, row.line, f"{word!r} does not end in the bound {bound!r}")
        words.append(word)
    return tuple(words)


def bound_is_word_tail(text: str, end: int) -> bool:
    """True when the bound word ending at ``end`` is the tail of another word (签约 for 约).

    >>> bound_is_word_tail("现场签约23个", 4)
    True
    """
    return any(text.startswith(word, end - len(word)) for word in _bound_lookalikes() if end >= len(word))
