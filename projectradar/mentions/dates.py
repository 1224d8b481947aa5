"""Dates in Chinese news to ISO: 2023年1月30日, 1月30日至31日, 2月1日—3日, 3日, 今天（9月26日）, 一季度, 1—8月, 春节假期后上班首日."""
from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from typing import Callable, NamedTuple

from projectradar.errors import RuleError
from projectradar.tables import load_table
from projectradar.mentions.numerals import parse_int
from projectradar.records import PRECISIONS, DateMention

__all__ = ["find_dates", "holiday"]

# A bare 12月28日 in a story published in January is last December's.
_LOOKBACK_DAYS = 183
_SEP = r"(?:至|到|——|—|–|-|~|～|－)"
_YEAR = r"(?:(?P<y>(?:19|20)\d{2}) ?年 ?|(?P<yc>[〇零一二三四五六七八九]{4})年)"
_DAYTIME = r"(?:上午|下午|晚上|晚间|早上|早晨|中午|凌晨|傍晚|夜间|晚)?"
_QUICK_CHECK = re.compile(r"[年月日号季今昨前明近节假天半伊去全内本当同岁周]|\d[-./]\d")
_NUMERAL_CHARS = "0123456789零〇一二两三四五六七八九十百千几数"
_CHINESE_QUARTER = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4, "首": 1}


class Holiday(NamedTuple):
    """A public holiday of one year, as data/holidays.tsv gives it."""

    festival: dt.date
    first_day_off: dt.date
    last_day_off: dt.date
    first_working_day: dt.date
    status: str


class _Context(NamedTuple):
    base: dt.date | None
    year: int | None
    text_year: int | None      # the last explicit year written before this mention
    last_day: str | None       # the last day-precision date before this mention (for 当天)


@functools.cache
def _holidays() -> dict[tuple[int, str], Holiday]:
    table: dict[tuple[int, str], Holiday] = {}
    for row in load_table("holidays.tsv", 7):
        year, name, festival, first, last, working, status = row.cells
        try:
            y = int(year)
            days = [dt.date.fromisoformat(f"{y}-{d}") for d in (festival, first, last)]
            work = dt.date.fromisoformat(f"{y}-{working}")
        except ValueError as err:
            raise RuleError(row.path, row.line, f"not a year and MM-DD dates: {err}") from err
        if status not in ("official", "estimate"):
            raise RuleError(row.path, row.line, f"status {status!r} is not official or estimate")
        if not days[1] <= days[2] < work:
            raise RuleError(row.path, row.line, "days off must end before the first working day")
        table[(y, name)] = Holiday(days[0], days[1], days[2], work, status)
    return table


def holiday(year: int, name: str = "春节") -> Holiday | None:
    """The holiday ``name`` (春节, 国庆, 元旦) of ``year`` from data/holidays.tsv; 春节 of a later
    year from the lunar calendar (status "estimate").

    >>> holiday(2023).first_working_day
    datetime.date(2023, 1, 28)
    """
    found = _holidays().get((year, name))
    if found is None and name == "春节" and year > max(y for y, _ in _holidays()):
        found = _lunar_new_year(year)
    return found


@functools.cache
def _lunar_new_year(year: int) -> Holiday | None:
    """春节 of a year beyond holidays.tsv, from the lunar calendar (the `lunardate` package, offline),
    with the usual days off (the eve plus six days), marked "estimate"; None without the package."""
    try:
        from lunardate import LunarDate
        festival = LunarDate(year, 1, 1).toSolarDate()
    except (ImportError, ValueError):
        return None
    return Holiday(festival, festival - dt.timedelta(days=1), festival + dt.timedelta(days=6),
                   festival + dt.timedelta(days=7), "estimate")


