"""The mention finders and region resolver the event assembler uses, with small fallbacks.

The real finders live in `projectradar.mentions` and `projectradar.resolve`
(written by their owners). Each function here calls the real one when it can
be imported and otherwise a deliberately small stand-in, so the event stage
stays importable and testable on its own.
"""
from __future__ import annotations

import datetime as _dt
import importlib
import logging
import re
from functools import cache

from ..records import (CountMention, DateMention, MoneyMention, OrgMention, PersonMention,
                       PlaceMention, Region, SectorMention)

__all__ = ["sentences", "find_money", "find_counts", "find_dates", "find_people",
           "find_organizations", "find_sectors", "find_places", "region_context", "lookup_region"]


_log = logging.getLogger(__name__)
_broken: set[str] = set()


@cache
def _real(module: str, name: str):
    """The function `name` of `projectradar.<module>` wrapped so that a failure of that
    finder (a table of its own missing while it is being written) falls back to the
    stand-in here with one warning; None while the module is not written."""
    try:
        mod = importlib.import_module(f"projectradar.{module}")
    except ImportError:
        return None
    found = getattr(mod, name, None)
    if found is None or isinstance(found, type):
        return found

    def guarded(*args, **kwargs):
        """Call the real finder; on failure mark it broken and let the caller use its stand-in."""
        key = f"{module}.{name}"
        if key in _broken:
            raise _Unavailable(key)
        try:
            return found(*args, **kwargs)
        except Exception as err:  # the stand-in takes over; say so once
            _broken.add(key)
            _log.warning("events: %s failed (%s); using the events stage's stand-in", key, err)
            raise _Unavailable(key) from err
    return guarded


class _Unavailable(Exception):
    """A real finder failed; the caller uses its stand-in."""


