"""Give money and count mentions their role and attach them to the right trigger."""
from __future__ import annotations

import re
from functools import cache
from importlib import resources

from ..errors import RuleError
from ..records import CountMention, MoneyMention

__all__ = ["money_role", "is_project_count", "load_roles", "parse_roles", "usable_money", "ROLES"]

ROLES = ("total", "annual", "planned", "fixed", "signed", "delivered", "output", "other")

# words that may sit between a role word and its amount: 总投资达250亿元, 投资额为, 总投资约
_JOIN = r"(?:[^，,。；;、\d]{0,2}?(?:达到|达|为|约|近|超过|超|逾|共|合计|总计|共计|高达|突破|计|是)?了?)?$"


@cache
def load_roles() -> tuple[tuple[str, re.Pattern], ...]:
    """The rules of data/figure_roles.tsv as (role, pattern anchored at the end of the left text)."""
    text = (resources.files("projectradar") / "data" / "figure_roles.tsv").read_text(encoding="utf-8")
    return parse_roles(text, "projectradar/data/figure_roles.tsv")


def parse_roles(text: str, shown: str = "figure_roles.tsv") -> tuple[tuple[str, re.Pattern], ...]:
    """Parse money-role rules from a table's text; a bad line raises RuleError(file:line)."""
    out = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) != 2:
            raise RuleError(shown, number, f"expected 2 tab-separated columns, got {len(cells)}")
        role, pattern = (c.strip() for c in cells)
        if role not in ROLES:
            raise RuleError(shown, number, f"unknown role {role!r}")
        try:
            out.append((role, re.compile(f"(?:{pattern}){_JOIN}")))
        except re.error as err:
            raise RuleError(shown, number, f"bad regular expression {pattern!r}: {err}") from err
    return tuple(out)


def money_role(left: str) -> str | None:
    """The role of an amount from the clause text just before it, or None.

    Args:
        left: the clause text that ends right before the amount.

    Example:
        >>> money_role("共安排重点项目133项，计划总投资")
        'total'
        >>> money_role("年度计划投资")
        'annual'
        >>> money_role("实现产值")
        'output'
    """
    tail = left[-14:]
    for role, pattern in load_roles():
        if pattern.search(tail):
            return role
    return None


_PROJECT_NOUN = re.compile(r"项目|^个$|^项$|^条$|^宗$|^座$|^个重|^个产业|^个签约|^个开工|^批$")


def is_project_count(count: CountMention, sentence: str) -> bool:
    """True when a count counts projects (23个项目, 项目23个, 133项, 10条高速公路), not
    companies, people or times.

    Example:
        >>> is_project_count(CountMention(0, 5, "23个项目", value=23, noun="个项目"), "签约23个项目")
        True
        >>> is_project_count(CountMention(0, 4, "6家企业", value=6, noun="家企业"), "为6家企业颁奖")
        False
    """
    noun = count.noun or ""
    if "项目" in noun:
        return True
    if noun.startswith(("家", "人", "次", "名", "户", "位", "天", "年", "月", "日", "期", "批")):
        return False
    after = sentence[count.end:count.end + 4]
    if re.match(r"(项目|重点项目|重大项目|产业项目|签约项目)", after):
        return True
    if noun in ("个", "项") and re.search(r"项目", sentence[max(0, count.start - 12):count.start]):
        return True
    if noun.startswith(("条", "座")) and re.match(r"[^，,。；;]{0,6}(高速|公路|铁路|线|道路|电站|机场|港口|大桥|隧道|水库|管道|码头)", after):
        return True
    return noun in ("项",) and "项目" in sentence


def usable_money(money: MoneyMention) -> bool:
    """Money worth reading as investment: positive, not absurdly small (under 10万元)."""
    return money.value >= 1e5
