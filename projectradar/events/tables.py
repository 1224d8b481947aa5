"""Breakdowns: one event per place when a sentence or a list splits a total by place."""
from __future__ import annotations

import re

from ..records import CountMention, DateSpan, Person, Region
from ..units import yuan_scale, yuan_units
from .classify import filter_hits, has_cue
from .document import Draft
from .figures import is_project_count, sentence_view, usable_money
from .places import level_of_region, nested
from .when import year_span
from .rules import cue
from .triggers import find_hits

__all__ = ["breakdown_items", "table_drafts", "place_lines", "place_runs", "list_lines", "trip_lines"]


def _place_share(parent, index: int, start: int, end: int, region, count, money, annual) -> Draft:
    """One place's share of the event `parent` (rule 6): its own region, count and money, the
    parent's type, day and list level."""
    item = Draft(parent.type, parent.types, parent.sentence, index, start, end, parent.weight * 0.85,
                 region=region, region_explicit=True, date=parent.date,
                 date_explicit=parent.date_explicit, breakdown=True, plan=parent.plan)
    item.count = count
    if money is not None:
        item.money, item.money_qualifier = money.value, money.qualifier
    if annual is not None and parent.type in ("groundbreaking", "key_projects"):
        item.annual = annual.value
    if item.type == "key_projects":
        item.level = parent.level or level_of_region(parent.region)
    return item


def breakdown_items(d, state, parent, para, s0: int, s1: int, sentence: str, spans, clause_index: int) -> list:
    """Drafts for the places a total is split into, in the clauses after the parent's
    trigger that hold no trigger of their own: "全省开工120个，其中甲市37个、乙市25个".

    Args:
        d, state: the document and the assembly state (see assemble.py).
        parent: the Draft whose type the items take.
        para, s0, s1: the paragraph and the sentence's span in it.
        sentence, spans: the sentence text and its clause spans.
        clause_index: the clause of the parent's trigger; -1 for a sentence of its own
            that goes on after the parent's (其中，甲市37个、乙市25个).

    Returns:
        New drafts, one per place with a count or an amount of its own.
    """
    if parent.region is None:
        return []
    items = []
    # the pieces of the clauses after the trigger (all of a 其中 sentence), split at 、 as well
    tail_start = spans[clause_index][1] if clause_index >= 0 else 0
    pieces = []
    for m in re.finditer(r"[^，,；;、]+", sentence[tail_start:]):
        pieces.append((tail_start + m.start(), tail_start + m.end()))
    for p0, p1 in pieces:
        text = sentence[p0:p1]
        if cue("list_end").search(text):
            continue    # 新疆、甘肃、江西等9省区: a list, not one place's figure
        lead = cue("piece_lead").match(text)
        start = p0 + (lead.end() if lead else 0)
        place = next((pl for pl in para.places if pl.start == s0 + start and pl.region is not None
                      and pl.kind == "division"), None)
        if place is None:
            continue
        region: Region = place.region
        if region.adcode == parent.region.adcode or region.level not in ("province", "city", "district") \
                or cue("origin_after").match(para.text, place.end):
            continue    # 其中，香港地区投资项目13个: where the investors come from, not a place's share
        count = next((c for c in para.counts if s0 + p0 <= c.start < s0 + p1
                      and is_project_count(c, sentence_view(para.text, s0, s1)) or (s0 + p0 <= c.start < s0 + p1 and cue("bare_classifier").fullmatch(c.noun))), None)
        money = next((m for m in para.money if s0 + p0 <= m.start < s0 + p1 and m.currency == "CNY"
                      and m.role not in ("output", "delivered", "other", "annual")), None)
        if count is None:
            bare = cue("piece_count").search(text)
            if bare:
                count = CountMention(s0 + p0 + bare.start(1), s0 + p0 + bare.end(), bare.group(0),
                                     value=int(bare.group(1)), noun=bare.group(3))
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
            # 兰州市有76个项目列入 (a province's list): the city's share keeps the list's level
            item.level = parent.level or level_of_region(parent.region)
        items.append(item)
    return items


# ---------------------------------------------------------------- tables of places
_CELL_SPLIT = re.compile(r"\s*[|\t]\s*|\s{2,}")
# the event types a header may name, in the order they are tried (its words: header:<type> in event_cues.tsv)
_HEADER_TYPES = ("groundbreaking", "completion", "signing", "key_projects")
_MONEY_CELL = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(\S*?)\s*$")


