"""Read the cues around a trigger: negative, target, plan, cumulative, level, related."""
from __future__ import annotations

import bisect
import re
from typing import NamedTuple

from ..regions.table import MUNICIPALITIES
from ..text import CLAUSE_WINDOW
from .rules import cue, cue_patterns
from .triggers import Hit

__all__ = ["clauses", "has_cue", "level_cue", "is_related", "filter_hits", "TriggerUnit", "group_units", "clause_of"]

_CLAUSE_BREAK = re.compile(r"[，,：:；;]")


def clauses(sentence: str) -> list[tuple[int, int]]:
    """Clause spans of a sentence, split after ，：； (the breaks stay with the left clause).

    Example:
        >>> clauses("甲县开工10个，总投资5亿元")
        [(0, 8), (8, 14)]
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


# ---------------------------------------------------------------- which hits make events
_QUOTED = re.compile(r"“[^”]*”")


def filter_hits(sentence: str, hits: list[Hit]) -> list[Hit]:
    """Drop hits a negative cue vetoes, meetings that are really the ceremony of a signing
    or start, and meetings mentioned in passing inside a trip sentence."""
    spans = clauses(sentence)
    out = []
    happening_clauses = set()
    for hit in hits:
        if hit.type in ("signing", "groundbreaking", "completion"):
            happening_clauses.add(clause_of(spans, hit.start))
    has_trip = any(h.type == "investment_trip" for h in hits)
    sentence_negative = has_cue("negative_sentence", sentence)
    context = {kind: bool(has_cue(f"context:{kind}", sentence))
               for kind in ("award", "meeting", "target", "completion", "investment_trip")}
    for hit in hits:
        if hit.type == "key_projects" and clause_of(spans, hit.start) in happening_clauses:
            continue    # 首批266个重大项目开工建设: the list is the subject of a start
        if sentence_negative and hit.type in ("signing", "groundbreaking", "completion"):
            continue
        if hit.type in ("signing", "groundbreaking", "completion") \
                and any(m.type == "meeting" and m.start >= hit.end and not cue("joined_by").search(sentence, hit.end, m.start)
                        and cue("projects_after").search(sentence[hit.start:m.start])
                        and clause_of(spans, m.start) == clause_of(spans, hit.start) for m in hits):
            continue    # 签约项目落地推进会 / 开工项目调度会: a meeting about those projects, no signing
        if hit.type in context and not context[hit.type]:
            continue    # a film award or a party meeting: not investment work
        c0, c1 = spans[clause_of(spans, hit.start)]
        # a clause is read in a window around its trigger: a "clause" of megabytes without a
        # comma (an attack, a dump) must not be read again for every trigger in it
        c0, c1 = max(c0, hit.start - CLAUSE_WINDOW), min(c1, hit.end + CLAUSE_WINDOW)
        named = _meeting_named_for(sentence, spans, hit, hits) if hit.type == "meeting" else None
        # a meeting named after its start (集中开工复工动员大会): the words of its name veto nothing
        near = sentence[max(c0, named) if named is not None else max(c0, hit.start - 8):min(c1, hit.end + 6)]
        if has_cue("negative", near) or has_cue(f"negative:{hit.type}", sentence[c0:hit.end]) \
                or (hit.type in ("signing", "groundbreaking", "completion")
                    and has_cue("negative_left", _QUOTED.sub("", sentence[c0:hit.start]))):
            continue
        if hit.type == "completion" and hit.weight < 0.8 and not cue("works_before").search(sentence[c0:hit.start]):
            continue    # 12台数控机床投入使用: machines, not a project
        if hit.type == "signing" and has_cue("negative", sentence[c0:c1]) and cue("intent_word").search(sentence, c0, c1):
            continue
        if hit.type == "meeting" and (clause_of(spans, hit.start) in happening_clauses or has_trip) \
                and named is None:
            continue
        if hit.type == "signing" and (cue("amount_word").match(sentence, hit.end) or cue("amount_word").search(hit.text)) \
                and any(h.type == "signing" and h.end <= hit.start for h in out):
            continue    # 集中签约项目40个，签约金额320亿元: the amount of the signing told, no second one
        if hit.type in ("groundbreaking", "completion") and cue("progress_rate").search(sentence):
            continue    # 开工12个，开工率71% / 33个新开工项目进度为10.5%: how far a list has got, no ceremony
        if hit.type == "key_projects" and has_cue("progress", sentence[c0:c1]):
            continue    # 152个重点项目累计完成投资268亿元: a progress report, not a list
        if hit.type in ("completion", "signing", "meeting", "award") \
                and has_cue("plan", sentence[max(c0, hit.start - 10):hit.start]) \
                and not cue("planned_batch").search(sentence[max(c0, hit.start - 3):hit.end]):
            continue    # 计划于2030年竣工投产: a plan, not a happening (计划新签约项目40个 is a goal: kept)
        if hit.type == "target" and cue("annual_of_projects").search(hit.text) \
                and cue("projects_counted_before").search(sentence[max(0, hit.start - 30):hit.start]):
            continue    # 开工项目290个，今年计划完成投资39亿元: the batch's annual investment, no goal
        if has_cue("reference", sentence[c0:hit.start]) or cue("afterwards").match(sentence, hit.end):
            continue    # 继…推进会后 / 贯彻落实…动员大会要求: a meeting named, not held
        out.append(hit)
    outside = [h for h in out if not _in_brackets(sentence, h.start)]
    return outside if outside else out


def _in_brackets(sentence: str, pos: int) -> bool:
    """True when `pos` sits inside a bracketed aside: “投产一批”项目1033个，（由前期开工项目转化）
    names the start in passing; the sentence's event is the one outside the brackets."""
    left = sentence[:pos]
    return left.count("（") + left.count("(") > left.count("）") + left.count(")")


