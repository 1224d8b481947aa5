"""Whose events, and when: each place's share of a ceremony, venues, the story's day (real-page ways of telling)."""
from __future__ import annotations

from projectradar.mentions.annotate import annotate
from projectradar.records import Document

from fixtures.read_events import read_events


def events(text: str, published: str | None = "2024-03-10", title: str | None = None, year: int | None = None,
           url: str | None = None) -> list:
    return [e for e in read_events(text, published=published, title=title, year=year, url=url)
            if not e.cumulative]


def facts(found) -> set:
    return {(e.type, e.region.adcode, e.date.start, e.project_count) for e in found}


def test_each_city_share_takes_the_day_of_the_ceremony_held_everywhere() -> None:
    # no publication date: the shares are dated by the ceremony the story opens with, not by a year
    text = ("5月8日，全省2022年第二批重大项目集中签约活动在各市同步举行，全省共签约项目120个。\n"
            "活动现场，各市负责同志介绍了项目情况。\n"
            "本批项目涵盖新能源、新材料、现代服务业等领域。\n"
            "太原市活动中，集中签约项目18个，总投资30.5亿元。\n"
            "各方表示将加快推进项目落地。\n"
            "大同市活动中，新签约项目12个，涵盖新材料、装备制造等领域。")
    got = facts(events(text, published=None, year=2022))
    assert ("signing", "140100", "2022-05-08", 18) in got, got
    assert ("signing", "140200", "2022-05-08", 12) in got, got


def test_a_quarter_named_at_the_ceremony_is_its_batch_not_its_day() -> None:
    text = ("11月25日，通山县举行2022年四季度重大项目集中签约和集中开工活动暨南林镇道路改造项目开工仪式，"
            "共签约、开工项目18个，总投资50亿元。\n"
            "仪式现场，县委书记李明远宣布四季度重大项目暨南林镇道路改造项目集中开工。\n"
            "本次集中签约亿元以上项目8个、总投资10亿元，开工项目10个、总投资40亿元，涵盖产业、民生等方面。")
    got = events(text, published="2022-11-26")
    assert {e.date.start for e in got} == {"2022-11-25"}, facts(got)


def test_signings_at_a_fair_take_the_day_told_before_it() -> None:
    text = ("6月12日，阿坝州特色产业推介会在杭州举行。\n"
            "推介会介绍了当地的资源和营商环境。\n"
            "推介会现场签约项目14个，意向金额6.2亿元。")
    got = facts(events(text, published=None, year=2023))
    assert ("signing", "513200", "2023-06-12", 14) in got, got


def test_a_province_ceremony_in_a_city_and_its_figures_told_later_are_the_province_s() -> None:
    text = ("4月7日上午，2022年第二批全省重大项目集中开工动员会在太原举行。\n"
            "省长讲话指出，要以更大力度抓好投资和项目建设。\n"
            "会上，各市负责同志汇报了本市项目情况。\n"
            "要完善投资工作机制，形成争先的工作格局。\n"
            "此次集中开工重大项目共有620个，总投资3100亿元。")
    got = facts(events(text, published="2022-04-08"))
    assert got and {r for _, r, _, _ in got} == {"140000"}, got


def test_a_city_ceremony_in_one_of_its_districts_is_the_city_s() -> None:
    got = facts(events("5月10日，哈尔滨市重大项目集中开工仪式在松北区举行，共开工项目45个，总投资200亿元。",
                       published="2022-05-11"))
    assert got == {("groundbreaking", "230100", "2022-05-10", 45)}, got


def test_where_investors_come_from_is_no_share() -> None:
    text = ("6月18日，在福州举行的经贸洽谈会上，江西省举行重大项目集中签约仪式，集中签约项目40个，计划投资800亿元。"
            "其中，香港地区投资项目9个，澳门地区投资项目3个。")
    got = facts(events(text, published="2023-06-19"))
    assert {r for _, r, _, _ in got} == {"360000"}, got


def test_a_group_of_investors_is_not_the_signing_s_region() -> None:
    got = events("5月20日，南昌市招商大会举行。30个港澳企项目参与签约，投资总额60亿元。", published="2023-05-21")
    assert [e.region.adcode for e in got if e.type == "signing"] == ["360100"], facts(got)


