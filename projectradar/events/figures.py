"""Give money and count mentions their role and attach them to the right trigger."""
from __future__ import annotations

from ..records import CountMention, MoneyMention, ParagraphMentions
from ..regions.table import unit_level
from ..units import money_units
from .classify import clause_of, filter_hits, is_related
from .document import DocView, Draft, UnitDraft
from .triggers import find_hits
from .rules import cue

__all__ = ["is_project_count", "sentence_view", "usable_money", "attach_figures", "single_and_metrics",
           "carry_figures", "carry_restated"]


def sentence_view(text: str, start: int, end: int) -> str:
    """`text` with everything outside [start, end) blanked: offsets into it stay valid while
    only one sentence can be read (mention offsets are paragraph offsets).

    Example:
        >>> sentence_view("甲。乙丙。", 2, 5)
        '  乙丙。'
    """
    return " " * start + text[start:end]


def is_project_count(count: CountMention, sentence: str) -> bool:
    """True when a count counts projects (12个项目, 项目12个, 120项, 10条高速公路), not
    companies, people or times.

    Example:
        >>> is_project_count(CountMention(0, 5, "12个项目", value=12, noun="个项目"), "签约12个项目")
        True
        >>> is_project_count(CountMention(0, 4, "6家企业", value=6, noun="家企业"), "与6家企业座谈")
        False
    """
    noun = count.noun or ""
    if cue("one_of").match(sentence, count.end):
        return False    # 150项重大工程之一: the one project of a larger set
    if cue("project_word").search(noun):
        return True
    if cue("not_projects_counted").match(noun):
        return False
    after = sentence[count.end:count.end + 4]
    if cue("projects_after").match(after):
        return True
    bare = cue("bare_classifier").fullmatch(noun)
    if bare and cue("project_word").search(sentence, max(0, count.start - 12), count.start):
        return True
    if bare and cue("sum_before").search(sentence[max(0, count.start - 4):count.start]) \
            and cue("project_word").search(sentence, 0, count.start):
        return True     # 此次开工的项目涵盖…等领域，共28个: the projects named earlier in the sentence
    # 10条高速公路集中开工, 5个工程: the noun may hold the works itself or be followed by them
    if cue("works_classifier").match(noun) and cue("works_noun").match(noun[1:] + after):
        return True
    return bool(cue("item_classifier").fullmatch(noun) and cue("project_word").search(sentence))


def _award_amount(draft, money) -> None:
    """The first yuan amount an award sentence pays (奖励资金860万元) is the award's
    investment_yuan (the spec's rule 2: the reward paid), kept in its metrics as award_yuan too."""
    if draft is None or draft.type != "award" or money.currency != "CNY":
        return
    if not any(m.get("metric") == "award_yuan" for m in draft.metrics):
        draft.metrics.append({"metric": "award_yuan", "value": int(round(money.value)), "unit": "CNY"})
        if draft.money is None:
            draft.money, draft.money_qualifier = money.value, money.qualifier


def is_size_class(money: MoneyMention, text: str) -> bool:
    """True when `money` (offsets into `text`) names a class of projects by size, not an amount
    (10亿元以上重大项目, 5家超百亿元的项目), unless a role word (总投资) says it is theirs.

    Example:
        >>> m = MoneyMention(4, 9, "10亿元以上", value=1e9, qualifier="at_least")
        >>> is_size_class(m, "力争引进10亿元以上重大项目12个")
        True
    """
    bounded = cue("bounded_below")
    if not bounded.search(money.text) and not bounded.search(text, money.end, money.end + 3) \
            and money.qualifier not in ("over", "at_least"):
        return False    # 投资10亿元的项目: one project's amount
    size = cue("size_class_after").match(text, money.end)
    if size is None:
        return False
    if cue("counted_after").match(text, size.end()):
        return True     # 投资10亿元以上的项目有6个: a class of the projects, however introduced
    # 总投资超千亿元的项目: still the project's investment
    return money.role in (None, "size_class")


def usable_money(money: MoneyMention) -> bool:
    """Money worth reading as investment: positive, not absurdly small (under 10万元), and
    written with 元 or 万/亿 (1000千伏 is a voltage, never money)."""
    return money.value >= 1e5 and bool(cue("money_written").search(money.text))


