"""Industry names (智能制造, 生物医药, 新一代信息技术 ...) found from the table data/sectors.tsv."""
from __future__ import annotations

import functools
import re
from typing import NamedTuple

from projectradar.errors import RuleError
from projectradar.tables import WordTable, load_table
from projectradar.records import SectorMention

__all__ = ["find_sectors", "sector_words", "canonical_sector"]


class _Lexicon(NamedTuple):
    pattern: re.Pattern[str]
    canonical: dict[str, str]
    not_after: tuple[str, ...]            # 旅游局, 金融街: a sector name glued to these is part of another word


@functools.cache
def _lexicon() -> _Lexicon:
    canonical: dict[str, str] = {}
    for row in load_table("sectors.tsv", 2, optional=1):
        name, synonyms = row.cells
        for word in [name] + [w.strip() for w in synonyms.split(",") if w.strip()]:
            if word in canonical and canonical[word] != name:
                raise RuleError(row.path, row.line, f"{word!r} is already a name of {canonical[word]!r}")
            canonical[word] = name
    words = sorted(canonical, key=len, reverse=True)
    not_after = WordTable.load("sector_bounds.tsv", kinds=("not_after",)).words("not_after")
    return _Lexicon(re.compile("|".join(re.escape(w) for w in words)), canonical, not_after)


def sector_words() -> list[str]:
    """Every name and synonym in the table, longest first."""
    return sorted(_lexicon().canonical, key=len, reverse=True)


def canonical_sector(word: str) -> str | None:
    """The canonical name of a sector word: ``canonical_sector("文旅") == "文化旅游"``."""
    return _lexicon().canonical.get(word)


def find_sectors(text: str) -> list[SectorMention]:
    """Every industry name in ``text``, reported by its canonical name.

    Args:
        text: normalized (simplified) text.

    Returns:
        SectorMention list in order; ``name`` is the canonical name of the table
        (文旅 → 文化旅游), ``text`` the words as written.

    >>> [s.name for s in find_sectors("涵盖高端装备、生物医药、文旅等领域")]
    ['高端装备', '生物医药', '文化旅游']
    """
    if not text:
        return []
    lexicon = _lexicon()
    found: list[SectorMention] = []
    for m in lexicon.pattern.finditer(text):
        if text.startswith(lexicon.not_after, m.end()):
            continue
        word = m.group()
        if word.isascii() and ((m.start() and text[m.start() - 1].isascii() and text[m.start() - 1].isalnum())
                               or (m.end() < len(text) and text[m.end()].isascii() and text[m.end()].isalnum())):
            continue                      # AI inside MAIN or SAIC is no sector
        found.append(SectorMention(start=m.start(), end=m.end(), text=m.group(),
                                   name=lexicon.canonical[m.group()]))
    return found
