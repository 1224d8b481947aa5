"""The 项目库's reading and linking: named projects in pages written here, in our own words."""
from __future__ import annotations

import pytest

from projectradar.pipeline import extract
from projectradar.projects.find import core_of, is_name
from projectradar.resolve.projects import link, project_record, same_project, short_names

from fixtures.projects_pages import BATCH, PHASE_ONE, PHASE_TWO, PRODUCING, SIGNED, STARTED, TWO_OF_ONE
from fixtures.read_events import read_projects

def mentions(page: str, published: str) -> list[dict]:
    return [p.to_dict() for p in extract(page, published=published, source=published + ".txt").projects]


def test_a_single_project_story_names_its_project_stage_money_and_place() -> None:
    [m] = mentions(SIGNED, "2025-03-03")
    assert m["name"] == "鲁新高端铝合金精深加工项目"
    assert (m["stage"], m["investment_yuan"], m["region"]["name"]) == ("signing", 1_500_000_000, "兰山区")
    assert m["date"]["start"] == "2025-03-02"
    assert m["organizations"] == ["山东鲁新铝业集团有限公司"]
    text = extract(SIGNED, published="2025-03-03").documents[0].text
    assert text[m["name_start"]:m["name_end"]] == m["name"]
    assert text[m["evidence"]["start"]:m["evidence"]["end"]] == m["evidence"]["text"]


def test_the_full_name_and_the_capacity_frame_the_name() -> None:
    [m] = mentions(PRODUCING, "2025-12-20")
    assert m["stage"] == "production"
    assert m["core"] == "高端铝合金精深加工项目"
    assert m["capacity"] == "年产20万吨"


def test_three_stages_by_three_outlets_are_one_project_with_three_timeline_entries() -> None:
    told = mentions(SIGNED, "2025-03-03") + mentions(STARTED, "2025-09-06") + mentions(PRODUCING, "2026-06-20")
    assert len(told) == 3
    projects: dict = {}
    ids = link(told, projects)
    assert len(set(ids.values())) == 1
    [(pid, members)] = projects.items()
    record = project_record(pid, members)
    assert [t["stage"] for t in record["timeline"]] == ["signing", "groundbreaking", "production"]
    assert [t["source"] for t in record["timeline"]] == ["2025-03-03.txt", "2025-09-06.txt", "2026-06-20.txt"]
    assert record["stage"] == "production" and record["investment_yuan"] == 1_500_000_000
    assert record["signed_on"] == "2025-03-02" and record["started_on"] == "2025-09-05"


def test_linking_again_gives_the_same_answer() -> None:
    told = mentions(SIGNED, "2025-03-03") + mentions(STARTED, "2025-09-06")
    assert link(told, {}) == link(list(reversed(told)), {})


def test_two_phases_stay_two_projects() -> None:
    one = mentions(PHASE_ONE, "2025-06-02")
    two = mentions(PHASE_TWO, "2025-08-02")
    assert [m["phase"] for m in one + two] == ["一期", "二期"]
    assert len(set(link(one + two, {}).values())) == 2


def test_two_projects_of_one_company_stay_two() -> None:
    told = mentions(TWO_OF_ONE, "2025-04-10")
    assert [m["name"] for m in told] == ["鲁新再生铝循环利用项目", "鲁新高端铝合金精深加工项目"]
    assert len(set(link(told, {}).values())) == 2


def test_other_investors_or_other_amounts_do_not_merge() -> None:
    base = {"id": "a", "core": "智能装备制造基地", "stage": "signing", "region": {"adcode": "371302"},
            "organizations": ["青禾智造科技有限公司"], "investment_yuan": 10**9}
    assert same_project(dict(base, id="b"), [base])
    assert not same_project(dict(base, id="b", organizations=["星河重工集团有限公司"]), [base])
    assert not same_project(dict(base, id="b", investment_yuan=3 * 10**9), [base])
    assert not same_project(dict(base, id="b", region={"adcode": "371311"}), [base])   # another district
    assert same_project(dict(base, id="b", region={"adcode": "371300"}), [base])       # its city


