"""Counts of projects (and of the other things stories count): 23个项目, 项目共计23个, 十九个项目, 40多个项目."""
from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import NamedTuple

from projectradar.errors import RuleError
from projectradar.tables import WordTable, data_path, load_table
from projectradar.mentions.sectors import sector_words
from projectradar.mentions.numerals import bound_is_word_tail, bounds, number_pattern, numerals, parse_int
from projectradar.records import CountMention

__all__ = ["find_counts"]

# What the bare counts count, and the noun whose classifiers a count right after a verb or a first
# batch takes (count_nouns.tsv): an output label (CountMention.noun), so it stays here.
_PROJECTS = "项目"
_BARE_NOUN = "个" + _PROJECTS
# the kinds of data/count_modifiers.tsv: those that may stand between count and noun, then the guards
_MODIFIERS = ("level", "size", "kind", "stage", "other", "head")
_MODIFIER_KINDS = _MODIFIERS + ("guard", "guard_start")
# the kinds of data/count_phrasings.tsv: its header says what each is for
_PHRASING_WORDS = ("classifier", "noun_gap", "not_before", "not_after", "first_batch", "verb", "verb_next",
                   "bare_verb", "bare_join", "noun_join", "have_join", "sum_word", "work")
_PHRASING_PATTERNS = ("noun_to_number", "verb_to_number", "amount_gap", "relative_gap", "bare", "far", "works", "have", "sum")
# the bare counts, in the order they are taken, and the groups each pattern must name
_BARE_KINDS = {"bare": ("num",), "far": ("num",), "works": ("num", "cls", "what"), "have": ("num",), "sum": ("num",)}
# A count right after a verb or a first batch ends the phrase at one of these (or a verb_next word).
_PHRASE_END = r"[，,。；;、：:）)]"


class _Rules(NamedTuple):
    forward: re.Pattern[str]
    backward: re.Pattern[str]
    first_batch: re.Pattern[str]
    after_verb: re.Pattern[str]
    nouns: dict[str, tuple[tuple[str, ...], str]]   # noun -> (classifiers, canonical)
    before: dict[str, str]                           # a bound before the number: 超过 -> over
    after: dict[str, str]                            # a bound after the classifier: 以上 -> at_least
    not_before: tuple[str, ...]                      # 第3个项目, 每个项目: no count
    not_after: tuple[str, ...]                       # 3个月: no count
    guard: re.Pattern[str]                           # words that show another thing is counted
    start_guards: tuple[str, ...]                    # the same, at the start of the free words
    other_things: tuple[str, ...]                    # right after a count: what is counted is no project (城市)
    bare: tuple[tuple[str, tuple[re.Pattern[str], ...]], ...]   # (kind, its patterns) of the bare counts


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
    phrasings = WordTable.load("count_phrasings.tsv", kinds=_PHRASING_WORDS + _PHRASING_PATTERNS,
                               patterns=_PHRASING_PATTERNS)
    modifiers = WordTable.load("count_modifiers.tsv", kinds=_MODIFIER_KINDS, entry_first=True)
    nouns = _count_nouns(phrasings.words("classifier"))
    before, after = bounds("count_qualifiers.tsv")
    project_classifiers = _alternation(nouns[_PROJECTS][0])
    all_classifiers = _alternation(phrasings.words("classifier"))
    noun = _alternation(nouns)
    guards = modifiers.words("guard")
    return _Rules(
        forward=re.compile(_counted(before, after, all_classifiers) + _gap(modifiers, phrasings.pattern("amount_gap"), phrasings.pattern("relative_gap"))
                           + rf"(?P<noun>{noun})"),
        backward=re.compile(rf"(?P<noun>{noun}){phrasings.pattern('noun_to_number')}"
                            + _counted(before, after, all_classifiers, space=r"(?: (?=\d))?")),
        first_batch=re.compile(rf"{phrasings.alternation('first_batch')}(?P<num>{number_pattern()})"
                               rf"(?P<cls>{project_classifiers})(?={_PHRASE_END}|$)"),
        # 签约62个, 开工项目12个, 竣工15个，: a bare count right after a signing/start verb, ending the phrase
        after_verb=re.compile(phrasings.pattern("verb_to_number") + _counted(before, after, project_classifiers)
                              + rf"(?={_PHRASE_END}|\s|$|{phrasings.alternation('verb_next')})"),
        nouns=nouns, before=before, after=after,
        not_before=phrasings.words("not_before"), not_after=phrasings.words("not_after"),
        guard=re.compile(_alternation(guards)), start_guards=modifiers.words("guard_start"),
        other_things=tuple(w for w in guards if len(w) > 1),
        bare=tuple((kind, _bare_patterns(phrasings, kind, groups)) for kind, groups in _BARE_KINDS.items()),
    )


def _counted(before: dict[str, str], after: dict[str, str], classifiers: str, space: str = "") -> str:
    """A bound, the number, 多/余, the classifier and a bound after it (超过30个, 50个以上); ``space``
    may stand between the bound and the number."""
    return (rf"(?P<pre>{_alternation(before)})?{space}(?P<num>{number_pattern()})(?P<more>{numerals().more})?"
            rf"(?:(?<=\d) )?(?P<cls>{classifiers})(?P<bound>{_alternation(after)})?")


