"""Money mentions: amounts, bounds, currencies, roles, and quantities that are not money."""
from __future__ import annotations

import doctest
import time

import pytest

from projectradar.errors import RuleError
from projectradar.tables import parse_table
from projectradar.mentions.money import find_money, money_role, parse_amount
from projectradar.mentions.numerals import parse_int, parse_number


@pytest.mark.parametrize("text, value, currency, qualifier", [
    ("250.42亿元", 25042000000, "CNY", "exact"),
    ("5万亿", 5e12, "CNY", "exact"),
    ("超5万亿", 5e12, "CNY", "over"),
    ("1.2万亿元", 1.2e12, "CNY", "exact"),
    ("3000万元", 3e7, "CNY", "exact"),
    ("110多亿", 1.1e10, "CNY", "over"),
    ("超300亿", 3e10, "CNY", "over"),
    ("超过300亿元", 3e10, "CNY", "over"),
    ("逾80亿元", 8e9, "CNY", "over"),
    ("近10亿", 1e9, "CNY", "about"),
    ("近百亿", 1e10, "CNY", "about"),
    ("约50亿元", 5e9, "CNY", "about"),
    ("30亿元左右", 3e9, "CNY", "about"),
    ("100亿元以上", 1e10, "CNY", "at_least"),
    ("不低于20亿元", 2e9, "CNY", "at_least"),
    ("11亿美元", 1.1e9, "USD", "exact"),
    ("87亿欧元", 8.7e9, "EUR", "exact"),
    ("6.5亿港元", 6.5e8, "HKD", "exact"),
    ("2亿元人民币", 2e8, "CNY", "exact"),
    ("五千万元", 5e7, "CNY", "exact"),
    ("一百二十亿元", 1.2e10, "CNY", "exact"),
    ("1,200万元", 1.2e7, "CNY", "exact"),
    ("3千万元", 3e7, "CNY", "exact"),
])
def test_parse_amount(text, value, currency, qualifier):
    assert parse_amount(text) == (value, currency, qualifier)


@pytest.mark.parametrize("text", ["1640亿斤", "40亿立方米", "1100万立方米", "3.6亿千瓦时",
                                  "2亿人次", "1.5亿吨", "2000万平方米", "500万亩", "多元化", ""])
def test_quantities_of_other_units_are_never_money(text):
    assert parse_amount(text) is None
    assert find_money(text) == []


def test_whole_yuan_is_exact_in_float():
    found = find_money("本次签约项目总投资额250.42亿元。")
    assert len(found) == 1
    assert int(found[0].value) == 25042000000
    assert found[0].text == "250.42亿元"
    assert found[0].role == "total"


@pytest.mark.parametrize("text, role", [
    ("项目总投资98.8亿元", "total"),
    ("计划总投资36亿元", "total"),
    ("投资总额12亿元", "total"),
    ("年度计划投资41.5亿元", "annual"),
    ("当年计划完成投资18亿元", "annual"),
    ("本县今年安排项目52个，计划完成投资27亿元", "annual"),
    ("区级重点项目105个、年度投资123亿元", "annual"),
    ("力争签约额300亿元以上", "signed"),
    ("签约金额达到72亿元", "signed"),
    ("协议总投资210亿元", "signed"),
    ("43个项目现场签约落户，总金额达166亿元", "total"),
    ("实际利用外资2.3亿美元", "delivered"),
    ("到位资金56亿元", "delivered"),
    ("预计年产值30亿元", "output"),
    ("实现营业收入8.8亿元", "output"),
    ("可新增税收1.2亿元", "output"),
    ("一季度进出口总值320亿元", "output"),
    ("建成后可形成80亿元产值", "output"),
    ("其中10亿元以上项目12个", "size_class"),
    ("举行项目集中签约，现场签约金额", None),
])
def test_role_from_cue_words(text, role):
    found = find_money(text)
    if role is None:
        assert found == []
    else:
        assert found and found[-1].role == role, found


def test_roles_do_not_leak_across_clauses_or_respectively():
    found = find_money("总投资、年度计划投资分别为80亿元、20亿元")
    assert [m.value for m in found] == [8e9, 2e9]
    assert [m.role for m in found] == [None, None]
    found = find_money("共签约项目15个，总投资120亿元，年度计划投资35亿元")
    assert [(m.value, m.role) for m in found] == [(1.2e10, "total"), (3.5e9, "annual")]


def test_words_ending_the_clause_decide_before_a_cue_word():
    # 总金额 right before the amount names the total, whether or not a signing was told
    assert find_money("项目总金额20亿元")[0].role == "total"
    assert find_money("集中签约12个项目，总金额20亿元")[0].role == "total"
    # no ending word: the cue word before it in the clause decides
    assert find_money("外资实际到账3亿美元")[0].role == "delivered"