def test_each_place_of_a_by_place_run_is_its_own_start() -> None:
    text = ("6月6日上午，临沂市举行二季度重点项目集中开工活动，参加此次集中开工的项目共120个、总投资600亿元。"
            "120个项目中，产业类项目90个，总投资450亿元；基础设施项目30个，总投资150亿元。\n"
            "分县区看，兰山区20个，总投资110亿元；罗庄区15个，总投资60.5亿元；沂水县18个，总投资80亿元。")
    got = facts(events(text, published="2022-06-07"))
    assert {x for x in got if x[1] != "371300"} == {
        ("groundbreaking", "371302", "2022-06-06", 20), ("groundbreaking", "371311", "2022-06-06", 15),
        ("groundbreaking", "371323", "2022-06-06", 18)}, got


def test_shares_after_a_zone_the_place_has_no_code_for() -> None:
    text = ("4月2日，韶关市招商推介会在深圳举办，各县（市、区）达成签约项目20个、计划投资总额60亿元。"
            "这些项目落地在各县（市、区）和产业园，其中产业园项目8个，计划投资额20亿元；"
            "乳源县项目3个，计划投资总额9亿元；翁源县项目4个，计划投资总额12亿元。")
    got = facts(events(text, published=None, year=2023))
    assert ("signing", "440232", "2023-04-02", 3) in got and ("signing", "440229", "2023-04-02", 4) in got, got


def test_sector_run_is_no_place_run() -> None:
    text = ("6月6日上午，临沂市举行重点项目集中开工活动，开工项目共120个、总投资600亿元。\n"
            "分行业看，工业项目90个，总投资450亿元；服务业项目30个，总投资150亿元。")
    got = facts(events(text, published="2022-06-07"))
    assert {x[1] for x in got} == {"371300"}, got


def test_an_area_s_subtotal_split_into_its_cities_is_no_event() -> None:
    text = ("3月2日，江苏省重大项目集中开工，全省开工项目800个，总投资5000亿元。\n"
            "从地区分布看，苏北地区集中开工项目共200个，其中徐州市60个、淮安市70个、宿迁市70个。")
    got = facts(events(text, published="2023-03-03"))
    assert got == {("groundbreaking", "320000", "2023-03-02", 800), ("groundbreaking", "320300", "2023-03-02", 60),
                   ("groundbreaking", "320800", "2023-03-02", 70), ("groundbreaking", "321300", "2023-03-02", 70)}, got


def test_a_venue_is_not_the_story_s_home() -> None:
    from projectradar.regions import RegionContext
    ctx = RegionContext.from_text("昨天，山西（上海）经贸洽谈会在上海市举行，我市有6个项目签约，全省共有40个项目签约。")
    assert ctx.home().adcode == "140000"
    # a venue alone still tells the province of a provincial ceremony
    alone = RegionContext.from_text("4月7日，全省重大项目集中开工动员会在太原举行。")
    assert alone.home("province").adcode == "140000"


def test_the_organizer_named_after_the_venue_verb_owns_the_signing() -> None:
    text = "特别是9月27日，在上海成功举办了2019年运城市招商引资推介暨项目签约仪式，共签约项目32个，签约资金125.5亿元。"
    got = facts(events(text, published="2019-10-29"))
    assert {(t, r) for t, r, _, _ in got} == {("signing", "140800")}, got


def test_a_county_named_before_its_investment_drive_is_a_place() -> None:
    from projectradar.regions import find_places
    found = [(p.text, [c.adcode for c in p.candidates]) for p in find_places("举办了2023年生态平阴招商引资推介会")]
    assert ("平阴", ["370124"]) in found, found


def test_partner_firms_named_after_their_home_are_not_the_place() -> None:
    text = "9月20日，张掖市及6个县区分别和上海远航能源、上海华通电子等企业签约合作项目25个，签约金额80亿元。"
    got = facts(events(text, published="2019-09-22"))
    assert {(t, r) for t, r, _, _ in got} == {("signing", "620700")}, got


def test_a_firm_s_home_in_brackets_is_not_the_place() -> None:
    text = "其中，二连浩特市与中盛远方(天津)牧业集团有限公司就北方饲草示范园区项目签订战略合作协议，计划投资8亿元。"
    got = facts(events(text, published="2023-06-04"))
    assert {(t, r) for t, r, _, _ in got} == {("signing", "152501")}, got


def test_our_county_in_a_province_wide_start_is_the_one_county_named() -> None:
    from projectradar.regions import RegionContext, find_places
    text = ("湖南省第二季度重大项目集中开工，湖南省各地同步举行仪式。我县集中开工了15个重大项目。"
            "近年来一大批项目落户茶陵。")
    ctx = RegionContext.from_text(text, title="湖南省重大项目集中开工")
    assert ctx.home().adcode == "430000"
    ours = next(p for p in ctx.places if p.text == "我县")
    assert ctx.resolve(ours).adcode == "430224"


