"""Organizations whole, with the start of the name found right."""
from __future__ import annotations

import doctest
import pytest

from projectradar.mentions.orgs import find_organizations


@pytest.mark.parametrize("text, names", [
    ("会上，为山东铁路投资控股集团有限公司、山东省人才发展集团有限公司等6家企业颁发奖励",
     ["山东铁路投资控股集团有限公司", "山东省人才发展集团有限公司"]),
    ("区政府与华为技术有限公司签署战略合作协议", ["华为技术有限公司"]),
    ("市政府同同方股份有限公司签约", ["同方股份有限公司"]),
    ("中国建设银行济南分行提供授信", ["中国建设银行济南分行"]),
    ("西门子（中国）有限公司负责人", ["西门子（中国）有限公司"]),
    ("新希望集团携手县政府", ["新希望集团"]),
    ("TCL科技集团股份有限公司董事长", ["TCL科技集团股份有限公司"]),
    ("市委书记会见了中国华能集团有限公司董事长", ["中国华能集团有限公司"]),
    ("清华大学深圳国际研究生院与区政府", ["清华大学"]),
    ("中国科学院沈阳自动化研究所", ["中国科学院沈阳自动化研究所"]),
    ("现场签约浪潮集团等3家企业", ["浪潮集团"]),
    ("（3）沪深交易所发布新规", ["沪深交易所"]),
    ("研讨班在中央党校（国家行政学院）开班", ["国家行政学院"]),
    ("记者从中储粮集团获悉", ["中储粮集团"]),
    ("走进沈鼓集团透平公司转子车间", ["沈鼓集团透平公司"]),
    ("第31届世界大学生运动会", []),
    ("他大学毕业后返乡创业", []),
    ("在全国政协会议上", []),
    ("一架阿塞拜疆航空公司客机", ["阿塞拜疆航空公司"]),
])
def test_whole_names(text, names):
    found = find_organizations(text)
    assert [o.name for o in found] == names
    for o in found:
        assert text[o.start:o.end] == o.name == o.text


@pytest.mark.parametrize("text", [
    "该公司负责人表示", "子公司", "推动集团化发展", "打造千亿级产业集团", "一批上市公司", "",
    "不搞集团政治", "从专题协商会到界别协商会", "两国银行支付系统",
])
def test_not_organizations(text):
    """Nothing here names an organization in full."""
    assert find_organizations(text) == []


def test_docstring_examples():
    from projectradar.mentions import orgs
    for module in (orgs,):
        result = doctest.testmod(module)
        assert result.failed == 0 and result.attempted > 0, module.__name__


# ---------------------------------------------------------------- where a name starts
@pytest.mark.parametrize("text, name", [
    ("以出资人名义为江淮铁路投资控股集团有限公司提供担保", "江淮铁路投资控股集团有限公司"),
    ("管委会经多轮洽谈引进了云岭储能科技有限公司", "云岭储能科技有限公司"),
    ("区政府同华东第五工程局有限公司签约", "华东第五工程局有限公司"),
    ("将华为技术有限公司的项目引进", "华为技术有限公司"),
])
def test_a_name_starts_after_a_preposition(text, name):
    assert [o.name for o in find_organizations(text)] == [name]


@pytest.mark.parametrize("text, names", [
    ("对岚河集团、东垣公司等3家企业给予奖励", ["岚河集团", "东垣公司"]),
    ("今年，对锦屏集团兑现奖励资金80万元", ["锦屏集团"]),
])
def test_a_clause_opening_on_dui_names_the_firm_after_it(text, names):
    # 对 opening a clause is a preposition the segmenter may glue to the name after it
    assert [o.name for o in find_organizations(text)] == names


def test_no_segmentation_without_a_boundary_word(monkeypatch):
    from projectradar.mentions import orgs

    def boom(head):
        raise AssertionError(f"segmented {head!r}")
    monkeypatch.setattr(orgs, "_words", boom)
    assert [o.name for o in find_organizations("青峰智能装备股份有限公司落户园区")] == ["青峰智能装备股份有限公司"]


@pytest.mark.parametrize("text, name", [
    ("南湖区为远航精密制造有限公司颁发奖牌", "远航精密制造有限公司"),   # the segmenter glues 区为
    ("南湖区同远航精密制造有限公司签约", "远航精密制造有限公司"),       # and 区同
    ("区政府与华为技术有限公司签约", "华为技术有限公司"),               # but 为 inside 华为 is no boundary
])
def test_a_name_starts_after_a_preposition_glued_to_a_place(text, name):
    assert [o.name for o in find_organizations(text)] == [name]


@pytest.mark.parametrize("text", ["推进星禾集团化改革", "星禾大学生创业园开园", "星禾集团层面统筹"])
def test_a_suffix_inside_a_longer_word_ends_no_name(text):
    # not_after of org_suffixes.tsv: 集团化, 大学生, 集团层面
    assert find_organizations(text) == []