# ---------------------------------------------------------------- sentences
_SENTENCE_END = re.compile(r"[。！？；!?;\n]+[”」』）)]*")


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans of `text` (split after 。！？； and newlines), blanks dropped."""
    real = _real("text", "sentences")
    if real is not None:
        try:
            return list(real(text))
        except _Unavailable:
            pass
    spans, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        if text[start:m.end()].strip():
            spans.append((start, m.end()))
        start = m.end()
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans


# ---------------------------------------------------------------- money
_NUM = r"\d+(?:\.\d+)?"
_MONEY = re.compile(
    rf"(约|近|超过|超|逾|达到|达|共计|共|合计|总计)?({_NUM})(多|余)?(万亿|千亿|百亿|亿|千万|百万|万)?"
    r"(元|美元|欧元|港元|港币)?(以上|多)?")
_SCALE = {"万亿": 1e12, "千亿": 1e11, "百亿": 1e10, "亿": 1e8, "千万": 1e7, "百万": 1e6, "万": 1e4, None: 1}
_CURRENCY = {"元": "CNY", "美元": "USD", "欧元": "EUR", "港元": "HKD", "港币": "HKD"}
_NOT_MONEY_AFTER = re.compile(r"[斤吨立方米千瓦度人户亩平方公里个项家台辆件只头株套次]")


def _fallback_money(text: str) -> list[MoneyMention]:
    """Stand-in money finder: 250.42亿元, 超300亿, 5亿美元 (never 亿斤)."""
    out = []
    for m in _MONEY.finditer(text):
        prefix, number, more, scale, unit, suffix = m.groups()
        if unit is None and scale not in ("万亿", "亿"):
            continue
        if unit is None and _NOT_MONEY_AFTER.match(text, m.end()):
            continue
        if m.start(2) > 0 and text[m.start(2) - 1].isdigit():
            continue
        qualifier = "exact"
        if prefix in ("约", "近"):
            qualifier = "about"
        elif prefix in ("超过", "超", "逾") or more:
            qualifier = "over"
        if suffix == "以上":
            qualifier = "at_least"
        value = float(number) * _SCALE[scale]
        out.append(MoneyMention(m.start(), m.end(), m.group(0), value=value,
                                currency=_CURRENCY.get(unit or "元", "CNY"), qualifier=qualifier))
    return out


def find_money(text: str) -> list[MoneyMention]:
    """Money mentions of `text` (yuan values, currency, qualifier)."""
    real = _real("mentions.money", "find_money")
    try:
        return list(real(text)) if real is not None else _fallback_money(text)
    except _Unavailable:
        return _fallback_money(text)


# ---------------------------------------------------------------- counts
_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}


def chinese_number(s: str) -> int | None:
    """一百三十三 → 133, 十九 → 19, 123 → 123; None when it is not a number."""
    if s.isdigit():
        return int(s)
    total, digit = 0, None
    for ch in s:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            total += (1 if digit is None else digit) * _CN_UNITS[ch]
            digit = None
        else:
            return None
    return total + (digit or 0)


_COUNT = re.compile(r"(\d+|[一二两三四五六七八九十百千]+)(多|余)?(个|项|条|宗|座|批|家)(重点|重大|产业|签约|开工|竣工|投产)?(项目)?")


def _fallback_counts(text: str) -> list[CountMention]:
    """Stand-in count finder: 23个项目, 项目共计23个, 十九个."""
    out = []
    for m in _COUNT.finditer(text):
        value = chinese_number(m.group(1))
        if value is None or (m.start() > 0 and text[m.start() - 1] in ".．"):
            continue
        noun = m.group(3) + (m.group(4) or "") + (m.group(5) or "")
        out.append(CountMention(m.start(), m.end(), m.group(0), value=value,
                                qualifier="over" if m.group(2) else "exact", noun=noun))
    for m in re.finditer(r"项目(共计|共|总数|总计|合计|数量)?(达到|达|为)?(\d+)(多|余)?(个|项)", text):
        out.append(CountMention(m.start(), m.end(), m.group(0), value=int(m.group(3)),
                                qualifier="over" if m.group(4) else "exact", noun="项目"))
    return out


def find_counts(text: str) -> list[CountMention]:
    """Count mentions of `text` (23个项目, 项目共计23个, 十九个)."""
    real = _real("mentions.counts", "find_counts")
    try:
        return list(real(text)) if real is not None else _fallback_counts(text)
    except _Unavailable:
        return _fallback_counts(text)


# ---------------------------------------------------------------- dates
_DAY = re.compile(
    r"(?:(\d{4})年)?(?:(\d{1,2})月)?(\d{1,2})日"
    r"(?:\s*(?:至|到|—|-|–|~|～)\s*(?:(\d{1,2})月)?(\d{1,2})日)?")
_TODAY = re.compile(r"今天|今日|昨天|昨日|日前|近日|今年|去年|(\d{4})年(?!\d)")


def _fallback_dates(text: str, base: _dt.date | None, year: int | None) -> list[DateMention]:
    """Stand-in date finder: 1月30日, 1月30日至31日, 今天, 日前, 2023年."""
    out = []
    year = year or (base.year if base else None)
    taken = []
    for m in _DAY.finditer(text):
        y, mo, d, mo2, d2 = m.groups()
        if not mo and not y:
            # a bare 3日 needs a month from context: the publication month
            if base is None:
                continue
            mo = str(base.month)
        yy = int(y) if y else year
        if yy is None:
            continue
        try:
            start = _dt.date(yy, int(mo), int(d))
            end = _dt.date(yy, int(mo2 or mo), int(d2)) if d2 else start
        except ValueError:
            continue
        if end < start:
            end = end.replace(year=end.year + 1)
        out.append(DateMention(m.start(), m.end(), m.group(0), start_date=start.isoformat(),
                               end_date=end.isoformat(), precision="day"))
        taken.append((m.start(), m.end()))
    for m in _TODAY.finditer(text):
        if any(s <= m.start() < e for s, e in taken):
            continue
        word = m.group(0)
        if m.group(1):
            iso, precision = m.group(1), "year"
        elif word in ("今年",) and year:
            iso, precision = str(year), "year"
        elif word == "去年" and year:
            iso, precision = str(year - 1), "year"
        elif base and word in ("今天", "今日"):
            iso, precision = base.isoformat(), "day"
        elif base and word in ("昨天", "昨日"):
            iso, precision = (base - _dt.timedelta(days=1)).isoformat(), "day"
        elif base and word in ("日前", "近日"):
            iso, precision = base.isoformat()[:7], "month"
        else:
            continue
        out.append(DateMention(m.start(), m.end(), word, start_date=iso, end_date=iso,
                               precision=precision, relative=not m.group(1)))
    out.sort(key=lambda d: d.start)
    return out


def find_dates(text: str, *, base: _dt.date | None = None, year: int | None = None) -> list[DateMention]:
    """Date mentions of `text`, bare days completed from `base` (publication) or `year`."""
    real = _real("mentions.dates", "find_dates")
    if real is not None:
        try:
            return list(real(text, base=base, year=year))
        except _Unavailable:
            pass
    return _fallback_dates(text, base, year)


# ---------------------------------------------------------------- people, orgs, sectors
_TITLE = (r"(?:省|市|区|县|州|盟|旗)?(?:委)?(?:副)?(?:书记|省长|市长|区长|县长|州长|主任|主席|"
          r"总理|部长|厅长|局长|董事长|总经理)")
_PERSON = re.compile(rf"((?:{_TITLE}、?)+)([\u4e00-\u9fa5]{{2,3}}?)(?=[，,、在率带出主表强指说到赴一等和与同调再亲专先又共前今近\s])")


def _fallback_people(text: str) -> list[PersonMention]:
    """Stand-in people finder anchored on titles (区委书记孙常建)."""
    return [PersonMention(m.start(2), m.end(2), m.group(2), name=m.group(2), title=m.group(1).rstrip("、"))
            for m in _PERSON.finditer(text)]


def find_people(text: str) -> list[PersonMention]:
    """People anchored on a title cue (区委书记孙常建 → 孙常建, 区委书记); where the real
    finder sees nobody after a title, the small stand-in's reading is added."""
    real = _real("mentions.people", "find_people")
    if real is None:
        return _fallback_people(text)
    try:
        found = list(real(text))
    except _Unavailable:
        return _fallback_people(text)
    for extra in _fallback_people(text):
        if not any(p.start < extra.end and extra.start < p.end for p in found) \
                and all(p.name != extra.name for p in found):
            found.append(extra)
    return sorted(found, key=lambda p: p.start)