@functools.cache
def _date_words() -> dict[str, tuple[str, int]]:
    words: dict[str, tuple[str, int]] = {}
    for row in load_table("date_words.tsv", 3):
        word, precision, offset = row.cells
        if precision not in ("day", "month", "year", "recent"):
            raise RuleError(row.path, row.line, f"precision {precision!r} is not day, month, year or recent")
        try:
            words[word] = (precision, int(offset))
        except ValueError as err:
            raise RuleError(row.path, row.line, f"offset {offset!r} is not a whole number") from err
    return words


# ---------------------------------------------------------------- helpers
def _year_of(m: re.Match[str], prefix: str = "") -> int | None:
    y = m.groupdict().get(prefix + "y")
    if y:
        return int(y)
    yc = m.groupdict().get(prefix + "yc")
    return parse_int(yc) if yc else None


def _valid(year: int | None, month: int, day: int | None = None) -> bool:
    if not 1 <= month <= 12:
        return False
    if day is None:
        return True
    last = calendar.monthrange(year or 2000, month)[1]
    return 1 <= day <= last


def _guess_year(ctx: _Context, month: int, day: int = 1) -> int | None:
    """The year of a bare month(-day): the base's (or the year before, for a date
    far after it), else the caller's year, else the last year the text wrote."""
    if ctx.base:
        year = ctx.base.year
        try:
            if (dt.date(year, month, min(day, 28)) - ctx.base).days > _LOOKBACK_DAYS:
                year -= 1
        except ValueError:
            pass
        return year
    return ctx.year or ctx.text_year


def _ymd(year: int | None, month: int, day: int) -> str | None:
    return f"{year:04d}-{month:02d}-{day:02d}" if year else None


def _ym(year: int | None, month: int) -> str | None:
    return f"{year:04d}-{month:02d}" if year else None


def _day_mention(start: int, end: int, y1: int | None, m1: int, d1: int,
                 y2: int | None, m2: int, d2: int, relative: bool = False) -> DateMention | None:
    if not (_valid(y1, m1, d1) and _valid(y2, m2, d2)):
        return None
    s, e = _ymd(y1, m1, d1), _ymd(y2, m2, d2)
    if s and e and e < s:
        return None
    return DateMention(start=start, end=end, text="", start_date=s, end_date=e,
                       precision="day", relative=relative)


# ---------------------------------------------------------------- patterns
# Each pattern reads its match into a DateMention (text filled in later) or None.
_Reader = Callable[[re.Match[str], _Context], "DateMention | None"]


def _read_today_paren(m, ctx):
    inner = _MD.fullmatch(m.group("inner"))
    if not inner:
        return None
    return _read_md(inner, ctx, m.start(), m.end())


def _read_md(m, ctx, start=None, end=None):
    month, day = int(m.group("m1")), int(m.group("d1"))
    year = _year_of(m) or _guess_year(ctx, month, day)
    start = m.start() if start is None else start
    end = m.end() if end is None else end
    return _day_mention(start, end, year, month, day, year, month, day)


def _read_md_chinese(m, ctx):
    # 二〇二四年三月十八日, as official notices write dates
    month, day = parse_int(m.group("m1c")), parse_int(m.group("d1c"))
    if not month or not day:
        return None
    year = _year_of(m) or _guess_year(ctx, month, day)
    return _day_mention(m.start(), m.end(), year, month, day, year, month, day)


def _read_md_range(m, ctx):
    month1, day1 = int(m.group("m1")), int(m.group("d1"))
    year1 = _year_of(m) or _guess_year(ctx, month1, day1)
    month2 = int(m.group("m2")) if m.group("m2") else month1
    day2 = int(m.group("d2"))
    year2 = int(m.group("y2")) if m.group("y2") else year1
    if year2 == year1 and year1 and (month2, day2) < (month1, day1) and m.group("y2") is None:
        return None
    return _day_mention(m.start(), m.end(), year1, month1, day1, year2, month2, day2)


def _read_day_range_short(m, ctx):
    # 1月30—31日: the month is written once, before the first day
    month1, day1, day2 = int(m.group("m1")), int(m.group("d1")), int(m.group("d2"))
    year = _year_of(m) or _guess_year(ctx, month1, day1)
    if day2 <= day1:
        return None
    return _day_mention(m.start(), m.end(), year, month1, day1, year, month1, day2)


