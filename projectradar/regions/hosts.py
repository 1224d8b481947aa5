"""The division a web site belongs to, from its host (site_hosts.tsv, region_pinyin.tsv)."""
from __future__ import annotations

from functools import cache
from urllib.parse import urlsplit

from projectradar.errors import RuleError
from projectradar.records import Region
from projectradar.tables import load_table
from . import table as regions

__all__ = ["host_region", "path_region"]


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
    """The division a web site belongs to, from its host: www.sd.gov.cn -> 山东省, jinan.gov.cn -> 济南市.

    Known government hosts come from data/site_hosts.tsv; otherwise a host label
    that is a division's pinyin (qingdao, hunan, pizhou) names it.

    >>> host_region("http://www.jinan.gov.cn/art/2023/1/30/x.html").adcode
    '370100'
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
            # jinan.dzwww.com: a city's subdomain of a provincial site is the city
            for label in labels[:i]:
                city = pinyin.get(label)
                if city and city != code and regions.is_within(city, code):
                    return regions.lookup(city)
            return regions.lookup(code)
    return _deepest([code for code in (pinyin.get(label) for label in labels[:-1]) if code])


def path_region(url: str | None) -> Region | None:
    """The city or province a portal's channel is named after, from the folders of the URL's
    path: /longyan/yongding/123.html -> 龙岩市 (the file name itself is no channel; a county's
    spelling is not read, as folders named dongtai or yuanqu are mostly 动态 and 园区).

    >>> path_region("http://portal.example.com/wuzhou/tengxian/201902/1.html").adcode
    '450400'
    """
    if not url:
        return None
    folders = urlsplit(url if "//" in url else "//" + url).path.lower().split("/")[1:-1]
    _hosts, pinyin = _host_table()
    found = [code for code in (pinyin.get(folder) for folder in folders if folder.isalpha()) if code]
    return _deepest([code for code in found if regions.lookup(code).level in ("province", "city")])


def _deepest(found: list[str]) -> Region | None:
    """The region of a chain of spellings, or None when there is none."""
    if not found:
        return None
    # pizhou.xuzhou.gov.cn: the deepest of a chain; gongan.jinan.gov.cn (a bureau's site, not 公安县):
    # when the spellings do not nest, the highest level
    nested = [c for c in found if all(regions.is_within(c, other) for other in found)]
    if nested:
        return regions.lookup(nested[0])
    return min((regions.lookup(c) for c in found), key=lambda r: regions.LEVEL_RANK[r.level])