def test_a_project_listed_in_a_batch_signing_takes_the_batch_date_and_place() -> None:
    result = extract(BATCH, published="2025-01-11")
    [event] = result.events
    told = result.projects
    assert [p.name for p in told] == ["青禾生物医药产业园项目", "星河智能装备制造基地"]
    for p in told:
        assert (p.stage, p.date.start, p.region.name, p.event_id) == ("signing", "2025-01-10", "兰山区", event.id)
        assert p.investment_yuan is None      # 80亿元 is the batch's


@pytest.mark.parametrize("sentence", [
    "今年以来，全市新开工项目86个。",              # a count, no name
    "该项目计划于明年开工。",                      # no name, and a plan
    "市工程技术研究院举行签约仪式。",              # 工程 opens another word
    "市委书记到星河智能装备制造基地调研，该基地将于年底开工。",   # a plan, not a start
])
def test_no_project_where_none_is_named_or_staged(sentence: str) -> None:
    assert read_projects(sentence) == []


def test_framing_and_generic_words() -> None:
    assert core_of("年产5万吨新能源电池材料项目", []) == ("新能源电池材料项目", None, "年产5万吨")
    assert core_of("建设星禾光电显示模组二期项目", [])[1] == "二期"
    assert not is_name("重点产业项目", "重点产业项目")
    assert is_name("星禾光电显示模组项目", "星禾光电显示模组项目")
    assert short_names("山东鲁新铝业集团有限公司")[-1] == "鲁新"


def test_the_switch_turns_projects_off(monkeypatch) -> None:
    from projectradar.pipeline import PROJECTS_SWITCH

    monkeypatch.setenv(PROJECTS_SWITCH, "off")
    result = extract(SIGNED, published="2025-03-03")
    assert result.events and result.projects == []


@pytest.mark.parametrize("row, message", [
    (("finish", "项目"), "project_words.tsv:7: kind 'finish'"),
    (("after_name", "(落户"), "project_words.tsv:7: bad pattern"),     # a pattern kind compiles each row
])
def test_a_bad_rule_line_is_named_by_file_and_line(monkeypatch, row, message) -> None:
    from projectradar.errors import RuleError
    from projectradar.projects import rules as project_rules
    from projectradar.tables import TableRow

    def fake(name, columns, optional=0, blank=()):
        if name == "project_words.tsv":
            return (TableRow(row, 7, "project_words.tsv"),)
        return ()

    project_rules.rules.cache_clear()
    monkeypatch.setattr(project_rules, "load_table", fake)
    try:
        with pytest.raises(RuleError, match=message):
            project_rules.rules()
    finally:
        project_rules.rules.cache_clear()


@pytest.mark.parametrize("sentence, stage", [
    ("3月1日，甲县青禾食品加工项目集中签约。", "signing"),
    ("3月1日，甲县青禾食品加工项目破土动工。", "groundbreaking"),
    ("3月1日，甲县青禾食品加工项目主体结构封顶。", "under_construction"),
    ("3月1日，甲县青禾食品加工项目顺利竣工。", "completion"),
    ("3月1日，甲县青禾食品加工项目正式投产。", "production"),
    ("甲县青禾食品加工项目列入今年省级重点项目。", "key_projects"),
    ("甲县青禾食品加工项目建成后将年产罐头5万吨，目前正在建设中。", "under_construction"),   # 建成后 is a condition
])
def test_each_stage_word(sentence: str, stage: str) -> None:
    assert [p.stage for p in read_projects(sentence, published="2025-03-02")] == [stage]


@pytest.mark.parametrize("sentence", [
    "该灌区是本省重要的优质稻米生产基地，工程建成后可灌溉农田10万亩。",     # a description after 是
    "我国首个海上风电制氢示范基地今天开工。",                                # a superlative description
    "省长强调，要把星澜现代种业研发基地建成全国一流的育种高地。",          # a goal, not a completion
    "离岸最远星澜深水风电场项目昨日开工。",                              # a superlative of distance
    "全市抢抓机遇上项目，营造浓厚氛围，推动项目开工。",                      # a slogan
    "3月1日，全市重点项目集中开工仪式在市高新技术产业园区举行。",            # a venue
])
def test_descriptions_slogans_and_venues_are_no_names(sentence: str) -> None:
    assert read_projects(sentence) == []


