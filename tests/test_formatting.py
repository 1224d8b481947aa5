"""Money and names as people read them, on every face; amounts as people type them."""
from __future__ import annotations

import doctest

import pytest

from projectradar import formatting
from projectradar.formatting import parse_yuan, type_name, yuan


@pytest.mark.parametrize("value, qualifier, page, column", [
    (25_042_000_000, None, "250.42亿元", "250.42亿"),
    (352_000_000_000, "over", "超3520亿元", "3,520.00亿"),
    (4_000_000_000, "at_least", "40亿元以上", "40.00亿"),
    (30_000_000, "about", "约3000万元", "3,000万"),
    (8_600, None, "8,600元", "8,600"),
    (0, None, "0元", "0"),
    (None, None, "—", ""),
])
def test_yuan_on_pages_and_in_columns(value, qualifier, page, column):
    assert yuan(value, qualifier) == page
    assert yuan(value, column=True) == column


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
