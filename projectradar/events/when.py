"""When an event happened: the date of its sentence, inherited, or the publication's."""
from __future__ import annotations

import datetime as _dt
import re

from ..records import DateSpan, ParagraphMentions
from .document import AssemblyState, DocView, Draft, HAPPENINGS
from .rules import cue


def next_day(span: DateSpan | None) -> DateSpan | None:
    """The day after a day-precision span (its end), or None.

    Example:
        >>> next_day(DateSpan("2024-05-27", "2024-05-27", "day")).start
        '2024-05-28'
    """
    if span is None or span.precision != "day" or not span.end:
        return None
    try:
        day = _dt.date.fromisoformat(span.end) + _dt.timedelta(days=1)
    except ValueError:
        return None
    return DateSpan(day.isoformat(), day.isoformat(), "day")


def _day_span(mention) -> DateSpan:
    """A DateSpan from a date mention."""
    return DateSpan(mention.start_date, mention.end_date or mention.start_date, mention.precision)


def year_span(year: int | str | None) -> DateSpan | None:
    """A year-precision DateSpan ("2023"), or None."""
    return DateSpan(str(year), str(year), "year") if year else None


_PRECISION_RANK = {"day": 0, "month": 1, "quarter": 2}


def is_stated_date(mention) -> bool:
    """A date the text states (1月30日, 今天, 近日), not one read from a holiday word."""
    return not mention.relative or bool(cue("plain_relative").search(mention.text)) \
        or bool(cue("stated_date").search(mention.text))


def pick_date(para: ParagraphMentions, s0: int, s1: int, hit_pos: int) -> tuple[DateSpan | None, bool, DateSpan | None]:
    """(the happening date: the most precise date of the sentence, nearest before the trigger,
    else the first after; whether the text states it; the year the sentence names)."""
    precise, year = [], None
    for mention in para.dates:
        if not (s0 <= mention.start < s1) or not mention.start_date:
            continue
        if mention.precision == "year":
            if year is None:
                year = year_span(mention.start_date[:4])
            continue
        if mention.precision in _PRECISION_RANK:
            precise.append(mention)
    if not precise:
        return None, False, year
    best = min(_PRECISION_RANK[m.precision] for m in precise)
    precise = [m for m in precise if _PRECISION_RANK[m.precision] == best]
    stated = [m for m in precise if is_stated_date(m)] or precise
    before = [m for m in stated if m.start < hit_pos]
    chosen = before[-1] if before else stated[0]
    return _day_span(chosen), is_stated_date(chosen), year


def reported_day(para: ParagraphMentions, s0: int, s1: int, day: DateSpan | None, year: DateSpan | None,
                 base: _dt.date | None) -> DateSpan | None:
    """A happening told as done cannot fall after the page's publication `base`: a bare day that
    would (4月7日 on a page dated 3月7日) in a sentence naming an earlier year (2022年第二批…) is of
    that year, the page's date being a later mirror's. The day moved to that year, or None."""
    if base is None or day is None or year is None or day.precision != "day" \
            or day.start <= base.isoformat() or day.start[:4] != str(base.year) or year.start >= day.start[:4]:
        return None
    told = next((m for m in para.dates if s0 <= m.start < s1 and m.precision == "day"
                 and m.start_date == day.start), None)
    if told is None or told.relative or _YEAR_IN_DIGITS.search(told.text or ""):
        return None
    return DateSpan(year.start + day.start[4:], year.start + (day.end or day.start)[4:], "day")


# A day told with its year (2022年4月7日, 2022-04-07, 3月30日至2022年4月7日): the only four digits
# in a row a day's text holds are a year's, so no word of a date need be named here.
_YEAR_IN_DIGITS = re.compile(r"\d{4}")


def catch_up(d: DocView, state: AssemblyState, p_index: int, para: ParagraphMentions, upto: int) -> None:
    """Dates of the paragraph's sentences before `upto`, for a sentence that names none."""
    last = None
    for mention in para.dates:
        if mention.start < upto and mention.precision in ("day", "month") and mention.start_date \
                and is_stated_date(mention):
            last = _day_span(mention)
    if last is not None:
        state.last_date[p_index] = last


def timely(d: DocView, draft: Draft) -> bool:
    """A happening dated long before the publication (该项目2021年12月开工) is background;
    one dated after it is a plan (unless the page's date is a later mirror's). The story's opening
    sentence (3月12日，某省春季开工仪式举办…) is the story itself, however late the page that
    reposts it."""
    if d.base is None or draft.type not in HAPPENINGS or not draft.date or not draft.date.start \
            or draft.cumulative or draft.date.start in d.mirrored:
        return True
    if draft.sentence == 0 and draft.date_explicit and draft.date.precision == "day" \
            and draft.date.start <= d.base.isoformat():
        return True
    start = draft.date.start
    try:
        if draft.date.precision == "day" and len(start) == 10:
            when = _dt.date.fromisoformat(start)
        elif len(start) >= 7:
            when = _dt.date(int(start[:4]), int(start[5:7]), 1)
        else:
            year = int(start[:4])
            return year == d.base.year or (year == d.base.year - 1 and d.base.month <= 2)
    except ValueError:
        return True
    return -200 <= (when - d.base).days <= 40


def day_told_before(d: DocView, p_index: int, upto: int) -> DateSpan | None:
    """The last day the text states before offset `upto` of paragraph `p_index` (looking back
    at most five paragraphs), for 同日 / 当天: the day just told, even when no event held it."""
    for index in range(p_index, max(-1, p_index - 6), -1):
        para = d.paragraph(index)
        days = [m for m in para.dates if m.precision == "day" and m.start_date and is_stated_date(m)
                and (index < p_index or m.start < upto) and not cue("same_day").fullmatch(m.text or "")]
        if days:
            last = days[-1]
            return DateSpan(last.start_date, last.end_date or last.start_date, "day")
    return None
