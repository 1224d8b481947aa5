"""The words page patterns are built from: data/page_words.tsv and data/byline_roles.tsv, read once."""
from __future__ import annotations

import functools
import re
from typing import NamedTuple

from ..errors import RuleError
from ..tables import TableRow, data_path, load_table

__all__ = ["KINDS", "read_words", "words", "alternation", "fill_words", "CreditRole", "credit_roles"]

_WORDS_FILE = "page_words.tsv"
_ROLES_FILE = "byline_roles.tsv"

# The kinds of page_words.tsv (its header says what each is for).
KINDS = frozenset({
    "place_label", "home_link", "source_label", "publisher_label", "author_label", "date_label", "keyed_date_label",
    "not_publication_label",
    "related_heading", "editor_label", "own_outlet", "dateline_end", "caption_outlet", "caption_role",
    "caption_label", "photo_mark", "report_mark", "byline_filler", "goal_lead", "not_story_year", "cell_unit",
    "number_column", "site_name_end", "markdown_skip_section", "markdown_source_link", "not_dateline_end",
    "not_a_name",
})
# Kinds whose words are single characters (they go into a character class or a look-behind).
_ONE_CHARACTER = frozenset({"goal_lead"})
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


@functools.cache
def _word_table() -> dict[str, tuple[str, ...]]:
    return read_words(load_table(_WORDS_FILE, 2))


def read_words(rows: tuple[TableRow, ...]) -> dict[str, tuple[str, ...]]:
    """Kind → its words in table order, from the rows of a word table.
    RuleError names file:line for an unknown kind or a multi-character
    word where a kind wants single characters."""
    found: dict[str, list[str]] = {}
    for row in rows:
        word, kind = row.cells
        if kind not in KINDS:
            raise RuleError(row.path, row.line, f"unknown kind {kind!r} (one of {', '.join(sorted(KINDS))})")
        if kind in _ONE_CHARACTER and len(word) != 1:
            raise RuleError(row.path, row.line, f"a {kind} word is one character, not {word!r}")
        found.setdefault(kind, []).append(word)
    return {kind: tuple(ws) for kind, ws in found.items()}


def words(kind: str) -> tuple[str, ...]:
    """The words of one kind of page_words.tsv, in table order.

    Raises RuleError when the table has none of that kind (a pattern built
    from no words would match the empty string everywhere).

    >>> words("dateline_end")
    ('讯', '电')
    """
    found = _word_table().get(kind)
    if not found:
        raise RuleError(data_path(_WORDS_FILE), 0, f"no words of kind {kind!r}")
    return found


def alternation(kind: str) -> str:
    """The words of ``kind`` as a regex alternation (escaped, table order), to put inside ``(?:…)``.

    >>> alternation("number_column").split("|")[-3:]
    ['NO\\\\.', 'No', 'NO']
    """
    return "|".join(re.escape(w) for w in words(kind))


def fill_words(pattern: str, row: TableRow) -> str:
    """A rule's regex with each ``{kind}`` replaced by that kind's alternation;
    RuleError names the rule's file and line for an unknown kind."""
    def one(m: re.Match) -> str:
        if m.group(1) not in KINDS:
            raise RuleError(row.path, row.line, f"unknown word kind {{{m.group(1)}}} (a kind of {_WORDS_FILE})")
        return alternation(m.group(1))

    return _PLACEHOLDER.sub(one, pattern)


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
