"""Publication dates a page states: URL shapes, header lines, datelines (pages/published.py, data/page_dates.tsv)."""
from __future__ import annotations

import pytest

from projectradar.errors import RuleError
from projectradar.pages import split_page
from projectradar.pages.published import compile_date_shapes, date_from_url, publication_date
from projectradar.records import RawInput
from projectradar.tables import parse_table


@pytest.mark.parametrize("url, want", [
    ("http://www.example.gov.cn/zwgk/202402/t20240218_4412.html", "2024-02-18"),
    ("https://news.example.com/2023-11-05/detail-1.html", "2023-11-05"),
    ("https://news.example.com/2023/11/05/abc.shtml", "2023-11-05"),
    ("https://paper.example.cn/html/20230622/content_9.htm", "2023-06-22"),
    ("https://paper.example.cn/html/2023-06/22/content_9.htm", "2023-06-22"),
    ("https://www.example.cn/news/202306/", "2023-06"),
    ("https://www.example.cn/news/show.php?id=2023", None),
    (None, None),
    # a year folder, then month and day in one folder
    ("http://m.example-news.cn/local/2021/0716/39211.html", "2021-07-16"),
    ("https://www.example.com.cn/gn/2020/07-16/9240.shtml", "2020-07-16"),
    # month and day without leading zeros
    ("http://fgw.example.gov.cn/art/2022/7/5/art_12_345.html", "2022-07-05"),
    # a time stamp as the file or folder name
    ("https://www.example.gov.cn/zwdt/2022071609154408123.htm", "2022-07-16"),
    ("https://www.example.gov.cn/xxgk/2020121808301102214/index.html", "2020-12-18"),
    # the month only, without a leading zero
    ("http://m.example.cn/html/2021/7/55123.shtml", "2021-07"),
    # ids that only look like dates stay undated
    ("http://www.example.cn/news/2023/250941.html", None),
    ("http://www.example.cn/a/2023/1299/5.html", None),
    ("https://www.example.cn/p/20221345678901234.html", None),
])
def test_date_from_url(url, want):
    assert date_from_url(url) == want


def test_date_shape_rows_are_checked():
    with pytest.raises(RuleError, match=r"page_dates.tsv:1: unknown where 'path'"):
        compile_date_shapes(parse_table("x\tpath\t/(?P<y>\\d{4})/(?P<m>\\d\\d)/\n", "page_dates.tsv", 3))
    with pytest.raises(RuleError, match=r"page_dates.tsv:1: where dateline needs the groups d"):
        compile_date_shapes(parse_table("x\tdateline\t(?P<m>\\d+)月\n", "page_dates.tsv", 3))
    with pytest.raises(RuleError, match=r"page_dates.tsv:2: bad regex"):
        compile_date_shapes(parse_table("a\tline\t(?P<y>\\d{4})(?P<m>\\d\\d)(?P<d>\\d\\d)\nb\turl\t(oops\n",
                                        "page_dates.tsv", 3))


def test_a_date_of_no_calendar_is_no_publication_date():
    assert date_from_url("https://news.example.cn/2023/02/30/a.html") == "2023-02"   # the month stands
    assert date_from_url("https://news.example.cn/2023/13/45/a.html") is None
    assert publication_date("成文日期:2024-01-05") is None


BODY = "今天上午,某县举行重点项目集中开工仪式,十二个项目总投资四十五亿元,涵盖新材料和现代物流等领域。"


@pytest.mark.parametrize("header", [
    "14.05.2022  08:30",                          # day first, as some portals write it
    "| 产业动态 |2022-05-14",                      # a channel and the date between bars
    "作者:周明 时间:2022-05-14",                   # the date label after the author
    "【发布时间:2022-05-14】",                      # the labelled date in brackets
    "某某视点 2022-05-14 08:30:12",                # an account's line with seconds
])
def test_header_lines_that_state_the_publication_date(header):
    page = f"某县十二个项目集中开工\n{header}\n{BODY}"
    (doc,) = split_page(RawInput(source="h.txt", content=page))
    assert (doc.published, doc.year, doc.month) == ("2022-05-14", 2022, 5)
    assert doc.text == BODY


def test_a_source_link_dates_the_story_by_its_url():
    page = f"某县十二个项目集中开工\n{BODY}\n责任编辑:\n文章来源:http://news.example.cn/local/2022/0514/778.shtml"
    (doc,) = split_page(RawInput(source="s.txt", content=page))
    assert doc.published == "2022-05-14" and doc.source_name is None
    assert "http" not in doc.text


