"""An investor's short names (山东鲁新铝业集团有限公司 → 鲁新铝业, 鲁新): what a project's name
may open with instead of the full name. Read by the projects stage (a name opening with one is
a proper name) and by `resolve.projects` (linking drops it)."""
from __future__ import annotations

import functools

from ..regions.table import all_regions
from .rules import rules

__all__ = ["short_names"]


@functools.cache
def _place_words() -> tuple[str, ...]:
    """Names of divisions and their short forms (山东省, 山东), longest first."""
    words = set()
    for region in all_regions():
        name = region.name
        if len(name) >= 2:
            words.add(name)
        for end in rules().division_ends:
            if name.endswith(end) and len(name) - len(end) >= 2:
                words.add(name[:-len(end)])
    return tuple(sorted(words, key=len, reverse=True))


@functools.cache
def short_names(org: str) -> tuple[str, ...]:
    """The names a project may be told under for an investor: without the places that open
    it and the tails that close it (山东鲁新铝业集团有限公司 → 鲁新铝业, 鲁新), longest first.

    >>> short_names("山东鲁新铝业集团有限公司")
    ('山东鲁新铝业集团有限公司', '鲁新铝业', '鲁新')
    """
    r = rules()
    stem = org
    changed = True
    while changed:
        changed = False
        for word in _place_words():
            if stem.startswith(word) and len(stem) - len(word) >= 2:
                stem, changed = stem[len(word):], True
                break
        for tail in r.org_tails:
            if stem.endswith(tail) and len(stem) - len(tail) >= 2:
                stem, changed = stem[:-len(tail)], True
                break
    out = [org, stem]
    for trade in r.trades:
        if stem.endswith(trade) and len(stem) - len(trade) >= 2:
            out.append(stem[:-len(trade)])
            break
    return tuple(dict.fromkeys(n for n in out if len(n) >= 2))
