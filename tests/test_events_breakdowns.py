"""Breakdowns that are no events: an event's projects split again by kind, size, contract form
or sector (rule 6, second half), next to the splits that are events (places, umbrella parts)."""
from __future__ import annotations


from fixtures.read_events import read_events


def events(text: str, published: str = "2024-05-10") -> list[tuple]:
    return [(e.type, e.region.adcode if e.region else None, e.project_count, e.investment_yuan)
            for e in read_events(text, published=published)]


def test_a_split_by_industry_restates_the_signing() -> None:
    got = events("5月8日，临沂市举行招商项目集中签约活动，共签约项目40个，签约总额210亿元。"
                 "其中，一产项目5个，签约金额12亿元；二产项目26个，签约金额150亿元；三产项目9个，签约金额48亿元。")
    assert got == [("signing", "371300", 40, 21000000000)]


def test_a_split_by_contract_form_restates_the_signing() -> None:
    got = events("6月2日，毕节市组织企业签约合作项目25个，签约金额96亿元。"
                 "其中，合同项目15个，签约60亿元，协议项目8个，签约30亿元。")
    assert got == [("signing", "520500", 25, 9600000000)]


def test_a_split_by_size_restates_the_start() -> None:
    got = events("3月1日，德阳市一季度重大项目集中开工，开工项目52个，总投资310亿元。"
                 "亿元以上项目31个，总投资280亿元。")
    assert got == [("groundbreaking", "510600", 52, 31000000000)]


def test_a_place_share_and_an_umbrella_part_stay_events() -> None:
    got = events("4月9日，四川省集中签约项目120个，总投资800亿元。绵阳市签约项目18个，签约金额96亿元。")
    assert ("signing", "510700", 18, 9600000000) in got
    got = events("9月3日，南阳市集中开竣工项目60个，总投资300亿元，其中新开工项目41个、竣工项目19个。", published="2024-09-05")
    assert ("groundbreaking", "411300", 41, None) in got and ("completion", "411300", 19, None) in got


def test_each_batch_of_a_three_batch_drive_is_its_own_event() -> None:
    text = ("1月8日，湖南省第六期“三个一批”项目建设活动举行。据统计：\n"
            "“签约一批”项目300个，总投资2600亿元，具体如下：\n"
            "从规模看，50亿元以上项目9个；\n"
            "“开工一批”项目280个，总投资1900亿元。\n"
            "“投产一批”项目450个，（均由往期开工项目转化）总投资2100亿元。")
    assert events(text, published="2024-01-09") == [
        ("signing", "430000", 300, 260000000000), ("groundbreaking", "430000", 280, 190000000000),
        ("completion", "430000", 450, 210000000000)]


def test_the_slogan_of_a_three_batch_drive_is_no_event() -> None:
    assert events("岳阳市坚持“签约一批、开工一批、投产一批”，推动项目建设提质增效。") == []


def test_a_split_a_paragraph_after_the_ceremony_restates_it() -> None:
    text = ("8月12日上午，张掖市招商项目签约仪式在兰州举行。\n"
            "张掖市各县区与企业签约合作项目22个，签约金额88亿元。\n签约仪式上，市长作了推介。\n"
            "其中，合同项目14个，签约61亿元，协议项目8个，签约27亿元。")
    got = events(text, published="2024-08-13")
    assert [g for g in got if g[2] is not None] == [("signing", "620700", 22, 8800000000)]


def test_the_years_planned_spend_of_a_start_is_its_annual_figure_not_a_goal() -> None:
    text = "3月8日，大庆市集中开工重点项目120个，今年计划完成投资86.5亿元。"
    got = [(e.type, e.project_count, e.annual_investment_yuan) for e in read_events(text, published="2023-03-09")]
    assert got == [("groundbreaking", 120, 8650000000)]


def test_a_provinces_whole_is_its_own_figure_and_a_year_plan_is_annual() -> None:
    text = "3月1日，安徽省重大项目集中开工项目共900个，全省总投资达6000亿元，年计划投资1500亿元。"
    got = [(e.type, e.region.adcode, e.project_count, e.investment_yuan, e.annual_investment_yuan)
           for e in read_events(text, published="2023-03-02")]
    assert got == [("groundbreaking", "340000", 900, 600000000000, 150000000000)]


def test_one_more_named_project_is_no_split() -> None:
    text = ("5月3日，泰兴市与甲乙新能源公司签约储能电池生产基地项目，总投资30亿元。"
            "当天签约的还有丙丁精密轴承项目，总投资5亿元。")
    got = events(text)
    assert ("signing", "321283", None, 500000000) in got or ("signing", "321283", 1, 500000000) in got, got
    # a count after 还有 is the same projects split again, no new event
    got = events("5月3日，泰兴市集中签约项目20个，总投资90亿元。此外还有8个亿元以上项目同步签约，总投资40亿元。")
    assert got == [("signing", "321283", 20, 9000000000)], got


def test_one_projects_amount_in_the_next_paragraph() -> None:
    text = ("10月9日，绵竹市青禾新能源电池材料项目在绵竹经开区开工。市委书记宣布项目开工。\n"
            "青禾新能源电池材料项目是省级重点项目，拟投资36亿元，计划明年年底竣工投产。\n"
            "该项目达产后年产值可达50亿元。")
    got = events(text, published="2024-10-10")
    assert got == [("groundbreaking", "510683", 1, 3600000000)]


