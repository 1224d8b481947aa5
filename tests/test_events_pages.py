"""Events through the whole pipeline on pages written for these tests: a traditional-script
repost, an HTML table of cities, a province page in lines, a bulletin with headlines."""
from __future__ import annotations

from projectradar.pipeline import extract


def facts(result) -> list[tuple]:
    return [(e.type, e.region.adcode, e.date.start, e.project_count, e.investment_yuan)
            for e in result.events if not e.cumulative]


def test_traditional_script_repost() -> None:
    page = (
        "廣東江門：一季度重大項目集中簽約\n\n"
        "2024-03-28 10:12  來源：江門日報\n\n"
        "3月27日，江門市舉行2024年一季度重大項目集中簽約活動，現場簽約項目42個，總投資達586.3億元。\n\n"
        "責任編輯：陳明\n"
    )
    assert facts(extract(page, source="repost.txt")) == [
        ("signing", "440700", "2024-03-27", 42, 58630000000)]


def test_html_table_of_cities() -> None:
    html = (
        "<html><head><title>全省各市一季度重大项目集中开工情况</title></head><body><article>"
        "<h1>全省各市一季度重大项目集中开工情况</h1>"
        "<p>4月2日，河北省2024年一季度重大项目集中开工活动举行，全省共开工项目311个。各市开工情况如下：</p>"
        "<table><tr><th>设区市</th><th>开工项目（个）</th><th>总投资（亿元）</th></tr>"
        "<tr><td>石家庄市</td><td>128</td><td>605.2</td></tr>"
        "<tr><td>唐山市</td><td>96</td><td>512.8</td></tr>"
        "<tr><td>保定市</td><td>87</td><td>330</td></tr></table>"
        "</article></body></html>"
    )
    got = facts(extract(html, source="table.html"))
    assert ("groundbreaking", "130000", "2024-04-02", 311, None) in got
    assert ("groundbreaking", "130100", "2024-04-02", 128, 60520000000) in got
    assert ("groundbreaking", "130200", "2024-04-02", 96, 51280000000) in got
    assert ("groundbreaking", "130600", "2024-04-02", 87, 33000000000) in got
    assert len(got) == 4


def test_bulletin_headline_is_not_a_second_event() -> None:
    page = (
        "央视网消息（新闻联播）：\n"
        "宁夏88个重点项目集中开工 总投资超800亿\n"
        "今天（2月4日），宁夏2023年第一批重点项目集中开工，88个项目总投资805亿元。\n"
    )
    got = facts(extract(page, published="2023-02-04", source="bulletin.txt"))
    assert got == [("groundbreaking", "640000", "2023-02-04", 88, 80500000000)]


def test_published_date_gives_year_and_today() -> None:
    page = "安康市集中签约\n今天，安康市举行招商引资项目集中签约仪式，签约项目26个，总投资132亿元。"
    got = facts(extract(page, published="2024-06-18", source="today.txt"))
    assert got == [("signing", "610900", "2024-06-18", 26, 13200000000)]
