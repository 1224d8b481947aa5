"""Regions: the GB/T 2260 division table (`table`), the place finder (`finder`) and the
story context that decides which 鼓楼区 a page means (`context`)."""
from __future__ import annotations

from .context import RegionContext
from .hosts import host_region
from .finder import find_by_name, find_places
from .table import (LEVEL_RANK, MUNICIPALITIES, NATION, all_regions, children, division_rows, group_members, is_within,
                    lookup, parent, rank, self_level)

__all__ = ["RegionContext", "host_region", "find_places", "find_by_name", "NATION", "LEVEL_RANK", "MUNICIPALITIES", "lookup",
           "parent", "children", "all_regions", "division_rows", "group_members", "self_level", "is_within",
           "rank"]
