"""The tables numbers, counts and amounts are read with: each rule at work on a made-up sentence,
and a bad row stopped by name of file and line."""
from __future__ import annotations

import pytest

from projectradar import tables
from projectradar.errors import RuleError
from projectradar.mentions import counts, money, numerals
from projectradar.mentions.counts import find_counts
from projectradar.mentions.money import find_money, parse_amount
from projectradar.mentions.numerals import bound_is_word_tail, parse_int, parse_number


def _forget_readings() -> None:
    for cached in (numerals.numerals, numerals.number_pattern, numerals.bounds, numerals._bound_lookalikes,
                   counts._rules, money._rules):
        cached.cache_clear()


@pytest.fixture
def table_reads(monkeypatch):
    """``table_reads(name, text)``: from now on the table ``name`` reads as ``text``."""
    real = tables.load_table

    def serve(name: str, text: str) -> None:
        def load(table, columns, optional=0, blank=()):
            if table == name:
                return tables.parse_table(text, table, columns, optional, blank)
            return real(table, columns, optional, blank)
        for module in (tables, numerals, counts, money):
            monkeypatch.setattr(module, "load_table", load)
        _forget_readings()

    yield serve
    monkeypatch.undo()
    _forget_readings()


# ---------------------------------------------------------------- numerals.tsv
@pytest.mark.parametrize("written, value", [
    ("两千零五", 2005), ("三十", 30), ("十二", 12), ("一九九八", 1998), ("三万零四百", 30400), ("〇", 0),
])
def test_numeral_characters_read_as_their_values(written, value):
    assert parse_int(written) == value


def test_a_point_and_the_digits_after_it():
    assert parse_number("六点二五") == parse_number("6.25")
    assert [m.value for m in find_money("园区追加投资四点五亿元")] == [4.5e8]


def test_more_after_a_number_makes_it_a_lower_bound():
    assert [(c.value, c.qualifier) for c in find_counts("二十多个项目陆续进场")] == [(20, "over")]
    assert parse_amount("六十余亿元") == (6e9, "CNY", "over")


@pytest.mark.parametrize("row, problem", [
    ("百\tdigits\t100", "kind 'digits' is not one of"),
    ("九\tdigit\t90", "a digit is worth 0 to 9"),
    ("十一\tunit\t11", "'十一' is not one character"),
    ("多\tmore\t1", "a more takes no value"),
    ("千\tunit\t", "a unit takes a whole number"),
])
def test_a_bad_numeral_row_is_named(table_reads, row, problem):
    table_reads("numerals.tsv", f"# numerals\n点\tpoint\n{row}\n")
    with pytest.raises(RuleError, match=rf"^numerals\.tsv:3: {problem}"):
        parse_number("三百")


@pytest.mark.parametrize("name, text, message, find", [
    ("numerals.tsv", "一\tdigit\t1\n", r"numerals\.tsv:0: needs exactly one point", find_money),
    ("bound_lookalikes.tsv", "# words\n附近\t近\n违约\t近\n",
     r"^bound_lookalikes\.tsv:3: '违约' does not end in the bound '近'", find_money),
    ("count_qualifiers.tsv", "近\tbefore\tabout\n约\tbefore\troughly\n", r"^count_qualifiers\.tsv:2: qualifier 'roughly'",
     find_counts),
    ("count_phrasings.tsv", "classifier\t个\nclassifiers\t项\n", r"^count_phrasings\.tsv:2: unknown kind 'classifiers'",
     find_counts),
    ("count_nouns.tsv", "企业\t家\t企业\n", r"count_nouns\.tsv:0: no row for 项目", find_counts),
])
def test_a_bad_table_stops_its_finder(table_reads, name, text, message, find):
    table_reads(name, text)
    with pytest.raises(RuleError, match=message):
        find("约9个项目，投资约9亿元")


# ---------------------------------------------------------------- bound_lookalikes.tsv
def test_a_word_ending_like_a_bound_bounds_nothing():
    assert bound_is_word_tail("两地签约", 4) and not bound_is_word_tail("两地约", 3)
    assert [(m.value, m.qualifier) for m in find_money("两地签约8亿元")] == [(8e8, "exact")]
    assert [(m.value, m.qualifier) for m in find_money("两地约8亿元")] == [(8e8, "about")]
    assert [(c.value, c.qualifier) for c in find_counts("去年签约7个项目")] == [(7, "exact")]


# ---------------------------------------------------------------- count_qualifiers.tsv
@pytest.mark.parametrize("text, value, qualifier", [
    ("不少于20个项目", 20, "at_least"), ("将近30个项目", 30, "about"), ("项目8个左右", 8, "about"),
    ("50个以上项目", 50, "at_least"), ("逾百个项目", 100, "over"),
])
def test_count_bounds(text, value, qualifier):
    assert [(c.value, c.qualifier) for c in find_counts(text)] == [(value, qualifier)]


