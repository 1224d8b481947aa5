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
              "phase", "not_in", "condition", "slogan", "refer", "joint", "venue", "copula", "descriptor", "ending", "zone",
              "whole", "part", "counted", "batch_count", "phase_word", "route", "lone_unit", "after_name",
              "amount_after_plan", "list_end", "division_end")
_PATTERN_KINDS = ("framing", "capacity", "phase", "counted", "batch_count", "after_name")


class ProjectRules(NamedTuple):
    suffix: re.Pattern[str]           # a project name's last word, not the start of another word
    ends_name: re.Pattern[str]        # a text that ends with a name's last word (…项目$)
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
    slogan: frozenset[str]            # one-character verbs before 项目 in a slogan (抓项目)
    refer: re.Pattern[str]            # words pointing back to an earlier event (本次签约的项目中)
    joint: re.Pattern[str]            # words joining two names (和, 及): a cut only after a name
    venue: re.Pattern[str]            # right after a name: the place of a ceremony (…园区举行)
    copula: re.Pattern[str]           # before a name in its clause: it describes another (该工程是…)
    descriptor: re.Pattern[str]       # in a name or before it in its clause: a description (首个)
    zone: re.Pattern[str]             # the end of a zone's name opening a project's (…园区)
    whole: re.Pattern[str]            # between an amount and a name after it: the amount is a whole's (其中)
    part: re.Pattern[str]             # right before an amount: a phase's, not the project's (首期投资)
    org_tails: tuple[str, ...]
    trades: tuple[str, ...]
    counted: re.Pattern[str]          # a count inside a name (12个, 两大): a batch, no proper name
    batch_count: re.Pattern[str]      # a count before an amount (48个项目总投资…): the amount is the batch's
    phase_word: re.Pattern[str]       # a suffix (or bracket) dropped from a phase: 一期工程 → 一期
    route: frozenset[str]             # right after the places opening a name, a route goes on (张北至胜利)
    lone_unit: frozenset[str]         # a name opening on one of these alone (市…园区) is "the city's", no name
    after_name: re.Pattern[str]       # all between a name and the place it is in (…项目落户甲区)
    amount_after_plan: re.Pattern[str]  # right after a plan word, an amount is told (拟投资): no plan
    list_end: re.Pattern[str]         # closes a list of names (A项目、B项目等): an amount after it is the list's
    division_ends: tuple[str, ...]    # the end of a division's full name (山东省 → 山东)


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
    for kind in ("suffix", "cut", "generic", "plan", "phase", "counted", "batch_count", "phase_word", "route",
                 "lone_unit", "after_name", "amount_after_plan", "list_end", "division_end"):
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
        ends_name=re.compile(f"(?:{suffix}|{_alternation(words['ending']) or '(?!)'})[)）]?$"),
        stages=tuple(stages),
        stage_any=re.compile("|".join(f"(?:{p.pattern})" for _, p in stages)),
        cut=re.compile(_alternation(words["cut"])),
        framing=tuple(patterns["framing"]),
        capacity=tuple(patterns["capacity"]),
        phase=_any_pattern(patterns["phase"]),
        generic=re.compile(_alternation(words["generic"])),
        plan=re.compile(_alternation(words["plan"])),
        not_in=re.compile(_alternation(words["not_in"]) or "(?!)"),
        condition=re.compile(_alternation(words["condition"]) or "(?!)"),
        slogan=frozenset(words["slogan"]),
        refer=re.compile(_alternation(words["refer"]) or "(?!)"),
        joint=re.compile(_alternation(words["joint"]) or "(?!)"),
        venue=re.compile(_alternation(words["venue"]) or "(?!)"),
        descriptor=re.compile(_alternation(words["descriptor"]) or "(?!)"),
        zone=re.compile(_alternation(words["zone"]) or "(?!)"),
        whole=re.compile(_alternation(words["whole"]) or "(?!)"),
        part=re.compile(_alternation(words["part"]) or "(?!)"),
        copula=re.compile(_alternation(words["copula"]) or "(?!)"),
        org_tails=tuple(sorted(words["org_tail"], key=len, reverse=True)),
        trades=tuple(sorted(words["trade"], key=len, reverse=True)),
        counted=_any_pattern(patterns["counted"]),
        batch_count=_any_pattern(patterns["batch_count"]),
        phase_word=re.compile(rf"[（()）]|{_alternation(words['phase_word'])}"),
        route=frozenset(words["route"]),
        lone_unit=frozenset(words["lone_unit"]),
        after_name=_any_pattern(patterns["after_name"]),
        amount_after_plan=re.compile(_alternation(words["amount_after_plan"])),
        list_end=re.compile(_alternation(words["list_end"])),
        division_ends=tuple(words["division_end"]),
    )


def _any_pattern(patterns: list[re.Pattern[str]]) -> re.Pattern[str]:
    """One pattern matching where any of a kind's patterns does."""
    return re.compile("|".join(f"(?:{p.pattern})" for p in patterns))