def _cell_count(cell: str) -> int | None:
    """A count cell: 12 or 12个 / 12项."""
    m = cue("count_cell").match(cell)
    return int(m.group(1)) if m else None


def _cell_money(cell: str, scale: float | None) -> float | None:
    """A money cell in yuan: a bare number times the header's unit, or a number with its own
    unit (56亿元); None when neither gives a unit."""
    m = _MONEY_CELL.match(cell)
    if not m:
        return None
    unit = yuan_scale(m.group(2)) if m.group(2) else scale
    return float(m.group(1)) * unit if unit is not None else None


def _header_columns(cells: list[str]) -> dict | None:
    """Read a header row: which column holds the place, the count, the total and the
    annual amount, and the event type its words name. None when it is no such header."""
    columns: dict = {"place": 0}
    kind = None
    for i, cell in enumerate(cells):
        for name in _HEADER_TYPES:
            if kind is None and cue(f"header:{name}").search(cell):
                kind = name
        unit = next((u for u in yuan_units() if u in cell), None)
        if i > 0 and cue("header:amount").search(cell):
            # without a unit in the header, each cell must carry its own (56亿元)
            role = "annual" if cue("header:annual").search(cell) else "money"
            columns.setdefault(role, (i, yuan_scale(unit) if unit else None))
        elif cue("header:count").search(cell):
            columns.setdefault("count", i)
        elif i > 0 and cue("header:place").fullmatch(cell):
            columns["place"] = i
    if "count" not in columns and "money" not in columns:
        return None
    columns["type"] = kind
    columns["width"] = len(cells)
    return columns


def _cells(line: str) -> list[str]:
    """The cells of a table line: split at | or tabs; a line without them (normalized text
    keeps one space between aligned columns: 郑州市 186 1320) splits at single spaces."""
    line = line.strip()
    if "|" in line or "\t" in line:
        return [c for c in _CELL_SPLIT.split(line) if c]
    return [c for c in line.split(" ") if c] if " " in line and len(line) <= 80 else [line]


def _cell_figures(header: dict, cells: list[str]) -> dict:
    """{count, money, annual} read from a row's cells by the header's columns."""
    out: dict = {}
    count_col = header.get("count")
    if count_col is not None and count_col < len(cells) and _cell_count(cells[count_col]) is not None:
        out["count"] = _cell_count(cells[count_col])
    for role in ("money", "annual"):
        col = header.get(role)
        if col and col[0] < len(cells):
            amount = _cell_money(cells[col[0]], col[1])
            if amount is not None:
                out[role] = amount
    return out


def _fill_from_total(state, header: dict, cells: list[str], start: int) -> None:
    """A table's total row gives the event told before the table the figures it left open."""
    kind = header["type"]
    parent = next((x for x in reversed(state.drafts) if x.start < start and (kind is None or x.type == kind)), None)
    if parent is None:
        return
    figures = _cell_figures(header, cells)
    if parent.count is None and "count" in figures:
        parent.count = figures["count"]
    if parent.money is None and "money" in figures:
        parent.money, parent.money_qualifier = figures["money"], "exact"
    if parent.annual is None and "annual" in figures and parent.type in ("groundbreaking", "key_projects"):
        parent.annual = figures["annual"]


