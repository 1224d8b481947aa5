"""Read the cues around a trigger: negative, target, plan, cumulative, level, related."""
from __future__ import annotations

import re

from .rules import cue_patterns

__all__ = ["clauses", "has_cue", "level_cue", "is_related", "MUNICIPALITIES"]

# 北京, 天津, 上海, 重庆: their 市级 lists are provincial
MUNICIPALITIES = ("11", "12", "31", "50")

_CLAUSE_BREAK = re.compile(r"[，,：:；;]")


def clauses(sentence: str) -> list[tuple[int, int]]:
    """Clause spans of a sentence, split after ，：； (the breaks stay with the left clause).

    Example:
        >>> clauses("甲县开工10个，总投资5亿元")
        [(0, 7), (7, 13)]
    """
    spans, start = [], 0
    for m in _CLAUSE_BREAK.finditer(sentence):
        spans.append((start, m.end()))
        start = m.end()
    if start < len(sentence):
        spans.append((start, len(sentence)))
    return spans or [(0, len(sentence))]


def has_cue(label: str, text: str) -> re.Match | None:
    """The first match of any cue labelled `label` (negative, target, ...) in `text`."""
    pattern = cue_patterns().get(label)
    return pattern.search(text) if pattern is not None else None


def level_cue(text: str, adcode: str | None = None) -> str | None:
    """The key-project level a clause names (省级 → provincial), 市级 in a municipality
    being provincial; None when the clause names none.

    Example:
        >>> level_cue("10个项目列入省级重点项目")
        'provincial'
        >>> level_cue("市级重点项目120个", "500000")
        'provincial'
    """
    best = None
    for level in ("national", "provincial", "city", "district"):
        m = has_cue(f"level:{level}", text)
        if m and (best is None or m.start() > best[1]):
            best = (level, m.start())
    if best is None:
        return None
    if best[0] == "city" and adcode and adcode[:2] in MUNICIPALITIES:
        return "provincial"
    return best[0]


def is_related(sentence: str) -> bool:
    """True when a sentence goes on about the event just told (会上, 此次, 本次 ...)."""
    return bool(has_cue("related", sentence.lstrip("“”\"‘’ 　")))