def _meeting_named_for(sentence: str, spans, hit: Hit, hits: list[Hit]) -> int | None:
    """Where the meeting's own word starts (动员, 推进) when a mobilising or progress meeting is
    named after the start or signing it launches (集中开工动员大会, 集中开工暨现场推进会): both
    are told, the meeting and the start. None when it is not."""
    named = cue("named_meeting").search(hit.text)
    if not named:
        return None
    at = hit.start + named.start()
    clause = clause_of(spans, hit.start)
    if any(h.type in ("signing", "groundbreaking", "completion") and clause_of(spans, h.start) == clause
           and (h.end <= at
                # 招商引资推进会暨项目签约仪式: the meeting joined to the ceremony by 暨
                or (h.start >= hit.end and cue("joined_to").match(sentence[hit.end:h.start])))
           for h in hits):
        return at
    return None


def clause_of(spans: list[tuple[int, int]], pos: int) -> int:
    """Index of the clause span holding `pos` (the last clause when past the end)."""
    i = bisect.bisect_right(spans, (pos, float("inf"))) - 1
    if 0 <= i < len(spans) and spans[i][0] <= pos < spans[i][1]:
        return i
    return len(spans) - 1


class TriggerUnit(NamedTuple):
    """The trigger words of a sentence that tell one event: the words, the clause of the
    first (an index into the sentence's clauses) and the event types they name (several
    for an umbrella unit)."""
    hits: list[Hit]
    clause_index: int
    types: tuple[str, ...]


def group_units(sentence: str, hits: list[Hit], spans) -> list[TriggerUnit]:
    """Group a sentence's hits into event units: hits of one type in one sentence are one
    event unless figures sit between them; adjacent hits of different types (开工、竣工、签约)
    are one umbrella unit."""
    units: list[TriggerUnit] = []
    for hit in hits:
        clause = clause_of(spans, hit.start)
        if units:
            last = units[-1]
            gap = sentence[last.hits[-1].end:hit.start]
            if hit.type in last.types and clause == clause_of(spans, last.hits[-1].start) \
                    and not cue("figure").search(gap):
                last.hits.append(hit)
                continue
            if clause == last.clause_index and cue("umbrella_gap").match(gap) and hit.type not in last.types \
                    and "target" not in last.types and hit.type != "target" \
                    and {hit.type, *last.types} <= {"signing", "groundbreaking", "completion"}:
                last.hits.append(hit)
                units[-1] = last._replace(types=last.types + (hit.type,))
                continue
        units.append(TriggerUnit([hit], clause, (hit.type,)))
    return units