def table_drafts(d, state) -> list:
    """Drafts for the rows of a table of places (设区市 | 开工项目(个) | 总投资(亿元)),
    one event per place with its own code; the type comes from the header, else from
    the event told just before the table.

    Args:
        d: the document being assembled (document.DocView).
        state: the assembly state, whose drafts give the type and date before a table.

    Returns:
        New drafts, one per row whose first cell is a place.
    """
    if "|" not in d.text and "\t" not in d.text and " " not in d.text:
        return []
    out = []
    spans = d.paragraph_spans
    header = None
    for index, (start, end) in enumerate(spans):
        line = d.text[start:end]
        cells = _cells(line)
        if len(cells) < 2:
            header = None
            continue
        columns = _header_columns(cells)
        if columns is not None:
            header = columns
            continue
        if header is None:
            continue
        if len(cells) < header["width"]:
            # an empty leading cell (no 序号 on the 合计 row) was dropped: the numbers are at the end
            cells = [""] * (header["width"] - len(cells)) + cells
        place_text = cells[header["place"]] if header["place"] < len(cells) else ""
        if cue("total_row").match(place_text.strip()):
            _fill_from_total(state, header, cells, start)
            continue    # 合计 | 28 | 664500: the event told before the table, not a place
        at = line.find(place_text)
        place = next((p for p in d.paragraph(index).places if p.start >= at), None)
        if place is None or place.start != at or place.text != place_text.strip():
            continue    # a project's name (宜宾新材料产业园项目), not a place's row
        region = place.region
        if region is None or region.level not in ("province", "city", "district"):
            continue
        before = [x for x in state.drafts if x.start < start]
        kind = header["type"] or (before[-1].type if before else None)
        if kind is None:
            continue
        # a sentence that only announces the table (各县市开工情况如下) has no day of its own:
        # the rows take the day of the event of that type told before it
        parent = next((x for x in reversed(before) if x.type == kind and x.date is not None), None) \
            or next((x for x in reversed(before) if x.type == kind), None)
        draft = Draft(kind, (kind,), len(d.spans), index, start, end, 0.75, region=region,
                      region_explicit=True, breakdown=True)
        if parent is not None:
            draft.date, draft.date_explicit = parent.date, parent.date_explicit
        figures = _cell_figures(header, cells)
        draft.count = figures.get("count")
        if "money" in figures:
            draft.money, draft.money_qualifier = figures["money"], "exact"
        if "annual" in figures and kind in ("groundbreaking", "key_projects"):
            draft.annual = figures["annual"]
        if kind == "key_projects":
            # the rows of a province's list keep the list's level (省重点项目 by city: provincial)
            draft.level = (parent.level if parent is not None else None) or level_of_region(region)
        if draft.has_figures():
            out.append(draft)
    return out


# ---------------------------------------------------------------- lines of places
# a line's bullet or section number (（一）, 3., ◆): numerals and marks only, the line's structure
_BULLET = re.compile(r"^[\s“”\"]*(?:[（(]?[\d一二三四五六七八九十]{1,2}[)）.、．]\s*)?[—\-◆●·•▲■□○\s]*")
_PLACE_LINE_TYPES = ("signing", "groundbreaking", "completion", "key_projects")


def _share_money(money: list, lo: int, hi: int, kind: str):
    """(the total amount, the year's planned amount) of a place's share told in [lo, hi)."""
    total = annual = None
    for m in money:
        if not (lo <= m.start < hi) or m.currency != "CNY" or not usable_money(m):
            continue
        role = m.role
        if role == "annual" or role == "planned" and kind == "key_projects":
            annual = annual if annual is not None else m
        elif role in (None, "total", "signed", "planned") and total is None:
            total = m
    return total, annual


def place_runs(d, state) -> list:
    """Drafts for a run of places' shares told one after another after a by-place lead
    (分县市区看，甲区22个，总投资23亿元；乙县16个，总投资6亿元；…): one event per place, of
    the type, day and level of the event told last before the run, whose place holds them all.

    Args:
        d, state: the document and the assembly state (see assemble.py).

    Returns:
        New drafts, one per place of the run.
    """
    out = []
    for index, (p_start, p_end) in enumerate(d.paragraph_spans):
        text = d.text[p_start:p_end]
        lead = cue("by_place").search(text)
        if not lead:
            continue
        parent = next((x for x in reversed(state.drafts) if x.type in _PLACE_LINE_TYPES and x.region is not None
                       and not x.breakdown and not x.cumulative and x.has_figures()
                       and (0 < index - x.paragraph <= 2 or x.paragraph == index and x.start < p_start + lead.start())),
                      None)
        if parent is None:
            continue
        para = d.paragraph(index)
        told = {x.region.adcode for x in state.drafts if x.paragraph == index and x.region is not None}
        for piece in re.finditer(r"[^；;。\n]+", text[lead.end():]):
            p0, p1 = lead.end() + piece.start(), lead.end() + piece.end()
            at = p0 + len(text[p0:p1]) - len(text[p0:p1].lstrip(" 　，,：:"))
            place = next((pl for pl in para.places if pl.start == at and pl.region is not None
                          and pl.kind == "division"), None)
            if place is None:
                continue        # 其中，某产业园项目13个: a zone without a code of its own
            region = place.region
            if region.level not in ("province", "city", "district") or region.adcode == parent.region.adcode \
                    or not nested(region, parent.region):
                break
            bare = cue("piece_count").search(text, p0, p1)
            money, annual = _share_money(para.money, p0, p1, parent.type)
            if bare is None and money is None:
                break
            if region.adcode in told:
                continue
            out.append(_place_share(parent, index, p_start + p0, p_start + p1, region,
                                    int(bare.group(1)) if bare is not None else None, money, annual))
            told.add(region.adcode)
    return out


