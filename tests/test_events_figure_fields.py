"""Figure fields on events: people told apart from the event, roles of amounts, counts.
Sentences are invented; each test states one way stories are told."""
from __future__ import annotations

from fixtures.read_events import read_events


def events(text: str, published: str = "2024-05-20") -> list:
    return [e for e in read_events(text, published=published) if not e.cumulative]


def test_a_leader_at_the_meeting_named_at_the_end_of_the_story() -> None:
    got = events("5月19日上午，宁安市召开春季招商引资项目推进会。\n会议通报了各县区签约项目进展。\n"
                 "副市长赵明远出席会议并讲话。")
    meeting = [e for e in got if e.type == "meeting"]
    assert len(meeting) == 1 and [p.name for p in meeting[0].people] == ["赵明远"]


def test_a_leader_at_the_ceremony_told_in_a_sentence_of_its_own() -> None:
    got = events("5月18日，宁安市年产5万吨纸浆生产线正式投产。区委书记钱立新出席投产仪式。")
    done = [e for e in got if e.type == "completion"]
    assert len(done) == 1 and [p.name for p in done[0].people] == ["钱立新"]


def test_two_meetings_leave_the_attending_leader_to_neither() -> None:
    got = events("5月6日，宁安市召开重点项目调度会。\n5月9日，宁安市召开招商引资推进会。\n"
                 "会议通报了上月签约项目进展。\n各县区汇报了开工准备情况。\n会后还组织了观摩。\n副市长孙立出席会议。")
    meetings = [e for e in got if e.type == "meeting"]
    assert len(meetings) == 2 and all(not e.people for e in meetings)


def test_a_delegation_at_a_fair_held_elsewhere_went_to_its_venues() -> None:
    got = events("5月12日至13日，在杭州、宁波成功举办的“浙皖产业对接”系列推介活动中，宁安市签约8个项目。\n"
                 "活动期间，宁安市招商小分队先后拜访了多家企业，考察了当地产业园区。")
    trips = [e for e in got if e.type == "investment_trip"]
    assert trips and {d["name"] for d in trips[0].destinations} == {"杭州", "宁波"}


def test_a_fair_at_home_gives_the_trip_no_destination() -> None:
    got = events("5月12日，在宁安市举办的招商推介会上签约6个项目。\n会后，宁安市招商小分队先后拜访了多家企业。")
    assert all(not e.destinations for e in got if e.type == "investment_trip")


def test_the_count_in_the_triggers_own_clause_is_the_events() -> None:
    # the set the projects belong to is counted first, the ones that started right at the trigger
    got = events("宁安市包装的60个招商项目，5月18日有14个项目集中开工。")
    starts = [e for e in got if e.type == "groundbreaking"]
    assert starts and starts[0].project_count == 14


def test_a_signing_told_as_the_firms_signed_with_counts_their_agreements() -> None:
    got = events("5月16日，宁安市招商团赴外地考察，与6家企业签订投资协议，协议资金42亿元。")
    signed = [e for e in got if e.type == "signing"]
    assert signed and signed[0].project_count == 6


def test_firms_visited_are_no_projects_signed() -> None:
    got = events("5月16日，宁安市与客商座谈，走访6家企业，签约项目3个。")
    signed = [e for e in got if e.type == "signing"]
    assert signed and signed[0].project_count == 3


def test_one_named_project_right_after_its_trigger_counts_one() -> None:
    got = events("5月18日，开工的宁安市东湖冷链物流园建设项目计划总投资4.2亿元，占地120亩。")
    starts = [e for e in got if e.type == "groundbreaking"]
    assert starts and starts[0].project_count == 1 and starts[0].investment_yuan == 420_000_000


def test_projects_named_as_a_set_after_the_trigger_are_not_one() -> None:
    got = events("5月18日，开工的宁安市东湖冷链物流园等项目计划总投资14亿元。")
    assert all(e.project_count != 1 for e in got if e.type == "groundbreaking")


def test_the_intended_amount_right_after_a_signings_count_is_its_amount() -> None:
    got = events("5月16日，宁安市推介会现场签约项目12个，意向金额8.5亿元。")
    signed = [e for e in got if e.type == "signing"]
    assert signed and signed[0].project_count == 12 and signed[0].investment_yuan == 850_000_000


def test_an_intended_amount_alone_is_no_signed_amount() -> None:
    got = events("5月16日，宁安市与客商举行签约仪式，达成意向金额8.5亿元。")
    assert all(e.investment_yuan is None for e in got)


def test_this_ceremonys_share_of_a_quarters_starts_is_the_ceremony() -> None:
    got = events("5月18日，全省重大项目集中开工仪式举行。\n宁安市二季度开工重大项目50个，总投资300亿元。"
                 "其中列入本次集中开工的项目21个，总投资160亿元，年度计划投资40亿元。")
    ceremony = [e for e in got if e.type == "groundbreaking" and e.project_count == 21]
    assert ceremony and ceremony[0].date.start == "2024-05-18"
    assert ceremony[0].investment_yuan == 16_000_000_000 and ceremony[0].annual_investment_yuan == 4_000_000_000


def test_the_recipients_of_an_award_listed_on_in_a_later_sentence() -> None:
    got = events("5月6日，安徽省政府通报表扬，合肥市、芜湖市荣获“招商引资先进市”称号，奖励资金共300万元。\n"
                 "通报显示，全省经济运行稳中有进。\n"
                 "荣获该称号的还包括：蚌埠市、安庆市宿松县。")
    awards = [e for e in got if e.type == "award"]
    assert awards
    assert {"合肥市", "芜湖市", "蚌埠市", "安庆市宿松县"} <= {o["name"] for o in awards[0].organizations}
