"""Counts of projects (and of the other things stories count): 23个项目, 项目共计23个, 十九个项目, 40多个项目."""
from __future__ import annotations

import functools
import re
from typing import NamedTuple

from projectradar.errors import RuleError
from projectradar.tables import data_path, load_table
from projectradar.mentions.sectors import sector_words
from projectradar.mentions.numerals import ARABIC, CHINESE, bound_is_word_tail, parse_int
from projectradar.records import CountMention

__all__ = ["find_counts"]

CLASSIFIERS = ("个", "项", "宗", "家", "条")
_MODIFIER_KINDS = ("level", "size", "kind", "stage", "other", "head", "guard", "guard_start", "verb",
                   "bare_verb", "bare_join", "noun_join", "have_join", "sum", "works")
_PHRASING_KINDS = ("bare_verb", "bare_join", "noun_join", "have_join", "sum", "works")
# Qualifier words just before the number, and bounds just after the classifier.
_BEFORE = {"超过": "over", "超": "over", "逾": "over", "近": "about", "约": "about",
           "将近": "about", "接近": "about", "不少于": "at_least", "至少": "at_least"}
_AFTER = {"以上": "at_least", "左右": "about", "余": "over"}
# Between a noun and its number: 项目共计23个, 项目数量达到50个.
_GAP = ("的有", "的共有", "的共", "的达", "清单", "名单", "共计", "共有", "共", "合计", "总计", "累计", "总数", "数量", "数", "达到了", "达到", "已达",
        "达", "为", "有", "计", "共安排", "安排", "确定", "增至", "增加到", "增加至", "将", "就", "已",
        "占到了", "占", "多达", "高达")
# 重点项目8大类134个: the number of kinds the projects fall in, told between the noun and its count
_KINDS = r"(?:(?:\d+|[一二三四五六七八九十]+)大?类)"
# A classifier followed by these is a measure of time or a ratio, not a count.
_NOT_A_COUNT_AFTER = ("月", "小时", "百分点", "工作日", "批次", "点", "季度", "年度")
# 第3个项目, 每个项目, 这一个, 几十个, 上百个: ordinals, determiners and vague numbers.
_NOT_A_COUNT_BEFORE = "第每这那哪各单逐同几上数.%"


class _Rules(NamedTuple):
    forward: re.Pattern[str]
    backward: re.Pattern[str]
    first_batch: re.Pattern[str]
    after_verb: re.Pattern[str]
    nouns: dict[str, tuple[tuple[str, ...], str]]   # noun -> (classifiers, canonical)
    guard: re.Pattern[str]                           # words that show another thing is counted
    start_guards: tuple[str, ...]                    # the same, at the start of the free words
    other_things: tuple[str, ...]                    # right after a count: what is counted is no project (城市)
    bare: re.Pattern[str]                            # 签约62个, 项目共计23个: a count after a verb or 项目
    works: re.Pattern[str]                           # 10条高速公路: works counted by their own noun
    have: re.Pattern[str]                            # 列入市级重点项目的有48个
    sums: re.Pattern[str]                            # …等领域，共28个
    far: re.Pattern[str]                             # 21个重点产业链代表性项目: the noun comes later


# More projects (or firms, roads) than this in one count is no count a story gives: a typo,
# an id or an attack, not a figure (and it would not fit the store's count column).
MAX_COUNT = 100_000


# How far back a sum's sentence is read for the word 项目 (characters; a sentence is shorter).
_SENTENCE_LOOKBACK = 200


