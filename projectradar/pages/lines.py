"""Line classification: which lines of a page are furniture (navigation, images, editor, bylines)
and the shapes of the others (title, heading, paragraph, channel)."""
from __future__ import annotations

import functools
import re

from ..tables import TableRow, load_table
from .words import PageRule, compile_rules, page_pattern

__all__ = ["ACTIONS", "line_rules", "compile_line_rules", "classify", "is_label", "MD_IMAGE",
           "BREADCRUMB", "breadcrumb_start", "last_char", "is_titleish", "is_paragraph", "is_headline", "channel"]

_RULES_FILE = "page_lines.tsv"
ACTIONS = ("boilerplate", "related", "image", "editor", "staff", "original_title", "byline_source")


# The actions whose rule must capture the line's value (the editor's name, the original title).
_NEEDS = {action: frozenset({"value"}) if action in ("editor", "original_title") else frozenset() for action in ACTIONS}


@functools.cache
def line_rules() -> tuple[PageRule, ...]:
    """The furniture rules of ``data/page_lines.tsv``, validated once (see ``compile_line_rules``)."""
    return compile_line_rules(load_table(_RULES_FILE, 3))


def compile_line_rules(rows: tuple[TableRow, ...]) -> tuple[PageRule, ...]:
    """Rules from the rows of a furniture table; their ``use`` is the line's action.

    Raises RuleError naming file:line for an unknown action, a regex that does
    not compile, an unknown ``{kind}`` of words, or a value rule whose regex
    lacks the group ``value``.
    """
    return compile_rules(rows, "action", _NEEDS)


@functools.cache
def _any_rule() -> re.Pattern:
    """Every rule in one alternation: most lines match none, and one C-level
    fullmatch rejects them (the single rules then name the one that matched)."""
    return re.compile("|".join(f"(?:{re.sub(r'[(][?]P<[a-z_]+>', '(?:', r.pattern.pattern)})" for r in line_rules()))


# A header written as a list item (- 发布日期: …) and a label justified with spaces (索 引 号:)
_LIST_MARK = re.compile(r"[-*•·]\s+(?=\S)")
_JUSTIFIED_LABEL = re.compile(r"(?:[\u4e00-\u9fff] ){1,3}[\u4e00-\u9fff](?=\s*:)")


def _header_form(line: str) -> str:
    """A line as the rules read it: without a list mark, a justified label closed up."""
    if line[:1] in "-*•·":
        line = _LIST_MARK.sub("", line, count=1)
    label = _JUSTIFIED_LABEL.match(line)
    if label:
        line = label.group().replace(" ", "") + line[label.end():]
    return line


def classify(line: str) -> tuple[str, re.Match] | None:
    """The furniture action of a line (first rule whose regex matches it whole);
    the match is on the line's header form (see ``_header_form``).

    >>> classify("【责任编辑:司马文】")[0]
    'editor'
    >>> classify("- 索 引 号: 0012-2024-00031")[0]
    'boilerplate'
    """
    line = _header_form(line)
    if len(line) > 120 or not _any_rule().fullmatch(line):
        return None
    for rule in line_rules():
        m = rule.pattern.fullmatch(line)
        if m:
            return rule.use, m
    return None


def is_label(match: re.Match, *labels: str) -> bool:
    """True when ``match`` came from a rule of page_lines.tsv labelled one of ``labels``."""
    return any(rule.label in labels and rule.pattern is match.re for rule in line_rules())


# ---------------------------------------------------------------------------
# line shapes
# ---------------------------------------------------------------------------
_CLOSERS = "”’\"』」)》】]"
_SENTENCE_FINAL = "。.!?;:,、…—"
_CLAUSE_FINAL = "。.;:,、…—"
MD_IMAGE = re.compile(r"!\[(?P<alt>[^\]]*)\]\((?P<src>[^)\s]+)[^)]*\)")
BREADCRUMB = re.compile(r"\s*(?:>|»|›|→)\s*")


_BREADCRUMB_PREFIX = r"^{place_label}\s*:\s*"


def breadcrumb_start() -> re.Pattern:
    """A line opening with a breadcrumb: (当前位置:) 首页 >."""
    return page_pattern(r"^(?:{place_label}\s*:\s*)?{home_link}\s*(?:>|»|›|→)")


def last_char(line: str) -> str:
    stripped = line.rstrip(_CLOSERS + " ")
    return stripped[-1] if stripped else ""


def is_titleish(line: str, *, limit: int = 64) -> bool:
    """Short, and not ending like a sentence or clause (a title or heading)."""
    return 2 <= len(line) <= limit and last_char(line) not in _SENTENCE_FINAL


def is_paragraph(line: str) -> bool:
    """Body text rather than a heading: long, or ending like a sentence."""
    return len(line) > 50 or (len(line) > 12 and last_char(line) in "。!?;…")


def is_headline(line: str, *, limit: int = 64) -> bool:
    """A headline may end with ! or ? (项目为何落户这里?), unlike a section heading."""
    return 2 <= len(line) <= limit and last_char(line) not in _CLAUSE_FINAL


def channel(line: str) -> str | None:
    """A channel name: a short word (产经) or the last part of a breadcrumb
    (当前位置:首页 > 本地 > 经济 → 经济).

    >>> channel("当前位置:首页 > 本地 > 经济"), channel("产经")
    ('经济', '产经')
    """
    if 1 < len(line) <= 6 and re.fullmatch(r"[\u4e00-\u9fff]+", line):
        return line
    line = page_pattern(_BREADCRUMB_PREFIX).sub("", line)
    parts = [p for p in BREADCRUMB.split(line) if p]
    if len(parts) >= 2 and len(line) <= 60 and all(len(p) <= 10 for p in parts):
        return parts[-1]
    return None
