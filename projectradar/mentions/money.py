"""Amounts of money in Chinese text: 250.42亿元, 超5万亿, 110多亿, 近百亿, 11亿美元, with bound and role."""
from __future__ import annotations

import functools
import re
from decimal import Decimal
from typing import NamedTuple

from projectradar.errors import RuleError
from projectradar.tables import WordTable, load_table
from projectradar.units import money_units
from projectradar.mentions.numerals import bound_is_word_tail, bounds, number_pattern, numerals, parse_number
from projectradar.records import MoneyMention

__all__ = ["find_money", "parse_amount", "money_role", "ROLES"]

ROLES = ("total", "annual", "planned", "signed", "delivered", "fixed", "output", "other", "size_class", "money")
# A role cue is looked for this far back, and never across a clause break.
_ROLE_WINDOW = 24
_CLAUSE_BREAK = re.compile(r"[，,。；;！？!?\n]")
# An "ends" rule reads this much of the clause right before the amount; its clause also ends at a colon.
_ENDS_WINDOW = 14
_ENDS_BREAK = re.compile(r"[，,：:；;。！？!?\n]")
# the kinds of data/money_words.tsv: its header says what each is for
_WORD_KINDS = ("join", "cue_to_amount", "respectively", "currency_before", "word_currency", "not_number_before",
               "list_mark", "rate_mark", "range_mark")


class _Rules(NamedTuple):
    amount: re.Pattern[str]
    multipliers: dict[str, int]
    currencies: dict[str, str]
    before_qualifier: re.Pattern[str]
    before_qualifiers: dict[str, str]
    after_qualifier: re.Pattern[str]
    after_qualifiers: dict[str, str]
    before_role: re.Pattern[str]
    before_roles: dict[str, tuple[str, str]]      # cue -> (role, required word)
    after_role: re.Pattern[str]
    after_roles: dict[str, str]
    ends_roles: tuple[tuple[str, re.Pattern[str]], ...]   # (role, pattern ending right before the amount)
    non_money: re.Pattern[str]
    range_lower: re.Pattern[str]
    # the words of data/money_words.tsv, by kind
    respectively: tuple[str, ...]
    currency_before: tuple[str, ...]
    word_currencies: tuple[str, ...]
    not_number_before: tuple[str, ...]
    list_marks: tuple[str, ...]
    rate_marks: tuple[str, ...]


# No amount a story reports is worth more than this (in its currency's units): China's yearly
# output, the largest figure the news states, is about 1.3e14 yuan. A larger "amount" is a
# typo or an attack, and wrong figures are worse than none, so it is no amount at all.
MAX_AMOUNT = 1e15


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@functools.cache
def _rules() -> _Rules:
    multipliers, currencies = money_units()
    before_q, after_q = bounds("money_qualifiers.tsv")
    words = WordTable.load("money_words.tsv", kinds=_WORD_KINDS, patterns=("cue_to_amount",))

    before_r: dict[str, tuple[str, str]] = {}
    after_r: dict[str, str] = {}
    ends_r: list[tuple[str, re.Pattern[str]]] = []
    join = words.pattern("cue_to_amount")
    for row in load_table("money_roles.tsv", 4, optional=1):
        cue, role, where, requires = row.cells
        if role not in ROLES:
            raise RuleError(row.path, row.line, f"role {role!r} is not one of {ROLES}")
        if where == "ends":
            try:
                ends_r.append((role, re.compile(f"(?:{cue}){join}")))
            except re.error as err:
                raise RuleError(row.path, row.line, f"bad regular expression {cue!r}: {err}") from err
        elif where == "before":
            before_r[cue] = (role, requires)
        elif where == "after":
            after_r[cue] = role
        else:
            raise RuleError(row.path, row.line, f"where {where!r} is not ends, before or after")

    non_money = [row.cells[0] for row in load_table("non_money_units.tsv", 2)]

    number, more = number_pattern(), numerals().more
    amount = re.compile(
        rf"(?P<num>{number})(?P<more>{more})?(?:(?<=\d) (?=[^\d ]))?"
        rf"(?P<mult>{_alternation(multipliers)})?(?P<more2>{more})?"
        rf"(?P<cur>{_alternation(currencies)})?"
    )
    return _Rules(
        amount=amount,
        multipliers=multipliers,
        currencies=currencies,
        before_qualifier=re.compile(rf"(?:{_alternation(before_q)})$"),
        before_qualifiers=before_q,
        after_qualifier=re.compile(_alternation(after_q)),
        after_qualifiers=after_q,
        before_role=re.compile(_alternation(before_r)),
        before_roles=before_r,
        after_role=re.compile(_alternation(after_r)),
        after_roles=after_r,
        ends_roles=tuple(ends_r),
        non_money=re.compile(_alternation(non_money)),
        range_lower=re.compile(
            rf"(?<![\d.])(?P<lo>{number})(?P<lomult>{_alternation(multipliers)})?"
            rf"(?:{_alternation(currencies)})?{words.alternation('range_mark')}$"),
        respectively=words.words("respectively"),
        currency_before=words.words("currency_before"),
        word_currencies=words.words("word_currency"),
        not_number_before=words.words("not_number_before"),
        list_marks=words.words("list_mark"),
        rate_marks=words.words("rate_mark"),
    )


