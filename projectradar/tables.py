"""The one reader of the rule tables (TSV under projectradar/data/): every line validated, a bad one named by file and line."""
from __future__ import annotations

import functools
from importlib import resources
from typing import NamedTuple

from projectradar.errors import RuleError

__all__ = ["TableRow", "load_table", "parse_table", "data_path", "surnames"]


class TableRow(NamedTuple):
    """One rule line: its cells (padded to the declared columns) and where it came from."""

    cells: tuple[str, ...]
    line: int
    path: str


def data_path(name: str) -> str:
    """The path of a table under projectradar/data/, for messages."""
    return str(resources.files("projectradar") / "data" / name)


@functools.cache
def load_table(name: str, columns: int, optional: int = 0, blank: tuple[int, ...] = ()) -> tuple[TableRow, ...]:
    """Read ``projectradar/data/<name>``: tab-separated, ``#`` comments, blank lines skipped.

    Args:
        name: file name under projectradar/data/.
        columns: how many columns a line has.
        optional: how many of the trailing columns may be missing (filled with "").
        blank: the columns (counted from 0) whose cell may be empty.

    Returns:
        The rows in file order. Raises RuleError naming file:line on a short,
        long or empty-cell line.

    >>> rows = load_table("money_units.tsv", 3)
    >>> rows[0].cells[0]
    '万亿'
    """
    path = data_path(name)
    try:
        text = (resources.files("projectradar") / "data" / name).read_text(encoding="utf-8")
    except FileNotFoundError as err:
        raise RuleError(path, 0, "rule table is missing") from err
    return parse_table(text, path, columns, optional, blank)


def parse_table(text: str, path: str, columns: int, optional: int = 0,
                blank: tuple[int, ...] = ()) -> tuple[TableRow, ...]:
    """Parse the text of a rule table (see load_table); ``path`` is used in messages.

    >>> parse_table("# words\\n亿\\tmultiplier\\t100000000\\n", "units.tsv", 3)[0].line
    2
    """
    rows: list[TableRow] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        cells = raw.rstrip("\r\n").split("\t")
        if not columns - optional <= len(cells) <= columns:
            raise RuleError(path, number, f"expected {columns} tab-separated columns, found {len(cells)}")
        cells = [c.strip() for c in cells] + [""] * (columns - len(cells))
        required = columns - optional
        if any(not c and i not in blank for i, c in enumerate(cells[:required])):
            raise RuleError(path, number, "an empty cell where a value is required")
        rows.append(TableRow(tuple(cells), number, path))
    return tuple(rows)


@functools.cache
def surnames() -> tuple[frozenset[str], frozenset[str]]:
    """(one-character, two-character) family names of ``data/surnames.tsv``: the one
    table that bylines (pages) and titled people (mentions) both start a name from.
    RuleError names file:line for a surname that does not fit its kind.

    >>> single, compound = surnames()
    >>> "王" in single, "欧阳" in compound
    (True, True)
    """
    found: dict[str, set[str]] = {"single": set(), "compound": set()}
    for row in load_table("surnames.tsv", 2):
        surname, kind = row.cells
        size = {"single": 1, "compound": 2}.get(kind)
        if size is None or len(surname) != size or not all("\u4e00" <= c <= "\u9fff" for c in surname):
            raise RuleError(row.path, row.line, f"surname {surname!r} does not fit kind {kind!r} (single | compound)")
        found[kind].add(surname)
    return frozenset(found["single"]), frozenset(found["compound"])
