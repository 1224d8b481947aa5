"""Dates and ranges to ISO with a precision, relative words against the publication date."""
from __future__ import annotations

import doctest
import re
import datetime as dt
import time

import pytest

from projectradar.errors import RuleError
from projectradar.mentions.dates import find_dates, holiday

BASE = dt.date(2023, 2, 6)


def one(text, **kw):
    found = find_dates(text, **kw)
    assert len(found) == 1, found
    d = found[0]
    assert text[d.start:d.end] == d.text
    return d.start_date, d.end_date, d.precision


@pytest.mark.parametrize("text, start, end, precision", [
    ("2023年1月30日", "2023-01-30", "2023-01-30", "day"),
    ("1月30日，某区举行签约活动", "2023-01-30", "2023-01-30", "day"),
    ("1月30日至31日", "2023-01-30", "2023-01-31", "day"),
    ("2月1日—3日", "2023-02-01", "2023-02-03", "day"),
    ("2月1日-3日", "2023-02-01", "2023-02-03", "day"),
    ("2月1日~3日", "2023-02-01", "2023-02-03", "day"),
    ("2月1日到3日", "2023-02-01", "2023-02-03", "day"),
    ("1月31日至2月3日", "2023-01-31", "2023-02-03", "day"),
    ("1月30—31日", "2023-01-30", "2023-01-31", "day"),
    ("2022年12月30日至2023年1月2日", "2022-12-30", "2023-01-02", "day"),
    ("3日，核心区率先恢复建设", "2023-02-03", "2023-02-03", "day"),
    ("1月28日上午", "2023-01-28", "2023-01-28", "day"),
    ("1月29日下午", "2023-01-29", "2023-01-29", "day"),
    ("12月28日", "2022-12-28", "2022-12-28", "day"),
    ("2023年", "2023", "2023", "year"),
    ("2023年度", "2023", "2023", "year"),
    ("二〇二三年", "2023", "2023", "year"),
    ("2023—2025年", "2023", "2025", "year"),
    ("2023年3月", "2023-03", "2023-03", "month"),
    ("2022年1—8月", "2022-01", "2022-08", "month"),
    ("1—8月", "2023-01", "2023-08", "month"),
    ("一季度", "2023-01-01", "2023-03-31", "quarter"),
    ("第一季度", "2023-01-01", "2023-03-31", "quarter"),
    ("首季", "2023-01-01", "2023-03-31", "quarter"),
    ("2022年第四季度", "2022-10-01", "2022-12-31", "quarter"),
    ("今年二季度", "2023-04-01", "2023-06-30", "quarter"),
    ("上半年", "2023-01-01", "2023-06-30", "quarter"),
    ("前三季度", "2023-01-01", "2023-09-30", "quarter"),
])
def test_absolute_dates(text, start, end, precision):
    assert one(text, base=BASE) == (start, end, precision)


@pytest.mark.parametrize("text, start, precision", [
    ("今天", "2023-02-06", "day"),
    ("今日", "2023-02-06", "day"),
    ("昨天", "2023-02-05", "day"),
    ("昨日", "2023-02-05", "day"),
    ("前天", "2023-02-04", "day"),
    ("日前", "2023", "year"),     # the base is in a month's first week: the days before may be January's
    ("近日", "2023", "year"),
    ("近期", "2023", "year"),
    ("不久前", "2023", "year"),   # told as a while ago: the same rule as 日前, never the base's day
    ("前不久", "2023", "year"),
    ("前几天", "2023", "year"),
    ("这两天", "2023", "year"),
    ("新年伊始", "2023-02", "month"),
    ("今年", "2023", "year"),
    ("本年度", "2023", "year"),
    ("全年", "2023", "year"),
    ("去年", "2022", "year"),
    ("明年", "2024", "year"),
])
def test_relative_words(text, start, precision):
    found = find_dates(text, base=BASE)
    assert [(d.start_date, d.precision, d.relative) for d in found] == [(start, precision, True)]