# ---------------------------------------------------------------- figures to events
def attach_figures(d: DocView, para: ParagraphMentions, s0: int, sentence: str, spans, new: list[UnitDraft],
                   consumed, p_index) -> None:
    """Give each money amount and project count of the sentence to one unit: the nearest
    trigger before it in its clause, else after it in its clause, else the nearest trigger
    before it in the sentence, else after it."""
    if not new:
        return
    s1 = s0 + len(sentence)
    hit_clauses = {unit.clause_index for unit in new}

    def owner(pos: int):
        """The draft a figure at `pos` belongs to, or None for a subset (其中…)."""
        clause = clause_of(spans, pos - s0)
        c0 = spans[clause][0]
        if clause not in hit_clauses and cue("part_lead").match(sentence[c0:].lstrip()) \
                and not cue("enumeration_sum").search(sentence, c0, pos - s0):
            return None    # a subset (其中亿元以上项目15个) restates part of the total
        if clause not in hit_clauses and all(
                cue("whole_then_part").match(sentence[spans[unit.clause_index][0]:].lstrip())
                and spans[unit.clause_index][0] > pos - s0 and unit.draft.type != "key_projects" for unit in new):
            return None    # 实施295个项目，其中72个项目已经建成投用: the whole, not the part that happened
        same = [unit for unit in new if unit.clause_index == clause]
        before = [unit for unit in same if s0 + unit.hit.start <= pos]
        if before:
            return before[-1].draft
        if same:
            return same[0].draft
        earlier = [unit for unit in new if s0 + unit.hit.start <= pos]
        if earlier:
            return earlier[-1].draft
        return new[0].draft

    # counts of projects first, then counts of works (33项重大工程、370个重大项目: 370)
    # and of those, the ones in a trigger's own clause (属于101个的重大项目，已有11个项目开工: 11)
    ordered = sorted(para.counts, key=lambda c: (not cue("project_word").search((c.noun or "") + para.text[c.end:c.end + 4]),
                                                 not (s0 <= c.start < s1 and clause_of(spans, c.start - s0) in hit_clauses),
                                                 c.start))

    def before_goal(draft, pos: int) -> bool:
        """A figure told before a goal's cue, outside its clause, is the state of things (在建项目25个，
        …力争达到…), not the goal's."""
        if draft is None or draft.type != "target":
            return False
        goal = next(unit for unit in new if unit.draft is draft)
        return pos < s0 + goal.hit.start and clause_of(spans, pos - s0) != goal.clause_index

    for count in ordered:
        if not (s0 <= count.start < s1) or (p_index, count.start) in consumed:
            continue
        signer = owner(count.start)
        if count.start > s0 and cue("firms_signed_with").match(para.text, count.start - 1) \
                and signer is not None and signer.type == "signing":
            pass        # 与7家企业签订投资协议: the agreements signed are the projects
        elif not is_project_count(count, sentence_view(para.text, s0, s1)):
            continue
        elif not cue("project_word").search((count.noun or "") + para.text[count.end:count.end + 6]) \
                and clause_of(spans, count.start - s0) not in hit_clauses:
            continue    # 利用4座水库作为水源: works counted apart from the trigger are not its projects
        c0 = spans[clause_of(spans, count.start - s0)][0]
        if clause_of(spans, count.start - s0) not in hit_clauses \
                and cue("size_class_before").search(para.text[s0 + c0:count.start]) \
                and any(s0 <= m.start < s0 + c0 and usable_money(m) for m in para.money):
            continue    # 签约额42.82亿，超亿元项目16个: after the whole's amount, a size class, not the count
        draft = owner(count.start)
        if draft is not None and draft.type in ("meeting", "award") or before_goal(draft, count.start):
            continue
        if draft is not None and draft.count is None and count.value > 0:
            draft.count = count.value
            consumed.add((p_index, count.start))
    for money in para.money:
        if not (s0 <= money.start < s1) or not usable_money(money):
            continue
        clause = spans[clause_of(spans, money.start - s0)]
        left = para.text[s0 + clause[0]:money.start]
        role = money.role
        if role in ("other", None) and cue("award_funds").search(para.text[max(s0, money.start - 24):money.start]) \
                and (role == "other" or cue("award_sum").fullmatch(left.strip("，,"))
                     or cue("award_paid_before").search(left)):
            # 奖励资金860万元 / 兑现奖补资金，共计1250万元: what the award pays
            _award_amount(owner(money.start), money)
            continue
        goal = owner(money.start)
        if goal is not None and goal.type == "target" and cue("goal_progress_before").search(left):
            continue    # …目标是引进资金80亿元，目前已完成45亿元: how far it has come, not the goal
        asked = goal is not None and goal.type == "target" and (
            role == "delivered" or bool(cue("investment_goal_after").match(para.text, money.end))
            or bool(cue("funds_attracted_before").search(left)))
        if asked:
            role = None     # 力争到位资金990亿元以上 / 100亿元招商引资任务: the amount a goal asks for
        if role == "other" and cue("intent_of_signing").fullmatch(left.strip("，,")) \
                and _signed_count_before(para, s0, spans, clause, goal):
            role = "signed"     # 签约项目36个，意向金额10.13亿元: what those agreements intend to invest
        if role in ("output", "delivered", "other") or is_size_class(money, para.text) \
                or cue("support_after").match(para.text, money.end):
            continue
        draft = owner(money.start)
        if draft is None or before_goal(draft, money.start):
            continue
        if role == "fixed" and draft.type != "target" or draft.type in ("meeting", "award", "investment_trip"):
            continue
        if draft.type == "target" and role is None and not asked and not cue("investment_word").search(left[-12:]):
            # 数字经济规模将力争达到900亿元: an amount the goal does not call investment is a metric
            name = cue("amount_metric_trim").sub("", cue("goal_verbs").sub("", left[-12:]))
            if name and money.currency == "CNY" and not any(m.get("value") == int(round(money.value)) for m in draft.metrics):
                draft.metrics.append({"metric": name, "value": int(round(money.value)), "unit": "CNY",
                                      "qualifier": money.qualifier})
            continue
        own_clause = clause_of(spans, money.start - s0)
        if own_clause not in hit_clauses and _new_subject(para, s0 + clause[0], money.start, draft):
            continue    # 各大工程陆续开工，今年山西全省固定资产投资…: another subject's figure
        if own_clause not in hit_clauses and draft.type in ("signing", "groundbreaking", "completion") \
                and role != "annual" and cue("forecast").match(left):
            continue    # …开工建设一批工程，预计全年投资将超过6500亿元: a forecast, not the projects' total
        if money.currency != "CNY":
            draft.metrics.append({"metric": "investment", "value": int(round(money.value)),
                                  "unit": money.currency})
            continue
        if role == "planned":
            role = "annual" if draft.type == "key_projects" else "total"
        if role == "annual":
            if draft.annual is None and draft.type in ("groundbreaking", "key_projects", "target"):
                draft.annual = money.value
        elif draft.money is None:
            draft.money, draft.money_qualifier = money.value, money.qualifier