def _clause_before(text: str, start: int) -> str:
    window = text[max(0, start - _ROLE_WINDOW):start]
    breaks = list(_CLAUSE_BREAK.finditer(window))
    return window[breaks[-1].end():] if breaks else window


def _sentence_before(text: str, start: int) -> str:
    cut = max(text.rfind(mark, 0, start) for mark in "。！？!?\n")
    return text[cut + 1:start]


def _role_before(rules: _Rules, text: str, start: int) -> tuple[str | None, bool]:
    """(role, money_context): the nearest cue in the clause before ``start``."""
    clause = _clause_before(text, start)
    cues = list(rules.before_role.finditer(clause))
    if not cues:
        return None, False
    cue = cues[-1]
    role, requires = rules.before_roles[cue.group()]
    if role == "money" and len(cues) > 1 and cues[-2].end() == cue.start():
        # 实际使用外资金额, 签约总投资额: a generic word glued to a cue that names the role
        cue = cues[-2]
        role, requires = rules.before_roles[cue.group()]
    if _any_in(rules.respectively, clause[cue.end():]):
        return None, True
    if requires and requires not in _sentence_before(text, start - len(clause) + cue.start()):
        return None, True
    return (None if role == "money" else role), True


def _not_an_amount(rules: _Rules, text: str, m: re.Match[str]) -> bool:
    """True for a number-and-unit that is no amount of money, whatever the context."""
    num, mult, cur = m.group("num"), m.group("mult"), m.group("cur")
    start = m.start()
    if not mult and not cur:
        return True
    if start and (text[start - 1].isdigit() or text[start - 1] in ".%"):
        return True
    chinese = not num[0].isdigit()
    if chinese and not mult and cur in rules.word_currencies:
        return True                       # 多元, 一元化: words, not prices
    if chinese and text.endswith(rules.not_number_before, 0, start):
        return True                       # ordinals and vague 数十亿, 上百亿
    if not cur and rules.non_money.match(text, m.end()):
        return True                       # 1640亿斤, 40亿立方米: a quantity
    if not cur and text.startswith(rules.list_marks, m.end()):
        return True                       # 100万、110万和130万亿元: the unit comes at the list's end
    return text.startswith(rules.rate_marks, m.end())   # 300万元/亩: a rate, not an amount