@pytest.mark.parametrize("base, expected", [
    (dt.date(2023, 2, 16), ("2023-02", "month")),
    (dt.date(2023, 2, 7), ("2023", "year")),
    (dt.date(2023, 1, 5), (None, "year")),     # early January: even the year may be the last one
])
def test_a_few_days_ago_is_a_month_only_when_the_month_is_sure(base, expected):
    found = find_dates("日前，某县举行签约仪式", base=base)
    assert [(d.start_date, d.precision) for d in found] == [expected]


@pytest.mark.parametrize("text", ["今天（9月26日）", "今天(9月26日)", "今日（9月26日）"])
def test_parenthesised_date_wins(text):
    found = find_dates(text, base=dt.date(2022, 9, 27))
    assert [(d.start_date, d.relative, d.text) for d in found] == [("2022-09-26", False, text)]


@pytest.mark.parametrize("text, year, expected", [
    ("1月28日，春节假期后上班首日", 2023, "2023-01-28"),
    ("节后上班第一天", 2024, "2024-02-18"),
    ("假期后上班第一天", 2025, "2025-02-05"),
    ("春节后上班首日", 2026, "2026-02-24"),
])
def test_first_working_day_after_spring_festival(text, year, expected):
    found = find_dates(text, year=year)
    assert found[-1].start_date == expected
    assert found[-1].precision == "day"


def test_holiday_table():
    assert holiday(2023).first_working_day == dt.date(2023, 1, 28)
    assert holiday(2023).festival == dt.date(2023, 1, 22)
    assert holiday(2035).festival == dt.date(2035, 2, 8)
    assert holiday(2014) is None
    found = find_dates("春节期间", base=BASE)
    assert (found[0].start_date, found[0].end_date) == ("2023-01-21", "2023-01-27")


def test_year_from_year_argument_then_from_text_else_unknown():
    assert one("1月30日", year=2021)[0] == "2021-01-30"
    found = find_dates("2023年全区计划……1月30日")
    assert [d.start_date for d in found] == ["2023", "2023-01-30"]
    # no base, no year, no year in the text: the year is not invented
    found = find_dates("1月30日，某区召开大会")
    assert [(d.text, d.start_date, d.end_date) for d in found] == [("1月30日", None, None)]
    assert find_dates("今天")[0].start_date is None
    assert find_dates("今年", year=2020)[0].start_date == "2020"


def test_not_dates():
    for text in ["5日内完成", "投资增长12.5%", "3个月", "项目签约", ""]:
        assert find_dates(text, base=BASE) == [], text


def test_many_dates_in_order_with_offsets():
    text = "1月29日，某区召开动员大会；1月31日至2月3日，县委书记带队外出招商；今年力争签约60个项目。"
    found = find_dates(text, base=BASE)
    assert [(d.start_date, d.end_date) for d in found] == [
        ("2023-01-29", "2023-01-29"), ("2023-01-31", "2023-02-03"), ("2023", "2023")]
    for d in found:
        assert text[d.start:d.end] == d.text


@pytest.mark.parametrize("text, start", [
    ("发布时间：2023-01-30 10:20", "2023-01-30"),
    ("2023.01.30", "2023-01-30"),
    ("2023/1/5", "2023-01-05"),
])
def test_numeric_dates(text, start):
    """Bylines and tables write dates in digits and separators."""
    found = find_dates(text)
    assert [(d.start_date, d.precision, d.relative) for d in found] == [(start, "day", False)]


@pytest.mark.parametrize("text, start", [
    ("二〇二四年三月十八日", "2024-03-18"),
    ("二〇二三年十月一日上午", "2023-10-01"),
    ("十二月三十一日", "2022-12-31"),
])
def test_dates_in_chinese_numerals(text, start):
    assert one(text, base=BASE)[0] == start


@pytest.mark.parametrize("text, start, end", [
    ("今年前10个月", "2023-01", "2023-10"),
    ("2022年前三个月", "2022-01", "2022-03"),
])
def test_first_months_of_a_year(text, start, end):
    assert one(text, base=BASE) == (start, end, "month")


def test_plan_periods_are_not_dates():
    # “十四五” names a plan; reading it as 2021–2025 would date this year's events wrongly
    assert find_dates("“十四五”以来", base=BASE) == []