def _signed_count_before(para: ParagraphMentions, s0: int, spans, clause, draft) -> bool:
    """True when `draft` is a signing whose count ends the clause right before `clause`."""
    if draft is None or draft.type != "signing" or draft.count is None:
        return False
    index = next((i for i, span in enumerate(spans) if span == clause), 0)
    if index == 0:
        return False
    prev = spans[index - 1]
    return any(s0 + prev[0] <= c.start and c.end >= s0 + prev[1] - 2 and c.value == draft.count
               for c in para.counts)


def single_and_metrics(para: ParagraphMentions, s0: int, sentence: str, spans, new: list[UnitDraft]) -> None:
    """A named plant or project started or finished alone counts one project; a goal's
    other figures (增长8%左右) become metrics."""
    for draft, hit, clause_index in new:
        c0, c1 = spans[clause_index]
        if draft.type in ("signing", "groundbreaking", "completion") and draft.count is None \
                and not draft.umbrella and not draft.mention_only:
            # a count in the trigger's own clause (…项目开工建设23个) says there are more; a later
            # clause's count is of something else (设置90个近机位)
            counted = cue("counted").search(sentence, hit.start, max(c1, hit.end))
            name = cue("single_project").search(sentence[max(0, hit.start - 40):hit.start])
            # a name told in the clause before (…电池项目,日前在沈阳动工): that clause may not count many
            told_from = spans[max(clause_index - 1, 0)][0] if name and "," in name.group() else c0
            if name and not counted and not cue("plural").search(sentence[told_from:hit.end]) \
                    and not cue("list_end").match(sentence, hit.end):    # 项目签约等板块: one item of a list
                draft.single = True
            named = cue("single_after").match(sentence, hit.end)
            if named and not counted and not cue("plural").search(sentence[c0:named.end()]):
                draft.single = True     # 当天开工的甲公司乙基地项目计划总投资5亿元: one project
        if draft.type == "target" and not draft.has_figures():
            tail = sentence[hit.start:]
            for m in cue("goal_metric").finditer(tail):
                if cue("bare_classifier").fullmatch(m.group(4)) and cue("project_word").search(m.group(1)):
                    continue    # a count of projects is the goal's count, not a metric
                value = float(m.group(2)) * (money_units().multipliers[m.group(3)] if m.group(3) else 1)
                draft.metrics.append({"metric": cue("goal_metric_trim").sub("", m.group(1)), "value": value,
                                      "unit": m.group(4).replace("％", "%"),
                                      "qualifier": "at_least" if m.group("at_least") else
                                      ("about" if m.group("about") else "exact")})
                break


