"""Kinds of events told in real stories: meetings, targets and tasks, awards, investment trips."""
from __future__ import annotations


from fixtures.read_events import read_events


def events(text: str, title: str | None = None, published: str = "2024-05-10") -> list[dict]:
    return [e.to_dict() for e in read_events(text, published=published, title=title)]


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


def trips(got: list[dict]) -> list[tuple]:
    return sorted((e["region"]["adcode"], e["date"]["start"], e["date"]["end"], tuple(p["name"] for p in e["people"]))
                  for e in got if e["type"] == "investment_trip")


def test_a_delegation_to_a_fair_is_a_trip_and_its_signings_are_home_s() -> None:
    got = events("5月6日至8日，副省长王建国率湖南代表团赴昆明参加第七届南亚博览会。\n"
                 "在博览会上，湖南企业共签约合作项目18个，协议资金96亿元，其中6个项目落户大理州。",
                 published="2024-05-10")
    assert trips(got) == [("430000", "2024-05-06", "2024-05-08", ("王建国",))]
    signing = next(e for e in got if e["type"] == "signing")
    assert (signing["region"]["adcode"], signing["project_count"], signing["investment_yuan"]) == \
        ("430000", 18, 9600000000)


def test_a_day_of_a_trip_told_apart_is_a_leg_of_it() -> None:
    got = events("5月8日，岳阳市委书记王建国率队考察深圳一家电池企业，共商项目合作。\n"
                 "本报讯 5月6日至8日，岳阳市委书记王建国率队赴广东、深圳开展招商考察活动，走访企业、对接项目。",
                 published="2024-05-10")
    assert trips(got) == [("430600", "2024-05-06", "2024-05-08", ("王建国",))]


def test_a_county_delegation_led_by_its_own_leader_is_a_trip_of_its_own() -> None:
    got = events("5月6日至8日，岳阳市委书记王建国带队组成党政代表团赴浙江开展招商考察活动。"
                 "平江县组成由县委书记李向东带队的招商考察团赴温州对接项目。",
                 published="2024-05-10")
    assert [t[0] for t in trips(got)] == ["430600", "430626"]


def test_a_meeting_held_by_the_whole_province_is_the_province_s() -> None:
    got = events("2024年全省重大项目集中开工动员大会召开的同时，各市州分会场通过视频连线同步进行。",
                 title="湖南省集中开工一批重大项目", published="2024-03-18")
    meeting = next(e for e in got if e["type"] == "meeting")
    assert (meeting["region"]["adcode"], meeting["date"]["start"]) == ("430000", "2024-03-18")


def test_review_and_summing_up_meetings_are_meetings() -> None:
    assert kinds(events("3月5日，平江县召开一季度重点项目建设讲评会，县委书记李向东讲话。", published="2024-03-06")) \
        == [("meeting", "430626")]
    assert ("meeting", "430626") in kinds(events("3月5日，平江县召开2023年度招商引资工作总结表彰大会。",
                                                 published="2024-03-06"))


def test_a_meeting_joined_to_a_signing_ceremony_is_both() -> None:
    got = events("3月5日，岳阳市召开全市招商引资工作推进会暨项目签约仪式，现场签约项目12个，总投资45亿元。",
                 published="2024-03-06")
    assert kinds(got) == [("meeting", "430600"), ("signing", "430600")]
    signing = next(e for e in got if e["type"] == "signing")
    assert (signing["project_count"], signing["investment_yuan"]) == (12, 4500000000)


def test_a_task_handed_to_a_county_is_a_target_not_a_signing() -> None:
    assert goals("今年市里给平江县分解的任务是签约项目24亿元。") == [("430626", "2024", None, 2400000000)]


def test_a_goal_for_funds_in_place_is_a_target() -> None:
    assert goals("平江县力争全年实际到位资金突破120亿元。") == [("430626", "2024", None, 12000000000)]


def test_a_delegation_formed_for_a_fair_elsewhere_is_a_trip_of_home() -> None:
    text = ("“湘粤经贸合作周”于5月6日至9日在广州市举行。\n"
            "为深化与珠三角的经贸合作，我县组团参加了“湖南-广东经贸合作洽谈周”活动。")
    got = [e.to_dict() for e in read_events(text, published="2024-05-10", title="平江县组团参加湘粤经贸合作周")]
    trip = next(e for e in got if e["type"] == "investment_trip")
    assert trip["region"]["adcode"] == "430626"
    assert all(x["name"] != "湖南" for x in trip["destinations"])


def test_an_investment_conference_of_the_whole_area_is_a_meeting() -> None:
    got = events("2月3日，全县招商引资暨优化营商环境大会召开。", title="平江县召开招商引资大会",
                 published="2024-02-04")
    assert ("meeting", "430626") in kinds(got)


def test_a_mobilising_meeting_named_after_starts_and_restarts_is_kept() -> None:
    got = events("3月6日，平江县重点项目集中开工复工动员大会召开，县委书记李向东讲话。", published="2024-03-07")
    assert ("meeting", "430626") in kinds(got)


