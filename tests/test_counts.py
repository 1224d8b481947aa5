"""Project counts in every phrasing, and the counts that are not of projects."""
from __future__ import annotations

import doctest
import time

import pytest

from projectradar.mentions.counts import find_counts


@pytest.mark.parametrize("text, value, qualifier", [
    ("此次集中签约23个项目", 23, "exact"),
    ("本批签约的项目共计23个", 23, "exact"),
    ("43个项目现场签约落户", 43, "exact"),
    ("签约项目31个，涉及先进制造等领域", 31, "exact"),
    ("两天走访九个项目", 9, "exact"),
    ("开工仪式上，十九个项目同时动工", 19, "exact"),
    ("全县四十六个重点项目", 46, "exact"),
    ("一百零五个项目纳入清单", 105, "exact"),
    ("两个项目签约", 2, "exact"),
    ("40多个项目集中开工", 40, "over"),
    ("共安排市级重点项目133项", 133, "exact"),
    ("10个项目列入省级重点项目", 10, "exact"),
    ("申报市级重点项目37个", 37, "exact"),
    ("区级领导包联重点项目122个", 122, "exact"),
    ("确定区级重点项目105个", 105, "exact"),
    ("105个重点项目", 105, "exact"),
    ("重大项目50个", 50, "exact"),
    ("今年实施8个重大项目", 8, "exact"),
    ("首批50个，总投资412亿元", 50, "exact"),
    ("新开工项目1580个", 1580, "exact"),
    ("37项重点项目", 37, "exact"),
    ("力争新签约项目60个以上", 60, "at_least"),
    ("签约项目超过30个", 30, "over"),
    ("近50个项目同步开工", 50, "about"),
    ("12个智能制造项目", 12, "exact"),
    ("627个市重点项目", 627, "exact"),
    ("7个亿元以上项目", 7, "exact"),
    ("今年计划实施88个绿色能源重点项目", 88, "exact"),
    ("30多个老旧小区改造升级项目正在推进", 30, "over"),
    ("首批10个“金种子”签约项目", 10, "exact"),
    ("全省谋划实施亿元以上重大项目2835个", 2835, "exact"),
    ("在谈的外资项目多达2900多个", 2900, "over"),
    ("全年安排市级重点项目6大类215个", 215, "exact"),
    ("入库重大项目三类48个", 48, "exact"),
])
def test_project_counts(text, value, qualifier):
    found = [c for c in find_counts(text) if "项目" in c.noun]
    assert [(c.value, c.qualifier) for c in found] == [(value, qualifier)]
    assert text[found[0].start:found[0].end] == found[0].text


def test_size_class_is_not_money_and_both_counts_are_kept():
    text = "签约项目23个，其中亿元以上项目15个，10亿元以上项目4个"
    assert [(c.value, c.noun) for c in find_counts(text)] == [(23, "个项目"), (15, "个项目"), (4, "个项目")]


@pytest.mark.parametrize("text, value, noun", [
    ("为铁投集团等6家企业颁发奖励", 6, "家企业"),
    ("四川10条高速公路集中开工", 10, "条高速公路"),
    ("3个产业园区", 3, "个园区"),
    ("12项重点工程", 12, "项工程"),
    ("共安排重点项目133项", 133, "项项目"),
])
def test_other_things_counted_carry_their_noun(text, value, noun):
    assert [(c.value, c.noun) for c in find_counts(text)] == [(value, noun)]


@pytest.mark.parametrize("text", [
    "这是第3个项目", "每个项目都有专班", "一个项目就是一面旗帜", "项目建设周期18个月",
    "投资增长12.5%", "2023年项目", "237项规则", "3个区县的项目", "用时3个工作日", "签约",
    "3个区县重点项目", "60个县开展小型水利工程项目建设", "5个省份的重点项目", "协调几十个部门帮助项目",
    "上百个非遗项目", "一个个重大项目加紧建设",
    "项目总投资50亿元", "",
])
def test_not_project_counts(text):
    assert [c for c in find_counts(text) if "项目" in c.noun] == []


def test_spaces_and_guangdong_classifier():
    assert [(c.value, c.noun) for c in find_counts("签约 23 个项目，项目共计 19 个")] == [(23, "个项目"), (19, "个项目")]
    assert [(c.value, c.noun) for c in find_counts("签约项目36宗，首批12宗，")] == [(36, "宗项目"), (12, "宗项目")]


def test_several_counts_in_a_sentence_in_order():
    text = "今天，61个项目集中开工、40个项目竣工投产、55个项目集中签约"
    assert [c.value for c in find_counts(text)] == [61, 40, 55]


def test_speed():
    sentences = ["开年以来，全区现场签约23个项目，其中亿元以上项目15个，总投资额250.42亿元。",
                 "会议强调，要以项目建设为抓手，推动经济社会高质量发展。"] * 2000
    find_counts(sentences[0])
    began = time.perf_counter()
    for s in sentences:
        find_counts(s)
    assert len(sentences) / (time.perf_counter() - began) > 5000


def test_docstring_examples():
    from projectradar.mentions import counts
    for module in (counts,):
        result = doctest.testmod(module)
        assert result.failed == 0 and result.attempted > 0, module.__name__


