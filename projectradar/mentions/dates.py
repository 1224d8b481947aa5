"""Dates in Chinese news to ISO: 2023年1月30日, 1月30日至31日, 2月1日—3日, 3日, 今天（9月26日）, 一季度, 1—8月, 春节假期后上班首日."""
from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from typing import Callable, NamedTuple

try:  # CPython's own regex parser (3.11+), private: it tells a shape's key characters
    from re import _constants as sre, _parser as sre_parse
except ImportError:  # without it every shape is tried on every text: slower, the same dates
    sre = sre_parse = None

from projectradar.errors import RuleError
from projectradar.tables import TableRow, WordTable, data_path, load_table
from projectradar.mentions.numerals import parse_int
from projectradar.records import PRECISIONS, DateMention

__all__ = ["find_dates", "holiday"]

# A bare 12月28日 in a story published in January is last December's.
_LOOKBACK_DAYS = 183
_SHAPES_FILE = "date_shapes.tsv"
_WORDS_FILE = "date_words.tsv"


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


def holiday(year: int, name: str | None = None) -> Holiday | None:
    """The holiday ``name`` of ``year`` from data/holidays.tsv (the lunar new year's without a name);
    the lunar new year's of a later year from the lunar calendar (status "estimate").

    >>> holiday(2023).first_working_day
    datetime.date(2023, 1, 28)
    """
    table = _holidays()
    name = name or _lunar_new_year_name()
    found = table.get((year, name))
    if found is None and name == _lunar_new_year_name() and year > max(y for y, _ in table):
        found = _lunar_new_year(year)
    return found


@functools.cache
def _lunar_new_year(year: int) -> Holiday | None:
    """The lunar new year's holiday of a year beyond holidays.tsv, from the lunar calendar (the
    `lunardate` package, offline), with the usual days off (the eve plus six days), marked "estimate";
    None without the package."""
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
    for row in load_table(_WORDS_FILE, 3):
        word, precision, offset = row.cells
        if precision not in ("day", "month", "year", "recent", "week"):
            raise RuleError(row.path, row.line, f"precision {precision!r} is not day, month, year, recent or week")
        try:
            words[word] = (precision, int(offset))
        except ValueError as err:
            raise RuleError(row.path, row.line, f"offset {offset!r} is not a whole number") from err
    return words


# The kinds of date_shapes.tsv (its header says what each is for; the shapes are those of _SHAPES);
# week_word and date_word are the words of date_words.tsv.
_WORD_KINDS = ("range_joiner", "month_range_joiner", "time_of_day", "relative_year", "named_day", "same_day",
               "holiday", "long_holiday", "lunar_new_year", "year_start_holiday", "days_off", "holiday_time",
               "back_to_work", "first_working_day", "week_word", "date_word")
_PART_KINDS = ("amount_before", "year", "date_in_brackets")


@functools.cache
def _shape_table() -> WordTable:
    """date_shapes.tsv, with the words of date_words.tsv as week_word and date_word, checked once."""
    _date_words()                         # its rows checked first
    words = tuple(TableRow(("week_word" if row.cells[1] == "week" else "date_word", row.cells[0]), row.line, row.path)
                  for row in load_table(_WORDS_FILE, 3))
    patterns = _PART_KINDS + tuple(kind for kind, _, _ in _SHAPES)
    table = WordTable(load_table(_SHAPES_FILE, 2) + words, data_path(_SHAPES_FILE),
                      kinds=_WORD_KINDS + patterns, patterns=patterns)
    _check_words(table)
    return table


def _check_words(table: WordTable) -> None:
    """Holiday words must be holidays of holidays.tsv (one lunar new year), relative_year words
    year words of date_words.tsv: else RuleError naming the row."""
    holidays = {name for _, name in _holidays()}
    for kind in ("holiday", "long_holiday", "lunar_new_year", "year_start_holiday"):
        for row in table.rows(kind):
            if row.cells[1] not in holidays:
                raise RuleError(row.path, row.line, f"{row.cells[1]!r} is not a holiday of holidays.tsv")
    extra = table.rows("lunar_new_year")[1:]
    if extra:
        raise RuleError(extra[0].path, extra[0].line, "a second lunar_new_year: there is one")
    for row in table.rows("relative_year"):
        if _date_words().get(row.cells[1], ("",))[0] != "year":
            raise RuleError(row.path, row.line, f"{row.cells[1]!r} is not a year word of {_WORDS_FILE}")