def _count_nouns(classifiers: tuple[str, ...]) -> dict[str, tuple[tuple[str, ...], str]]:
    """count_nouns.tsv: noun -> (the classifiers it takes, its canonical name); 项目 must be among them."""
    nouns: dict[str, tuple[tuple[str, ...], str]] = {}
    for row in load_table("count_nouns.tsv", 3):
        noun, taken, canonical = row.cells
        listed = tuple(c.strip() for c in taken.split(",") if c.strip())
        if not listed or any(c not in classifiers for c in listed):
            raise RuleError(row.path, row.line, f"classifiers {taken!r} must be among {classifiers}")
        nouns[noun] = (listed, canonical)
    if _PROJECTS not in nouns:
        raise RuleError(data_path("count_nouns.tsv"), 0, f"no row for {_PROJECTS}, the noun the bare counts count")
    return nouns


def _gap(modifiers: WordTable, amount: str, relative: str) -> str:
    """What may stand between count and noun: a quoted name (“金种子”) or the amount the projects come
    to (总投资约900亿元的), a few free words or a describing clause closed by 的, ending in a head
    word (绿色能源重点, 事关全局的重大), then known modifiers (市级重点, 亿元以上) and industry names."""
    known = [w for kind in _MODIFIERS for w in modifiers.words(kind)] + _sector_words()
    return (rf"(?P<gap>(?:“[^”]{{1,12}}”|{amount})?(?:(?P<free>(?:(?!{re.escape(_PROJECTS)})[\u4e00-\u9fff]){{1,8}}?|{relative})"
            rf"{modifiers.alternation('head')})??(?:{_alternation(known)}){{0,4}})")


def _bare_patterns(phrasings: WordTable, kind: str, groups: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    """The compiled rows of a bare count's kind, each checked to name the groups its counts are read from."""
    compiled = tuple(re.compile(p) for p in phrasings.patterns(kind))
    for row, pattern in zip(phrasings.rows(kind), compiled):
        missing = [g for g in groups if g not in pattern.groupindex]
        if missing:
            raise RuleError(row.path, row.line, f"a {kind} pattern must name the group(s) {', '.join(missing)}")
    return compiled


def _sector_words() -> list[str]:
    """Industry names may stand between count and noun (9个智能制造项目)."""
    return sector_words()


def _mention(text: str, m: re.Match[str], noun_word: str, rules: _Rules) -> CountMention | None:
    num = m.group("num")
    start, end = m.start(), m.end()
    num_start = m.start("num")
    if num_start and (text[num_start - 1].isdigit() or text.endswith(rules.not_before, 0, num_start)):
        return None
    if num == "一" and not m.group("pre") and m.re is rules.forward:
        return None                       # 一个项目 is prose (一个项目就是一面旗帜), rarely a figure (the numeral one)
    classifiers, canonical = rules.nouns[noun_word]
    if m.group("cls") not in classifiers:
        return None
    if text.startswith(rules.not_after, m.end("cls")):
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
        qualifier = rules.before[pre]
    bound = m.groupdict().get("bound")
    if bound and qualifier == "exact":
        qualifier = rules.after[bound]
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
        mention = _mention(text, m, _PROJECTS, rules)
        if mention:
            start = m.start("pre") if m.group("pre") and mention.qualifier != "exact" else m.start("num")
            found.append(CountMention(start=start, end=m.end(), text=text[start:m.end()], value=mention.value,
                                      qualifier=mention.qualifier, noun=mention.noun))
    for m in rules.first_batch.finditer(text):
        value = _count(m.group("num"))
        if value:
            found.append(CountMention(start=m.start(), end=m.end(), text=m.group(), value=value,
                                      noun=m.group("cls") + _PROJECTS))
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
    for kind, patterns in rules.bare:
        for m in _leftmost_matches(patterns, text):
            if kind == "sum" and _PROJECTS not in _sentence_before(text, m.start()):
                continue                  # a sum counts projects only where its sentence names them
            start = m.start("num")
            if start in counted:
                continue
            if text.startswith(rules.other_things, m.end()) \
                    or kind == "far" and text.startswith(rules.start_guards, m.end()):
                continue                  # 签约3个城市, 3个区县的项目, 16个省辖市: cities, districts are counted
            value = _count(m.group("num"))
            if value:
                out.append(CountMention(start, m.end(), text[start:m.end()], value=value,
                                        qualifier="over" if m.groupdict().get("more") else "exact",
                                        noun=_bare_noun(m)))
    return sorted(out, key=lambda c: c.start)


def _bare_noun(m: re.Match[str]) -> str:
    """个项目, or the noun of works counted by their own (4座水库, 10条高速公路): they are projects
    only where the trigger applies to them (figures.attach_figures decides)."""
    return m.group("cls") + m.group("what") if "what" in m.re.groupindex else _BARE_NOUN


def _sentence_before(text: str, start: int) -> str:
    """The sentence that ends at ``start``, read at most _SENTENCE_LOOKBACK characters back."""
    return re.split(r"[。；;！？]", text[max(0, start - _SENTENCE_LOOKBACK):start])[-1]


def _leftmost_matches(patterns: tuple[re.Pattern[str], ...], text: str) -> Iterator[re.Match[str]]:
    """The matches of several patterns as of one alternation of them: leftmost first, the earlier
    pattern where two start at one place, none overlapping the one before.

    Each pattern's next match is kept until a match before it covers it, so the text is read
    once per pattern, not once per match (签约12个 a thousand times over stays linear).
    """
    pos = 0
    ahead = [pattern.search(text) for pattern in patterns]
    while True:
        for i, m in enumerate(ahead):
            if m and m.start() < pos:
                ahead[i] = patterns[i].search(text, pos)
        found = [m for m in ahead if m]
        if not found:
            return
        first = min(found, key=lambda m: m.start())
        yield first
        pos = max(first.end(), first.start() + 1)
