"""The event rule tables: they load, and a bad line fails loudly with file:line."""
from __future__ import annotations

import pytest

from projectradar.errors import RuleError
from projectradar.events.classify import level_cue
from projectradar.events.figures import is_project_count
from projectradar.events.rules import cue, load_cues, load_triggers, parse_cues, parse_triggers, trigger_scanner
from projectradar.records import CountMention
from projectradar.events.triggers import candidate_sentences, find_hits
from projectradar.text import sentences


def test_shipped_tables_load() -> None:
    triggers = load_triggers()
    assert {t.type for t in triggers} >= {"signing", "groundbreaking", "completion", "key_projects",
                                          "investment_trip", "meeting", "award", "target"}
    labels = {c.label for c in load_cues()}
    assert {"negative", "target", "cumulative", "level:provincial", "level:city"} <= labels


@pytest.mark.parametrize("text, problem", [
    ("signing\t集中签约\t0.9\n", "expected 4"),
    ("sighing\t集中签约\t0.9\t签约\n", "unknown trigger type"),
    ("signing\t集中(签约\t0.9\t签约\n", "bad regular expression"),
    ("signing\t集中签约\tmuch\t签约\n", "not a number"),
    ("signing\t集中签约\t0.9\t签.约\n", "anchor"),
])
def test_bad_trigger_line_names_file_and_line(text: str, problem: str) -> None:
    with pytest.raises(RuleError) as err:
        parse_triggers("# comment\n\n" + text, "triggers.tsv")
    assert "triggers.tsv:3:" in str(err.value) and problem in str(err.value)


def test_bad_cue_lines() -> None:
    with pytest.raises(RuleError, match=r"event_cues.tsv:1: unknown cue label"):
        parse_cues("maybe\t意向\n", "event_cues.tsv")
    # a reading's groups are read by number: a second rule would shift them
    with pytest.raises(RuleError, match=r"event_cues.tsv:3: a second rule for 'same_day'"):
        parse_cues("same_day\t同日\n# more\nsame_day\t当天\n", "event_cues.tsv")


def test_a_reading_the_table_lacks_is_named() -> None:
    from projectradar.events import rules

    rules.cue_patterns.cache_clear()
    real = rules.load_cues
    try:
        rules.load_cues = lambda: parse_cues("negative\t意向\n", "event_cues.tsv")
        with pytest.raises(RuleError, match=r"event_cues.tsv:0: no rule labelled 'same_day'"):
            rules.cue("same_day")
    finally:
        rules.load_cues = real
        rules.cue_patterns.cache_clear()
    assert rules.cue("same_day").search("同日")


def test_one_scan_finds_only_trigger_sentences() -> None:
    text = "今天天气晴。\n甲县举行重点项目集中签约仪式，签约项目8个。\n群众在广场跳舞。"
    spans, hot = candidate_sentences(text, sentences(text))
    assert [text[spans[i][0]:spans[i][1]] for i in hot] == ["甲县举行重点项目集中签约仪式，签约项目8个。"]
    assert trigger_scanner().search("市民在公园散步") is None


def test_overlapping_words_of_one_type_are_one_hit() -> None:
    hits = find_hits("乙区举行2024年重大项目集中开工仪式")
    assert [(h.type, h.text) for h in hits] == [("groundbreaking", "集中开工仪式")]


def test_levels() -> None:
    assert level_cue("列入省级重点项目10个") == "provincial"
    assert level_cue("市级重点项目120个") == "city"
    assert level_cue("市级重点项目120个", "500000") == "provincial"   # 重庆's 市级 list
    assert level_cue("区级领导包联项目") == "district"
    assert level_cue("重点项目150个") is None


# ---------------------------------------------------------------- single words the stage tests for
@pytest.mark.parametrize("label, told, not_told", [
    ("project_word", "签约重点项目", "签约企业"),
    ("projects_or_works", "5个民生工程", "5家企业"),
    ("bounded_below", "10亿元以上", "10亿元左右"),
    ("joined_by", "开工暨推进会", "开工推进会"),
    ("intent_word", "签订合作意向书", "签订合作协议"),
    ("list_end", "甲市、乙市等", "甲市、乙市"),
    ("our_nation", "我国", "全国"),
])
def test_a_word_reading_finds_its_word(label: str, told: str, not_told: str) -> None:
    assert cue(label).search(told) and not cue(label).search(not_told)


@pytest.mark.parametrize("label, noun, fits", [
    ("bare_classifier", "个", True), ("bare_classifier", "个项目", False),
    ("item_classifier", "项", True), ("item_classifier", "个", False),
    ("venue_before", "在", True), ("venue_before", "于", False),
])
def test_a_classifier_or_character_reading_is_the_whole_text(label: str, noun: str, fits: bool) -> None:
    assert bool(cue(label).fullmatch(noun)) is fits


def test_a_count_is_of_projects_by_the_words_around_it() -> None:
    # 共28个 sums the projects named earlier in the sentence; 133项 counts projects only beside them
    assert is_project_count(CountMention(14, 17, "28个", value=28, noun="个"), "此次开工的项目涵盖多个领域，共28个")
    assert is_project_count(CountMention(2, 6, "133项", value=133, noun="项"), "完成133项，项目进展顺利")
    assert not is_project_count(CountMention(2, 6, "133项", value=133, noun="项"), "完成133项改革任务")
    assert is_project_count(CountMention(0, 3, "4座", value=4, noun="座水库"), "4座水库集中开工")


def test_a_goal_metric_names_its_bound_and_is_trimmed() -> None:
    m = cue("goal_metric").search("全年工业增加值增长8%左右")
    assert (m.group("about"), m.group("at_least")) == ("左右", None)
    m = cue("goal_metric").search("高新技术企业达到120家以上")
    assert (m.group("about"), m.group("at_least")) == (None, "以上")
    assert cue("goal_metric_trim").sub("", "“工业增加值要") == "工业增加值"
    assert cue("amount_metric_trim").sub("", "，数字经济规模的") == "数字经济规模"


def test_what_a_leader_attended_is_the_group_that_matched() -> None:
    def attended(text: str) -> list[str]:
        m = cue("attended_event").search(text)
        return [name for name, told in m.groupdict().items() if told]
    assert attended("副县长某某出席投产仪式") == ["completion"]
    assert attended("某某主持会议") == ["meeting"]
    assert attended("某某见证了仪式") == ["ceremony"]


def test_a_word_reading_takes_one_rule() -> None:
    with pytest.raises(RuleError, match=r"event_cues.tsv:2: a second rule for 'list_end'"):
        parse_cues("list_end\t等\nlist_end\t等等\n", "event_cues.tsv")


def test_docstring_examples_run() -> None:
    import doctest

    import projectradar.events as events_pkg
    from projectradar.events import classify, figures, rules, triggers
    for module in (events_pkg, classify, figures, rules, triggers):
        result = doctest.testmod(module)
        assert result.failed == 0, module.__name__
