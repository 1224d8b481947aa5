"""Publication dates: what a page states about when it was published — its URL
(/2023/0204/), a header line (发布时间:2023-02-04, 04.02.2023) or a dateline
(某某网2月4日电) — with the shapes in data/page_dates.tsv, which also holds the dates
that date a story's text (pages/dates.py) and a table's cells (pages/tables.py)."""
from __future__ import annotations

import datetime as _dt
import functools
import re
from typing import NamedTuple

from ..tables import TableRow, load_table
from ..text import date_from_text
from .words import PageRule, compile_rules, words

__all__ = ["date_shapes", "compile_date_shapes", "shape_patterns", "shape_matches", "date_from_url",
           "publication_date", "dateline_day", "filed_on"]

_SHAPES_FILE = "page_dates.tsv"
# Where a date stands (a shape's ``use``) → the groups its shape must capture.
_NEEDS = {"url": frozenset({"y", "m"}), "line": frozenset({"y", "m", "d"}), "dateline": frozenset({"m", "d"}),
          "not_publication": frozenset(), "story_year": frozenset({"y"}), "story_day": frozenset({"y", "m", "d"}),
          "cell": frozenset()}


@functools.cache
def date_shapes() -> tuple[PageRule, ...]:
    """The date shapes of data/page_dates.tsv, validated once (see ``compile_date_shapes``)."""
    return compile_date_shapes(load_table(_SHAPES_FILE, 3))


def compile_date_shapes(rows: tuple[TableRow, ...]) -> tuple[PageRule, ...]:
    """Shapes from the rows of a date-shape table; their ``use`` says where the date stands.
    Raises RuleError naming file:line for an unknown where, a bad regex or a missing y/m/d group."""
    return compile_rules(rows, "where", _NEEDS)


@functools.cache
def shape_patterns(where: str) -> tuple[re.Pattern, ...]:
    """The patterns of the shapes of one ``where`` of data/page_dates.tsv, in table order."""
    return tuple(shape.pattern for shape in date_shapes() if shape.use == where)


def shape_matches(where: str, text: str) -> list[re.Match]:
    """Every match of the shapes of ``where`` in ``text``, in text order.

    >>> [m.group() for m in shape_matches("story_day", "3月28日签约,4月1日开工")]
    ['3月28日', '4月1日']
    """
    return sorted((m for pattern in shape_patterns(where) for m in pattern.finditer(text)), key=lambda m: m.start())


def _iso(year: int, month: int, day: int | None) -> str | None:
    """ISO date (or YYYY-MM without a day) when it is a real one."""
    if day is None:
        return f"{year:04d}-{month:02d}" if 1 <= month <= 12 else None
    try:
        return _dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _read(m: re.Match) -> str | None:
    day = m.groupdict().get("d")
    return _iso(int(m.group("y")), int(m.group("m")), int(day) if day else None)


def date_from_url(url: str | None) -> str | None:
    """The publication date a URL's path states, ISO ``YYYY-MM-DD`` (``YYYY-MM``
    when it gives only the month): the url shapes of data/page_dates.tsv, in order.

    >>> date_from_url("http://www.example.gov.cn/art/2023/2/t20230204_77.html")
    '2023-02-04'
    >>> date_from_url("https://news.example.cn/html/2023/0204/51234.shtml")
    '2023-02-04'
    """
    if not url:
        return None
    path = re.sub(r"^[a-z]+://[^/]+", "", url)
    for shape in date_shapes():
        if shape.use != "url":
            continue
        m = shape.pattern.search(path)
        if m:
            found = _read(m)
            if found:
                return found
    return None


_LINK = re.compile(r"https?://\S+")


def publication_date(line: str) -> str | None:
    """The publication date on a byline/header line, passing over the other
    dates such lines carry (成文日期 is when a document was written): a
    year-first date, else a line shape of data/page_dates.tsv (04.02.2023),
    else the date in the URL of a source link (来源:http://…/2023/0204/…).

    >>> publication_date("成文日期:2024-01-05 发布日期:2024-01-09")
    '2024-01-09'
    >>> publication_date("04.02.2023 10:30")
    '2023-02-04'
    """
    for not_publication in shape_patterns("not_publication"):
        line = not_publication.sub(" ", line)
    found = date_from_text(line)
    if found:
        return found
    for shape in date_shapes():
        if shape.use == "line":
            m = shape.pattern.search(line)
            if m and _read(m):
                return _read(m)
    for link in _LINK.findall(line):
        found = date_from_url(link)
        if found and len(found) == 10:
            return found
    return None


class Dateline(NamedTuple):
    year: int | None
    month: int
    day: int


def dateline_day(paragraph: str) -> Dateline | None:
    """The day a paragraph's opening dateline states (某某网2月26日电 → 2月26日), or None.

    >>> dateline_day("新华社北京3月1日电(记者 张三)今天,某省二十个项目集中开工。")
    Dateline(year=None, month=3, day=1)
    >>> dateline_day("国网某公司3月1日电网改造项目开工。") is None
    True
    """
    for shape in date_shapes():
        if shape.use != "dateline":
            continue
        m = shape.pattern.match(paragraph)
        if not m or any(paragraph.startswith(w, m.end() - 1) for w in words("not_dateline_end")):
            continue
        month, day = int(m.group("m")), int(m.group("d"))
        year = m.groupdict().get("y")
        if _iso(2000, month, day):  # a day of some year (2000 had a 29 February)
            return Dateline(int(year) if year else None, month, day)
    return None


def filed_on(dateline: Dateline, year: int, *, page_date: str | None = None) -> str | None:
    """The ISO day of a dateline in ``year`` (the page's): a dateline more than a
    day after the page's date belongs to the year before (12月30日电 on a page of
    1月2日). None when the day does not exist in that year.

    >>> filed_on(Dateline(None, 12, 30), 2024, page_date="2024-01-02")
    '2023-12-30'
    """
    if dateline.year:
        return _iso(dateline.year, dateline.month, dateline.day)
    found = _iso(year, dateline.month, dateline.day)
    if found and page_date and len(page_date) == 10 \
            and _dt.date.fromisoformat(found) > _dt.date.fromisoformat(page_date) + _dt.timedelta(days=1):
        found = _iso(year - 1, dateline.month, dateline.day)
    return found