def place_lines(d, state) -> list:
    """Drafts for the lines after an event that each give one place's share of it, with no
    trigger of their own ("合肥市：项目215个，总投资812亿元。" under a province's start):
    one event per line with the line's place, figures, and the event's type, day and level.

    Args:
        d, state: the document and the assembly state (see assemble.py).

    Returns:
        New drafts, one per place line.
    """
    out = []
    done: set[int] = set()
    for parent in list(state.drafts):
        if parent.type not in _PLACE_LINE_TYPES or parent.region is None or parent.breakdown \
                or parent.cumulative or parent.paragraph in done:
            continue
        index = parent.paragraph + 1
        intro_seen = False
        while index < len(d.paragraph_spans):
            start, end = d.paragraph_spans[index]
            line = d.text[start:end]
            if not line.strip():
                index += 1
                continue
            if filter_hits(line, find_hits(line)) and not intro_seen and cue("intro_line").search(line) \
                    and not re.search(r"\d", line):
                intro_seen = True       # 各市开工情况如下：
                index += 1
                continue
            if filter_hits(line, find_hits(line)):
                break                   # a line with its own trigger is read as a sentence
            if not intro_seen and cue("intro_line").search(line) and len(line) <= 30:
                intro_seen = True
                index += 1
                continue
            para = d.paragraph(index)
            lead = _BULLET.match(line)
            at = lead.end() if lead else 0
            place = next((pl for pl in para.places if pl.start == at and pl.region is not None
                          and pl.kind == "division"), None)
            if place is None or place.region.level not in ("province", "city", "district") \
                    or place.region.adcode == parent.region.adcode or not nested(place.region, parent.region):
                break
            view = sentence_view(para.text, 0, len(para.text))
            count = next((c for c in para.counts if is_project_count(c, view)
                          or cue("bare_classifier").fullmatch(c.noun) and cue("project_word").search(line)), None)
            money, annual = _share_money(para.money, 0, len(para.text), parent.type)
            row_count = None
            if count is None and ("|" in line or "\t" in line):
                # 昌吉市 | 12个 | 56亿元: a row's bare count cell under a projects' event
                row_count = next((n for n in map(_cell_count, _cells(line)[1:]) if n is not None), None)
            if count is None and money is None and row_count is None:
                break
            out.append(_place_share(parent, index, start, end, place.region,
                                    count.value if count is not None else row_count, money, annual))
            done.add(parent.paragraph)
            index += 1
    return out


def list_lines(d, state) -> list:
    """Drafts for the lines of a progress report that give each place's share of a key-project
    list told before ("——按属地分：" then "甲旗21个，年度计划投资58亿元，开工12个，…"): one list
    per place line with the count written right after the place and the figures told before the
    line goes on to what has been started or done. Lines of sectors in between are passed over;
    a long paragraph or a list of its own ends the run.

    Args:
        d, state: the document and the assembly state (see assemble.py).

    Returns:
        New key-project drafts, one per place line.
    """
    out = []
    for parent in [x for x in state.drafts if x.type == "key_projects"]:
        if parent.region is None or parent.breakdown or parent.cumulative or parent.count is None:
            continue
        told = {x.region.adcode for x in state.drafts + out if x.type == "key_projects" and x.region is not None}
        for index in range(parent.paragraph + 1, min(parent.paragraph + _LIST_LINES_MAX, len(d.paragraph_spans))):
            start, end = d.paragraph_spans[index]
            line = d.text[start:end]
            if len(line.strip()) > _LIST_LINE_LONGEST:
                break                   # prose again: the run is over
            hits = filter_hits(line, find_hits(line))
            if any(h.type == "key_projects" for h in hits):
                break                   # a list of its own
            lead = _BULLET.match(line)
            at = lead.end() if lead else 0
            para = d.paragraph(index)
            place = next((pl for pl in para.places if pl.start == at and pl.region is not None
                          and pl.kind == "division"), None)
            if place is None:
                continue                # 农牧林水项目9个: a sector's line
            region = place.region
            count = cue("piece_count").match(line, place.end)
            if count is None or region.level not in ("province", "city", "district") \
                    or region.adcode == parent.region.adcode or not nested(region, parent.region):
                continue
            cut = min([h.start for h in hits if h.type != "key_projects"]
                      + [m.start() for m in [has_cue("progress", line)] if m] + [len(line)])
            money, annual = _share_money(para.money, count.end(), cut, "key_projects")
            if region.adcode in told:
                continue
            item = Draft("key_projects", ("key_projects",), parent.sentence, index, start, end, parent.weight * 0.85,
                         region=region, region_explicit=True, date=parent.date,
                         date_explicit=parent.date_explicit, breakdown=True, plan=parent.plan)
            item.count = int(count.group(1))
            if money is not None:
                item.money, item.money_qualifier = money.value, money.qualifier
            if annual is not None:
                item.annual = annual.value
            item.level = parent.level or level_of_region(parent.region)
            out.append(item)
            told.add(region.adcode)
    return out


