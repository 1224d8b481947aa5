"""Yearly key-project lists (省重点/市重点/县重点, 重大项目 lists, 年度计划投资): their places,
levels, years and figures, and what is no list of its own (progress, parts, restatements)."""
from __future__ import annotations

from fixtures.read_events import read_events


def events(text: str, published: str = "2024-05-10", title: str | None = None) -> list[tuple]:
    return [(e.type, e.region.adcode if e.region else None, e.date.start, e.project_count,
             e.investment_yuan, e.annual_investment_yuan, e.level)
            for e in read_events(text, published=published, title=title)]


def test_each_place_line_of_a_progress_report_is_its_share_of_the_list() -> None:
    text = ("2023年，锡林郭勒盟计划实施重点建设项目80个，年度投资150亿元，截至6月末，已开复工60个。\n"
            "——按行业分：\n"
            "能源项目12个，年度计划投资40亿元，开工9个，完成投资6亿元。\n"
            "——按属地分：\n"
            "阿巴嘎旗14个，年度计划投资21.5亿元，开工8个，开工率57%，完成投资3亿元。\n"
            "镶黄旗9个，年度计划投资12亿元，开工6个，完成投资2.2亿元。")
    got = [e for e in events(text, published="2023-07-10") if e[0] == "key_projects"]
    assert ("key_projects", "152522", "2023", 14, None, 2150000000, "city") in got
    assert ("key_projects", "152528", "2023", 9, None, 1200000000, "city") in got
    assert not any(e[1] == "152500" and e[3] == 12 for e in got)     # a sector's line is no place's list


def test_a_list_told_again_without_its_place_is_the_same_list() -> None:
    text = ("昆明市今年计划实施市级重点项目500个，年度计划投资900亿元。\n"
            "安宁市今年计划实施重点建设项目64个，概算总投资280亿元。\n"
            "全市今年确定的64个重点项目涉及工业、交通等领域。")
    got = [e for e in events(text, title="昆明市项目建设扫描") if e[0] == "key_projects"]
    assert got == [("key_projects", "530100", "2024", 500, None, 90000000000, "city"),
                   ("key_projects", "530181", "2024", 64, 28000000000, None, "district")]


def test_the_place_of_an_example_project_is_not_the_lists() -> None:
    text = ("云南今年拟安排省重点项目300个，今年计划投资1200亿元；"
            "拟安排曲靖会展中心项目等省预备重点项目90个，项目总投资3100亿元。")
    got = [e for e in events(text) if e[0] == "key_projects"]
    assert [e[1] for e in got] == ["530000", "530000"]
    assert got[1][3:5] == (90, 310000000000)


def test_a_start_split_by_level_names_no_lists() -> None:
    text = ("2022年，大庆市计划开工重点项目310个。5月6日，集中开工重点项目180个，今年计划完成投资260亿元，"
            "其中，省级重点项目40个，今年计划完成投资150亿元；市级重点项目140个，今年计划完成投资110亿元。")
    got = events(text, published="2022-05-08")
    assert not any(e[0] == "key_projects" and e[3] in (40, 140) for e in got)
    assert ("groundbreaking", "230600", "2022-05-06", 180, None, 26000000000, None) in got


def test_kinds_listed_after_the_whole_and_a_rate_are_no_lists() -> None:
    text = ("浙江今年安排省重大项目300个。\n"
            "值得关注的是，180个实施项目年度计划投资3000亿元，比上年增加10亿元，"
            "包括30个重大科创平台、90个重大产业项目、60个重大基础设施。")
    got = [e for e in events(text) if e[0] == "key_projects"]
    assert [e[3] for e in got] == [300]
    assert not [e for e in events("5月份，襄州区平均每天都有1个重大项目落户。") if e[0] == "key_projects"]