def carry_figures(d: DocView, draft: Draft, index: int, consumed: set) -> None:
    """The sentence after an event that names no event of its own but goes on about it
    (此次开工的10条高速公路…; 这些项目总投资603亿元) gives the figures the first one left out.
    A story of one named project may give its amount in the next paragraph's first sentence
    (该基地总投资7亿元，…; 某某项目是市级重点项目，拟投资75亿元，计划明年竣工), before any
    trigger that sentence holds."""
    _carry_from(d, draft, index + 1, consumed)
    if draft.single and draft.count is None and draft.money is None:
        nxt = next((i for i in range(index + 1, min(index + 4, len(d.spans)))
                    if d.para_of[i] == draft.paragraph + 1), None)
        if nxt is not None and nxt != index + 1 and d.spans[nxt][0] == d.paragraph(d.para_of[nxt]).start:
            _carry_from(d, draft, nxt, consumed)


def _carry_from(d: DocView, draft: Draft, nxt: int, consumed: set) -> None:
    """carry_figures from sentence `nxt`."""
    if nxt >= len(d.spans):
        return
    p_index = d.para_of[nxt]
    single = draft.single and draft.count is None and draft.money is None
    if p_index != draft.paragraph and not (single and p_index == draft.paragraph + 1
                                           and d.spans[nxt][0] == d.paragraph(p_index).start):
        return
    para = d.paragraph(p_index)
    s0, s1 = d.spans[nxt][0] - para.start, d.spans[nxt][1] - para.start
    sentence = para.text[s0:s1]
    hits = filter_hits(sentence, find_hits(sentence))
    if hits and not single:
        return
    upto = s0 + min((h.start for h in hits), default=len(sentence))
    lead = sentence.lstrip("“”\" ")
    if not (is_related(sentence) or cue("demonstrative").match(lead)
            or (single and cue("single_subject").match(lead))):
        return
    if draft.count is None and not single:
        for count in para.counts:
            if s0 <= count.start < s1 and (p_index, count.start) not in consumed \
                    and is_project_count(count, sentence_view(para.text, s0, s1)):
                draft.count = count.value
                consumed.add((p_index, count.start))
                break
    if draft.money is None:
        for money in para.money:
            if s0 <= money.start < upto and usable_money(money) and money.currency == "CNY" \
                    and not is_size_class(money, para.text):
                if money.role in (None, "total", "signed"):
                    draft.money, draft.money_qualifier = money.value, money.qualifier
                    break
    if p_index == draft.paragraph:
        draft.end = max(draft.end, d.spans[nxt][1])


def carry_restated(d: DocView, draft: Draft, index: int) -> None:
    """A list's projects counted again to open the next paragraph (…名单：177个项目将在2至3年内
    开工。¶177个项目估算总投资约2万亿元。其中…) give the total and annual figures it left out."""
    nxt = index + 1
    if draft.count is None or nxt >= len(d.spans) or d.para_of[nxt] != draft.paragraph + 1:
        return
    para = d.paragraph(d.para_of[nxt])
    s0, s1 = d.spans[nxt][0] - para.start, d.spans[nxt][1] - para.start
    sentence = para.text[s0:s1]
    lead = cue("piece_count").match(sentence.lstrip())
    if lead is None or int(lead.group(1)) != draft.count or filter_hits(sentence, find_hits(sentence)):
        return
    for money in para.money:
        if not (s0 <= money.start < s1) or not usable_money(money) or money.currency != "CNY":
            continue
        if money.role in (None, "total") and draft.money is None:
            draft.money, draft.money_qualifier = money.value, money.qualifier
        elif money.role == "annual" and draft.annual is None:
            draft.annual = money.value


def _new_subject(para: ParagraphMentions, start: int, end: int, draft: Draft | None = None) -> bool:
    """True when the text from `start` to `end` names a place or a whole area (全省) first;
    the whole area of the draft's own level (全省 for a province's start) is its own subject."""
    whole = cue("whole_area").search(para.text[start:end])
    if whole:
        region = draft.region if draft is not None else None
        return region is None or unit_level(whole.group(0)[-1]) != region.level     # 全国: no level
    return any(start <= p.start < end and p.kind != "self" for p in para.places)