def test_a_day_first_date_amid_the_body_stays_a_table_cell():
    page = f"某县项目进度表\n{BODY}\n开工日期\n14.05.2022\n{BODY}"
    (doc,) = split_page(RawInput(source="t.txt", content=page))
    assert doc.published is None and "14.05.2022" in doc.text


def test_a_dateline_is_the_day_the_story_was_filed():
    page = ("某省五十个项目集中签约\n发布时间:2024-12-01 03:26:33 来源:某某转载网\n"
            "某某社 某市9月8日电 (记者 王小川)今天,某省举行重大项目集中签约仪式,签约项目五十个,总投资八百亿元。")
    (doc,) = split_page(RawInput(source="d.txt", content=page))
    assert (doc.published, doc.year, doc.month) == ("2024-09-08", 2024, 9)


def test_today_in_a_dateline_story_is_the_dateline_day():
    from projectradar.pipeline import extract

    page = ("某省五十个项目集中签约\n发布时间:2024-12-01 03:26:33 来源:某某转载网\n"
            "某某网9月8日讯 今天,湖南省举行重大项目集中签约仪式,签约项目50个,总投资800亿元。")
    events = extract(page, source="d.txt").events
    assert events and {e.date.start for e in events} == {"2024-09-08"}


@pytest.mark.parametrize("page_date, dateline, want", [
    ("2024-01-02", "某某网12月30日讯", "2023-12-30"),      # filed the year before the page
    ("2024-03-02", "某某社北京3月1日电", "2024-03-01"),     # filed the day before
    ("2024-03-02", "某某网2023年3月1日讯", "2023-03-01"),   # a dateline that writes its year
])
def test_the_year_of_a_dateline(page_date, dateline, want):
    page = f"某县签约\n发布日期:{page_date}\n{dateline} 某县十二个项目集中签约,总投资四十五亿元。"
    (doc,) = split_page(RawInput(source="y.txt", content=page))
    assert doc.published == want


def test_a_dateline_takes_the_url_year_when_the_page_states_none():
    page = "某县签约\n某某网3月1日讯 某县十二个项目集中签约,总投资四十五亿元。"
    (doc,) = split_page(RawInput(source="u.txt", content=page, url="http://news.example.cn/local/202303/5512.html"))
    assert doc.published == "2023-03-01"


@pytest.mark.parametrize("line", [
    "某供电公司3月1日电网改造项目全面开工,总投资三亿元。",     # 电网 is a word, not 电 of a dateline
    "3月1日电,某县十二个项目集中签约。",                        # no outlet before the day
    "据介绍,该县3月1日讯息发布会上签约十二个项目。",
])
def test_sentences_that_only_look_like_datelines(line):
    (doc,) = split_page(RawInput(source="n.txt", content=f"某县签约\n发布日期:2024-03-05\n{line}"))
    assert doc.published == "2024-03-05"


# ---------------------------------------------------------------- the dates of a story's text and of table cells
def test_the_year_a_story_is_set_in_is_neither_a_goal_nor_a_starting_point():
    from projectradar.pages.dates import named_years, text_year
    assert named_years("到2030年建成，2028年前投产，2019年以来累计签约，2024年开工") == {2024}
    assert text_year("2024-5-25某区集中签约。") == 2024


def test_the_first_day_a_story_tells_gives_its_month():
    from projectradar.pages.dates import text_month
    assert text_month("2023年9月1日总结会上回顾，某区5月28号集中开工。", 2024) == 5


def test_a_date_labelled_as_no_publication_date_is_passed_over():
    assert publication_date("印发日期:2024年1月5日 发布日期:2024-01-09") == "2024-01-09"


def test_a_column_of_dates_makes_a_one_cell_a_line_scrape_a_table():
    from projectradar.pages.tables import join_table_cells
    assert join_table_cells(["项目", "开工日期", "甲厂", "3月5日", "乙厂", "2024年4月"]) == [
        "项目 | 开工日期", "甲厂 | 3月5日", "乙厂 | 2024年4月"]


@pytest.mark.parametrize("row, why", [
    ("year\tstory_year\t(?P<year>\\d{4})年", "where story_year needs the groups y"),
    ("day\tstory_day\t(?P<y>\\d{4})?(?P<m>\\d+)月", "where story_day needs the groups d"),
    ("cell\ttable_cell\t\\d+月", "unknown where 'table_cell'"),
])
def test_a_text_date_shape_without_its_groups_is_refused(row, why):
    with pytest.raises(RuleError, match=rf"page_dates\.tsv:2: {why}"):
        compile_date_shapes(parse_table("# a made-up shape\n" + row + "\n", "page_dates.tsv", 3))


def test_the_examples_of_the_publication_reader_hold():
    import doctest
    from projectradar.pages import published
    assert doctest.testmod(published).failed == 0