def test_a_count_bound_is_not_a_money_bound():
    # 突破 bounds an amount (money_qualifiers.tsv) but is no bound of a count (count_qualifiers.tsv)
    assert find_money("投资突破9亿元")[0].qualifier == "over"
    assert [(c.text, c.qualifier) for c in find_counts("突破9个项目")] == [("9个项目", "exact")]


# ---------------------------------------------------------------- count_phrasings.tsv
@pytest.mark.parametrize("text, found", [
    ("项目总数达到42个", [(42, "个项目")]),              # noun_gap
    ("重点项目3大类60个", [(60, "个项目")]),             # noun_to_number: kinds before the count
    ("全县共有企业9家", [(9, "家企业")]),                # classifier 家
    ("第一批16项，", [(16, "项项目")]),                 # first_batch
    ("当日复工35个，", [(35, "个项目")]),               # verb, the phrase ending
    ("集中开工8个总投资", [(8, "个项目")]),              # verb, running into a verb_next word
    ("入库27个，", [(27, "个项目")]),                   # bare
    ("项目，数量为14个", [(14, "个项目")]),             # bare after 项目 and a noun_join
    ("3座电站和5条公路同时动工", [(3, "座电站"), (5, "条公路")]),   # works keep their own noun
])
def test_count_phrasings(text, found):
    assert [(c.value, c.noun) for c in find_counts(text)] == found


@pytest.mark.parametrize("text", ["每3个项目配一名专员", "这是第5个项目", "企业有3个百分点"])
def test_what_stands_around_a_number_can_make_it_no_count(text):
    assert find_counts(text) == []


def test_the_rows_of_one_phrasing_kind_are_alternatives(table_reads):
    # a clause opening with a count whose noun comes later (far); a second row reading the same
    # count is an alternative to the first, so the count is still taken once
    text = "12个带动性强的工业项目"
    assert [(c.text, c.value) for c in find_counts(text)] == [("12个", 12)]
    table, _ = _table_with("count_phrasings.tsv", "far", r"(?P<num>\d+)个(?=.*项目)", replace=False)
    table_reads("count_phrasings.tsv", table)
    assert [(c.text, c.value) for c in find_counts(text)] == [("12个", 12)]


def test_a_sum_needs_projects_named_earlier_in_its_sentence():
    assert [c.value for c in find_counts("本批项目覆盖文旅、物流等领域，共12个，")] == [12]
    assert find_counts("本批涉及文旅、物流等领域，共12个，") == []


def test_a_bare_pattern_that_names_no_number_is_refused(table_reads):
    table, line = _table_with("count_phrasings.tsv", "far", r"(?:^|(?<=，))\d+个(?=项目)")
    table_reads("count_phrasings.tsv", table)
    with pytest.raises(RuleError, match=rf"^count_phrasings\.tsv:{line}: a far pattern must name the group\(s\) num"):
        find_counts("9个项目")


# ---------------------------------------------------------------- money_words.tsv
@pytest.mark.parametrize("text, found", [
    ("签约资金高达了3亿元", [(3e8, "exact", "signed")]),                    # cue_to_amount: a join word and 了
    ("投资额、产值分别为6亿元、9亿元", [(6e8, "exact", None), (9e8, "exact", None)]),   # respectively
    ("投资30至40亿元", [(3e9, "at_least", "total")]),                       # range_mark
    ("约合人民币7亿元", [(7e8, "about", None)]),                             # currency_before: 约 stands before it
])
def test_money_words(text, found):
    assert [(m.value, m.qualifier, m.role) for m in find_money(text)] == found


@pytest.mark.parametrize("text, values", [
    ("坚持一元化管理", []),                              # word_currency: 一元化 is no price
    ("撬动数十亿元社会资本", []),                        # not_number_before: a vague number
    ("租金每亩5万元/年", []),                            # rate_mark: a rate
    ("产值迈上200万、300万和500万亿元台阶", [5e14]),     # list_mark: the unit at the list's end is the last one's
])
def test_money_words_that_make_no_amount(text, values):
    assert [m.value for m in find_money(text)] == values


def test_a_bad_money_word_pattern_is_named(table_reads):
    table, line = _table_with("money_words.tsv", "cue_to_amount", "(?:{join}")
    table_reads("money_words.tsv", table)
    with pytest.raises(RuleError, match=rf"^money_words\.tsv:{line}: bad regular expression"):
        find_money("总投资5亿元")


def _table_with(name: str, kind: str, entry: str, *, replace: bool = True) -> tuple[str, int]:
    """The text of a kind-first table with the first row of ``kind`` replaced by (or followed by)
    ``kind<TAB>entry``, and the line number of the new row."""
    with open(tables.data_path(name), encoding="utf-8") as f:
        lines = f.read().splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith(kind + "\t"))
    lines[at:at + 1] = [f"{kind}\t{entry}"] if replace else [lines[at], f"{kind}\t{entry}"]
    return "\n".join(lines) + "\n", at + 1 + (not replace)