def test_a_batchs_amount_is_not_carried_from_the_next_paragraph() -> None:
    text = ("10月9日，绵竹市举行重点项目集中开工仪式。\n"
            "青禾新能源电池材料项目是省级重点项目，拟投资36亿元。")
    assert [g[3] for g in events(text, published="2024-10-10")] == [None]


def test_a_progress_report_by_sector_is_no_start() -> None:
    text = ("截至5月底，黔东南州重点项目进展如下：交通项目12个，年度计划投资30亿元，开工8个，开工率67%；"
            "水利项目6个，开工3个，开工率50%。")
    assert [g for g in events(text, published="2024-06-04") if g[0] in ("groundbreaking", "completion")] == []


def test_a_part_told_among_the_whole_restated_is_no_new_signing() -> None:
    text = ("5月20日，柳州市代表团参加投洽会项目签约仪式，柳州市签约项目共有20个，签约总额180亿元。\n"
            "当天，柳州市在投洽会签约的20个项目中，二产项目17个，占签约总个数的85%，投资金额150亿元。")
    assert events(text, published="2024-05-21") == [("signing", "450200", 20, 18000000000)]


def test_the_ceremony_told_again_without_its_day_is_the_dated_one() -> None:
    text = ("11月3日，汉川市举行重大项目集中开工活动，开工项目12个，总投资56亿元。\n"
            "市委书记在讲话中指出，要抓好项目建设。要优化服务。要强化保障。要压实责任。\n"
            "副市长主持仪式。企业代表发言。\n参会领导及嘉宾共同启动项目开工水晶球。")
    got = events(text, published="2024-11-05")
    assert got == [("groundbreaking", "420984", 12, 5600000000)]


def test_a_batch_named_before_the_line_with_its_figures_is_that_event() -> None:
    text = ("日前，钦州市2024年第三季度重大项目集中开竣工活动举行。\n"
            "市委书记宣布项目开工。\n"
            "据了解，钦州市第三季度重大项目集中开竣工项目共40个，总投资150亿元。")
    got = events(text, published="2024-07-08")
    assert [g for g in got if g[2] is None] == [] and len(got) == 1


def test_a_rate_of_projects_is_no_list() -> None:
    got = events("今年以来，黄冈市平均每周都有1个重大项目落户。")
    assert [g for g in got if g[0] == "key_projects"] == []


def test_a_sentence_about_the_whole_after_its_places_shares_is_the_whole() -> None:
    text = ("12月5日，荆州市招商项目集中签约仪式举行，签约项目20个，协议总投资80亿元。"
            "签约的20个项目中，松滋市4个、公安县6个、监利市10个。"
            "本次20个项目的顺利签约，是荆州市开展专业招商以来的又一成果。")
    got = events(text, published="2024-12-06")
    assert ("signing", "421000", 20, 8000000000) in got
    assert [g for g in got if g[2] == 20] == [("signing", "421000", 20, 8000000000)]


def test_preparing_a_signing_is_no_signing() -> None:
    for text in ("进入秋季，吉林省商务厅着手谋划一批对接签约项目，各市州摸排了意向客商，为展会期间成功签约做好准备。",
                 "吉林省各地正在梳理拟签约项目。商务部门为洽谈会上成功签约做了准备。"):
        assert events(text, published="2024-09-26") == []


def test_a_size_class_counted_apart_is_not_the_signings_count() -> None:
    text = ("6月18日，第十届东北经贸洽谈会牡丹江交易团签约仪式举行。\n"
            "牡丹江交易团签约额35.6亿元，超亿元项目9个。\n"
            "在签约的30个项目中，国内合作项目29项，签约额35.6亿元。")
    got = events(text, published="2024-06-19")
    assert [g[2] for g in got if g[0] == "signing"] == [30]


def test_a_start_split_by_level_is_no_list() -> None:
    text = ("4月8日，长春市集中开工重点项目150个，其中，省级重点项目40个，今年计划完成投资90亿元；"
            "市级重点项目110个，今年计划完成投资60亿元。")
    got = [(e.type, e.project_count) for e in read_events(text, published="2024-04-09")]
    assert got == [("groundbreaking", 150)]


def test_an_expected_completion_is_no_completion() -> None:
    got = events("海口市今年有15个重点项目有望竣工投产。", published="2024-03-20")
    assert [g for g in got if g[0] == "completion"] == []


def test_a_lists_count_is_the_whole_not_a_part_it_includes() -> None:
    text = ("近日，河北省发布2024年省级重点项目清单。清单共包含项目1500个，其中省重大项目500个、"
            "省绿色发展重点项目1000个，年度计划投资6000亿元。")
    assert [g[:3] for g in events(text, published="2024-02-20")] == [("key_projects", "130000", 1500)]


def test_a_start_and_restart_ceremony_is_a_start_but_a_restart_alone_is_not() -> None:
    got = events("2月20日，吴忠市举行一季度重大项目开复工仪式，总投资120亿元的45个重点项目开复工。",
                 published="2024-02-21")
    assert [g[:3] for g in got if g[0] == "groundbreaking"] == [("groundbreaking", "640300", 45)]
    got = events("2月20日，吴忠市24个项目集中开工复工，总投资达42.8亿元。", published="2024-02-21")
    assert [g[:3] for g in got if g[0] == "groundbreaking"] == [("groundbreaking", "640300", 24)]
    assert events("2月20日，吴忠市规上工业企业全部复工，复工率达95%。", published="2024-02-21") == []