_ORG = re.compile(r"[\u4e00-\u9fa5A-Za-z（）()]{2,30}?(?:有限责任公司|股份有限公司|有限公司|集团|研究院|大学)")


_ORG_LEAD = re.compile(r"^.*?(?:名义为|名义向|为|向|给|与|同|和|及)(?=.{4,})")


def find_organizations(text: str) -> list[OrgMention]:
    """Organizations (…有限公司, …集团) whole, without a leading 为/向/与 clause."""
    real = _real("mentions.orgs", "find_organizations")
    try:
        found = list(real(text)) if real is not None else None
    except _Unavailable:
        found = None
    if found is not None:
        out = []
        for org in found:
            m = _ORG_LEAD.match(org.name)
            if m and len(org.name) - m.end() >= 4:
                cut = m.end()
                org = OrgMention(org.start + cut, org.end, org.text[cut:], name=org.name[cut:])
            out.append(org)
        return out
    return [OrgMention(m.start(), m.end(), m.group(0), name=m.group(0)) for m in _ORG.finditer(text)]


def find_sectors(text: str) -> list[SectorMention]:
    """Industry names from the sectors table; none while that finder is not written."""
    real = _real("mentions.sectors", "find_sectors")
    try:
        return list(real(text)) if real is not None else []
    except _Unavailable:
        return []


# ---------------------------------------------------------------- places and regions
@cache
def _region_table() -> dict[str, Region]:
    """adcode → Region from data/regions.tsv (the regions owner's table), for the stand-in."""
    from importlib import resources
    rows = {}
    try:
        text = (resources.files("projectradar") / "data" / "regions.tsv").read_text(encoding="utf-8")
    except OSError:
        return {}
    raw = {}
    for line in text.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        cells = line.split("\t")
        if len(cells) < 5:
            continue
        raw[cells[0]] = cells
    for code, cells in raw.items():
        path, parent = [cells[1]], cells[4]
        while parent and parent in raw:
            path.insert(0, raw[parent][1])
            parent = raw[parent][4]
        rows[code] = Region(cells[1], code, cells[3], path)
    return rows


@cache
def _name_index() -> tuple[re.Pattern | None, dict[str, list[str]]]:
    """One alternation of every division name and short name, and name → adcodes."""
    table = _region_table()
    names: dict[str, list[str]] = {}
    for code, region in table.items():
        raw_short = _short_names(region)
        for name in {region.name, *raw_short}:
            if len(name) >= 2:
                names.setdefault(name, []).append(code)
    if not names:
        return None, {}
    alternation = "|".join(sorted(map(re.escape, names), key=len, reverse=True))
    return re.compile(alternation), names


