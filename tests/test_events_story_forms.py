"""Ways stories are told that decide an event's date, place or existence: each test
is one form, in invented sentences."""
from __future__ import annotations

import pytest

from fixtures.read_events import read_events


def events(text: str, published: str | None = "2024-03-10", title: str | None = None) -> list:
    return [e for e in read_events(text, published=published, title=title) if not e.cumulative]


def test_batch_year_of_the_publication_year_leaves_the_page_day() -> None:
    # the year names the batch; the page's day says more of when the start happened
    got = events("平阴县2024年春季第一轮项目集中开工，这一轮开工项目18个，计划总投资52亿元。",
                 published="2024-03-08")
    starts = [e for e in got if e.type == "groundbreaking" and e.project_count == 18]
    assert starts and starts[0].date.start == "2024-03-08"


def test_batch_year_unlike_the_publication_year_stays_a_year() -> None:
    got = events("平阴县2023年第四批项目集中开工，共开工项目9个，总投资11亿元。", published="2024-03-08")
    starts = [e for e in got if e.type == "groundbreaking"]
    assert all(e.date is None or e.date.start != "2024-03-08" for e in starts)


def test_two_character_county_right_after_a_date_is_a_place() -> None:
    from projectradar.regions import find_places
    assert [p.text for p in find_places("2024年和县春季签约活动举办")] == ["和县"]
    assert [p.text for p in find_places("12日和县举行签约仪式")] == ["和县"]
    assert find_places("2024年代县长出席") == []      # 代县长 is an acting county head


def test_a_county_short_name_after_a_date_still_needs_its_own_boundary() -> None:
    from projectradar.regions import find_places
    assert find_places("今年宝山钢铁扩产") == []      # 宝山 (counties' short name) starts a firm's name here


def test_a_portal_folder_named_after_a_city_tells_namesake_districts_apart() -> None:
    from projectradar.regions import RegionContext, find_places
    from projectradar.regions.hosts import path_regions
    text = "鼓楼区举行项目集中开工活动，共开工项目6个。"
    place = find_places(text)[0]
    assert len(place.candidates) > 1          # 南京's, 徐州's, 福州's, 开封's 鼓楼区
    ctx = RegionContext.from_text(text, url="http://news.example.net/nanjing/city/88.html")
    assert ctx.resolve(place, near=0).adcode == "320106"
    assert RegionContext.from_text(text, url="http://news.example.net/local/88.html").resolve(place, near=0) is None
    assert path_regions("http://news.example.net/ali/bole.html") == []   # short folders, file names: no place


def test_a_paragraph_after_an_image_is_no_caption() -> None:
    from projectradar.pipeline import extract
    page = ("平阴县举行项目集中开工活动\n6月2日，平阴县举行第二批项目集中开工活动。\n"
            "现场照片_1.png\n"
            "平阴县此轮新开工的项目有12个，计划总投资30亿元，年内计划完成投资8亿元。它们分别是")
    found = extract(page, published="2024-06-03").events
    starts = [e for e in found if e.type == "groundbreaking"]
    assert [(e.project_count, e.investment_yuan, e.annual_investment_yuan) for e in starts] == [(12, 3000000000, 800000000)]
    assert not [e for e in found if e.type == "target"]


def test_numbered_sections_divide_one_report_not_a_bulletin() -> None:
    text = ("一、省级重点项目\n全县省级重点项目8个，计划总投资96亿元，年度计划投资14亿元，总体平稳。\n"
            "二、市级重点项目\n全县市级重点项目44个，计划总投资310亿元，年度计划投资66亿元，总体平稳。\n"
            "三、县级重点项目\n县级重点项目70个，计划总投资205亿元，年度计划投资41亿元，总体平稳。")
    got = [e for e in events(text, published="2024-01-20", title="平阴县2023年重点项目建设总结")
           if e.type == "key_projects"]
    assert sorted((e.project_count, e.region.adcode) for e in got) == [
        (8, "370124"), (44, "370124"), (70, "370124")]


def test_an_agreement_with_stacked_kinds_is_a_signing() -> None:
    got = events("3月6日，平阴县同一家新材料企业签订项目投资合作协议，协议投资15亿元。")
    assert [(e.type, e.region.adcode, e.investment_yuan) for e in got] == [("signing", "370124", 1500000000)]
    assert not events("3月6日，平阴县与一家银行签署贷款合作协议，金额15亿元。")
    # a strategic framework with firms is an intent to cooperate, no project signed
    told = events("平阴县项目集中签约\n9月10日，平阴县举行第三季度招商项目集中签约活动。本次共签约项目25个，协议引资86亿元。"
                  "\n县长在致辞中说，将持续打造一流营商环境。"
                  "\n此外，活动现场，平阴县还与3家企业签署了战略合作框架协议，将在冷链仓储等领域开展合作探索。")
    assert [(e.type, e.project_count) for e in told] == [("signing", 25)]


