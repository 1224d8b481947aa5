"""Money and names as people read them, on every face; amounts as people type them."""
from __future__ import annotations

import doctest
import re

import pytest

from projectradar import formatting
from projectradar.formatting import MONEY_PATTERN, headline, parse_yuan, quantity, type_name, yuan
from projectradar.web.format import money_html


@pytest.mark.parametrize("value, qualifier, page, column", [
    (2_030_000_000_000, None, "2.03万亿元", "2.03万亿"),
    (3_588_126_000_000, None, "3.59万亿元", "3.59万亿"),
    (159_100_000_000, None, "1591亿元", "1591亿"),
    (25_042_000_000, None, "250.4亿元", "250.4亿"),
    (352_000_000_000, "over", "超3520亿元", "3520亿"),
    (4_000_000_000, "at_least", "40亿元以上", "40亿"),
    (4_650_000_000, None, "46.5亿元", "46.5亿"),
    (30_000_000, "about", "约3000万元", "3000万"),
    (8_600, None, "8600元", "8600"),
    (0, None, "0元", "0"),
    (None, None, "—", ""),
])
def test_money_reads_in_wanyi_yi_wan_with_four_digits_at_most(value, qualifier, page, column):
    assert yuan(value, qualifier) == page
    assert yuan(value, column=True) == column
    if value is not None:
        assert re.fullmatch(MONEY_PATTERN, page)


def test_money_never_parts_from_its_unit_on_pages():
    assert str(money_html(159_100_000_000)) == '<span class="money">1591亿元</span>'


@pytest.mark.parametrize("value, unit, qualifier, text", [
    (50.0, "个", "at_least", "50个以上"), (10000.0, "家", None, "1万家"), (420_000_000.0, "千瓦", None, "4.2亿千瓦"),
    (45.0, "%", None, "45%"), (8, "%", "about", "约8%"), (1_000_000_000, "CNY", "about", "约10亿元"),
    (2.5, "公里", None, "2.5公里"),
])
def test_other_quantities_read_in_their_own_unit(value, unit, qualifier, text):
    assert quantity(value, unit, qualifier) == text


def test_an_event_without_title_is_headed_by_its_evidence_first_sentence():
    assert headline({"title": "某区重点项目集中签约仪式"}) == "某区重点项目集中签约仪式"
    assert headline({"evidence": {"text": "3月8日,某区举行签约仪式,签约项目15个。区长出席。"}}) == "3月8日,某区举行签约仪式,签约项目15个"
    assert headline({"evidence": {"text": "甲" * 60}}, limit=10) == "甲" * 9 + "…"
    assert headline({}) == ""


def test_type_names():
    assert type_name("signing") == "签约" and type_name("meeting") == "会议观摩"
    assert type_name("something_new") == "something_new" and type_name(None) == "—"
    assert set(formatting.TYPE_NAMES) == {"signing", "groundbreaking", "completion", "key_projects",
                                          "investment_trip", "meeting", "target", "award"}


@pytest.mark.parametrize("text, value", [("10亿", 1_000_000_000), ("2.5亿元", 250_000_000), ("5000万", 50_000_000),
                                         (" 1,200万 ", 12_000_000), ("300000000", 300_000_000), ("5千万", 50_000_000),
                                         ("1万亿", 10**12), ("800元", 800)])
def test_typed_amounts(text, value):
    assert parse_yuan(text) == value


@pytest.mark.parametrize("text", ["", "lots", "十亿", "3亿美元", "10亿立方米", "亿"])
def test_what_is_not_an_amount_of_yuan_says_how_to_write_one(text):
    with pytest.raises(ValueError, match=r"not an amount of yuan: .* \(write it in digits: 10亿"):
        parse_yuan(text)


def test_docstring_examples_run():
    failed, tried = doctest.testmod(formatting)
    assert tried and not failed