def _read_day_only(m, ctx):
    """3日 / 3—5日: the month of the day the text named last (the next month when the
    day is smaller: 1月30日…2日), else the publication date's month."""
    day = int(m.group("d1"))
    day2 = int(m.group("d2")) if m.group("d2") else day
    if day2 < day:
        return None
    if ctx.last_day:
        last = dt.date.fromisoformat(ctx.last_day)
        year, month = last.year, last.month
        if day < last.day:
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return _day_mention(m.start(), m.end(), year, month, day, year, month, day2)
    if not ctx.base:
        return DateMention(m.start(), m.end(), "", None, None, "day", True)
    year, month = ctx.base.year, ctx.base.month
    return _day_mention(m.start(), m.end(), year, month, day, year, month, day2, relative=True)


def _read_month_range(m, ctx):
    month1, month2 = int(m.group("m1")), int(m.group("m2"))
    if not (_valid(None, month1) and _valid(None, month2)) or month2 <= month1:
        return None
    year = _year_of(m) or _relative_year(m, ctx) or _guess_year(ctx, month1)
    return DateMention(m.start(), m.end(), "", _ym(year, month1), _ym(year, month2), "month",
                       relative=not _year_of(m))


def _read_month(m, ctx):
    month = int(m.group("m1"))
    if not _valid(None, month):
        return None
    year = _year_of(m) or _relative_year(m, ctx) or _guess_year(ctx, month)
    return DateMention(m.start(), m.end(), "", _ym(year, month), _ym(year, month), "month",
                       relative=not _year_of(m))


# 上旬: the first ten days; 中旬: the next ten; 下旬: the rest of the month (月底 stays a month: a deadline)
_PART_OF_MONTH = {"上旬": (1, 10), "中旬": (11, 20), "下旬": (21, 31)}
# 本周 / 上周 / 下周: the week (Monday to Sunday) of the base, or one before or after it
_WEEKS = {"本周": 0, "这周": 0, "本星期": 0, "这个星期": 0, "上周": -1, "上个星期": -1, "上星期": -1,
          "下周": 1, "下个星期": 1, "下星期": 1}


def _read_part_of_month(m, ctx):
    """3月上旬 → 03-01..03-10, 3月下旬 → 03-21..03-31: a day range inside the month."""
    month = int(m.group("m1"))
    if not _valid(None, month):
        return None
    year = _year_of(m) or _relative_year(m, ctx) or _guess_year(ctx, month)
    first, last = _PART_OF_MONTH[m.group("part")]
    if not year:
        return DateMention(m.start(), m.end(), "", None, None, "month", relative=True)
    last = min(last, calendar.monthrange(year, month)[1])
    return DateMention(m.start(), m.end(), "", _ymd(year, month, first), _ymd(year, month, last), "day",
                       relative=not _year_of(m))


def _read_week(m, ctx):
    """本周 / 上周: Monday to Sunday of the publication date's week (or the one before/after)."""
    if m.start() and m.string[m.start() - 1] in _NUMERAL_CHARS:
        return None
    if not ctx.base:
        return DateMention(m.start(), m.end(), "", None, None, "day", relative=True)
    monday = ctx.base - dt.timedelta(days=ctx.base.weekday()) + dt.timedelta(weeks=_WEEKS[m.group("week")])
    return DateMention(m.start(), m.end(), "", monday.isoformat(), (monday + dt.timedelta(days=6)).isoformat(),
                       "day", relative=True)


def _relative_year(m, ctx) -> int | None:
    word = m.groupdict().get("rel")
    if not word:
        return None
    _, offset = _date_words()[word]
    base_year = ctx.base.year if ctx.base else ctx.year
    return base_year + offset if base_year else None