_LIST_LINES_MAX = 30        # paragraphs after a list read for its places' lines
_LIST_LINE_LONGEST = 120    # characters: a longer paragraph is prose, not a line of a report


# ---------------------------------------------------------------- lists of leaders' trips
def trip_lines(d, state) -> list:
    """Drafts for a list of leaders' trips told one line each after a line that introduces
    them (带队赴甲市招商的各地领导包括：), e.g. "乙市市长某某（5月3日至4日，行程包括丙市）":
    one trip per line, of the place whose leader went, on the line's days, to the intro's
    destination and the places the line adds (行程包括…). Lines of a bare province name
    between the groups are skipped; the list ends at the first other line.

    Args:
        d, state: the document and the assembly state (see assemble.py).

    Returns:
        New drafts, one per leader's line.
    """
    out = []
    spans = d.paragraph_spans
    for index, (start, end) in enumerate(spans):
        intro = cue("trip_list_intro").search(d.text[start:end])
        if intro is None:
            continue
        told = d.text[spans[max(0, index - 4)][0]:end]
        if not has_cue("context:investment_trip", told):
            continue    # the list must be about investment work (招商, 企业, 项目 …)
        para = d.paragraph(index)
        goals = [{"name": p.text, "adcode": p.region.adcode} for p in para.places
                 if p.kind == "division" and p.region is not None and intro.start() <= p.start < intro.end()]
        if not goals:
            continue
        line_index = index + 1
        while line_index < len(spans):
            s, e = spans[line_index]
            line = d.text[s:e].strip()
            if not line:
                line_index += 1
                continue
            row = d.paragraph(line_index)
            if not row.people:
                if len(line) <= 8 and row.places and all(p.region is not None and p.region.level == "province"
                                                         for p in row.places):
                    line_index += 1
                    continue    # 江西 over its cities' lines
                break
            person = row.people[0]
            named_at = person.end - len(person.name)     # 省委常委、南昌市委书记李红军: the city before the name
            homes = [p for p in row.places if p.start < named_at and p.kind == "division"
                     and p.region is not None and p.region.level in ("city", "district")]
            if not homes:
                break
            home = homes[-1].region
            sentence = next((i for i, (ss, _) in enumerate(d.spans) if ss >= s), len(d.spans) - 1)
            draft = Draft("investment_trip", ("investment_trip",), sentence, line_index, s, e, 0.8,
                          region=home, region_explicit=True, subject_in_clause=True)
            day = next((m for m in row.dates if m.start > person.start and m.precision == "day" and m.start_date), None)
            if day is not None:
                draft.date = DateSpan(day.start_date, day.end_date or day.start_date, "day")
                draft.date_explicit = True
            else:
                draft.date = year_span(d.year)
            draft.people.append(Person(person.name, person.title))
            draft.destinations = [dict(g) for g in goals if g["adcode"] != home.adcode]
            for place in row.places:
                if place.start > person.start and place.region is not None and place.kind == "division" \
                        and cue("trip_route").search(row.text[person.end:place.start]) \
                        and all(x["name"] != place.text for x in draft.destinations):
                    draft.destinations.append({"name": place.text, "adcode": place.region.adcode})
            out.append(draft)
            line_index += 1
    return out