def test_bare_yi_needs_a_money_cue():
    # a headline figure with nothing saying it is money stays out
    assert find_money("数智赋能甘蔗产业榨出160亿") == []
    found = find_money("全县甘蔗产业实现产值160亿")
    assert [(m.value, m.role) for m in found] == [(1.6e10, "output")]
    found = find_money("今年稳投资超5万亿打底")
    assert [(m.value, m.qualifier) for m in found] == [(5e12, "over")]


def test_signing_is_not_an_about_bound():
    # the 约 of 签约 must not read as "about"
    found = find_money("现场签约5亿元")
    assert [(m.value, m.qualifier, m.text) for m in found] == [(5e8, "exact", "5亿元")]


def test_sizes_and_tiers_are_not_amounts():
    assert find_money("培育五个过百亿特色产业集群，打造千亿级产业") == []


def test_several_amounts_in_one_sentence_with_offsets():
    text = "项目总投资2198.7亿元，其中外资11亿美元，年发电量3亿千瓦时"
    found = find_money(text)
    assert [(m.value, m.currency) for m in found] == [(219870000000.0, "CNY"), (1.1e9, "USD")]
    for m in found:
        assert text[m.start:m.end] == m.text


@pytest.mark.parametrize("text, value, qualifier", [
    ("项目总投资50—80亿元", 5e9, "at_least"),
    ("总投资10亿至20亿元", 1e9, "at_least"),
    ("签约额达到3到5亿美元", 3e8, "at_least"),
])
def test_a_range_keeps_its_lower_end_as_a_bound(text, value, qualifier):
    found = find_money(text)
    assert [(m.value, m.qualifier) for m in found] == [(value, qualifier)]


def test_rates_and_vague_amounts_are_not_amounts():
    assert find_money("投资强度不低于300万元/亩") == []
    assert find_money("每平方米售价5000元每月") == []
    assert find_money("总投资上百亿元") == []
    assert find_money("带动投资数十亿元") == []


def test_a_unit_written_once_at_the_end_of_a_list():
    found = find_money("国内生产总值连续迈上100万、110万、120万和130万亿元四个台阶")
    assert [m.value for m in found] == [1.3e14]


def test_bound_before_renminbi():
    found = find_money("总投资1.2亿美元（约合人民币8.6亿元）")
    assert [(m.value, m.currency, m.qualifier) for m in found] == [(1.2e8, "USD", "exact"), (8.6e8, "CNY", "about")]


def test_spaces_left_by_scrapers():
    assert [(m.text, m.value) for m in find_money("总投资 250.42 亿元")] == [("250.42 亿元", 25042000000.0)]


def test_contracted_foreign_capital_is_signed():
    found = find_money("新签合同外资3.2亿美元，实际到位外资1.1亿美元")
    assert [(m.value, m.currency, m.role) for m in found] == [
        (3.2e8, "USD", "signed"), (1.1e8, "USD", "delivered")]


def test_numerals():
    assert parse_number("250.42") == parse_number("250.42")
    assert str(parse_number("250.42")) == "250.42"
    assert parse_int("十九") == 19
    assert parse_int("一百零五") == 105
    assert parse_int("两千三百") == 2300
    assert parse_int("二〇二三") == 2023
    assert parse_int("三点五") is None
    assert parse_number("项目") is None


def test_bad_rule_line_names_file_and_line():
    with pytest.raises(RuleError, match=r"^money_units.tsv:3: expected 3 tab-separated columns"):
        parse_table("# units\n亿\tmultiplier\t100000000\n万\tmultiplier\n", "money_units.tsv", 3)
    with pytest.raises(RuleError, match=r"^money_roles.tsv:1: an empty cell"):
        parse_table("\ttotal\tbefore\n", "money_roles.tsv", 4, optional=1)
    rows = parse_table("总金额\tsigned\tbefore\t签约\n总投资\ttotal\tbefore\n", "money_roles.tsv", 4, optional=1)
    assert [r.cells for r in rows] == [("总金额", "signed", "before", "签约"), ("总投资", "total", "before", "")]


def test_speed_thousands_of_sentences_per_second():
    sentences = ["1月30日，某区举行重点项目签约活动，现场签约23个项目，总投资额250.42亿元。",
                 "会议强调，要以项目建设为抓手，推动经济社会高质量发展。"] * 2000
    find_money(sentences[0])
    began = time.perf_counter()
    for s in sentences:
        find_money(s)
    rate = len(sentences) / (time.perf_counter() - began)
    assert rate > 5000, rate


