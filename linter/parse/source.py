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
    """One cell, as ``Row.cells`` shows it."""

    text: str
    line: int
    col: int  # 1-based column of the first character in the normalised line
    where: str | None = None

    @property
    def end_col(self) -> int:
        return self.col + len(self.text)


class Row(NamedTuple):
    """One row: the texts of its cells and, when the reader has them, their native locations.

    A row holds texts rather than cells because most cells are only ever classified by their
    words; a cell's column and location are worked out for the few that a node points at."""

    line: int
    texts: tuple[str, ...]
    wheres: tuple[str | None, ...] | None = None  # one per text, or None when no cell has one

    def col(self, i: int) -> int:
        """1-based column of cell ``i`` in the TAB-joined line."""
        return len("".join(self.texts[:i])) + i + 1  # a join: cheaper than sum(map(len, …))

    def where(self, i: int) -> str | None:
        return None if self.wheres is None else self.wheres[i]

    @property
    def cells(self) -> tuple[Cell, ...]:
        return tuple(
            Cell(text, self.line, self.col(i), self.where(i)) for i, text in enumerate(self.texts)
        )

    @property
    def is_blank(self) -> bool:
        return all(not t.strip() for t in self.texts)


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

    def __reduce__(self):  # travels whole from a worker process
        return (type(self), (self.zh, self.en, self.line))


def rows_from_cells(
    path: str, table: Iterable[Sequence[str]], where: Sequence[Sequence[str | None]] | None = None
) -> SourceRows:
    """Number rows of cell texts as TAB-joined lines; cells keep their native ``where``."""
    lines: list[str] = []
    rows: list[Row] = []
    for i, raw_texts in enumerate(table):
        texts = tuple(_CONTROL.sub(" ", raw) if _CONTROL.search(raw) else raw for raw in raw_texts)
        native = None
        if where is not None:
            known = where[i]
            native = tuple(known[j] if j < len(known) else None for j in range(len(texts)))
        lines.append("\t".join(texts))
        rows.append(Row(i + 1, texts, native))
    return SourceRows(path, tuple(lines), tuple(rows))