def test_spaces_left_by_scrapers():
    assert one("2023年 1月 30日", base=BASE)[0] == "2023-01-30"
    assert one("1 月 30 日", base=BASE)[0] == "2023-01-30"
    assert [d.text for d in find_dates("2023年 全市", base=BASE)] == ["2023年"]


def test_bare_day_takes_the_month_just_named():
    found = find_dates("1月30日、31日分别召开", base=BASE)
    assert [d.start_date for d in found] == ["2023-01-30", "2023-01-31"]
    found = find_dates("12月30日开会。2日，代表团返回", base=BASE)
    assert [d.start_date for d in found] == ["2022-12-30", "2023-01-02"]


def test_same_day_repeats_the_day_just_named():
    found = find_dates("1月30日，全区大会召开。当天，23个项目集中签约", base=BASE)
    assert [(d.text, d.start_date) for d in found] == [("1月30日", "2023-01-30"), ("当天", "2023-01-30")]
    assert find_dates("当天签约", base=BASE) == []


@pytest.mark.parametrize("text, start", [
    ("去年底", "2022"), ("去年年末", "2022"), ("今年年底前", "2023"), ("2024年底", "2024"), ("年初", "2023"),
])
def test_year_end_words(text, start):
    found = find_dates(text, base=BASE)
    assert [(d.start_date, d.precision) for d in found] == [(start, "year")]


def test_spans_of_time_are_not_dates():
    assert find_dates("六大产业两年内实现倍增", base=BASE) == []
    assert find_dates("版本1.2.3发布，增长2023.5", base=BASE) == []


def test_impossible_dates_are_dropped():
    assert find_dates("2月30日", base=BASE) == []
    assert find_dates("13月5日", base=BASE) == []


def test_speed():
    sentences = ["1月30日，某区举行2023年企业家大会暨重点项目签约活动，今年力争签约60个项目。",
                 "会议强调，要以项目建设为抓手，推动经济社会高质量发展。"] * 2000
    find_dates(sentences[0], base=BASE)
    began = time.perf_counter()
    for s in sentences:
        find_dates(s, base=BASE)
    assert len(sentences) / (time.perf_counter() - began) > 5000


def test_docstring_examples():
    from projectradar.mentions import dates
    for module in (dates,):
        result = doctest.testmod(module)
        assert result.failed == 0 and result.attempted > 0, module.__name__


def test_a_bad_holiday_line_fails_loudly(monkeypatch):
    from projectradar.errors import RuleError
    from projectradar.mentions import dates
    from projectradar.tables import parse_table

    def tables(name, columns, optional=0, header=None):
        return parse_table("2023\t春节\t01-22\t01-21\t01-27\t01-20\tofficial\n", "holidays.tsv", 7)

    monkeypatch.setattr(dates, "load_table", tables)
    dates._holidays.cache_clear()
    try:
        with pytest.raises(RuleError, match=r"holidays.tsv:1: days off must end before the first working day"):
            holiday(2023)
    finally:
        monkeypatch.undo()
        dates._holidays.cache_clear()
    assert holiday(2023).first_working_day == dt.date(2023, 1, 28)


# ---------------------------------------------------------------- the same day named again (同日, 当天)
def test_same_day_repeats_the_last_day_across_sentences_and_paragraphs():
    text = "3月5日上午，高新区举行签约仪式。\n\n同日下午，经开区也集中开工了一批项目。当天还召开了推进会。"
    found = find_dates(text, base=dt.date(2024, 3, 6))
    assert [(d.text, d.start_date) for d in found] == [
        ("3月5日上午", "2024-03-05"), ("同日", "2024-03-05"), ("当天", "2024-03-05")]


@pytest.mark.parametrize("text, start, end", [
    ("3月上旬开工", "2024-03-01", "2024-03-10"),
    ("3月中旬签约", "2024-03-11", "2024-03-20"),
    ("2023年2月下旬", "2023-02-21", "2023-02-28"),
])
def test_parts_of_a_month_are_day_ranges(text, start, end):
    assert one(text, base=dt.date(2024, 3, 20)) == (start, end, "day")