def _short_names(region: Region) -> list[str]:
    """The name without its suffix (槐荫区 → 槐荫), when two characters remain."""
    out = []
    for suffix in ("特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "自治州", "自治县",
                   "省", "市", "区", "县"):
        if region.name.endswith(suffix) and len(region.name) - len(suffix) >= 2:
            out.append(region.name[: -len(suffix)])
            break
    return out


def _fallback_places(text: str) -> list[PlaceMention]:
    """Stand-in place finder over the regions table."""
    pattern, names = _name_index()
    if pattern is None:
        return []
    table = _region_table()
    out = []
    for m in pattern.finditer(text):
        out.append(PlaceMention(m.start(), m.end(), m.group(0),
                                candidates=[table[c] for c in names[m.group(0)]]))
    return out


def find_places(text: str) -> list[PlaceMention]:
    """Place names in `text`, each with every division it could denote."""
    real = _real("mentions.regions", "find_places")
    try:
        return list(real(text)) if real is not None else _fallback_places(text)
    except _Unavailable:
        return _fallback_places(text)


class _FallbackContext:
    """Prefers candidates inside the document's main province/city (by first mentions)."""

    def __init__(self, doc):
        self.home_region = None
        counts: dict[str, int] = {}
        for place in _fallback_places((doc.title or "") + "\n" + doc.text[:3000]):
            if len(place.candidates) == 1:
                region = place.candidates[0]
                code = region.adcode if region.level != "district" else region.adcode[:4] + "00"
                counts[code] = counts.get(code, 0) + 1
        if counts:
            best = max(counts, key=counts.get)
            self.home_region = _region_table().get(best)

    def resolve(self, place: PlaceMention) -> Region | None:
        """The candidate inside the home province/city, else the highest level."""
        if not place.candidates:
            return None
        if len(place.candidates) == 1 or self.home_region is None:
            return place.candidates[0]
        home = self.home_region.adcode
        prefixes = (home[:4] if self.home_region.level == "city" else home[:2], home[:2])
        for prefix in prefixes:
            for region in place.candidates:
                if region.adcode.startswith(prefix):
                    return region
        order = {"province": 0, "city": 1, "district": 2}
        return min(place.candidates, key=lambda r: order.get(r.level, 3))

    def home(self) -> Region | None:
        """The main place of the document, if one stands out."""
        return self.home_region


def region_context(doc):
    """A context with `.resolve(place) -> Region | None` and `.home() -> Region | None`."""
    real = _real("resolve", "RegionContext")
    if real is not None:
        try:
            return real.from_document(doc)
        except Exception as err:  # the stand-in takes over; say so
            _log.warning("events: RegionContext failed (%s); using the stand-in", err)
    return _FallbackContext(doc)


def resolve_place(ctx, place: PlaceMention, near: int) -> Region | None:
    """The region a place mention means in its document (`near`: its offset in doc.text)."""
    try:
        region = ctx.resolve(place, near=near)
    except TypeError:       # a resolver without the `near` keyword
        region = ctx.resolve(place)
    except Exception as err:  # a resolver failure leaves this one place unresolved
        _log.warning("events: resolving %r failed (%s)", place.text, err)
        region = None
    if region is None and place.kind == "division" and place.candidates:
        # 河南 / 海南 written alone: the province, when it is the one candidate of the top level
        order = {"country": 0, "province": 1, "city": 2, "district": 3}
        top = min(order.get(c.level, 9) for c in place.candidates)
        tops = [c for c in place.candidates if order.get(c.level, 9) == top]
        if len(tops) == 1 and top <= 2:
            region = tops[0]    # 中山 alone: 中山市 before a district of that name
    if region is not None and region.level == "group" and place.candidates:
        # 京津冀 / 成渝: its first member's province stands for it, but the caller keeps the
        # mention's kind "group" and takes it only when the sentence names no division
        first = place.candidates[0]
        if first.level != "province":
            first = lookup_region(first.adcode[:2] + "0000") or first
        region = Region(first.name, first.adcode, first.level, list(first.path))
    return region


def lookup_region(adcode: str) -> Region | None:
    """The Region of an adcode, or None when unknown."""
    real = _real("mentions.regions", "lookup")
    if real is None:
        real = _real("resolve", "lookup")
    if real is not None:
        try:
            return real(adcode)
        except (_Unavailable, KeyError, ValueError):  # an unknown code is simply no region here
            return None
    return _region_table().get(adcode)