def test_docstring_examples():
    from projectradar import tables as mention_tables
    from projectradar.mentions import money, numerals
    for module in (money, numerals, mention_tables):
        result = doctest.testmod(module)
        assert result.failed == 0 and result.attempted > 0, module.__name__


def test_readme_examples_still_hold():
    """docs/readme/mentions.md shows real output: it must stay true."""
    from pathlib import Path
    readme = Path(__file__).resolve().parent.parent / "docs" / "readme" / "mentions.md"
    if not readme.is_file():
        pytest.skip("docs/readme/mentions.md has been merged away")
    block = readme.read_text(encoding="utf-8").split("```python\n")[1].split("```")[0]
    test = doctest.DocTestParser().get_doctest(block, {}, "mentions.md", str(readme), 0)
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
    runner.run(test)
    result = runner.summarize(verbose=False)
    assert result.failed == 0 and result.attempted >= 10


@pytest.mark.parametrize("left, role", [
    ("总投资", "total"), ("计划总投资达", "total"), ("年度计划投资", "annual"),
    ("签约金额达", "signed"), ("协议总投资", "signed"), ("年产值", "output"),
    ("实际到位资金", "delivered"), ("全市固定资产投资", "fixed"), ("同比增加", "other"),
])
def test_money_roles(left: str, role: str) -> None:
    assert money_role(left) == role


def test_a_role_ending_the_clause_comes_before_the_cue_word():
    # 意向 amounts are no investment, whatever word stands before them in the clause
    assert find_money("其中意向投资额12亿元")[0].role == "other"
    # a colon closes the clause an "ends" rule reads: the cue word before it still counts
    assert find_money("总投资：30亿元")[0].role == "total"


def test_a_bad_role_in_the_table_fails_loudly(monkeypatch):
    from projectradar.mentions import money

    real = money.load_table

    def tables(name, columns, optional=0, header=None):
        if name == "money_roles.tsv":
            return parse_table("总投资\ttotl\tbefore\n", "money_roles.tsv", 4, optional=1)
        return real(name, columns, optional)

    monkeypatch.setattr(money, "load_table", tables)
    money._rules.cache_clear()
    try:
        with pytest.raises(RuleError, match=r"money_roles.tsv:1: role 'totl' is not one of"):
            find_money("总投资5亿元")
    finally:
        monkeypatch.undo()
        money._rules.cache_clear()
    assert find_money("总投资5亿元")[0].role == "total"


def test_a_bad_pattern_in_the_table_names_its_line(monkeypatch):
    from projectradar.mentions import money

    real = money.load_table

    def tables(name, columns, optional=0, header=None):
        if name == "money_roles.tsv":
            return parse_table("# roles\n(总投资\ttotal\tends\n", "money_roles.tsv", 4, optional=1)
        return real(name, columns, optional)

    monkeypatch.setattr(money, "load_table", tables)
    money._rules.cache_clear()
    try:
        with pytest.raises(RuleError, match=r"money_roles.tsv:2: bad regular expression"):
            find_money("总投资5亿元")
    finally:
        monkeypatch.undo()
        money._rules.cache_clear()


@pytest.mark.parametrize("text", ["250.42亿元", "超300亿", "11亿美元", "近百亿", "300亿元以上", "1.2万亿元",
                                  "3000万元", "87亿欧元", "五千万元", "约50亿元"])
def test_values_agree_with_jionlp(text):
    """A second opinion: jionlp's parse_money reads the same value (it is ~15x slower over sentences)."""
    jio = pytest.importorskip("jionlp")
    theirs = jio.parse_money(text)
    ours = parse_amount(text)
    assert ours is not None
    assert float(theirs["num"]) == ours[0]


# ---------------------------------------------------------------- amounts in 万亿, ranges and bounds
@pytest.mark.parametrize("text, value, qualifier", [
    ("全年完成投资1.2万亿元", 1.2e12, "exact"),
    ("计划总投资3万亿元", 3e12, "exact"),
    ("总投资近千亿", 1e11, "about"),
    ("总投资50亿—80亿元", 5e9, "at_least"),
    ("| 智算中心 | 210亿元 | 2025年 |", 2.1e10, "exact"),
])
def test_large_and_ranged_amounts(text, value, qualifier):
    found = find_money(text)
    assert [(m.value, m.qualifier) for m in found] == [(value, qualifier)]


def test_a_size_class_is_no_amount():
    assert find_money("打造百亿级产业集群") == []


def test_place_values_must_descend_to_be_a_number() -> None:
    # a slogan of stacked place values (“十百千”行动, 百千万工程) is no amount
    assert parse_number("百千万") is None and parse_number("十百千") is None
    assert parse_number("一千二百") == 1200 and parse_number("三千五百万") == 35_000_000
    assert find_money("全县推进“百千万”招商工程项目签约") == []
