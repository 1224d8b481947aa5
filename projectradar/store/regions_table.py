"""The store's regions table: the GB/T 2260 divisions with parents and short names (合肥市 → 合肥)."""
from __future__ import annotations

from typing import Any

from ..regions import NATION, division_rows
from .rows import dumps

__all__ = ["short_name", "parent_code", "division_table_rows", "region_row"]

# Longest suffixes first; autonomous-region names carry an ethnic group before 自治区.
_SUFFIXES = ("维吾尔自治区", "壮族自治区", "回族自治区", "特别行政区", "自治区", "自治州", "自治县",
             "地区", "盟", "省", "市", "区", "县", "旗")


def short_name(name: str) -> str | None:
    """The name without its administrative suffix, or None when nothing sensible is left.

        >>> short_name("合肥市"), short_name("广西壮族自治区"), short_name("黄县")
        ('合肥', '广西', None)
    """
    for suffix in _SUFFIXES:
        if name.endswith(suffix):
            base = name[: -len(suffix)]
            # a one-character stem (黄县 → 黄) is too ambiguous to be a name
            return base if len(base) >= 2 else None
    return None


def parent_code(adcode: str) -> str | None:
    """The code of the division above, read from the code: 370102 → 370100 → 370000 → 000000.

        >>> parent_code("370102"), parent_code("370100"), parent_code("370000")
        ('370100', '370000', '000000')
    """
    if not adcode or len(adcode) != 6 or not adcode.isdigit() or adcode == NATION.adcode:
        return None
    if adcode.endswith("0000"):
        return NATION.adcode
    if adcode.endswith("00"):
        return adcode[:2] + "0000"
    return adcode[:4] + "00"


def division_table_rows() -> list[dict[str, Any]]:
    """Rows of the regions table for every division of projectradar.regions (provinces under the nation)."""
    return [{"adcode": d["adcode"], "name": d["name"], "short_name": short_name(d["name"]), "level": d["level"],
             "parent": d["parent"] or parent_code(d["adcode"]), "path": dumps(d["path"])}
            for d in division_rows()]


def region_row(region: dict[str, Any]) -> dict[str, Any]:
    """A row for a region an event names that the table may lack (a place abroad, a group)."""
    code = region["adcode"]
    return {"adcode": code, "name": region.get("name") or code, "short_name": None,
            "level": region.get("level") or "unknown", "parent": parent_code(code),
            "path": dumps(list(region.get("path") or []))}
