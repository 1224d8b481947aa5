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


def test_html_table_with_number_column_and_total_row() -> None:
    html = (
        "<html><head><title>全市二季度重大项目集中签约情况</title></head><body><article>"
        "<h1>全市二季度重大项目集中签约情况</h1>"
        "<p>6月18日，赣州市2024年第二季度重大项目集中签约活动举行。各县（市、区）签约情况如下：</p>"
        "<table><tr><td>序号</td><td>县（市、区）</td><td>项目个数</td><td>签约金额（万元）</td></tr>"
        "<tr><td>1</td><td>章贡区</td><td>12</td><td>356000</td></tr>"
        "<tr><td>2</td><td>南康区</td><td>9</td><td>210500</td></tr>"
        "<tr><td>3</td><td>瑞金市</td><td>7</td><td>98000</td></tr>"
        "<tr><td></td><td>合计</td><td>28</td><td>664500</td></tr></table>"
        "</article></body></html>"
    )
    assert facts(extract(html, source="counties.html")) == [
        ("signing", "360700", "2024-06-18", 28, 6645000000),
        ("signing", "360702", "2024-06-18", 12, 3560000000),
        ("signing", "360703", "2024-06-18", 9, 2105000000),
        ("signing", "360781", "2024-06-18", 7, 980000000)]


def test_province_list_table_keeps_the_list_level() -> None:
    html = (
        "<html><body><article><h1>全省重点项目名单</h1>"
        "<p>1月20日，省发展改革委公布2024年湖南省重点建设项目名单，共安排省重点项目1200个，总投资2.1万亿元。分市情况见下表。</p>"
        "<table><tr><th>地区</th><th>项目数（个）</th><th>总投资（亿元）</th><th>年度计划投资（亿元）</th></tr>"
        "<tr><td>长沙市</td><td>210</td><td>4200</td><td>980</td></tr>"
        "<tr><td>株洲市</td><td>86</td><td>1300</td><td>310</td></tr></table></article></body></html>"
    )
    got = [(e.region.adcode, e.project_count, e.annual_investment_yuan, e.level)
           for e in extract(html, source="list.html", published="2024-01-21").events]
    assert got == [("430000", 1200, None, "provincial"), ("430100", 210, 98000000000, "provincial"),
                   ("430200", 86, 31000000000, "provincial")]


def test_traditional_province_page_with_city_shares() -> None:
    page = ("宜春市重大項目集中開工\n2024-03-06 來源：宜春日報\n"
            "3月5日，宜春市舉行2024年一季度重大項目集中開工活動，全市共開工項目96個，總投資405億元，"
            "年度計劃投資128億元。其中，袁州區開工項目18個，樟樹市開工項目15個，豐城市開工項目21個。\n")
    got = facts(extract(page, source="yichun.txt"))
    assert got == [("groundbreaking", "360900", "2024-03-05", 96, 40500000000),
                   ("groundbreaking", "360902", "2024-03-05", 18, None),
                   ("groundbreaking", "360982", "2024-03-05", 15, None),
                   ("groundbreaking", "360981", "2024-03-05", 21, None)]


def test_space_aligned_table_in_page_text() -> None:
    page = ("全省各市集中开工情况\n2024-04-03 来源：河南日报\n"
            "4月2日，河南省二季度重大项目集中开工活动举行。\n"
            "省辖市  开工项目（个）  总投资（亿元）\n郑州市  186  1320\n洛阳市  95  612\n南阳市  88  430\n")
    assert facts(extract(page, source="aligned.txt")) == [
        ("groundbreaking", "410000", "2024-04-02", None, None),
        ("groundbreaking", "410100", "2024-04-02", 186, 132000000000),
        ("groundbreaking", "410300", "2024-04-02", 95, 61200000000),
        ("groundbreaking", "411300", "2024-04-02", 88, 43000000000)]
