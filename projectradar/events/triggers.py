"""Find candidate sentences with one multi-pattern scan, then the trigger hits inside them."""
from __future__ import annotations

import itertools
from dataclasses import dataclass

from .rules import anchors_within, load_triggers, trigger_scanner

__all__ = ["Hit", "candidate_sentences", "find_hits"]


@dataclass
class Hit:
    """A trigger word found in a sentence: its type and span (offsets into the sentence)."""

    type: str
    start: int
    end: int
    weight: float
    text: str


def candidate_sentences(text: str, spans: list[tuple[int, int]]) -> tuple[list[tuple[int, int]], list[int]]:
    """The sentence spans of `text` and the indices of those holding a trigger word.

    One regex alternation of every trigger scans the whole text first; only
    the sentences it touches are parsed further.

    Example:
        >>> spans, hot = candidate_sentences("天气晴。甲县集中签约10个项目。", [(0, 4), (4, 16)])
        >>> [spans[i] for i in hot]
        [(4, 16)]
    """
    positions = [m.start() for m in trigger_scanner().finditer(text)]
    if not positions:
        return spans, []
    hot, j = [], 0
    for i, (start, end) in enumerate(spans):
        while j < len(positions) and positions[j] < start:
            j += 1
        if j < len(positions) and positions[j] < end:
            hot.append(i)
    return spans, hot


# Triggers read in one sentence: a news sentence tells a handful of happenings; thousands
# (a run of 签约 without a full stop) are an attack or a dump, and reading every one would
# make the sentence cost its length times its triggers.
MAX_HITS = 16


def find_hits(sentence: str) -> list[Hit]:
    """Every trigger of data/triggers.tsv in one sentence; a hit inside a longer hit of the
    same type is dropped (集中签约 keeps, its 签约 goes).

    Example:
        >>> [(h.type, h.text) for h in find_hits("甲县举行重点项目集中开工仪式")]
        [('groundbreaking', '集中开工仪式')]
    """
    hits = []
    within = anchors_within()
    present = set()
    for word in trigger_scanner().findall(sentence):
        present |= within[word]
    if not present:
        return []
    for trigger in load_triggers():
        if present.isdisjoint(trigger.anchors):
            continue
        for m in itertools.islice(trigger.pattern.finditer(sentence), 4 * MAX_HITS):
            if m.end() > m.start():
                hits.append(Hit(trigger.type, m.start(), m.end(), trigger.weight, m.group(0)))
    hits.sort(key=lambda h: (h.start, -(h.end - h.start)))
    kept: list[Hit] = []
    last: dict[str, Hit] = {}      # the latest kept hit of each type: hits come sorted by start,
    for hit in hits:               # so only it can overlap the next one of its type
        same = last.get(hit.type)
        if same is None or not (hit.start < same.end and same.start < hit.end):
            kept.append(hit)
            last[hit.type] = hit
            continue
        # overlapping words of one type are one trigger (集中开工仪式 = 集中开工 + 开工仪式)
        same.end = max(same.end, hit.end)
        same.weight = max(same.weight, hit.weight)
        same.text = sentence[same.start:same.end]
    return kept[:MAX_HITS]