@functools.cache
def _compiled(kind: str, groups: frozenset[str] = frozenset()) -> tuple[re.Pattern[str], ...]:
    """The patterns of a pattern kind of date_shapes.tsv, compiled, each checked to capture ``groups``
    (the groups its reader reads): RuleError names the row that does not."""
    table = _shape_table()
    compiled = []
    for row, pattern in zip(table.rows(kind), table.patterns(kind)):
        compiled.append(re.compile(pattern))
        missing = groups - set(compiled[-1].groupindex)
        if missing:
            raise RuleError(row.path, row.line, f"a {kind} pattern needs the groups {', '.join(sorted(missing))}")
    return tuple(compiled)


@functools.cache
def _joined(kind: str) -> re.Pattern[str]:
    """The patterns of a pattern kind of date_shapes.tsv as one: any of them."""
    return re.compile(_shape_table().pattern(kind))


def _lunar_new_year_name() -> str:
    return _shape_table().words("lunar_new_year")[0]


def _key_characters(items) -> frozenset[str] | None:
    """Characters one of which every match of a parsed pattern holds (the fewest such; on a tie the
    last, as a shape ends on its rarer marks: 旬 after 月), or None when it needs none: a shape is
    tried only on a text holding one. Derived from the pattern, so a word added to a table is never
    passed over.

    >>> sorted(_key_characters(sre_parse.parse("(?:今|明)天|昨日")))
    ['天', '日']
    """
    best = None
    for op, arg in items:
        found = None
        if op is sre.LITERAL:
            found = frozenset(chr(arg))
        elif op is sre.IN and all(kind is sre.LITERAL for kind, _ in arg):
            found = frozenset(chr(value) for _, value in arg)
        elif op is sre.SUBPATTERN:
            found = _key_characters(arg[-1])
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT) and arg[0] >= 1:
            found = _key_characters(arg[2])
        elif op is sre.ASSERT:                      # a look-ahead or -behind that must hold
            found = _key_characters(arg[1])
        elif op is sre.BRANCH:
            branches = [_key_characters(branch) for branch in arg[1]]
            found = None if None in branches else frozenset().union(*branches)
        if found is not None and (best is None or len(found) <= len(best)):
            best = found
    return best


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
    inside = (p.fullmatch(m.group("inner")) for p in _compiled("date_in_brackets", _DAY_GROUPS))
    inner = next(filter(None, inside), None)
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


# The groups of a part_of_month shape → the days of the month they name.
_PART_OF_MONTH = {"first_ten_days": (1, 10), "middle_ten_days": (11, 20), "last_days": (21, 31)}


def _read_part_of_month(m, ctx):
    """3月上旬 → 03-01..03-10, 3月下旬 → 03-21..03-31: a day range inside the month."""
    month = int(m.group("m1"))
    if not _valid(None, month):
        return None
    year = _year_of(m) or _relative_year(m, ctx) or _guess_year(ctx, month)
    first, last = next(days for group, days in _PART_OF_MONTH.items() if m.group(group))
    if not year:
        return DateMention(m.start(), m.end(), "", None, None, "month", relative=True)
    last = min(last, calendar.monthrange(year, month)[1])
    return DateMention(m.start(), m.end(), "", _ymd(year, month, first), _ymd(year, month, last), "day",
                       relative=not _year_of(m))


def _read_week(m, ctx):
    """本周 / 上周: Monday to Sunday of the publication date's week (or the one before/after)."""
    if _after_amount(m):
        return None
    if not ctx.base:
        return DateMention(m.start(), m.end(), "", None, None, "day", relative=True)
    _, weeks = _date_words()[m.group("week")]
    monday = ctx.base - dt.timedelta(days=ctx.base.weekday()) + dt.timedelta(weeks=weeks)
    return DateMention(m.start(), m.end(), "", monday.isoformat(), (monday + dt.timedelta(days=6)).isoformat(),
                       "day", relative=True)


def _relative_year(m, ctx) -> int | None:
    word = m.groupdict().get("rel")
    if not word:
        return None
    _, offset = _date_words()[word]
    base_year = ctx.base.year if ctx.base else ctx.year
    return base_year + offset if base_year else None


