"""The units money is written in (data/money_units.tsv): multipliers (亿, 万) and currency words (元, 美元).

One reader for the money finder (mentions/money.py) and for the event stage's table
cells (events/tables.py), which read a column's unit from its header (总投资（亿元）).
"""
from __future__ import annotations

import functools
import re
from typing import NamedTuple

from projectradar.errors import RuleError
from projectradar.tables import load_table

__all__ = ["Units", "money_units", "yuan_scale", "yuan_units"]


class Units(NamedTuple):
    multipliers: dict[str, int]      # 亿 -> 100000000
    currencies: dict[str, str]       # 美元 -> USD


@functools.cache
def money_units() -> Units:
    """The multipliers and currency words of data/money_units.tsv, checked once."""
    multipliers: dict[str, int] = {}
    currencies: dict[str, str] = {}
    for row in load_table("money_units.tsv", 3):
        word, kind, value = row.cells
        if kind == "multiplier":
            if not value.isdigit():
                raise RuleError(row.path, row.line, f"multiplier {value!r} is not a whole number")
            multipliers[word] = int(value)
        elif kind == "currency":
            if not re.fullmatch(r"[A-Z]{3}", value):
                raise RuleError(row.path, row.line, f"currency {value!r} is not an ISO 4217 code")
            currencies[word] = value
        else:
            raise RuleError(row.path, row.line, f"kind {kind!r} is not multiplier or currency")
    return Units(multipliers, currencies)


@functools.cache
def yuan_units() -> tuple[str, ...]:
    """Every way of writing a unit of yuan (亿元, 万元, 元 ...), longest and largest first."""
    units = money_units()
    yuan = [w for w, code in units.currencies.items() if code == "CNY"]
    written = {m + y: value for m, value in units.multipliers.items() for y in yuan}
    written.update({y: 1 for y in yuan})
    return tuple(sorted(written, key=lambda w: (-len(w), -written[w])))


def yuan_scale(unit: str) -> float | None:
    """How many yuan one of a unit is: ``yuan_scale("亿元") == 1e8``; None when it is no unit of yuan.

    >>> yuan_scale("万亿元"), yuan_scale("元"), yuan_scale("美元")
    (1000000000000.0, 1.0, None)
    """
    units = money_units()
    for yuan, code in units.currencies.items():
        if code == "CNY" and unit.endswith(yuan):
            head = unit[:-len(yuan)]
            if not head:
                return 1.0
            if head in units.multipliers:
                return float(units.multipliers[head])
    return None
