"""Sectors from data/sectors.tsv, reported by canonical name."""
from __future__ import annotations

import doctest
import time

import pytest

from projectradar.mentions.sectors import canonical_sector, find_sectors, sector_words

from fixtures.rule_tables import table_reads


def test_canonical_names_in_order():
    text = "项目涵盖能源互联、科创金融、医养健康及中央活力区重点产业"
    assert [s.name for s in find_sectors(text)] == ["能源互联", "科创金融", "医养健康"]


def test_synonyms_map_to_canonical():
    text = "聚焦文旅、集成电路、半导体、新一代信息技术和生物医药"
    found = find_sectors(text)
    assert [(s.text, s.name) for s in found] == [
        ("文旅", "文化旅游"), ("集成电路", "集成电路"), ("半导体", "集成电路"),
        ("新一代信息技术", "新一代信息技术"), ("生物医药", "生物医药")]
    for s in found:
        assert text[s.start:s.end] == s.text


def test_longest_name_wins():
    assert [s.name for s in find_sectors("新能源汽车")] == ["新能源汽车"]
    assert [s.name for s in find_sectors("高端装备制造业")] == ["高端装备"]


def test_offices_are_not_sectors():
    assert find_sectors("市文化和旅游局") == []


def test_latin_names_need_word_edges():
    assert [s.name for s in find_sectors("SAIC与AI大模型")] == ["人工智能", "人工智能"]
    assert find_sectors("MAIN") == []


def test_generic_words_are_not_sectors():
    assert find_sectors("开展主题教育，推进乡村振兴") == []


def test_table_lookups():
    assert canonical_sector("康养") == "医养健康"
    assert canonical_sector("钢铁冶炼厂") is None
    words = sector_words()
    assert len(words) > 100 and len(words[0]) >= len(words[-1])


def test_speed():
    text = "围绕医养健康、智能制造、商务会展、文化旅游、优化提升产业园区等领域开展招商"
    began = time.perf_counter()
    for _ in range(10000):
        find_sectors(text)
    assert 10000 / (time.perf_counter() - began) > 10000


def test_docstring_examples():
    from projectradar.mentions import sectors
    for module in (sectors,):
        result = doctest.testmod(module)
        assert result.failed == 0 and result.attempted > 0, module.__name__


def test_a_sector_name_inside_a_longer_word_is_none():
    # not_after of sector_bounds.tsv: a street, a department
    assert find_sectors("金融街") == [] and find_sectors("文化旅游部门") == []
    assert [s.name for s in find_sectors("文化旅游产业")] == ["文化旅游"]


def test_a_bad_sector_bounds_line_names_file_and_line(monkeypatch):
    from projectradar import tables
    from projectradar.errors import RuleError
    from projectradar.mentions import sectors

    with table_reads(monkeypatch, "sector_bounds.tsv", "# header\nnot_afer\t局\n", [tables], [sectors._lexicon]):
        with pytest.raises(RuleError, match=r"sector_bounds\.tsv:2: unknown kind 'not_afer'"):
            sectors._lexicon()