def _read_quarter(m, ctx):
    explicit = _year_of(m)
    year = explicit or _relative_year(m, ctx) or (ctx.base.year if ctx.base else ctx.year or ctx.text_year)
    which = m.group("q")
    if which in ("上半年", "下半年"):
        first, last = (1, 6) if which == "上半年" else (7, 12)
    elif which.startswith("前"):
        first, last = 1, 3 * _CHINESE_QUARTER.get(which[1], 0)
        if last < 6:
            return None
    else:
        quarter = _CHINESE_QUARTER[which]
        first, last = 3 * quarter - 2, 3 * quarter
    if not year:
        return DateMention(m.start(), m.end(), "", None, None, "quarter", relative=not explicit)
    end_day = calendar.monthrange(year, last)[1]
    return DateMention(m.start(), m.end(), "", f"{year:04d}-{first:02d}-01",
                       f"{year:04d}-{last:02d}-{end_day:02d}", "quarter", relative=not explicit)


def _read_first_months(m, ctx):
    # 前10个月 / 今年前8个月: January up to that month, a running period
    months = parse_int(m.group("n"))
    if not months or not 2 <= months <= 12:
        return None
    year = _year_of(m) or _relative_year(m, ctx) or (ctx.base.year if ctx.base else ctx.year or ctx.text_year)
    return DateMention(m.start(), m.end(), "", _ym(year, 1), _ym(year, months), "month",
                       relative=not _year_of(m))


def _read_year_range(m, ctx):
    y1, y2 = int(m.group("y1")), int(m.group("y2"))
    if y2 <= y1:
        return None
    return DateMention(m.start(), m.end(), "", str(y1), str(y2), "year")


def _read_year(m, ctx):
    year = _year_of(m)
    return DateMention(m.start(), m.end(), "", str(year), str(year), "year") if year else None


RECENT_DAYS = 7     # how far back 日前 / 近日 may reach


