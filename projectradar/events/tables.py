"""Breakdowns: one event per place when a sentence or a list splits a total by place."""
from __future__ import annotations

import re

from ..records import Region

__all__ = ["breakdown_items"]

_LEAD = re.compile(r"^[\s“”\"]*(其中|包括|分别为|分别是|分别|含)?[，,：:\s]*")


def breakdown_items(d, state, parent, para, s0: int, s1: int, sentence: str, spans, clause_index: int) -> list:
    """Drafts for the places a total is split into, in the clauses after the parent's
    trigger that hold no trigger of their own: "全省开工120个，其中甲市37个、乙市25个".

    Args:
        d, state: the document and the assembly state (see assemble.py).
        parent: the Draft whose type the items take.
        para, s0, s1: the paragraph and the sentence's span in it.
        sentence, spans: the sentence text and its clause spans.
        clause_index: the clause of the parent's trigger.

    Returns:
        New drafts, one per place with a count or an amount of its own.
    """
    from .assemble import Draft, _level_of_region  # the assembler's own record
    from .figures import is_project_count, money_role
    if parent.region is None:
        return []
    items = []
    # the pieces of the clauses after the trigger, split at 、 as well
    tail_start = spans[clause_index][1]
    pieces = []
    for m in re.finditer(r"[^，,；;、]+", sentence[tail_start:]):
        pieces.append((tail_start + m.start(), tail_start + m.end()))
    for p0, p1 in pieces:
        text = sentence[p0:p1]
        lead = _LEAD.match(text)
        start = p0 + (lead.end() if lead else 0)
        place = next((pl for pl in para.places if pl[0] == s0 + start and pl[3] is not None
                      and pl[4] == "division"), None)
        if place is None:
            continue
        region: Region = place[3]
        if region.adcode == parent.region.adcode or region.level not in ("province", "city", "district"):
            continue
        count = next((c for c in para.counts if s0 + p0 <= c.start < s0 + p1
                      and is_project_count(c, sentence) or (s0 + p0 <= c.start < s0 + p1 and c.noun in ("个", "项"))), None)
        money = next((m for m in para.money if s0 + p0 <= m.start < s0 + p1 and m.currency == "CNY"
                      and money_role(para.text[s0 + p0:m.start]) not in ("output", "delivered", "other", "annual")), None)
        if count is None and money is None:
            continue
        item = Draft(parent.type, parent.types, parent.sentence, parent.paragraph, parent.start, parent.end,
                     parent.weight * 0.9, region=region, region_explicit=True, date=parent.date,
                     date_explicit=parent.date_explicit, breakdown=True, cumulative=parent.cumulative,
                     plan=parent.plan)
        item.count = count.value if count is not None else None
        if money is not None:
            item.money, item.money_qualifier = money.value, money.qualifier
        if item.type == "key_projects":
            item.level = _level_of_region(region)
        items.append(item)
    return items
