"""Publication dates a page states: URL shapes, header lines, datelines (pages/published.py, data/page_dates.tsv)."""
from __future__ import annotations

import pytest

from projectradar.errors import RuleError
from projectradar.pages.published import compile_date_shapes, date_from_url, publication_date
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
])
def test_date_from_url(url, want):
    assert date_from_url(url) == want


def test_date_shape_rows_are_checked():
    with pytest.raises(RuleError, match=r"page_dates.tsv:1: unknown where 'path'"):
        compile_date_shapes(parse_table("x\tpath\t/(?P<y>\\d{4})/(?P<m>\\d\\d)/\n", "page_dates.tsv", 3))
    with pytest.raises(RuleError, match=r"page_dates.tsv:1: a dateline shape needs the groups d"):
        compile_date_shapes(parse_table("x\tdateline\t(?P<m>\\d+)月\n", "page_dates.tsv", 3))
    with pytest.raises(RuleError, match=r"page_dates.tsv:2: bad regex"):
        compile_date_shapes(parse_table("a\tline\t(?P<y>\\d{4})(?P<m>\\d\\d)(?P<d>\\d\\d)\nb\turl\t(oops\n",
                                        "page_dates.tsv", 3))


def test_a_date_of_no_calendar_is_no_publication_date():
    assert date_from_url("https://news.example.cn/2023/02/30/a.html") is None
    assert publication_date("成文日期:2024-01-05") is None
