"""Third-pass precision rules of the event stage: list levels, award amounts, venues, plans, table cells."""
from __future__ import annotations

from projectradar.events.classify import level_cue
from projectradar.events.tables import _cell_count, _cell_money

from fixtures.read_events import read_events


def events(text: str, title: str | None = None, published: str = "2024-05-10") -> list[dict]:
    return [e.to_dict() for e in read_events(text, published=published, title=title)]


def test_autonomous_region_league_and_banner_levels() -> None:
    assert level_cue("26个项目列入自治区重点项目") == "provincial"
    assert level_cue("18个项目列入州重点项目") == "city"
    assert level_cue("9个项目列入盟级重点项目") == "city"
    assert level_cue("一批旗重点项目") == "district"
    assert level_cue("列入区重点项目12个") == "district"


def test_table_cells_carry_their_units() -> None:
    assert _cell_count("12个") == 12
    assert _cell_count("12.5") is None
    assert _cell_money("56亿元", None) == 5.6e9
    assert _cell_money("56", 1e4) == 5.6e5
    assert _cell_money("56", None) is None    # no unit anywhere: no amount


def test_award_amount_is_the_reward_paid() -> None:
    got = events("4月2日，鹰潭市为18家企业兑现招商引资奖补资金，共计1250万元。")
    awards = [e for e in got if e["type"] == "award"]
    assert len(awards) == 1
    assert awards[0]["investment_yuan"] == 12500000
    assert awards[0]["metrics"] == [{"metric": "award_yuan", "value": 12500000, "unit": "CNY"}]


def test_fair_held_in_another_city_belongs_to_the_organizer() -> None:
    got = events("4月20日，青阳县（杭州）文旅产业招商推介会在杭州市举行。会上，8个项目集中签约，总投资16亿元。")
    assert [(e["type"], e["region"]["adcode"], e["project_count"]) for e in got] == [("signing", "341723", 8)]


def test_a_province_fair_in_its_capital_is_the_province_s() -> None:
    # rule 3: a province's event held in its capital is the province's, not the capital's
    got = events("3月6日，新疆（乌鲁木齐）投资贸易洽谈会在乌鲁木齐市举行，现场签约项目60个，总投资300亿元。")
    assert [e["region"]["adcode"] for e in got if e["type"] == "signing"] == ["650000"]


def test_a_project_built_abroad_is_no_event() -> None:
    got = events("6月3日，晋江市一家鞋业企业在越南投资建设生产基地，签约总投资8000万美元。")
    assert got == []


def test_progress_and_year_end_plans_are_no_events() -> None:
    got = events("1—4月，全省320个省重点项目完成投资1500亿元，完成年度计划的38%。其中25个项目年内竣工。",
                 title="河北省重点项目建设进展")
    assert [e for e in got if e["type"] in ("key_projects", "completion")] == []


def test_the_amount_word_of_a_signing_is_not_a_second_signing() -> None:
    got = events("5月18日，吉安市集中签约项目26个，签约金额156亿元，其中亿元以上项目20个，外资项目4个。")
    signings = [e for e in got if e["type"] == "signing"]
    assert [(e["project_count"], e["investment_yuan"]) for e in signings] == [(26, 15600000000)]


def test_a_farmland_goal_is_no_investment_target() -> None:
    got = events("今年，全省将推进油料产能提升工程，确保大豆种植面积稳定在1200万亩以上。", title="湖北扩种大豆")
    assert [e for e in got if e["type"] == "target"] == []


def test_a_size_breakdown_of_a_ceremony_is_no_new_event() -> None:
    found = events("5月8日,东港区一季度重点项目集中签约仪式举行,现场签约项目18个,总投资96亿元。"
                   "本次签约的项目中,投资5亿元以上的项目有7个。", published="2024-05-09")
    signings = [e for e in found if e["type"] == "signing"]
    assert len(signings) == 1
    assert signings[0]["project_count"] == 18 and signings[0]["investment_yuan"] == 9_600_000_000