def _scan(text: str, *, assume_money: bool) -> list[MoneyMention]:
    rules = _rules()
    found: list[MoneyMention] = []
    for m in rules.amount.finditer(text):
        if _not_an_amount(rules, text, m):
            continue
        mult, cur = m.group("mult"), m.group("cur")
        value = parse_number(m.group("num"))
        if value is None:
            continue
        value *= Decimal(rules.multipliers.get(mult or "", 1))
        if value > MAX_AMOUNT:
            continue
        start, end = m.start(), m.end()
        qualifier = "over" if (m.group("more") or m.group("more2")) else "exact"

        lower = rules.range_lower.search(text, max(0, start - 16), start)
        if lower:
            # 50—80亿元, 10亿至20亿元: the text gives a range; keep its lower end as a bound
            low = parse_number(lower.group("lo"))
            if low is None:
                continue
            value = low * Decimal(rules.multipliers.get(lower.group("lomult") or mult or "", 1))
            if value > MAX_AMOUNT:
                continue
            qualifier, start = "at_least", lower.start()
            while found and found[-1].start >= start:
                found.pop()
        start -= _ending_at(text, start, rules.currency_before)   # 约合人民币8.6亿元: the bound stands before 人民币
        before = None if lower else rules.before_qualifier.search(text, max(0, start - 4), start)
        if before and not bound_is_word_tail(text, start):
            bound = rules.before_qualifiers[before.group()]
            if bound != "exact":
                qualifier, start = bound, before.start()
        after = rules.after_qualifier.match(text, end)
        if after:
            if qualifier == "exact":              # 超300亿元以上 stays "over"
                qualifier = rules.after_qualifiers[after.group()]
            end = after.end()

        role, context = _role_before(rules, text, start)
        after_role = rules.after_role.match(text, end)
        if after_role:
            role = rules.after_roles[after_role.group()]
            if role == "size_class" and not cur:
                continue                  # 千亿级, 百亿产业集群: a size, not an amount
            context = True
        if not cur and not (context or assume_money):
            continue                      # a bare 160亿 with nothing saying it is money
        role = _ends_role(rules, _clause_tail(text, start)) or role
        found.append(MoneyMention(
            start=start, end=end, text=text[start:end], value=float(value),
            currency=rules.currencies.get(cur or "", "CNY"), qualifier=qualifier, role=role,
        ))
    return found


def _any_in(words: tuple[str, ...], text: str) -> bool:
    return any(word in text for word in words)


def _ending_at(text: str, end: int, words: tuple[str, ...]) -> int:
    """The length of the first of ``words`` that ends at ``end`` in ``text``, else 0."""
    return next((len(word) for word in words if text.endswith(word, 0, end)), 0)


def _clause_tail(text: str, start: int) -> str:
    """The last characters of the clause that ends at ``start`` (what an "ends" rule reads)."""
    window = text[max(0, start - _ENDS_WINDOW):start]
    breaks = list(_ENDS_BREAK.finditer(window))
    return window[breaks[-1].end():] if breaks else window


def _ends_role(rules: _Rules, left: str) -> str | None:
    tail = left[-_ENDS_WINDOW:]
    if _any_in(rules.respectively, tail):
        return None             # 总投资、年度投资分别为50亿元、10亿元: the words do not pair with one amount
    for role, pattern in rules.ends_roles:
        if pattern.search(tail):
            return role
    return None


def money_role(left: str) -> str | None:
    """The role the words right before an amount give it ("ends" rules of money_roles.tsv), or None.

    Args:
        left: the clause text that ends right before the amount.

    >>> money_role("共安排重点项目133项，计划总投资"), money_role("年度计划投资"), money_role("实现产值")
    ('total', 'annual', 'output')
    """
    return _ends_role(_rules(), left)


def find_money(text: str) -> list[MoneyMention]:
    """Every amount of money in ``text``, in order.

    An amount with a currency word (元, 美元, 欧元 ...) is always money; a bare
    ``160亿`` only when a money cue (投资, 签约额, 产值 ...) stands before it in the
    same clause. Quantities of other units (1640亿斤, 40亿立方米) are never money.

    Args:
        text: normalized (simplified) text.

    Returns:
        MoneyMention list: ``value`` in units of ``currency`` (yuan for CNY),
        ``qualifier`` exact/about/over/at_least, ``role`` (one of ROLES but "money", or None):
        first the "ends" rule matching the clause right before the amount (总投资, 年度计划投资,
        产值 ...), else the nearest cue word before it in its clause or right after it
        (size_class for "亿元以上项目").

    >>> m = find_money("现场签约23个项目，总投资额250.42亿元")[0]
    >>> m.value, m.role
    (25042000000.0, 'total')
    """
    if not text:
        return []
    return _scan(text, assume_money=False)


def parse_amount(s: str) -> tuple[float, str, str] | None:
    """Read one amount written on its own: ``"超300亿"`` → ``(30000000000.0, "CNY", "over")``.

    Args:
        s: a short string holding an amount (a bare 亿/万 counts as yuan here).

    Returns:
        (value, currency, qualifier) of the first amount in ``s``, or None when
        there is none (or it is a quantity of another unit, like 40亿立方米).

    >>> parse_amount("11亿美元")
    (1100000000.0, 'USD', 'exact')
    """
    found = _scan(s or "", assume_money=True)
    if not found:
        return None
    first = found[0]
    return first.value, first.currency, first.qualifier