def test_month_end_stays_a_month():
    assert one("2月底前完成", base=dt.date(2024, 3, 20)) == ("2024-02", "2024-02", "month")


def test_weeks_are_monday_to_sunday_of_the_base():
    assert one("本周签约", base=dt.date(2024, 3, 20)) == ("2024-03-18", "2024-03-24", "day")
    assert one("上周举行", base=dt.date(2024, 3, 20)) == ("2024-03-11", "2024-03-17", "day")
    assert find_dates("本周签约")[0].start_date is None          # no base: no guess


def test_spring_festival_beyond_the_table_from_the_lunar_calendar():
    pytest.importorskip("lunardate")
    later = holiday(2040)
    assert later.festival == dt.date(2040, 2, 12) and later.status == "estimate"
    assert later.first_working_day == dt.date(2040, 2, 19)
    assert holiday(2026).status == "official"            # the table still wins where it speaks


def test_same_day_does_not_repeat_a_span_of_days():
    found = find_dates("3月上旬开工。同日签约。", base=dt.date(2024, 3, 20))
    assert [(d.text, d.start_date) for d in found] == [("3月上旬", "2024-03-01")]


# ---------------------------------------------------------------- 同日 and its kin across paragraphs
@pytest.mark.parametrize("word", ["同日", "当天", "当日", "当晚", "同一天", "同一日", "是日"])
def test_same_day_words_repeat_the_last_day(word):
    found = find_dates(f"2月1日,甲县签约项目9个。{word},乙县开工项目5个。", base=dt.date(2024, 2, 3))
    assert [(d.text, d.start_date) for d in found] == [("2月1日", "2024-02-01"), (word, "2024-02-01")]


def test_same_day_in_a_traditional_script_page_after_normalizing():
    from projectradar.text import normalize
    text = normalize("２月１日，甲縣簽約項目9個。同日，乙縣開工。當天下午，丙縣召開大會。")
    found = find_dates(text, year=2024)
    assert [d.start_date for d in found] == ["2024-02-01", "2024-02-01", "2024-02-01"]


# ---------------------------------------------------------------- the shapes of data/date_shapes.tsv
@pytest.mark.parametrize("text, start, end", [
    ("下周开工", "2024-03-25", "2024-03-31"),              # a week word of date_words.tsv
    ("去年5月下旬", "2023-05-21", "2023-05-31"),           # relative_year, then the last days of a month
    ("国庆黄金周", "2024-10-01", "2024-10-07"),            # long_holiday and holiday_time
    ("元旦后复工首日", "2024-01-02", "2024-01-02"),          # holiday, back_to_work, first_working_day
    ("节后第一个工作日", "2024-02-18", "2024-02-18"),        # no holiday named: the lunar new year's
    ("3月5日晚间至7日", "2024-03-05", "2024-03-07"),         # time_of_day and range_joiner
])
def test_shapes_read_made_up_sentences(text, start, end):
    found = find_dates(text, base=dt.date(2024, 3, 20))
    assert [(d.start_date, d.end_date) for d in found][-1:] == [(start, end)]


def test_an_amount_before_a_week_makes_it_a_length_of_time():
    assert find_dates("用两周时间完成", base=dt.date(2024, 3, 20)) == []
    assert find_dates("三上周", base=dt.date(2024, 3, 20)) == []


def test_a_shape_is_passed_over_only_on_texts_that_cannot_hold_it():
    from projectradar.mentions import dates
    samples = ["2023年1月30日至2月3日", "今天（9月26日）", "二〇二四年三月十八日", "去年1—8月份", "3月下旬", "前三季度",
               "首季", "今年前10个月", "2023—2025年", "春节假期后上班首日", "国庆期间", "2024.3.5", "同一天", "上个星期",
               "3—5日", "去年年底"]
    for keys, pattern, _ in dates._patterns():
        for text in samples:
            if pattern.search(text):
                assert not keys.isdisjoint(text), (pattern.pattern, text)


