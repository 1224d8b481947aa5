"""The event rule tables: they load, and a bad line fails loudly with file:line."""
from __future__ import annotations

import pytest

from projectradar.errors import RuleError
from projectradar.events.classify import level_cue
from projectradar.events.rules import load_cues, load_triggers, parse_cues, parse_triggers, trigger_scanner
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


def test_docstring_examples_run() -> None:
    import doctest

    import projectradar.events as events_pkg
    from projectradar.events import classify, figures, rules, triggers
    for module in (events_pkg, classify, figures, rules, triggers):
        result = doctest.testmod(module)
        assert result.failed == 0, module.__name__
