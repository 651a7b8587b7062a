"""Rows of cells: what every reader produces and the grammar consumes.

A reader turns a file (text export, xlsx, docx, pdf) into numbered rows of cells. The line
numbers index the normalised TAB-joined text, so every input format has a line and column;
``where`` keeps the reader's native location (sheet and cell, page and row) beside it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import NamedTuple

_CONTROL = re.compile(r"[\t\r\n]")


class Cell(NamedTuple):
    """One cell. A named tuple: readers make millions of them, and tuples are cheap to build."""

    text: str
    line: int
    col: int  # 1-based column of the first character in the normalised line
    where: str | None = None

    @property
    def end_col(self) -> int:
        return self.col + len(self.text)


class Row(NamedTuple):
    line: int
    cells: tuple[Cell, ...]

    @property
    def is_blank(self) -> bool:
        return all(not c.text.strip() for c in self.cells)


class SourceRows(NamedTuple):
    path: str
    lines: tuple[str, ...]
    rows: tuple[Row, ...]


class ReadError(Exception):
    """An input that cannot be read; the message names the file and, where known, the line."""

    def __init__(self, zh: str, en: str, line: int = 1) -> None:
        super().__init__(en)
        self.zh = zh
        self.en = en
        self.line = line


def rows_from_cells(
    path: str, table: Iterable[Sequence[str]], where: Sequence[Sequence[str | None]] | None = None
) -> SourceRows:
    """Number rows of cell texts as TAB-joined lines; cells keep their native ``where``."""
    lines: list[str] = []
    rows: list[Row] = []
    for i, texts in enumerate(table):
        line_no = i + 1
        cells = []
        col = 1
        for j, raw in enumerate(texts):
            text = _CONTROL.sub(" ", raw) if _CONTROL.search(raw) else raw
            native = where[i][j] if where is not None and j < len(where[i]) else None
            cells.append(Cell(text, line_no, col, native))
            col += len(text) + 1
        lines.append("\t".join([c.text for c in cells]))
        rows.append(Row(line_no, tuple(cells)))
    return SourceRows(path, tuple(lines), tuple(rows))
