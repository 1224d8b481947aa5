"""Table rows: a Markdown or pipe table, or a table a scrape left one cell a line,
becomes one line a row with cells joined by " | ", so a row's figures stay with its place."""
from __future__ import annotations

import functools
import re

from .published import shape_patterns
from .words import alternation, words

__all__ = ["table_rows", "join_table_cells"]


@functools.cache
def _numeric_cell() -> re.Pattern:
    """A cell that is a figure (37个, 210亿元, 12.5) or a date (the cell shapes of data/page_dates.tsv)."""
    dates = "".join(f"|{pattern.pattern}" for pattern in shape_patterns("cell"))
    return re.compile(rf"[-+]?\d[\d,.]*\s*(?:{alternation('cell_unit')})?{dates}")


_CELL_PUNCTUATION = re.compile(r"[。,;!?:、“”]")


def _is_cell(line: str) -> bool:
    # long enough for a project's full name (某集团年产20万吨高性能纤维及复合材料项目)
    return len(line) <= 40 and " | " not in line and not _CELL_PUNCTUATION.search(line)


def _as_table(cells: list[str]) -> list[str] | None:
    """Cells read one a line as rows of k columns, when the shape is
    unmistakable: a header of words, three or more rows in all, a first column
    of names and at least one column of numbers."""
    numeric = _numeric_cell()
    # A column of row numbers (序号 1, 2, 3) is still a table's first column.
    number_columns = words("number_column")
    for k in range(2, 9):
        if len(cells) % k or len(cells) // k < 3:
            continue
        rows = [cells[r:r + k] for r in range(0, len(cells), k)]
        header, data = rows[0], rows[1:]
        numbered = header[0] in number_columns
        if any(numeric.fullmatch(c) for c in header) \
                or any(numeric.fullmatch(r[0]) for r in data) != numbered \
                or (numbered and not all(r[0].isdigit() for r in data)):
            continue
        if numbered and k < 3:
            continue
        if any(all(numeric.fullmatch(r[c]) for r in data) for c in range(2 if numbered else 1, k)):
            return [" | ".join(r) for r in rows]
    return None

_MD_TABLE_RULE = re.compile(r"\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?")
_PIPE_ROW = re.compile(r"\|?(?:[^|\n]*\|){1,11}[^|\n]*\|?")


def table_rows(lines: list[str]) -> list[str]:
    """Rows of a Markdown table (| 地区 | 项目 |, with a |---| rule line) or of
    a pipe-separated table (地区|项目|总投资) as one line a row, cells joined by
    " | " and the rule line dropped; one-cell-a-line tables as ``join_table_cells``.
    Other lines are left alone.

    >>> table_rows(["| 地区 | 项目 |", "|---|---|", "| 甲区 | 12个 |", "完。"])
    ['地区 | 项目', '甲区 | 12个', '完。']
    """
    out: list[str] = []
    for k, line in enumerate(lines):
        if "-" in line and _MD_TABLE_RULE.fullmatch(line.strip()):
            continue
        if "|" in line and _PIPE_ROW.fullmatch(line.strip()) and _in_pipe_table(lines, k):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if any(cells):
                out.append(" | ".join(cells))
            continue
        out.append(line)
    return join_table_cells(out)


def _in_pipe_table(lines: list[str], k: int) -> bool:
    """A pipe line is a table row when a neighbouring line is one too (or a |---| rule):
    one lone 甲|乙 in a sentence is no table."""
    for j in (k - 1, k + 1):
        if 0 <= j < len(lines) and "|" in lines[j] and _PIPE_ROW.fullmatch(lines[j].strip()):
            return True
    return False


def join_table_cells(lines: list[str]) -> list[str]:
    """Join a table that a scrape left one cell a line back into one line a
    row, cells separated by " | " (城市 | 开工项目 | 总投资 / 甲市 | 37个 | 210亿元),
    so each row's figures stay with its place. Anything else is left alone.

    >>> join_table_cells(["各市情况如下。", "城市", "项目", "甲市", "37", "乙市", "67", "完。"])
    ['各市情况如下。', '城市 | 项目', '甲市 | 37', '乙市 | 67', '完。']
    """
    out: list[str] = []
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and _is_cell(lines[j]):
            j += 1
        if j - i < 6:
            out.append(lines[i])
            i += 1
            continue
        run = lines[i:j]
        joined = None
        for lead in range(0, 4):  # a heading line or more may sit on top of the table
            for tail in range(0, 3):
                joined = _as_table(run[lead:len(run) - tail])
                if joined:
                    out.extend(run[:lead] + joined + run[len(run) - tail:])
                    break
            if joined:
                break
        if not joined:
            out.extend(run)
        i = j
    return out