@pytest.fixture
def shapes_table(monkeypatch):
    """Swap the text of date_shapes.tsv for a test's own (the real text is handed over to edit)."""
    from importlib import resources
    from projectradar.mentions import dates
    from projectradar.tables import parse_table

    caches = (dates._shape_table, dates._compiled, dates._joined, dates._patterns)
    real_load = dates.load_table

    def use(text):
        def load(name, columns, *rest):
            if name == "date_shapes.tsv":
                return parse_table(text, "date_shapes.tsv", columns)
            return real_load(name, columns, *rest)
        monkeypatch.setattr(dates, "load_table", load)
        for cache in caches:
            cache.cache_clear()

    yield use, (resources.files("projectradar") / "data" / "date_shapes.tsv").read_text(encoding="utf-8")
    monkeypatch.undo()
    for cache in caches:
        cache.cache_clear()


def line_of(text, start):
    return next(i for i, line in enumerate(text.splitlines(), 1) if line.startswith(start))


def test_a_word_added_to_a_kind_is_read(shapes_table):
    use, real = shapes_table
    assert find_dates("3月5日傍晚时分", base=BASE)[0].text == "3月5日傍晚"
    use(real + "time_of_day\t傍晚时分\n")
    assert find_dates("3月5日傍晚时分", base=BASE)[0].text == "3月5日傍晚时分"


def test_a_shape_without_the_groups_its_reader_reads_is_refused(shapes_table):
    use, real = shapes_table
    broken = real.replace("(?P<m1>\\d{1,2})月(?:份)?(?![\\d日号])", "(?P<mm>\\d{1,2})月(?:份)?(?![\\d日号])")
    assert broken != real
    use(broken)
    line = line_of(broken, "month\t")
    with pytest.raises(RuleError, match=rf"date_shapes\.tsv:{line}: a month pattern needs the groups m1"):
        find_dates("3月", base=BASE)


@pytest.mark.parametrize("row, why", [
    ("long_holiday\t中秋", "'中秋' is not a holiday of holidays.tsv"),
    ("relative_year\t本月", "'本月' is not a year word of date_words.tsv"),
    ("lunar_new_year\t国庆", "a second lunar_new_year"),
    ("holiday_season\t暑假", "unknown kind 'holiday_season'"),
])
def test_a_bad_word_row_is_refused_with_its_line(shapes_table, row, why):
    use, real = shapes_table
    text = real + row + "\n"
    use(text)
    with pytest.raises(RuleError, match=rf"date_shapes\.tsv:{len(text.splitlines())}: {re.escape(why)}"):
        find_dates("3月5日", base=BASE)


def test_a_holiday_at_the_start_of_a_year_told_in_december_is_the_coming_one():
    found = find_dates("元旦后上班第一天", base=dt.date(2024, 12, 20))
    assert [d.start_date for d in found] == ["2025-01-02"]
    found = find_dates("国庆后上班第一天", base=dt.date(2024, 12, 20))
    assert [d.start_date for d in found] == ["2024-10-08"]


# ---------------------------------------------------------------- events/when.py: a day that writes its year
def test_a_day_written_with_its_year_is_never_moved_to_another_year():
    from projectradar.events import extract_events
    from projectradar.mentions.annotate import annotate
    from projectradar.records import Document

    def starts(text):
        doc = Document(id="t", source="t", title=None, published="2023-03-07", year=2023, text=text)
        return {e.to_dict()["date"]["start"] for e in extract_events(annotate(doc))}

    told = "湖南省2019年第二批重大项目集中开工动员会举行，本批集中开工项目共300个，总投资900亿元。"
    assert starts("4月7日上午，" + told) == {"2019-04-07"}          # the page's date is a mirror's
    assert starts("2023年4月7日上午，" + told) == {"2023-04-07"}    # its own year written: kept
    assert starts("2023-04-07，" + told) == {"2023-04-07"}


@pytest.mark.parametrize("text, start", [("上星期，青川县签约项目5个。", "2024-09-30"), ("国庆期间青川县开工项目3个", "2024-10-01")])
def test_a_paragraph_whose_only_date_is_a_week_or_a_holiday_is_read(text, start):
    # the quick test (a key character of some shape) must let these words through
    assert [d.start_date for d in find_dates(text, base=dt.date(2024, 10, 10))] == [start]
