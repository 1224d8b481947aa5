"""Events: how figures, places and days are read — size classes, count nouns, one of a set, titles that are no
names, partner groups, the day after, sums of the projects named, money roles, lines of other figures."""
from __future__ import annotations

from projectradar.events.figures import is_project_count, is_size_class
from projectradar.mentions.money import find_money
from projectradar.records import CountMention

from fixtures.read_events import read_events


def events(text: str, published: str = "2024-03-10", title: str | None = None) -> list:
    return [e for e in read_events(text, published=published, title=title) if not e.cumulative]


def test_size_class_is_not_an_amount() -> None:
    # the mentions as annotation finds them: the words before an amount give its role
    text = "力争引进10亿元以上重大项目12个"
    assert is_size_class(find_money(text)[0], text)
    one = "总投资超千亿元的绿电项目签约"
    assert not is_size_class(find_money(one)[0], one)
    role = "总投资10亿元以上的项目开工"
    assert not is_size_class(find_money(role)[0], role)


def test_infrastructure_nouns_count_projects() -> None:
    sentence = "全省10条高速公路集中开工"
    assert is_project_count(CountMention(2, 9, "10条高速公路", value=10, noun="条高速公路"), sentence)
    works = "3个工程同步开工"
    assert is_project_count(CountMention(0, 2, "3个", value=3, noun="个工程"), works)
    assert not is_project_count(CountMention(0, 4, "12家企业", value=12, noun="家企业"), "拜访12家企业")


def test_one_of_a_set_is_not_its_count() -> None:
    sentence = "国家重点推进的150项重大水利工程之一昨天开工"
    assert not is_project_count(CountMention(7, 11, "150项", value=150, noun="项"), sentence)


def test_a_title_is_never_a_name() -> None:
    got = events("3月8日，高唐县召开重点项目建设推进会，县委书记、县长出席会议。")
    assert got and got[0].type == "meeting"
    assert all(p.name not in ("县长", "县委书记") for p in got[0].people)


def test_partner_group_is_not_the_region() -> None:
    got = events("邢台将主动承接京津产业转移，确保全年签约亿元以上项目120个以上。")
    assert [(e.type, e.region.adcode, e.project_count) for e in got] == [("target", "130500", 120)]


def test_trip_without_a_place_before_it_is_the_story_home() -> None:
    text = ("3月2日，宁都县委书记赵建平率队赴广州、佛山开展招商。\n"
            "3月6日，县委副书记、县长孙宏伟带队赴宁波、温州开展招商，拜访企业9家。")
    got = events(text, title="宁都县外出招商")
    assert [(e.type, e.region.adcode, e.date.start) for e in got] == [
        ("investment_trip", "360730", "2024-03-02"), ("investment_trip", "360730", "2024-03-06")]
    assert got[1].project_count is None
    assert {d["name"].rstrip("市") for d in got[1].destinations} == {"宁波", "温州"}


def test_next_day_follows_the_day_told() -> None:
    from projectradar.events.when import next_day
    from projectradar.records import DateSpan
    assert next_day(DateSpan("2024-02-28", "2024-02-29", "day")).start == "2024-03-01"
    assert next_day(DateSpan("2024", "2024", "year")) is None
    text = ("5月27日，吉水县在厦门举办投资推介会，现场签约项目9个，总投资41亿元。"
            "次日，吉水县党政代表团一行赴泉州拜访企业。")
    got = events(text, published="2024-05-30", title="吉水县赴闽招商")
    trips = [e for e in got if e.type == "investment_trip"]
    assert [(e.region.adcode, e.date.start) for e in trips] == [("360822", "2024-05-28")]


def test_a_clause_summing_the_projects_is_their_count() -> None:
    text = ("4月25日，景德镇市举行二季度重大项目集中开工仪式。"
            "此次开工的项目涵盖陶瓷、航空、医药等产业，共26个，总投资108亿元。")
    got = events(text, published="2024-04-26")
    assert [(e.type, e.region.adcode, e.project_count, e.investment_yuan) for e in got] == [
        ("groundbreaking", "360200", 26, 10800000000)]


def test_same_day_refers_to_the_day_just_told_even_without_an_event() -> None:
    text = ("3月5日，市领导到东乡区调研企业生产经营情况。\n"
            "同日，崇仁县现场签约项目8个，总投资12亿元。")
    got = events(text, published="2024-03-09", title="抚州新闻")
    assert [(e.type, e.region.adcode, e.date.start, e.project_count) for e in got] == [
        ("signing", "361024", "2024-03-05", 8)]


def test_money_roles_of_funds_and_sector_totals() -> None:
    from projectradar.mentions.money import money_role
    assert money_role("下达中央投资") == "other"
    assert money_role("落实水利建设投资") == "fixed"
    assert money_role("签约资金超") == "signed"
    assert money_role("计划投资金额") in ("total", "planned")
    assert money_role("协议总投资") == "signed"


def test_projects_count_before_works() -> None:
    got = events("今年，吉林省谋划布局33项重大工程、370个重大项目，总投资1.2万亿元。", published="2024-02-01")
    assert [(e.type, e.region.adcode, e.project_count) for e in got] == [("key_projects", "220000", 370)]


def test_intended_and_research_amounts_are_not_signed() -> None:
    text = ("4月1日，南宁市展会举办系列签约活动，展区意向签约金额超40亿元。\n"
            "4月1日，南宁市多家企业与科研机构签署技术协同攻关合作协议，签约金额超7亿元。")
    got = events(text, published="2024-04-02")
    assert all(e.investment_yuan is None for e in got)


def test_lines_of_other_figures_are_not_city_shares() -> None:
    text = ("3月28日，江西省一季度重大项目集中开工，全省开工项目650个，总投资2310亿元。\n"
            "南昌市：新增就业岗位2万个。\n九江市：实现产值120亿元。")
    got = events(text, published="2024-03-30")
    assert [(e.region.adcode, e.project_count) for e in got] == [("360000", 650)]


def test_municipality_city_list_in_a_clause_without_place_is_provincial() -> None:
    # 其中，列入市级重点项目的… names no place: read in the story's place (a 重庆 district)
    found = events("璧山区近日印发2024年区级重点项目名单。今年，全区共安排区级重点项目150个，总投资1320亿元。"
                   "其中，列入市级重点项目的有27个，年度计划投资96亿元。", published="2024-02-22")
    levels = {(e.project_count, e.level) for e in found if e.type == "key_projects"}
    assert (150, "district") in levels and (27, "provincial") in levels, levels
