"""The one reader of the rule tables (TSV under projectradar/data/): every line validated, a bad one named by file and line."""
from __future__ import annotations

import functools
import re
from importlib import resources
from typing import NamedTuple

from projectradar.errors import RuleError

__all__ = ["TableRow", "load_table", "parse_table", "data_path", "surnames", "WordTable"]


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
    >>> "王" in single, "司马" in compound
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


_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


class WordTable:
    """A table of labelled words and patterns (``kind<TAB>entry``, or ``entry<TAB>kind`` with
    ``entry_first``): the one way a stage keeps its words out of its code.

    A kind in ``patterns`` holds regular expressions (fragments that compile on their own) in which
    ``{kind}`` stands for the alternation of another kind's words; every other kind holds plain words.
    Everything is checked on first use and a bad row raises RuleError naming file and line: an unknown
    kind, a pattern that does not compile or names an unknown kind, a kind declared but absent.
    An alternation puts longer words first; with ``longest_first=False`` it keeps table order (for a
    table whose header says the order of its words counts).

    >>> table = WordTable.from_text("# kind, word\\nunit\\t个\\nunit\\t项\\ncount\\t\\\\d+{unit}\\n", "demo.tsv",
    ...                             kinds=("unit", "count"), patterns=("count",))
    >>> table.words("unit"), table.pattern("count")
    (('个', '项'), '\\\\d+(?:个|项)')
    """

    def __init__(self, rows: tuple[TableRow, ...], path: str, *, kinds: tuple[str, ...],
                 patterns: tuple[str, ...] = (), entry_first: bool = False, longest_first: bool = True):
        self.path = path
        self._longest_first = longest_first
        self.kinds = frozenset(kinds)
        self._patterns = frozenset(patterns)
        found: dict[str, list[TableRow]] = {}
        for row in rows:
            entry, kind = (row.cells[0], row.cells[1]) if entry_first else (row.cells[1], row.cells[0])
            if kind not in self.kinds:
                raise RuleError(row.path, row.line, f"unknown kind {kind!r} (one of {', '.join(sorted(self.kinds))})")
            found.setdefault(kind, []).append(row)
        missing = sorted(self.kinds - set(found))
        if missing:
            raise RuleError(path, 0, f"no rows of kind {', '.join(missing)}")
        self._rows = {kind: tuple(rs) for kind, rs in found.items()}
        self._entry = 0 if entry_first else 1
        self._filled: dict[str, tuple[str, ...]] = {}
        for kind in self._patterns:  # compile every pattern now: a bad one fails at load, not mid-page
            self.patterns(kind)

    @classmethod
    def load(cls, name: str, **options) -> "WordTable":
        """The table ``projectradar/data/<name>`` (two columns)."""
        return cls(load_table(name, 2), data_path(name), **options)

    @classmethod
    def from_text(cls, text: str, path: str, **options) -> "WordTable":
        """A table from its text (tests; ``path`` is used in messages)."""
        return cls(parse_table(text, path, 2), path, **options)

    def rows(self, kind: str) -> tuple[TableRow, ...]:
        return self._rows[self._known(kind)]

    def words(self, kind: str) -> tuple[str, ...]:
        """The entries of ``kind`` in table order."""
        return tuple(row.cells[self._entry] for row in self.rows(kind))

    def alternation(self, kind: str) -> str:
        """The words of ``kind`` as an escaped alternation inside ``(?:…)``, longest first
        (in table order with ``longest_first=False``)."""
        ordered = sorted(self.words(kind), key=len, reverse=True) if self._longest_first else self.words(kind)
        return "(?:" + "|".join(re.escape(w) for w in ordered) + ")"

    def patterns(self, kind: str) -> tuple[str, ...]:
        """The patterns of a pattern kind, placeholders filled, each checked to compile."""
        if kind not in self._patterns:
            raise RuleError(self.path, 0, f"kind {kind!r} holds words, not patterns")
        if kind not in self._filled:
            out = []
            for row in self.rows(kind):
                pattern = self.fill(row.cells[self._entry], row)
                try:
                    re.compile(pattern)
                except re.error as err:
                    raise RuleError(row.path, row.line, f"bad regular expression {row.cells[self._entry]!r}: {err}") from err
                out.append(pattern)
            self._filled[kind] = tuple(out)
        return self._filled[kind]

    def pattern(self, kind: str) -> str:
        """The one pattern of a pattern kind, or the alternation of several, inside ``(?:…)`` when several."""
        found = self.patterns(kind)
        return found[0] if len(found) == 1 else "(?:" + "|".join(found) + ")"

    def fill(self, pattern: str, row: TableRow | None = None) -> str:
        """``pattern`` with each ``{kind}`` replaced by that kind's word alternation (a pattern
        kind by its pattern); an unknown kind raises RuleError naming the row."""
        def one(m: re.Match) -> str:
            kind = m.group(1)
            if kind not in self.kinds:
                where = (row.path, row.line) if row else (self.path, 0)
                raise RuleError(*where, f"unknown kind {{{kind}}} in a pattern")
            return self.pattern(kind) if kind in self._patterns else self.alternation(kind)
        return _PLACEHOLDER.sub(one, pattern)

    def _known(self, kind: str) -> str:
        if kind not in self.kinds:
            raise RuleError(self.path, 0, f"no kind {kind!r} in this table")
        return kind