def test_a_ceremony_held_in_a_city_of_the_story_s_province_is_the_province_s() -> None:
    text = ("首届中国-东北亚合作洽谈会集中签约仪式5日在长春举行，共签约项目120个，签约总金额900亿元。\n"
            "洽谈会还吸引了一批国内大型企业到吉林投资。其中，一产项目20个，签约金额50亿元。")
    got = facts(events(text, published="2012-09-06"))
    assert ("signing", "220000", "2012-09-05", 120) in got and not any(r == "220100" for _, r, _, _ in got), got


def test_a_venue_written_after_its_province_is_a_venue() -> None:
    from projectradar.regions.cues import held_at
    text = "制造业大会线上论坛9月12日在河南省郑州市开幕。"
    start = text.index("郑州市")
    assert held_at(text, start, start + 3)
    assert not held_at("郑州市举行签约仪式", 0, 3)


def test_one_works_started_in_a_city_of_the_province_stays_in_that_city() -> None:
    text = ("某江下游水电工程开工仪式7月19日上午在四川省阿坝藏族羌族自治州举行。"
            "该工程总投资约800亿元，四川省委书记出席仪式。")
    got = facts(events(text, published="2025-07-19"))
    assert {(t, r) for t, r, _, _ in got} == {("groundbreaking", "513200")}, got


def test_a_ranking_against_the_province_is_not_the_place() -> None:
    text = ("2月16日，江西省项目大会战动员大会举行，全省集中开工项目2000个。\n"
            "吉安：今年共实施省大中型项目300个\n"
            "今年，该市共实施省大中型项目300个，这项数据列全省第一，其中，列入这次开工的项目80个、总投资500亿元。")
    got = facts(events(text, published="2022-02-17"))
    assert any(t == "groundbreaking" and r == "360800" for t, r, _, _ in got) and \
        not any(t == "groundbreaking" and r == "360000" and n != 2000 for t, r, _, n in got), got


def test_that_city_is_the_one_a_subheading_just_named() -> None:
    text = ("2月16日，南昌市一季度集中开工重大项目70个，总投资800亿元。\n"
            "吉安：山区城市的新速度\n"
            "当天，该市集中开工重大项目40个，总投资100亿元。")
    got = facts(events(text, published="2022-02-17"))
    assert ("groundbreaking", "360800", "2022-02-16", 40) in got, got


def test_the_start_button_pressed_at_the_ceremony_is_no_second_start() -> None:
    text = ("11月25日，通山县举行重大项目集中开工活动，共开工项目10个，总投资40亿元。\n"
            "县长在仪式上致辞，要求各单位全力推进项目建设。\n"
            "项目方代表在仪式上发言。\n"
            "副县长主持仪式。\n"
            "参会领导及嘉宾共同启动项目开工水晶球。")
    got = facts(events(text, published="2022-11-26"))
    assert got == {("groundbreaking", "421224", "2022-11-25", 10)}, got


BULLETIN = ("国内联播快讯\n"
            "央视网消息（新闻联播）：\n"
            "某省首个深海养殖基地投产\n"
            "今天（5月6日），福建宁德深海养殖基地正式投产，年产能达到5万吨。\n"
            "卫星发射任务圆满成功\n"
            "今天（5月6日），我国在西昌卫星发射中心成功发射一颗通信卫星，卫星顺利进入预定轨道。\n"
            "首个国家级海洋观测站开工\n"
            "今天（5月6日），国家重大科技项目海洋综合观测站主体工程开工建设。\n"
            "多地推进城市更新\n"
            "记者从住房城乡建设部了解到，今年各地城市更新工作稳步推进。")


def test_a_bulletin_item_without_a_place_takes_none_from_the_item_before() -> None:
    got = facts(events(BULLETIN, published="2024-05-06"))
    assert ("completion", "350900", "2024-05-06", 1) in got, got
    assert not any(t == "groundbreaking" for t, _, _, _ in got), got


def test_a_bulletin_is_told_by_its_headline_lines() -> None:
    from projectradar.events.document import DocView
    from projectradar.mentions.annotate import annotate
    from projectradar.records import Document
    view = DocView(annotate(Document(id="b", source="b", title=None, published="2024-05-06", year=2024,
                                     text=BULLETIN)))
    assert len(view.items) == 4
    assert view.item_of(1) == -1 and view.item_of(3) == view.item_of(2) != view.item_of(4)
    one = DocView(annotate(Document(id="a", source="a", title=None, published="2024-05-06", year=2024,
                                    text="某市重大项目开工\n今天，某市集中开工项目20个。")))
    assert one.items == []