def _quarter_months(m) -> tuple[int, int] | None:
    """The first and last month of a quarter shape's match: a half year, the first quarters
    (January to the end of the second or third), or one quarter."""
    if m.group("first_half"):
        return 1, 6
    if m.group("second_half"):
        return 7, 12
    if m.group("quarters"):
        last = 3 * (parse_int(m.group("quarters")) or 0)
        return (1, last) if last >= 6 else None
    quarter = 1 if m.group("first_quarter") else parse_int(m.group("q"))
    return (3 * quarter - 2, 3 * quarter) if quarter and 1 <= quarter <= 4 else None


def _read_quarter(m, ctx):
    explicit = _year_of(m)
    year = explicit or _relative_year(m, ctx) or (ctx.base.year if ctx.base else ctx.year or ctx.text_year)
    months = _quarter_months(m)
    if months is None:
        return None
    first, last = months
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


def _after_amount(m) -> bool:
    """Whether a word follows an amount (两年内, 3日前): a span of time, not a date."""
    return m.start() > 0 and _joined("amount_before").match(m.string, m.start() - 1) is not None


def _read_word(m, ctx):
    precision, offset = _date_words()[m.group("word")]
    if _after_amount(m):
        return None
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
    name = m.group("hname") or _lunar_new_year_name()
    year = ctx.base.year if ctx.base else ctx.year or ctx.text_year
    if ctx.base and ctx.base.month == 12 and name in _shape_table().words("year_start_holiday"):
        year += 1                         # told in December, it is the coming one
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

_DAY_GROUPS = frozenset({"m1", "d1"})
# The shapes of date_shapes.tsv in the order they are tried, each with its reader and the groups it reads.
_SHAPES: tuple[tuple[str, _Reader, frozenset[str]], ...] = (
    ("day_in_brackets", _read_today_paren, frozenset({"inner"})),
    ("day_range", _read_md_range, frozenset({"m1", "d1", "y2", "m2", "d2"})),
    ("day_range_in_month", _read_day_range_short, frozenset({"m1", "d1", "d2"})),
    ("month_day", _read_md, _DAY_GROUPS),
    ("month_day_in_numerals", _read_md_chinese, frozenset({"m1c", "d1c"})),
    ("month_range", _read_month_range, frozenset({"m1", "m2"})),
    ("part_of_month", _read_part_of_month, frozenset({"m1", *_PART_OF_MONTH})),
    ("month", _read_month, frozenset({"m1"})),
    ("quarter", _read_quarter, frozenset({"q", "first_quarter", "quarters", "first_half", "second_half"})),
    ("first_months", _read_first_months, frozenset({"n"})),
    ("year_range", _read_year_range, frozenset({"y1", "y2"})),
    ("lone_year", _read_year, frozenset({"y"})),
    ("holiday_return", _read_holiday_return, frozenset({"hname"})),
    ("holiday_period", _read_holiday_period, frozenset({"hname"})),
    ("numeric_day", _read_md, _DAY_GROUPS),
    ("repeated_day", _read_same_day, frozenset()),
    ("week", _read_week, frozenset({"week"})),
    ("day_of_month", _read_day_only, frozenset({"d1", "d2"})),
    ("relative_day", _read_word, frozenset({"word"})),
)


@functools.cache
def _patterns() -> tuple[tuple[frozenset[str] | None, re.Pattern[str], _Reader], ...]:
    """(characters one of which the text must hold, pattern, reader) of every shape, in order."""
    return tuple((_key_characters(sre_parse.parse(pattern.pattern)) if sre_parse else None, pattern, reader)
                 for kind, reader, groups in _SHAPES for pattern in _compiled(kind, groups))


@functools.cache
def _any_key_character() -> frozenset[str] | None:
    """The characters one of which a text must hold for any shape to match (the quick test that
    passes most texts over), or None when a shape has no key characters."""
    keys = [needles for needles, _, _ in _patterns()]
    return None if None in keys else frozenset().union(*keys)


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
    if not text:
        return []
    present = set(text)
    if (any_key := _any_key_character()) is not None and present.isdisjoint(any_key):
        return []
    found: list[tuple[int, int, int, re.Match[str], _Reader]] = []
    for order, (needles, pattern, reader) in enumerate(_patterns()):
        if needles is not None and present.isdisjoint(needles):
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
