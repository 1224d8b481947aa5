"""The rule-table reader every stage keeps its words in: rows checked, bad ones named by file and line."""
from __future__ import annotations

import doctest
import re

import pytest

from projectradar import tables
from projectradar.errors import RuleError
from projectradar.tables import WordTable

SMALL = "# a made-up table\nunit\t个\nunit\t项目\nunit\t项\nlead\t共{unit}\nnumber\t\\d+{unit}\n"


def small(text: str = SMALL) -> WordTable:
    return WordTable.from_text(text, "small.tsv", kinds=("unit", "lead", "number"), patterns=("lead", "number"))


def test_words_keep_table_order_and_alternation_puts_longer_first() -> None:
    table = small()
    assert table.words("unit") == ("个", "项目", "项")
    assert re.fullmatch(table.alternation("unit"), "项目")
    assert table.alternation("unit").index("项目") < table.alternation("unit").index("|项)")


def test_a_table_whose_order_counts_keeps_it_in_alternations() -> None:
    table = WordTable.from_text("unit\t项\nunit\t项目\n", "ordered.tsv", kinds=("unit",), longest_first=False)
    assert table.alternation("unit") == "(?:项|项目)"
    assert re.match(table.alternation("unit"), "项目").group() == "项"   # the first word listed wins


def test_placeholders_are_filled_with_the_words_of_their_kind() -> None:
    pattern = re.compile(small().pattern("number"))
    assert pattern.fullmatch("12项目") and pattern.fullmatch("3个")
    assert not pattern.fullmatch("12家")


def test_an_unknown_kind_is_named_by_file_and_line() -> None:
    with pytest.raises(RuleError, match=r"small\.tsv:3: unknown kind 'units'"):
        small("unit\t个\nlead\t共\nunits\t项\nnumber\t1\n")


def test_a_pattern_that_does_not_compile_is_named_by_file_and_line() -> None:
    with pytest.raises(RuleError, match=r"small\.tsv:3: bad regular expression"):
        small("unit\t个\nlead\t共\nnumber\t(\\d+\n")


def test_a_placeholder_of_an_unknown_kind_is_refused() -> None:
    with pytest.raises(RuleError, match=r"small\.tsv:2: unknown kind \{sizes\}"):
        small("unit\t个\nlead\t{sizes}\nnumber\t1\n")


def test_a_declared_kind_without_rows_is_refused() -> None:
    with pytest.raises(RuleError, match="no rows of kind number"):
        small("unit\t个\nlead\t共\n")


def test_asking_a_word_kind_for_patterns_is_an_error() -> None:
    with pytest.raises(RuleError, match="holds words, not patterns"):
        small().patterns("unit")


def test_the_examples_in_the_reader_hold() -> None:
    assert doctest.testmod(tables).failed == 0