def _count(number: str) -> int | None:
    """The count a numeral gives, or None when it is none (not a number, or beyond MAX_COUNT)."""
    value = parse_int(number)
    return value if value is not None and value <= MAX_COUNT else None


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@functools.cache
def _rules() -> _Rules:
    nouns: dict[str, tuple[tuple[str, ...], str]] = {}
    for row in load_table("count_nouns.tsv", 3):
        noun, classifiers, canonical = row.cells
        taken = tuple(c.strip() for c in classifiers.split(",") if c.strip())
        bad = [c for c in taken if c not in CLASSIFIERS]
        if bad or not taken:
            raise RuleError(row.path, row.line, f"classifiers {classifiers!r} must be among {CLASSIFIERS}")
        nouns[noun] = (taken, canonical)
    modifiers: list[str] = []
    heads: list[str] = []
    guards: list[str] = []
    start_guards: list[str] = []
    verbs: list[str] = []
    phrasing: dict[str, list[str]] = {kind: [] for kind in _PHRASING_KINDS}
    for row in load_table("count_modifiers.tsv", 2):
        word, kind = row.cells
        if kind not in _MODIFIER_KINDS:
            raise RuleError(row.path, row.line, f"kind {kind!r} is not one of {_MODIFIER_KINDS}")
        if kind in phrasing:
            phrasing[kind].append(word)
            continue
        if kind == "verb":
            verbs.append(word)
            continue
        if kind in ("guard", "guard_start"):
            (guards if kind == "guard" else start_guards).append(word)
            continue
        modifiers.append(word)
        if kind == "head":
            heads.append(word)
    modifiers += _sector_words()

    number = rf"(?:{ARABIC}|{CHINESE})"
    before = _alternation(_BEFORE)
    after = _alternation(_AFTER)
    cls = "|".join(CLASSIFIERS)
    noun = _alternation(nouns)
    # Between count and noun: a quoted name (“金种子”), a few free words ending in a
    # head word (绿色能源重点), then known modifiers (市级重点, 亿元以上).
    gap = (rf"(?P<gap>(?:“[^”]{{1,12}}”)?(?:(?P<free>(?:(?!项目)[\u4e00-\u9fff]){{1,8}}?)(?:{_alternation(heads)}))??"
           rf"(?:{_alternation(modifiers)}){{0,4}})")
    forward = re.compile(
        rf"(?P<pre>{before})?(?P<num>{number})(?P<more>多|余)?(?:(?<=\d) )?(?P<cls>{cls})(?P<bound>{after})?"
        rf"{gap}(?P<noun>{noun})"
    )
    backward = re.compile(
        rf"(?P<noun>{noun})(?:{_alternation(_GAP)}){{0,2}}{_KINDS}?(?P<pre>{before})?(?: (?=\d))?(?P<num>{number})"
        rf"(?P<more>多|余)?(?:(?<=\d) )?(?P<cls>{cls})(?P<bound>{after})?"
    )
    first_batch = re.compile(
        rf"(?:首批|第一批)(?P<num>{number})(?P<cls>个|项|宗)(?=[，,。；;、：:）)]|$)"
    )
    # 签约62个, 开工项目12个, 竣工15个，: a bare count right after a signing/start verb, ending the phrase
    after_verb = re.compile(
        rf"(?:{_alternation(verbs)})(?:项目)?(?:{_alternation(_GAP)}){{0,2}}(?P<pre>{before})?(?P<num>{number})"
        rf"(?P<more>多|余)?(?:(?<=\d) )?(?P<cls>个|项|宗)(?P<bound>{after})?"
        rf"(?=[，,。；;、：:）)\s]|$|总投资|计划|涉及|投资|合同|协议|共|其中|项目)"
    )
    for kind, words in phrasing.items():
        if not words:
            raise RuleError(data_path("count_modifiers.tsv"), 0, f"lists no word of kind {kind!r}")
    small = r"\d+|[一二两三四五六七八九十百千]+"
    bare = re.compile(
        rf"(?:{_alternation(phrasing['bare_verb'])})(?:了)?(?:项目)?(?:{_alternation(phrasing['bare_join'])})?"
        rf"({small})(多|余)?(个|项)(?![月日年次])"
        rf"|项目[，,]?(?:{_alternation(phrasing['noun_join'])})(\d+)(多|余)?(个|项)")
    works = re.compile(rf"((?<!\d)\d+|[一二两三四五六七八九十]+)(条|座|个)(?=[^，,。；;]{{0,8}}?({_alternation(phrasing['works'])}))")
    have = re.compile(rf"项目的?(?:{_alternation(phrasing['have_join'])})(\d+|[一二两三四五六七八九十百]+)(多|余)?(个|项)(?![月日年次])")
    sums = re.compile(rf"(?:^|(?<=[，,：:]))(?:{_alternation(phrasing['sum'])})(\d+|[一二两三四五六七八九十百]+)(多|余)?(个|项)(?=[，,。；;]|$)")
    far = re.compile(r"(?:^|(?<=[，,。；;：:\s]))((?<!\d)\d+)(多|余)?个(?=[^，,。；;、\d]{2,20}?(?:、[^，,。；;、\d]{1,6})?项目)")
    return _Rules(forward, backward, first_batch, after_verb, nouns, re.compile(_alternation(guards)),
                  tuple(start_guards), tuple(w for w in guards if len(w) > 1), bare, works, have, sums, far)


def _sector_words() -> list[str]:
    """Industry names may stand between count and noun (9个智能制造项目)."""
    return sector_words()


