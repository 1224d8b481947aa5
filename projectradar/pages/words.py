"""The words page patterns are built from (data/page_words.tsv and data/byline_roles.tsv, read once), and the
rule tables of lines and dates (page_lines.tsv, page_dates.tsv) compiled with them."""
from __future__ import annotations

import functools
import re
from typing import NamedTuple

from ..errors import RuleError
from ..tables import TableRow, WordTable, data_path, load_table

__all__ = ["KINDS", "read_words", "words", "alternation", "characters", "page_pattern", "PageRule", "compile_rules",
           "CreditRole", "credit_roles"]

_WORDS_FILE = "page_words.tsv"
_ROLES_FILE = "byline_roles.tsv"

# The kinds of page_words.tsv (its header says what each is for).
KINDS = (
    "place_label", "home_link", "source_label", "publisher_label", "author_label", "date_label", "keyed_date_label",
    "not_publication_label",
    "related_heading", "editor_label", "own_outlet", "dateline_end", "caption_outlet", "caption_role",
    "caption_label", "photo_mark", "report_mark", "byline_filler", "goal_lead", "not_story_year", "cell_unit",
    "number_column", "site_name_end", "markdown_skip_section", "markdown_source_link", "not_dateline_end",
    "not_a_name", "sentence_end", "closing_mark",
)
# Kinds whose words are single characters (they go into a character class or a look-behind).
_ONE_CHARACTER = frozenset({"goal_lead", "sentence_end", "closing_mark"})


@functools.cache
def _word_table() -> WordTable:
    return read_words(load_table(_WORDS_FILE, 2), data_path(_WORDS_FILE))


def read_words(rows: tuple[TableRow, ...], path: str) -> WordTable:
    """The word table of the rows of page_words.tsv, words in table order (the order counts:
    the first word that fits is taken). RuleError names file:line for an unknown kind, a kind
    with no words, or a multi-character word where a kind wants single characters."""
    table = WordTable(rows, path, kinds=KINDS, entry_first=True, longest_first=False)
    for kind in _ONE_CHARACTER:
        for row in table.rows(kind):
            if len(row.cells[0]) != 1:
                raise RuleError(row.path, row.line, f"a {kind} word is one character, not {row.cells[0]!r}")
    return table


def words(kind: str) -> tuple[str, ...]:
    """The words of one kind of page_words.tsv, in table order.

    >>> words("dateline_end")
    ('讯', '电')
    """
    return _word_table().words(kind)


def alternation(kind: str) -> str:
    """The words of ``kind`` as a regex alternation inside ``(?:…)`` (escaped, table order).

    >>> alternation("dateline_end")
    '(?:讯|电)'
    """
    return _word_table().alternation(kind)


def characters(kind: str) -> str:
    """The one-character words of ``kind``, escaped, to put inside a character class ``[…]``."""
    return "".join(re.escape(c) for c in words(kind))


@functools.cache
def page_pattern(template: str) -> re.Pattern:
    """``template`` compiled with each ``{kind}`` replaced by the alternation of that kind's words.

    >>> page_pattern(r"^{home_link}\\s*>").match("首页 > 本地").group()
    '首页 >'
    """
    return re.compile(_word_table().fill(template))


class PageRule(NamedTuple):
    """A rule of a page table: its label, what it is for (a line's action, where a date stands), its regex."""

    label: str
    use: str
    pattern: re.Pattern


def compile_rules(rows: tuple[TableRow, ...], column: str, needs: dict[str, frozenset[str]]) -> tuple[PageRule, ...]:
    """Rules from the rows of a ``label<TAB>use<TAB>regex`` table (page_lines.tsv, page_dates.tsv);
    ``needs`` maps each use to the named groups its regex must have. ``{kind}`` in a regex stands
    for the words of that kind of page_words.tsv. RuleError names file:line for an unknown use
    (``column`` names it in the message), a regex that does not compile, an unknown ``{kind}``
    or a missing group."""
    rules: list[PageRule] = []
    for row in rows:
        label, use, pattern = row.cells
        if use not in needs:
            raise RuleError(row.path, row.line, f"unknown {column} {use!r} (one of {', '.join(needs)})")
        try:
            compiled = re.compile(_word_table().fill(pattern, row))
        except re.error as err:
            raise RuleError(row.path, row.line, f"bad regex: {err}") from None
        missing = needs[use] - set(compiled.groupindex)
        if missing:
            raise RuleError(row.path, row.line, f"{column} {use} needs the groups {', '.join(sorted(missing))}")
        rules.append(PageRule(label, use, compiled))
    return tuple(rules)


class CreditRole(NamedTuple):
    """A byline role: as written (记者), whether it credits reporters or photographers, its form."""

    role: str
    photographer: bool
    pattern: str


@functools.cache
def credit_roles() -> tuple[CreditRole, ...]:
    """The roles of data/byline_roles.tsv with the regex each is matched by, in table order.

    >>> [r.pattern for r in credit_roles() if r.role == "图"]
    ['图/', '图(?=\\\\s*:)']
    """
    roles: list[CreditRole] = []
    for row in load_table(_ROLES_FILE, 3):
        role, credit, form = row.cells
        if credit not in ("reporter", "photographer"):
            raise RuleError(row.path, row.line, f"credit {credit!r} is not reporter or photographer")
        if form not in ("word", "slash", "colon"):
            raise RuleError(row.path, row.line, f"form {form!r} is not word, slash or colon")
        pattern = re.escape(role) + {"word": "", "slash": "/", "colon": r"(?=\s*:)"}[form]
        roles.append(CreditRole(role, credit == "photographer", pattern))
    return tuple(roles)