def test_a_bad_classifier_in_the_table_fails_loudly(monkeypatch):
    from projectradar.errors import RuleError
    from projectradar.mentions import counts
    from projectradar.tables import parse_table

    real = counts.load_table

    def tables(name, columns, optional=0, header=None):
        if name == "count_nouns.tsv":
            return parse_table("# nouns\n项目\t个,枚\t项目\n", "count_nouns.tsv", 3)
        return real(name, columns, optional)

    monkeypatch.setattr(counts, "load_table", tables)
    counts._rules.cache_clear()
    try:
        with pytest.raises(RuleError, match=r"count_nouns.tsv:2: classifiers"):
            find_counts("23个项目")
    finally:
        monkeypatch.undo()
        counts._rules.cache_clear()
    assert find_counts("23个项目")[0].value == 23


# ---------------------------------------------------------------- counts after a verb, bare counts, works counted by their noun
@pytest.mark.parametrize("text, value, qualifier", [
    ("大会现场签约62个，总投资超百亿元", 62, "exact"),
    ("今年以来开工项目超500项", 500, "over"),
    ("签约超500项，协议金额可观", 500, "over"),
    ("一批21个具有代表性项目集中亮相", 21, "exact"),
    ("列入市级重点项目的有48个", 48, "exact"),
    ("全省重点项目清单共计1560个", 1560, "exact"),
    ("重点项目130项，年度计划投资", 130, "exact"),
    ("当天集中签约8宗，", 8, "exact"),
    ("引进12个重大项目", 12, "exact"),
    ("竣工15个、投产9个", 15, "exact"),
])
def test_more_phrasings_of_project_counts(text, value, qualifier):
    found = find_counts(text)
    assert found and found[0].value == value and found[0].qualifier == qualifier, found
    assert "项目" in found[0].noun


def test_a_bare_count_after_a_verb_needs_the_phrase_to_end():
    assert find_counts("签约3个城市") == []
    assert find_counts("开工建设3个月") == []
    assert [c.value for c in find_counts("竣工投产12个、签约7个")] == [12, 7]


# The bare phrasings, once read only by the event stage: a count with no noun after it
# still counts projects after a signing or start verb, after 项目, or when 项目 comes later.
@pytest.mark.parametrize("text, value", [
    ("今天上午集中签约25个，涵盖装备制造和现代物流", 25),
    ("甲县新开工超过10个，总投资30亿元", 10),
    ("入选市级重点项目的有36个", 36),
    ("本批项目涉及新能源、新材料等领域，共17个，", 17),
    ("9个带动力强的先进制造业项目落地", 9),
])
def test_bare_counts_of_projects(text, value):
    found = [c for c in find_counts(text) if "项目" in c.noun]
    assert [c.value for c in found] == [value]


def test_works_counted_by_their_own_noun_keep_it():
    found = find_counts("全省6条城际铁路和2座水库同日开工")
    assert [(c.value, c.noun) for c in found] == [(6, "条铁路"), (2, "座水库")]


@pytest.mark.parametrize("text", [
    "11个地市的负责人分别介绍了项目进展",     # cities are counted, not projects
    "9个县参与了这批项目的建设",               # counties
    "签约4个城市的合作项目",                   # cities after a signing verb
])
def test_a_bare_count_of_places_is_no_project_count(text):
    assert [c for c in find_counts(text) if "项目" in c.noun] == []


def test_a_clause_leading_count_whose_noun_follows_a_pair_of_kinds() -> None:
    # 合同、协议项目: two kinds joined by 、 before the noun still let the count reach it
    text = "客商百余人到会，58个总投资过亿元的合同、协议项目集中签约。"
    assert [(c.value, c.noun) for c in find_counts(text)] == [(58, "个项目")]
    assert find_counts("全区有4个乡镇、12个村参与项目建设") == []


def test_a_count_of_steps_or_aspects_after_a_verb_is_no_project_count() -> None:
    # 签约、开工、投产三个环节 counts the stages of the work, not projects
    assert find_counts("抓好项目谋划、签约、开工、投产四个环节，推动落地") == []
    assert find_counts("从开工三个方面发力") == []


@pytest.mark.parametrize("text", ["双方签约后只用了15个小时就完成了审批", "项目共3个月完工", "签约项目的有2个工作日未办结"])
def test_a_span_of_time_after_a_bare_count_is_no_count_of_projects(text):
    # the measures of time of count_phrasings.tsv (not_after) guard the bare phrasings too
    assert find_counts(text) == []


@pytest.mark.parametrize("text, value", [("在甲市、乙市等地,120个总投资约900亿元的重大项目集中开工", 120),
                                         ("签约12个投资超10亿元的项目", 12)])
def test_the_amount_the_counted_projects_come_to_may_stand_between_count_and_noun(text, value):
    assert [c.value for c in find_counts(text)] == [value]


@pytest.mark.parametrize("text, value", [("今年重点抓好80项事关全市发展大局的重大项目", 80),
                                         ("筛选200项支撑县域经济发展的重点项目", 200)])
def test_a_clause_describing_the_projects_may_stand_between_count_and_noun(text, value):
    assert [c.value for c in find_counts(text)] == [value]


def test_a_describing_clause_does_not_lift_the_guards():
    # 区县 among the words before the noun: the count is of districts (count_modifiers.tsv, guard)
    assert find_counts("3个区县开展的重点项目") == []