def _read_word(m, ctx):
    precision, offset = _date_words()[m.group("word")]
    if m.start() and m.string[m.start() - 1] in _NUMERAL_CHARS:
        return None                       # 两年内, 3日前: a span of time, not a date
    if precision == "year":
        base_year = ctx.base.year if ctx.base else ctx.year
        value = str(base_year + offset) if base_year else None
        return DateMention(m.start(), m.end(), "", value, value, "year", relative=True)
    if precision == "recent":
        # 日前, 近日: the base's month, unless the base is in a month's first week (the days before
        # may lie in the month before: the year only, and nothing in the first week of January)
        if ctx.base and ctx.base.day <= RECENT_DAYS:
            value = str(ctx.base.year) if ctx.base.month > 1 else None
            return DateMention(m.start(), m.end(), "", value, value, "year", relative=True)
        precision = "month"
    if not ctx.base:
        return DateMention(m.start(), m.end(), "", None, None, precision, relative=True)
    if precision == "day":
        value = (ctx.base + dt.timedelta(days=offset)).isoformat()
        return DateMention(m.start(), m.end(), "", value, value, "day", relative=True)
    month_index = ctx.base.year * 12 + ctx.base.month - 1 + offset
    value = _ym(month_index // 12, month_index % 12 + 1)
    return DateMention(m.start(), m.end(), "", value, value, "month", relative=True)


def _read_same_day(m, ctx):
    # 当天/同日 repeat the day the text just named; with none named, they say nothing
    if not ctx.last_day:
        return None
    return DateMention(m.start(), m.end(), "", ctx.last_day, ctx.last_day, "day", relative=True)


def _read_holiday_return(m, ctx):
    name = {"国庆": "国庆", "元旦": "元旦"}.get(m.group("hname") or "", "春节")
    year = ctx.base.year if ctx.base else ctx.year or ctx.text_year
    if ctx.base and name == "元旦" and ctx.base.month == 12:
        year += 1
    found = holiday(year, name) if year else None
    if not found:
        return DateMention(m.start(), m.end(), "", None, None, "day", relative=True)
    value = found.first_working_day.isoformat()
    return DateMention(m.start(), m.end(), "", value, value, "day", relative=True)


def _read_holiday_period(m, ctx):
    name = m.group("hname")
    year = ctx.base.year if ctx.base else ctx.year or ctx.text_year
    found = holiday(year, name) if year else None
    if not found:
        return DateMention(m.start(), m.end(), "", None, None, "day", relative=True)
    return DateMention(m.start(), m.end(), "", found.first_day_off.isoformat(),
                       found.last_day_off.isoformat(), "day", relative=True)


# Readers of spans of days (3月上旬, 本周) that 当天/同日 cannot repeat.
_SPANS = (_read_part_of_month, _read_week)

_MD = re.compile(rf"{_YEAR}?(?P<m1>\d{{1,2}})月(?P<d1>\d{{1,2}})[日号]")


@functools.cache
def _patterns() -> tuple[tuple[str, re.Pattern[str], _Reader], ...]:
    """(characters one of which the text must hold, pattern, reader), longest forms first."""
    words = "|".join(re.escape(w) for w in sorted(_date_words(), key=len, reverse=True))
    year_words = "|".join(re.escape(w) for w, (p, _) in sorted(_date_words().items(), key=lambda i: -len(i[0]))
                          if p == "year" and w in ("今年", "去年", "明年", "前年", "上年", "本年"))
    day = r"(?<![\d.])(?P<d1>\d{1,2})"
    month = r"(?<![\d.])(?P<m1>\d{1,2})"
    return (
        ("（(", re.compile(r"(?:今天|今日|昨天|昨日|当天|当日|本日)\s*[（(](?P<inner>[^（()）]{3,16})[）)]"), _read_today_paren),
        ("月", re.compile(rf"{_YEAR}?{month}月{day}[日号]{_DAYTIME}{_SEP}(?:(?P<y2>(?:19|20)\d{{2}})年)?"
                         rf"(?:(?P<m2>\d{{1,2}})月)?(?P<d2>\d{{1,2}})[日号]{_DAYTIME}"), _read_md_range),
        ("月", re.compile(rf"{_YEAR}?{month}月(?P<d1>\d{{1,2}}){_SEP}(?P<d2>\d{{1,2}})[日号]{_DAYTIME}"), _read_day_range_short),
        ("月", re.compile(rf"{_YEAR}?{month} ?月 ?{day} ?[日号]{_DAYTIME}"), _read_md),
        ("月", re.compile(rf"{_YEAR}?(?<![一二三四五六七八九十])(?P<m1c>十[一二]?|[一二三四五六七八九])月"
                         rf"(?P<d1c>[一二]?十[一二三四五六七八九]?|三十一?|[一二三四五六七八九])日{_DAYTIME}"), _read_md_chinese),
        ("月", re.compile(rf"(?:{_YEAR}|(?P<rel>{year_words}))?{month}{_SEP}(?P<m2>\d{{1,2}})月(?:份)?"), _read_month_range),
        ("月", re.compile(rf"(?:{_YEAR}|(?P<rel>{year_words}))?{month}月(?:份)?(?:至|到|—|-|–)(?P<m2>\d{{1,2}})月(?:份)?"), _read_month_range),
        ("旬", re.compile(rf"(?:{_YEAR}|(?P<rel>{year_words}))?{month}月(?:份)?(?P<part>上旬|中旬|下旬)"),
         _read_part_of_month),
        ("月", re.compile(rf"(?:{_YEAR}|(?P<rel>{year_words}))?{month}月(?:份)?(?![\d日号])"), _read_month),
        ("季半", re.compile(rf"(?:{_YEAR}|(?P<rel>{year_words}))?(?:第)?(?P<q>[一二三四1-4](?=季度)|首(?=季)|前[两二三](?=季度)|上半年|下半年)(?:季度|季)?"), _read_quarter),
        ("个", re.compile(rf"(?:{_YEAR}|(?P<rel>{year_words}))?前(?P<n>\d{{1,2}}|十[一二]?|[两二三四五六七八九])个月"), _read_first_months),
        ("年", re.compile(rf"(?<!\d)(?P<y1>(?:19|20)\d{{2}}){_SEP}(?P<y2>(?:19|20)\d{{2}})年"), _read_year_range),
        ("年", re.compile(rf"(?<!\d){_YEAR}(?:度)?"), _read_year),
        ("后", re.compile(r"(?:(?P<hname>春节|国庆|元旦)(?:假期|长假)?|假期|长假|节)后(?:的)?(?:上班|复工|开工)?"
                         r"(?:首日|第一天|首个工作日|第一个工作日)"), _read_holiday_return),
        ("春国", re.compile(r"(?P<hname>春节|国庆)(?:假期|长假|期间|小长假|黄金周)"), _read_holiday_period),
        ("-./", re.compile(r"(?<![\d.])(?P<y>(?:19|20)\d{2})(?P<sep>[-./])(?P<m1>\d{1,2})(?P=sep)(?P<d1>\d{1,2})(?![\d.])"), _read_md),
        ("当同是", re.compile(r"当天|当日|当晚|同日|同一天|同一日|是日"), _read_same_day),
        ("周星", re.compile("(?P<week>" + "|".join(sorted(_WEEKS, key=len, reverse=True)) + ")"), _read_week),
        ("日", re.compile(rf"(?<![月\d.])(?P<d1>\d{{1,2}})(?:{_SEP}(?P<d2>\d{{1,2}}))?日(?![内以])"), _read_day_only),
        ("".join(sorted({w[0] for w in _date_words()})), re.compile(rf"(?P<word>{words})"), _read_word),
    )


def find_dates(text: str, *, base: dt.date | None = None, year: int | None = None) -> list[DateMention]:
    """Every date in ``text`` as ISO start/end with a precision.

    A bare month-day (1月30日) takes its year from ``base`` (the publication
    date; a date more than half a year after it is the year before's), else from
    ``year``, else from the last year the text itself wrote (2023年…), else it
    stays unknown: the mention is returned with ``start_date`` None, never a
    guessed year. Relative words (今天, 昨日, 日前, 今年, 春节假期后上班首日) are
    resolved against ``base`` (``year`` for 今年) and marked ``relative``.

    Args:
        text: normalized (simplified) text.
        base: the publication date, if known.
        year: the year the document establishes, when there is no base.

    Returns:
        DateMention list in order: day → ``2023-01-30``, month → ``2023-01``,
        quarter → the quarter's first and last day, year → ``2023``.

    >>> d = find_dates("2月1日—3日，代表团赴长三角考察", base=dt.date(2023, 2, 6))[0]
    >>> d.start_date, d.end_date, d.precision
    ('2023-02-01', '2023-02-03', 'day')
    """
    if not text or not _QUICK_CHECK.search(text):
        return []
    found: list[tuple[int, int, int, re.Match[str], _Reader]] = []
    present = set(text)
    for order, (needles, pattern, reader) in enumerate(_patterns()):
        if present.isdisjoint(needles):
            continue
        for m in pattern.finditer(text):
            found.append((m.start(), -(m.end() - m.start()), order, m, reader))
    found.sort(key=lambda item: item[:3])
    mentions: list[DateMention] = []
    last_end = -1
    text_year: int | None = None
    last_day: str | None = None
    for start, _, _, m, reader in found:
        if start < last_end:
            continue
        explicit = _year_of(m) if "y" in m.re.groupindex else None
        mention = reader(m, _Context(base, year, text_year, last_day))
        if mention is None:
            continue
        while text[mention.end - 1] == " ":
            mention.end -= 1                  # 2023年 全市: the space after 年 is not the date's
        mention.text = text[mention.start:mention.end]
        assert mention.precision in PRECISIONS
        mentions.append(mention)
        last_end = mention.end
        if explicit:
            text_year = explicit
        if mention.precision == "day" and mention.start_date and reader not in _SPANS:
            last_day = mention.end_date or mention.start_date
    return mentions
