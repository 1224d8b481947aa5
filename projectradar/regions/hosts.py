"""The division a web site belongs to, from its host (site_hosts.tsv, region_pinyin.tsv)."""
from __future__ import annotations

from functools import cache
from urllib.parse import urlsplit

from projectradar.errors import RuleError
from projectradar.records import Region
from projectradar.tables import load_table
from . import table as regions

__all__ = ["host_region", "path_regions"]

# a path folder shorter than this may be any word (/ali/, /news/): only longer spellings are read
MIN_PATH_SPELLING = 5


@cache
def _host_table() -> tuple[dict[str, str], dict[str, str]]:
    """(host suffix -> adcode from site_hosts.tsv, pinyin label -> adcode from region_pinyin.tsv)."""
    tables: list[dict[str, str]] = []
    for filename in ("site_hosts.tsv", "region_pinyin.tsv"):
        table: dict[str, str] = {}
        for row in load_table(filename, 3, optional=1):
            key, adcode, _note = row.cells
            if regions.lookup(adcode) is None:
                raise RuleError(row.path, row.line, f"adcode {adcode!r} is not in regions.tsv")
            table[key.lower()] = adcode
        tables.append(table)
    return tables[0], tables[1]


def host_region(url: str | None) -> Region | None:
    """The division a web site belongs to, from its host: www.jiangsu.gov.cn -> 江苏省, xuzhou.gov.cn -> 徐州市.

    Known government hosts come from data/site_hosts.tsv; otherwise a host label
    that is a division's pinyin (qingdao, hunan, pizhou) names it.

    >>> host_region("http://www.xuzhou.gov.cn/art/2023/1/30/x.html").adcode
    '320300'
    """
    if not url:
        return None
    host = (urlsplit(url if "//" in url else "//" + url).hostname or "").lower()
    if not host:
        return None
    hosts, pinyin = _host_table()
    labels = host.split(".")
    for i in range(len(labels)):
        code = hosts.get(".".join(labels[i:]))
        if code:
            # qingdao.dzwww.com: a city's subdomain of a provincial site is the city
            for label in labels[:i]:
                city = pinyin.get(label)
                if city and city != code and regions.is_within(city, code):
                    return regions.lookup(city)
            return regions.lookup(code)
    return _deepest([code for code in (pinyin.get(label) for label in labels[:-1]) if code])


def _deepest(found: list[str]) -> Region | None:
    """The region of a chain of spellings, or None when there is none."""
    if not found:
        return None
    # pizhou.xuzhou.gov.cn: the deepest of a chain; gongan.qingdao.gov.cn (a bureau's site, not 公安县):
    # when the spellings do not nest, the highest level
    nested = [c for c in found if all(regions.is_within(c, other) for other in found)]
    if nested:
        return regions.lookup(nested[0])
    return min((regions.lookup(c) for c in found), key=lambda r: regions.LEVEL_RANK[r.level])


def path_regions(url: str | None) -> list[Region]:
    """The cities and provinces a page's folders are named after, a portal's channel for a
    place: /xuzhou/gulou/123.html -> 徐州市 (gulou is spelt by several districts, so it names
    none). Only folders of at least MIN_PATH_SPELLING letters count, the file name never does,
    and a county's spelling is not read: folders named dongtai or yuanqu are mostly 动态 and 园区.

    >>> [r.name for r in path_regions("http://portal.example.com/xuzhou/gulou/1.html")]
    ['徐州市']
    """
    if not url:
        return []
    path = urlsplit(url if "//" in url else "//" + url).path or ""
    _hosts, pinyin = _host_table()
    found = []
    for folder in path.split("/")[:-1]:
        code = pinyin.get(folder.lower()) if len(folder) >= MIN_PATH_SPELLING and folder.isalpha() else None
        region = regions.lookup(code) if code else None
        if region is not None and region.level in ("province", "city") and all(r.adcode != region.adcode for r in found):
            found.append(region)
    return found
