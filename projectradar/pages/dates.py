"""Dating a document: the year and month it is set in (its publication date, else the
URL's month, else the year the text itself names)."""
from __future__ import annotations

import collections

from ..records import Document
from ..text import sentences
from .published import shape_matches

__all__ = ["named_years", "text_year", "text_month", "date_document", "date_from_page"]


def _years(text: str) -> list[int]:
    """The years the text sets itself in, in text order (the story_year shapes of data/page_dates.tsv):
    not a goal's (到2030年, 2030年前) nor a starting point's (2019年以来)."""
    return [int(m.group("y")) for m in shape_matches("story_year", text)]


def named_years(text: str) -> set[int]:
    """Every year the text sets itself in (see ``_years``)."""
    return set(_years(text))


def text_year(text: str) -> int | None:
    """The year the text sets itself in: the year the lead names beside the first
    day it tells (5月25日,某县召开2020年…大会), else the year it names most often
    (a tie: the latest, since stories look back on last year more than ahead).

    >>> text_year("2023年签约。2024年开工,2024年投产。")
    2024
    >>> text_year("5月25日,某县召开2020年项目表彰大会。2019年,全县签约项目40个。2019年,全县开工项目30个。")
    2020
    """
    years = _years(text)
    if not years:
        return None
    lead = _lead_year(text)
    if lead:
        return lead
    counts = collections.Counter(years)
    best = max(counts.values())
    return max(y for y in counts if counts[y] == best)


def _lead_year(text: str) -> int | None:
    """The one year named in the sentence of the first day the text tells (3月28日), or None."""
    head = text[:3000]
    days = shape_matches("story_day", head)
    if not days:
        return None
    day = days[0]
    for start, end in sentences(head):
        if start <= day.start() < end:
            named = named_years(head[start:end])
            return named.pop() if len(named) == 1 else None
    return None


def text_month(text: str, year: int) -> int | None:
    """The month of the first day the text names (of its own year, when it writes one), or None."""
    for m in shape_matches("story_day", text[:3000]):
        if m.group("y") and int(m.group("y")) != year:
            continue
        month = int(m.group("m"))
        if 1 <= month <= 12:
            return month
    return None


def date_document(doc: Document, *, url_month: str | None = None) -> None:
    """Year/month from the publication date, else from a month-only URL, else
    the year the text names most and the month of the first day it tells (3月28日)."""
    if doc.published:
        doc.year, doc.month = int(doc.published[:4]), int(doc.published[5:7])
    elif url_month:
        doc.year, doc.month = int(url_month[:4]), int(url_month[5:7])
    else:
        doc.year = text_year(f"{doc.title or ''}\n{doc.text}")
        if doc.year:
            doc.month = text_month(doc.text, doc.year)


def date_from_page(doc: Document, page: Document | None) -> bool:
    """Date a teaser or a later article by its page: the page's publication date and
    year (2月1日 in a teaser on a page published 2024-02-03 is 2024's) when it names
    no year, or names the page's among others (总结2023年…2024年大会). Returns False,
    leaving ``doc`` alone, when it names only other years or the page has no year."""
    text = f"{doc.title or ''}\n{doc.text}"
    if page is None or page.year is None or (named_years(text) and page.year not in named_years(text)):
        return False
    doc.published = page.published
    doc.year, doc.month = page.year, page.month
    return True
