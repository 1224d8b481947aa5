"""The rule tables of the 项目库: stage words (data/project_stages.tsv) and the words that
tell and frame a project's name (data/project_words.tsv), read and checked once."""
from __future__ import annotations

import functools
import re
from typing import NamedTuple

from ..errors import RuleError
from ..records import PROJECT_STAGES
from ..tables import load_table

__all__ = ["ProjectRules", "rules", "WORD_KINDS"]

WORD_KINDS = ("suffix", "not_after", "cut", "framing", "capacity", "generic", "plan", "org_tail", "trade",
              "phase", "not_in", "condition")
_PATTERN_KINDS = ("framing", "capacity", "phase")


class ProjectRules(NamedTuple):
    suffix: re.Pattern[str]           # a project name's last word, not the start of another word
    stages: tuple[tuple[str, re.Pattern[str]], ...]
    stage_any: re.Pattern[str]        # any stage word (one scan of a sentence)
    cut: re.Pattern[str]
    framing: tuple[re.Pattern[str], ...]
    capacity: tuple[re.Pattern[str], ...]
    phase: re.Pattern[str]
    generic: re.Pattern[str]
    plan: re.Pattern[str]
    not_in: re.Pattern[str]
    condition: re.Pattern[str]        # right after a stage word: a condition (投产后)
    org_tails: tuple[str, ...]
    trades: tuple[str, ...]


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


def _compile(pattern: str, path: str, line: int) -> re.Pattern[str]:
    try:
        return re.compile(pattern)
    except re.error as err:
        raise RuleError(path, line, f"bad pattern {pattern!r}: {err}") from err


@functools.cache
def rules() -> ProjectRules:
    """The 项目库's rules; RuleError naming file and line for a bad one."""
    words: dict[str, list[str]] = {k: [] for k in WORD_KINDS}
    patterns: dict[str, list[re.Pattern[str]]] = {k: [] for k in _PATTERN_KINDS}
    for row in load_table("project_words.tsv", 2):
        kind, word = row.cells
        if kind not in words:
            raise RuleError(row.path, row.line, f"kind {kind!r} is not one of {WORD_KINDS}")
        if kind in patterns:
            patterns[kind].append(_compile(word, row.path, row.line))
        words[kind].append(word)
    for kind in ("suffix", "cut", "generic", "plan", "phase"):
        if not words[kind]:
            raise RuleError(load_table("project_words.tsv", 2)[0].path, 0, f"no {kind!r} words")
    stages = []
    for row in load_table("project_stages.tsv", 2):
        stage, pattern = row.cells
        if stage not in PROJECT_STAGES:
            raise RuleError(row.path, row.line, f"stage {stage!r} is not one of {PROJECT_STAGES}")
        stages.append((stage, _compile(pattern, row.path, row.line)))
    not_after = _alternation(w for w in words["not_after"])
    suffix = f"(?:{_alternation(words['suffix'])})"
    # a suffix that is the start of a not_after word (工程师) is no suffix
    suffix_re = re.compile(rf"(?!{not_after}){suffix}" if not_after else suffix)
    return ProjectRules(
        suffix=suffix_re,
        stages=tuple(stages),
        stage_any=re.compile("|".join(f"(?:{p.pattern})" for _, p in stages)),
        cut=re.compile(_alternation(words["cut"])),
        framing=tuple(patterns["framing"]),
        capacity=tuple(patterns["capacity"]),
        phase=re.compile("|".join(f"(?:{p.pattern})" for p in patterns["phase"])),
        generic=re.compile(_alternation(words["generic"])),
        plan=re.compile(_alternation(words["plan"])),
        not_in=re.compile(_alternation(words["not_in"]) or "(?!)"),
        condition=re.compile(_alternation(words["condition"]) or "(?!)"),
        org_tails=tuple(sorted(words["org_tail"], key=len, reverse=True)),
        trades=tuple(sorted(words["trade"], key=len, reverse=True)),
    )