def test_a_listed_project_keeps_its_own_amount_and_place() -> None:
    found = {p.name: p.investment_yuan for p in read_projects(
        "4月2日，青川县签约的项目有星河集团投资的12亿元智能装备制造项目、青禾公司投资的8亿元生物医药研发基地项目等，总投资60亿元。")}
    assert found == {"智能装备制造项目": 1_200_000_000, "生物医药研发基地项目": 800_000_000}


def test_a_zone_opening_the_name_is_where_the_project_is() -> None:
    assert [p.name for p in read_projects("5月4日，青川县临港园区星禾新能源电池材料项目正式开工。")] == ["星禾新能源电池材料项目"]


@pytest.mark.parametrize("text, amount", [
    # the batch's total, then the project's own amount right before its name
    ("12月1日，青川县32个在建项目同日竣工，合计投资45亿元，其中有投资9亿元的星澜冷链物流中心，"
     "投资额7亿元的星澜光伏组件项目。", 700_000_000),
    # the company's plan for the year, of which the project is a part
    ("星禾集团今年总投资18亿元，其中星禾新材料项目今天在青川县开工。", None),
    # the first phase's amount is not the project's
    ("青川县星河康养小镇项目于今日开工，首期总投资6亿元。", None),
    ("青川县星河康养小镇项目于今日开工，总投资20亿元，首期投资6亿元。", 2_000_000_000),
])
def test_an_amount_of_a_whole_or_of_a_phase_is_not_the_projects(text: str, amount: int | None) -> None:
    [m] = mentions(text, "2025-12-02")
    assert m["investment_yuan"] == amount


# ---------------------------------------------------------------- the kinds of project_words.tsv find.py reads
def projects_of(sentence: str) -> list[tuple]:
    return [(p.name, p.investment_yuan, p.region.name if p.region else None) for p in read_projects(sentence)]


def test_a_route_keeps_its_places_in_the_name() -> None:
    assert projects_of("5月4日，大同至原平高速公路工程正式开工。") == [("大同至原平高速公路工程", None, None)]


def test_a_lone_unit_or_a_count_opening_a_name_makes_no_name() -> None:
    assert projects_of("5月4日，县农副产品加工产业园项目正式开工。") == []
    assert projects_of("5月4日，甲县签约两大电池材料项目。") == []
    assert projects_of("5月4日，星禾农副产品加工产业园项目正式开工。") != []


def test_the_place_a_project_settles_in_after_its_name_is_its_region() -> None:
    assert projects_of("5月4日，星禾新能源电池材料项目正式落户武昌区，举行签约仪式。") == [
        ("星禾新能源电池材料项目", None, "武昌区")]


def test_an_amount_after_a_list_or_a_batch_is_no_one_projects() -> None:
    assert [amount for _, amount, _ in projects_of(
        "5月4日，甲县签约星禾电池材料项目、青禾生物医药研发基地项目等，总投资60亿元。")] == [None, None]
    assert projects_of("5月4日，甲县48个项目总投资60亿元，其中星禾电池材料项目集中开工。") == [
        ("星禾电池材料项目", None, None)]


def test_a_phase_drops_its_suffix_and_a_plan_word_before_an_amount_plans_nothing() -> None:
    from projectradar.projects.find import _plans
    from projectradar.projects.rules import rules
    assert rules().phase_word.sub("", "(一期工程)") == "一期"      # brackets as normalized text writes them
    assert _plans("计划开工", 2) and not _plans("拟投资5亿元", 1)


def test_an_investors_short_name_drops_the_province_it_opens_with() -> None:
    from projectradar.projects.names import short_names as investor_names
    assert investor_names("湖北鑫盛科技有限公司") == ("湖北鑫盛科技有限公司", "鑫盛科技", "鑫盛")

