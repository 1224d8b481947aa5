"""Organizations named in full: …有限公司, …股份有限公司, …集团, …研究院, …银行, found from their suffix back to where the name starts."""
from __future__ import annotations

import functools
import logging
import re
from typing import NamedTuple

from projectradar.errors import RuleError
from projectradar.tables import load_table
from projectradar.records import OrgMention

__all__ = ["find_organizations"]

_MAX_NAME = 30
# Characters a name is made of: Chinese, Latin letters and digits, brackets of 西门子（中国）, the middle dot.
_NAME_CHAR = re.compile(r"[\u4e00-\u9fffA-Za-z0-9（）·&]")
_SUFFIX_KINDS = ("company", "group", "bank", "research", "school", "hospital", "association", "body",
                 "not_an_org", "not_after")


class _Rules(NamedTuple):
    suffix: re.Pattern[str]
    not_orgs: frozenset[str]               # 协商会: ends like 商会 but names no organization
    not_after: tuple[str, ...]             # 集团化, 大学生: after a suffix, it is part of another word
    cut_words: frozenset[str]
    cut_first_words: frozenset[str]
    determiners: tuple[str, ...]
    leads: tuple[str, ...]                 # 对/向 opening a clause, glued to the name by the segmenter
    generic: re.Pattern[str]
    boundary_hint: re.Pattern[str]         # any boundary word or digit: only then is the run segmented


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@functools.cache
def _rules() -> _Rules:
    suffixes: list[str] = []
    not_orgs: list[str] = []
    not_after: list[str] = []
    for row in load_table("org_suffixes.tsv", 2):
        word, kind = row.cells
        if kind not in _SUFFIX_KINDS:
            raise RuleError(row.path, row.line, f"kind {kind!r} is not one of {_SUFFIX_KINDS}")
        {"not_an_org": not_orgs, "not_after": not_after}.get(kind, suffixes).append(word)
    cut: list[str] = []
    cut_first: list[str] = []
    determiners: list[str] = []
    generic: list[str] = []
    leads: list[str] = []
    for row in load_table("org_boundaries.tsv", 2):
        word, kind = row.cells
        lists = {"cut": cut, "cut_first": cut_first, "determiner": determiners, "generic": generic, "lead": leads}
        if kind not in lists:
            raise RuleError(row.path, row.line, f"kind {kind!r} is not one of {sorted(lists)}")
        lists[kind].append(word)
    return _Rules(
        suffix=re.compile(_alternation(suffixes + not_orgs)),
        not_orgs=frozenset(not_orgs),
        not_after=tuple(not_after),
        cut_words=frozenset(cut),
        cut_first_words=frozenset(cut_first),
        determiners=tuple(sorted(determiners, key=len, reverse=True)),
        leads=tuple(sorted(leads, key=len, reverse=True)),
        generic=re.compile(rf"(?:{_alternation(generic + determiners)})*"),
        boundary_hint=re.compile(rf"\d|{_alternation(cut + cut_first)}"),
    )


def _name_start(rules: _Rules, head: str) -> int:
    """Where the name starts inside ``head`` (the run of name characters before the suffix).

    The run is cut into words (jieba) so that a boundary is a whole word: 与 is one
    in 与华为技术 but the 为 inside 华为 is not. The name starts after the last
    boundary word, number or unbalanced bracket.
    """
    at = 0
    position = 0
    if not rules.boundary_hint.search(head):
        words: list[str] = []             # nothing that could end a name: no segmentation needed
    else:
        words = _words(head)
    for word in words:
        end = position + len(word)
        if word in rules.cut_words or word[0].isdigit():
            at = end
        elif word in rules.cut_first_words:
            at = position + 1
        position = end
    # a bracket left open or closed by the cut: （3）沪深交易所, 在中央党校（国家行政学院
    depth = 0
    for index in range(at, len(head)):
        if head[index] == "（":
            depth += 1
        elif head[index] == "）":
            depth -= 1
            if depth < 0:
                at, depth = index + 1, 0
    if depth > 0:
        at = head.rindex("（") + 1
    return at


def _words(head: str) -> list[str]:
    import jieba                           # loaded on the first organization suffix only
    jieba.setLogLevel(logging.WARNING)
    return jieba.lcut(head)


def find_organizations(text: str) -> list[OrgMention]:
    """Every organization named in full in ``text``, in order.

    A name is found from its suffix (data/org_suffixes.tsv) back to where it
    starts: a punctuation mark, or after the last word that cannot be inside a
    name (为, 与, 和, 签约, 携手 … in data/org_boundaries.tsv). Lists keep each
    name whole: 为甲集团有限公司、乙集团有限公司等6家企业 gives two.

    Args:
        text: normalized (simplified) text.

    Returns:
        OrgMention list; ``name`` equals ``text``, the full name as written.

    >>> [o.name for o in find_organizations("与华东智造科技股份有限公司签约")]
    ['华东智造科技股份有限公司']
    """
    if not text:
        return []
    rules = _rules()
    found: list[OrgMention] = []
    floor = 0                              # never reach back into the organization before
    for m in rules.suffix.finditer(text):
        if m.group() in rules.not_orgs or text.startswith(rules.not_after, m.end()):
            continue
        start = m.start()
        while start > max(floor, m.start() - _MAX_NAME) and _NAME_CHAR.match(text, start - 1):
            start -= 1
        head = text[start:m.start()]
        cut_at = _name_start(rules, head)
        head = head[cut_at:]
        if not cut_at and found and start == floor == found[-1].end:
            # 中国建设银行成都分行: a branch written right after its parent is one name
            previous = found.pop()
            start = previous.start
            found.append(OrgMention(start=start, end=m.end(), text=text[start:m.end()], name=text[start:m.end()]))
            floor = m.end()
            continue
        opens_clause = start == 0 or not _NAME_CHAR.match(text, start - 1)
        for word in rules.leads if not cut_at and opens_clause else ():
            if head.startswith(word) and len(head) > len(word) + 1:
                head = head[len(word):]     # 对甲集团、乙公司奖励: the segmenter glued 对 to the name
                break
        for word in rules.determiners:
            if head.startswith(word):
                head = head[len(word):]
                break
        if len(head) < 2 or rules.generic.fullmatch(head):
            continue
        start = m.start() - len(head)
        found.append(OrgMention(start=start, end=m.end(), text=text[start:m.end()], name=text[start:m.end()]))
        floor = m.end()
    return found