def test_a_districts_year_end_report_is_the_districts_lists_of_its_titled_year() -> None:
    text = ("一、1-12月省重点项目总体情况\n"
            "省重点项目共6项，总投资80亿元，年度计划投资12亿元，1-12月累计完成投资15亿元。"
            "分别是：南宁会展新馆、南宁科技馆、南宁体育中心、南宁广电中心二期、南宁市青秀区东盟物流园。\n"
            "二、1-12月市重点项目总体情况\n"
            "市重点建设项目进展顺利，90个市级重大项目，总投资700亿元，年度计划投资160亿元，1-12月完成投资180亿元。")
    got = events(text, published="2024-02-03", title="青秀区2023年1-12月各类项目总结")
    assert ("key_projects", "450103", "2023", 6, 8000000000, 1200000000, "provincial") in got
    assert ("key_projects", "450103", "2023", 90, 70000000000, 16000000000, "city") in got


def test_a_list_is_of_the_year_named_nearest_before_it() -> None:
    got = events("在去年集中开工项目90个的基础上，今年再次筛选2024年度省重点项目300个，项目总投资5000亿元。",
                 published="2024-02-16", title="江西：重大项目接续发力")
    assert [e[2] for e in got if e[0] == "key_projects"] == ["2024"]


def test_a_city_level_list_in_a_provinces_story_is_the_city_named_last() -> None:
    text = ("江西全省一季度集中开工重大项目2000个，总投资1.2万亿元，江西各地同步开工。\n"
            "九江：一季度开工重大项目60个\n"
            "九江市一季度开工重大项目60个，总投资500亿元。\n"
            "今年再次初步筛选2024年度市级重大重点项目420个，项目总投资6000亿元。")
    got = [e for e in events(text, published="2024-02-16", title="江西重大项目建设全面提速") if e[0] == "key_projects"]
    assert got == [("key_projects", "360400", "2024", 420, 600000000000, None, "city")]


def test_lists_named_in_quotes_entered_by_projects_or_of_large_and_medium_projects() -> None:
    got = events("四川“攻坚年”重大项目进展顺利，210个“攻坚年”重大项目建设行动项目，总投资3000亿元。")
    assert ("key_projects", "510000", "2024", 210, 300000000000, None, "provincial") in got
    got = events("近日，甘肃省发布2024年度省级重大项目清单。1200个省级重大项目中，130个项目进入“头号工程”项目清单。")
    assert [e[3] for e in got if e[0] == "key_projects"] == [1200, 130]
    got = events("今年，抚州市共实施省大中型项目320个，总投资2100亿元、年度投资700亿元。")
    assert got == [("key_projects", "361000", "2024", 320, 210000000000, 70000000000, "provincial")]


def test_a_lists_whole_counted_before_its_parts_is_its_count() -> None:
    text = ("近日，河南省发展改革委发布了2024年省级重点项目清单。"
            "清单共包含项目1500个，其中省重大项目400个、省先进制造业重点项目1100个，项目年度计划投资8000亿元。")
    got = [e for e in events(text) if e[0] == "key_projects"]
    assert [e[3] for e in got] == [1500]


def test_a_lists_projects_counted_again_next_paragraph_give_its_total_and_no_start() -> None:
    text = ("湖南省加快前期工作重点项目名单出炉\n"
            "长益铁路等120个项目3至5年内开建\n"
            "日前，省发展改革委印发《2021年全省加快前期工作重点项目名单》，明确120个项目将在未来3至5年内动工建设。\n"
            "120个项目估算总投资约9000亿元。其中基础设施项目60个，产业项目45个。")
    got = events(text, published="2021-03-09")
    assert got == [("key_projects", "430000", "2021", 120, 900000000000, None, "provincial")]


def test_a_goal_in_a_year_end_report_is_of_the_titled_year() -> None:
    text = ("市重点项目总体情况\n其中：\n（1）计划新开工项目40个，总投资300亿元，年度计划投资90亿元，"
            "1-12月完成投资100亿元。")
    got = events(text, published="2024-02-03", title="青秀区2023年1-12月各类项目总结")
    assert [e[2] for e in got if e[0] == "target"] == ["2023"]


def test_a_lists_split_by_sector_goes_on_after_semicolons_without_starts() -> None:
    text = ("今年永宁县计划实施重点建设项目40个，概算总投资210亿元。"
            "其中，农业项目5个，首批开工项目3个；交通项目12个，首批开工项目9个；"
            "文旅项目8个，首批开工项目6个；工业项目15个，首批开工项目11个。")
    got = events(text, published="2024-03-19")
    assert got == [("key_projects", "640121", "2024", 40, 21000000000, None, "district")]
