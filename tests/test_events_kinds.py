"""Kinds of events told in real stories: meetings, targets and tasks, awards, investment trips."""
from __future__ import annotations

from projectradar.events import extract_events
from projectradar.mentions.annotate import annotate
from projectradar.records import Document


def events(text: str, title: str | None = None, published: str = "2024-05-10") -> list[dict]:
    doc = Document(id="t", source="t", title=title, published=published, year=int(published[:4]), text=text)
    return [e.to_dict() for e in extract_events(annotate(doc))]


def kinds(got: list[dict]) -> list[tuple]:
    return sorted((e["type"], e["region"]["adcode"]) for e in got)


def test_a_start_named_mobilising_meeting_is_both() -> None:
    got = events("3月6日，平江县重点项目集中开工暨现场推进会举行，县委书记李向东宣布开工，"
                 "18个项目集中开工，总投资36亿元。")
    assert kinds(got) == [("groundbreaking", "430626"), ("meeting", "430626")]
    start = next(e for e in got if e["type"] == "groundbreaking")
    assert (start["project_count"], start["investment_yuan"]) == (18, 3600000000)


def test_a_plain_start_ceremony_is_no_meeting() -> None:
    got = events("3月6日，平江县举行重点项目集中开工仪式，18个项目集中开工，总投资36亿元。")
    assert kinds(got) == [("groundbreaking", "430626")]


def test_a_planned_batch_of_starts_is_a_target() -> None:
    got = events("今年二季度，平江县计划开工项目46个，总投资120亿元。")
    assert kinds(got) == [("target", "430626")]
    assert (got[0]["project_count"], got[0]["investment_yuan"]) == (46, 12000000000)


def test_progress_of_a_planned_batch_is_no_target() -> None:
    got = events("平江县计划新开工项目完成投资18.5亿元，占年度计划的40%。")
    assert [e for e in got if e["type"] == "target"] == []


LEADERS_LIST = """这几天，多地主要领导纷纷外出，活动主题都是招商引资。
记者统计，近期带队赴广州的各地市领导包括：
湖南
岳阳市市长王海涛（6月3日至5日，行程包括深圳）
湖北
荆州市委书记陈立新（6月4日）
今年以来，各地招商热度不减。"""


def test_a_list_of_leaders_trips_gives_one_trip_a_line() -> None:
    got = sorted(events(LEADERS_LIST, published="2024-06-08"), key=lambda e: e["region"]["adcode"])
    assert [(e["type"], e["region"]["adcode"]) for e in got] == [("investment_trip", "421000"),
                                                                 ("investment_trip", "430600")]
    jingzhou, yueyang = got
    assert yueyang["date"] == {"start": "2024-06-03", "end": "2024-06-05", "precision": "day"}
    assert [p["name"] for p in yueyang["people"]] == ["王海涛"]
    assert [x["name"] for x in yueyang["destinations"]] == ["广州", "深圳"]
    assert jingzhou["date"]["start"] == "2024-06-04"
    assert [x["name"] for x in jingzhou["destinations"]] == ["广州"]


def test_a_list_of_leaders_without_investment_work_is_no_trip() -> None:
    text = LEADERS_LIST.replace("活动主题都是招商引资", "活动主题都是防汛救灾")
    assert [e for e in events(text, published="2024-06-08") if e["type"] == "investment_trip"] == []


def test_the_years_planned_investment_of_a_batch_is_no_target() -> None:
    got = events("4月9日，平江县集中开工重点项目36个，今年计划完成投资21亿元。")
    assert kinds(got) == [("groundbreaking", "430626")]
    assert (got[0]["project_count"], got[0]["annual_investment_yuan"]) == (36, 2100000000)


def test_a_years_investment_goal_is_still_a_target() -> None:
    got = events("平江县今年计划完成固定资产投资210亿元。")
    assert kinds(got) == [("target", "430626")]


def goals(text: str) -> list[tuple]:
    return [(e["region"]["adcode"], e["date"]["start"], e["project_count"], e["investment_yuan"])
            for e in events(text) if e["type"] == "target"]


def test_a_task_with_its_amount_is_a_target() -> None:
    assert goals("平江县今年确定60亿元招商引资任务，已分解到各乡镇。") == [("430626", "2024", None, 6000000000)]


def test_goals_a_meeting_put_forward_are_a_target() -> None:
    got = goals("5月3日，平江县召开招商引资工作会议，提出引进亿元以上项目12个以上，到位资金80亿元以上。")
    assert got == [("430626", "2024", 12, 8000000000)]


def test_a_quoted_goal_is_a_target_not_a_signing() -> None:
    got = events("今年，平江县要围绕“签约亿元以上项目30个，协议引资150亿元以上”目标，再鼓干劲。")
    assert kinds(got) == [("target", "430626")]
    assert (got[0]["project_count"], got[0]["investment_yuan"]) == (30, 15000000000)


def test_funds_a_goal_asks_for_are_its_amount() -> None:
    assert goals("平江县将力争新增招商引资到位资金95亿元以上。") == [("430626", "2024", None, 9500000000)]


def test_a_big_reward_paid_at_a_work_meeting_is_an_award_with_its_sum() -> None:
    got = events("6月2日，平江县召开全县项目、招商暨商务工作会，发出960万元“大红包”，重奖招商引资功臣。")
    award = next(e for e in got if e["type"] == "award")
    assert (award["region"]["adcode"], award["date"]["start"], award["investment_yuan"]) == \
        ("430626", "2024-06-02", 9600000)


def test_recipients_of_a_title_are_organizations_and_the_giver_is_the_region() -> None:
    got = events("3月5日，湖南省政府通报了2023年度项目建设考核结果，岳阳市、平江县、汨罗市荣获"
                 "“项目建设先进市县”。")
    award = next(e for e in got if e["type"] == "award")
    assert award["region"]["adcode"] == "430000"
    assert [o["name"] for o in award["organizations"]] == ["岳阳市", "平江县", "汨罗市"]


def test_a_prize_conferred_belongs_to_the_giver() -> None:
    got = events("经评选，湖南省政府决定授予岳阳经济技术开发区等8个开发区2023年度招商引资先进奖，并予以奖励。",
                 published="2024-04-02")
    award = next(e for e in got if e["type"] == "award")
    assert award["region"]["adcode"] == "430000"
    assert award["date"]["start"].startswith("2024")


def test_a_work_meeting_on_projects_and_investment_is_a_meeting() -> None:
    got = events("6月2日，平江县召开全县项目、招商暨商务工作会，县委书记李向东讲话。")
    assert kinds(got) == [("meeting", "430626")]


def test_a_meeting_preparing_a_fair_is_a_meeting() -> None:
    got = events("6月2日，平江县召开第十届中部投资贸易博览会平江分团筹备工作会。")
    assert kinds(got) == [("meeting", "430626")]


def test_a_unit_named_for_seeking_funds_is_no_goal() -> None:
    got = events("6月2日，平江县对县财政局等12个项目争取先进单位、48个招商引资先进单位进行表彰奖励。",
                 published="2024-06-03")
    assert [e["type"] for e in got] == ["award"]