def _mention(text: str, m: re.Match[str], noun_word: str, rules: _Rules) -> CountMention | None:
    num = m.group("num")
    start, end = m.start(), m.end()
    num_start = m.start("num")
    if num_start and (text[num_start - 1].isdigit() or text[num_start - 1] in _NOT_A_COUNT_BEFORE):
        return None
    if num == "一" and not m.group("pre") and m.re is rules.forward:
        return None                       # 一个项目 is prose (一个项目就是一面旗帜), rarely a figure
    classifiers, canonical = rules.nouns[noun_word]
    if m.group("cls") not in classifiers:
        return None
    if text.startswith(_NOT_A_COUNT_AFTER, m.end("cls")):
        return None
    free = m.groupdict().get("free")
    if free and (rules.guard.search(free) or free.startswith(rules.start_guards)):
        return None                       # 3个区县重点项目: districts are counted
    value = _count(num)
    if value is None or value <= 0:
        return None
    qualifier = "exact"
    if m.groupdict().get("more"):
        qualifier = "over"
    pre = m.groupdict().get("pre")
    if pre and bound_is_word_tail(text, m.end("pre")):
        pre = None
        start = m.start("num") if start == m.start("pre") else start
    if pre:
        qualifier = _BEFORE[pre]
    bound = m.groupdict().get("bound")
    if bound and qualifier == "exact":
        qualifier = _AFTER[bound]
    return CountMention(start=start, end=end, text=text[start:end], value=value,
                        qualifier=qualifier, noun=m.group("cls") + canonical)


def find_counts(text: str) -> list[CountMention]:
    """Every count of projects (and of companies, roads, parks) in ``text``, in order.

    Both phrasings are read: number first (23个项目, 40多个重点项目, 十九个项目,
    15个亿元以上项目) and noun first (项目共计23个, 亿元以上项目15个, 重点项目133项).
    Ordinals (第3个项目), months (3个月) and percentages are not counts.

    Args:
        text: normalized (simplified) text.

    Returns:
        CountMention list; ``noun`` is the classifier and what is counted:
        个项目 / 项项目 for projects (so ``"项目" in noun`` tells them), 家企业,
        条高速公路, 个园区, 项工程 ... for the rest, so callers can tell them apart.
        ``qualifier``: 40多个 → over, 近50个 → about, 50个以上 → at_least.

    >>> [(c.value, c.noun) for c in find_counts("两天走访九个项目，为6家企业颁奖")]
    [(9, '个项目'), (6, '家企业')]
    """
    if not text:
        return []
    rules = _rules()
    found: list[CountMention] = []
    for pattern in (rules.forward, rules.backward):
        for m in pattern.finditer(text):
            mention = _mention(text, m, m.group("noun"), rules)
            if mention:
                found.append(mention)
    for m in rules.after_verb.finditer(text):
        mention = _mention(text, m, "项目", rules)
        if mention:
            start = m.start("pre") if m.group("pre") and mention.qualifier != "exact" else m.start("num")
            found.append(CountMention(start=start, end=m.end(), text=text[start:m.end()], value=mention.value,
                                      qualifier=mention.qualifier, noun=mention.noun))
    for m in rules.first_batch.finditer(text):
        value = _count(m.group("num"))
        if value:
            found.append(CountMention(start=m.start(), end=m.end(), text=m.group(), value=value,
                                      noun=m.group("cls") + "项目"))
    found.sort(key=lambda c: (c.start, -(c.end - c.start)))
    kept: list[CountMention] = []
    for mention in found:
        if kept and mention.start < kept[-1].end:
            continue                      # overlaps the one before: keep the earlier, longer one
        kept.append(mention)
    return _with_bare_counts(text, kept)


def _with_bare_counts(text: str, counts: list[CountMention]) -> list[CountMention]:
    """The counts found plus bare counts right after an event word (签约62个) and
    clause-leading counts whose noun comes later (21个重点产业链代表性项目)."""
    rules = _rules()
    out = list(counts)
    counted = {pos for c in counts for pos in range(c.start, c.end)}
    for m in list(rules.bare.finditer(text)) + list(rules.far.finditer(text)) + list(rules.works.finditer(text)) \
            + list(rules.have.finditer(text)) \
            + [m for m in rules.sums.finditer(text)
               if "项目" in re.split(r"[。；;！？]", text[max(0, m.start() - _SENTENCE_LOOKBACK):m.start()])[-1]]:
        number = m.group(1) or (m.group(4) if m.re is rules.bare else None)
        more = None if m.re is rules.works else (m.group(2) or (m.group(5) if m.re is rules.bare else None))
        if number is None:
            continue
        start = m.start(1) if m.group(1) else m.start(4)
        if start in counted:
            continue
        if text.startswith(rules.other_things, m.end()) \
                or m.re is rules.far and text.startswith(rules.start_guards, m.end()):
            continue                      # 签约3个城市, 3个区县的项目, 16个省辖市: cities, districts are counted
        value = _count(number)
        if value:
            # works counted by their own noun (4座水库, 10条高速公路) keep it: they are projects
            # only where the trigger applies to them (figures.attach_figures decides)
            noun = m.group(2) + m.group(3) if m.re is rules.works else "个项目"
            out.append(CountMention(start, m.end(), text[start:m.end()], value=value,
                                    qualifier="over" if more else "exact", noun=noun))
    return sorted(out, key=lambda c: c.start)