def test_splits_told_as_a_point_of_view_or_a_remark_are_no_new_signings() -> None:
    from projectradar.events.classify import has_cue, is_related
    view = "从本次签约项目的来源结构看，外商投资项目8个、计划投资70亿元，民营企业投资项目17个。"
    assert is_related(view) and has_cue("part", view)
    assert not has_cue("part", "从区域分布看，甲县签约项目8个。")     # shares by place are events
    text = ("5月9日，平阴县举行重大项目集中签约仪式，集中签约项目30个，计划投资260亿元。"
            "这是该县今年规模最大的一次签约。县里多年来持续优化营商环境。一批企业看好这里的区位。\n"
            "项目涵盖多个领域。各方表示将加快推进。\n"
            "值得注意的是，这次签约的项目中，港资项目5个。")
    got = [e for e in events(text, published="2024-05-10") if e.type == "signing"]
    assert [(e.project_count, e.investment_yuan) for e in got] == [(30, 26000000000)]


def test_the_opening_sentence_is_the_story_however_late_the_repost() -> None:
    text = ("3月12日上午，山东省春季重大项目建设现场推进暨集中开工仪式举办，开工项目310个，总投资2100亿元。"
            "省领导出席活动。据悉，平阴县一个物流项目去年3月5日开工建设，总投资3亿元。")
    got = [e for e in events(text, published="2024-11-20") if e.type == "groundbreaking"]
    assert [(e.region.adcode, e.date.start, e.project_count) for e in got] == [("370000", "2024-03-12", 310)]


def test_a_sub_venue_of_a_province_ceremony_starts_its_own_batch() -> None:
    got = events("9日上午，我县作为分会场之一，跟随山东省2024年二季度重大项目集中开工仪式一起行动，"
                 "我县集中开工了14个产业项目，计划总投资41.5亿元。县委书记出席。"
                 "平阴县近年来项目建设成效明显。", published="2024-04-10")
    starts = {(e.region.adcode, e.project_count) for e in got if e.type == "groundbreaking"}
    assert ("370124", 14) in starts and ("370000", 14) not in starts


@pytest.mark.parametrize("text, published, kind", [
    ("今天(6月3日),青川至平溪高速铁路(青川段)正式开工建设,全长120公里。", "2024-06-03", "groundbreaking"),
    ("5月20日,青川县重点水利工程石门水库开工建设,总库容1.2亿立方米。", "2024-05-21", "groundbreaking"),
    ("在青川,年产3万吨的新材料项目不久前投产,产品销往各地。", "2024-06-03", "completion"),
    ("日前,位于绵阳市的平武风电场正式全容量投产,年发电量约5亿千瓦时。", "2024-06-03", "completion"),
    # a later clause counts something else
    ("今天(6月3日),绵阳机场T2航站楼正式开工建设,设计年吞吐量800万人次,设置20个近机位。", "2024-06-03", "groundbreaking"),
    # named in the clause before its start
    ("某汽车集团在西南投资最大的电池项目,日前在四川绵阳动工建设。该项目总投资80亿元。", "2024-06-03", "groundbreaking"),
    # one of a national set
    ("今天(3月29日),国家150项重大水利工程之一——石门水库工程在四川绵阳开工建设。", "2024-03-29", "groundbreaking"),
])
def test_a_work_or_plant_told_alone_is_one_project(text: str, published: str, kind: str) -> None:
    assert [(e.type, e.project_count) for e in events(text, published=published)] == [(kind, 1)]


@pytest.mark.parametrize("text, published", [
    ("今年,全省交通投资保持高位,铁路投产新线超过300公里。", "2024-12-26"),
    ("全省万余家数字化车间和智能工厂建成投用,制造业规模稳居全国前列。", "2024-06-03"),
    ("水利部今天(11月12日)发布,今年1—10月,全国水利工程新开工项目2.4万个,为历史同期最多。", "2024-11-12"),
])
def test_works_told_by_the_many_are_no_single_project(text: str, published: str) -> None:
    assert [e for e in events(text, published=published) if e.project_count == 1] == []


def test_a_signing_named_as_one_item_of_a_fairs_programme_is_no_event() -> None:
    got = events("峰会设有创新大赛、成果展览、项目签约等板块,共吸引30个国家的500个团队参加。", published="2024-06-03")
    assert [e for e in got if e.type == "signing"] == []


@pytest.mark.parametrize("text, published, want", [
    ("日前,青川县一季度重大项目正式动工,包括工业、交通、民生等共有36项,总投资超80亿元。", "2024-03-10",
     ("groundbreaking", 36)),
    ("《青川县2024年重大项目清单》近日发布,包括基础设施、产业升级、民生保障等5大类86个项目,总投资约500亿元。",
     "2024-01-27", ("key_projects", 86)),
    # a part opened by 包括 still restates the whole
    ("3月8日,青川县集中开工项目20个,包括工业项目8个、基础设施项目12个。", "2024-03-10", ("groundbreaking", 20)),
])
def test_a_sum_or_the_kinds_closing_an_enumeration_give_the_whole(text: str, published: str, want: tuple) -> None:
    assert [(e.type, e.project_count) for e in events(text, published=published)] == [want]


def test_many_is_told_with_ten_thousands_and_more_but_one_of_a_set_is_one() -> None:
    from projectradar.events.rules import cue
    assert cue("plural").search("新开工项目2.4万个") and cue("plural").search("涉及的5000多个具体项目")
    assert cue("counted").search("开工项目1.2万个")
    assert not cue("plural").search("国家150项重大水利工程之一")
