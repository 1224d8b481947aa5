"""Short names for the regions table (济南市 → 济南, 广西壮族自治区 → 广西)."""
from __future__ import annotations

__all__ = ["short_name"]

# Longest suffixes first; autonomous-region names carry an ethnic group before 自治区.
_SUFFIXES = ("维吾尔自治区", "壮族自治区", "回族自治区", "特别行政区", "自治区", "自治州", "自治县",
             "地区", "盟", "省", "市", "区", "县", "旗")


def short_name(name: str, level: str | None = None) -> str | None:
    """The name without its administrative suffix, or None when nothing sensible is left.

        >>> short_name("济南市"), short_name("广西壮族自治区"), short_name("黄县")
        ('济南', '广西', None)
    """
    del level
    for suffix in _SUFFIXES:
        if name.endswith(suffix):
            base = name[: -len(suffix)]
            # a one-character stem (黄县 → 黄) is too ambiguous to be a name
            return base if len(base) >= 2 else None
    return None