def test_a_planned_start_told_on_its_day_is_a_start() -> None:
    got = events("5月8日，平江县一季度计划开工的12个项目全部开工，总投资45亿元。", published="2024-06-06")
    assert [e["type"] for e in got] == ["groundbreaking"]


def test_a_campaign_called_a_great_battle_is_no_meeting() -> None:
    got = events("今年以来，平江县掀起重点项目建设大会战热潮，5月8日新开工项目30个。", published="2024-06-06")
    assert "meeting" not in [e["type"] for e in got]


def test_a_meeting_about_signed_or_started_projects_is_only_a_meeting() -> None:
    for text in ("6月2日，平江县召开签约项目落地推进会，县长张明主持。",
                 "6月2日，平江县召开全县开工项目调度会，县长张明主持。"):
        assert kinds(events(text, published="2024-06-06")) == [("meeting", "430626")]


def test_a_bonus_paid_out_is_the_awards_sum() -> None:
    got = events("6月2日，平江县召开招商引资表彰大会，对12个招商引资先进单位进行表彰，发放奖金86万元。",
                 published="2024-06-06")
    award = next(e for e in got if e["type"] == "award")
    assert award["investment_yuan"] == 860000


def test_planned_signings_and_completions_are_targets() -> None:
    assert sorted(goals("2024年，平江县计划新签约项目40个，计划投产项目25个。")) == \
        [("430626", "2024", 25, None), ("430626", "2024", 40, None)]


def test_a_goals_progress_is_no_figure_of_the_goal() -> None:
    got = [e for e in events("平江县今年招商引资目标任务是引进省外资金80亿元，目前已完成45亿元。")
           if e["type"] == "target"]
    assert [(g["investment_yuan"], g["metrics"]) for g in got] == [(8000000000, [])]


def test_a_leader_and_party_going_to_visit_firms_is_a_trip() -> None:
    got = events("5月6日，平江县县长张明一行前往苏州、无锡，拜访了8家企业，洽谈项目合作。", published="2024-05-10")
    assert trips(got) == [("430626", "2024-05-06", "2024-05-06", ("张明",))]


def test_a_meeting_held_by_the_organs_of_the_storys_level_is_that_places() -> None:
    got = events("省委、省政府隆重举行项目建设攻坚推进大会，省委书记张明远出席并讲话。",
                 title="湖南省召开大会部署全年项目建设")
    assert kinds(got) == [("meeting", "430000")]


def test_a_meeting_held_by_organs_of_another_level_is_not_read_into_the_story() -> None:
    got = events("市委、市政府举行项目建设攻坚推进大会，会议部署全年工作。",
                 title="湖南省召开大会部署全年项目建设")
    assert [e for e in got if e["type"] == "meeting"] == []


def test_prizes_given_at_a_meeting_are_an_award_of_the_meeting() -> None:
    got = events("平江县召开招商引资大会，总结去年工作，并为招商引资先进乡镇和重点企业颁奖。")
    assert kinds(got) == [("award", "430626"), ("meeting", "430626")]
    award, meeting = sorted(got, key=lambda e: e["type"])
    assert award["date"] == meeting["date"]


def test_prizes_told_alone_without_a_fact_are_no_award() -> None:
    got = events("平江县将为招商引资先进乡镇颁奖。")
    assert [e for e in got if e["type"] == "award"] == []


def test_a_goal_sheet_handed_down_for_a_year_is_that_years_target() -> None:
    got = events("会上，平江县向各乡镇下达了2024年招商引资目标任务书。")
    targets = [e for e in got if e["type"] == "target"]
    assert [(e["region"]["adcode"], e["date"]["start"]) for e in targets] == [("430626", "2024")]


def test_a_goal_sheet_without_its_year_or_already_fulfilled_is_no_target() -> None:
    assert [e for e in events("平江县与各乡镇签订招商引资目标责任书。") if e["type"] == "target"] == []
    assert [e for e in events("平江县各乡镇全面完成2023年招商引资目标责任书任务。")
            if e["type"] == "target"] == []


def test_a_day_told_as_done_after_the_pages_date_is_of_the_year_its_sentence_names() -> None:
    # a repost whose byline is a month before the day it reports: the byline is the mirror's
    got = events("4月7日上午，湖南省2019年第二批重大项目集中开工动员会在长沙举行，"
                 "本批集中开工项目共300个，总投资900亿元。", published="2023-03-07")
    assert sorted((e["type"], e["date"]["start"]) for e in got) == [
        ("groundbreaking", "2019-04-07"), ("meeting", "2019-04-07")]


def test_a_day_after_the_pages_date_without_an_earlier_year_keeps_the_pages_year() -> None:
    got = events("4月7日上午，湖南省2023年第二批重大项目集中开工动员会在长沙举行，"
                 "本批集中开工项目共300个，总投资900亿元。", published="2023-03-07")
    assert {e["date"]["start"] for e in got} == {"2023-04-07"}
