"""Spans and texts from cells: the link between the AST and the original file."""

from __future__ import annotations

from collections.abc import Container, Sequence

from linter.nodes import Span, Text
from linter.normalize import clean
from linter.source import Cell, Row

_tuple = tuple.__new__  # builds a named tuple without its Python-level __new__: cells are many


def cell_span(cell: Cell) -> Span:
    text, line, col, where = cell
    return _tuple(Span, (line, col, line, col + (len(text) or 1), where))


def row_span(row: Row) -> Span:
    """From the first filled cell to the end of the last one (the whole row if none is filled)."""
    cells = row.cells
    first = last = None
    for cell in cells:  # loops rather than a list of filled cells: one row_span per row
        if cell.text and not cell.text.isspace():
            first = cell
            break
    if first is None:
        first, last = cells[0], cells[-1]
    else:
        for cell in reversed(cells):
            if cell.text and not cell.text.isspace():
                last = cell
                break
    end = last.col + len(last.text)
    return _tuple(Span, (row.line, first.col, row.line, max(end, first.col + 1), first.where))


def lines_span(first: Span, last: Span) -> Span:
    return Span(first.line, first.col, last.end_line, last.end_col, first.where)


def text_of(cell: Cell) -> Text | None:
    value = clean(cell.text)
    return Text(value, cell_span(cell)) if value else None


def next_filled(
    cells: Sequence[Cell],
    start: int,
    stop: int | None = None,
    stop_keys: Container[str] = (),
    keys: Sequence[str] = (),
) -> int | None:
    """Index of the first non-empty cell from ``start`` (before ``stop``), or None if a label in
    stop_keys comes first."""
    for i in range(start, len(cells) if stop is None else stop):
        if keys and keys[i] in stop_keys:
            return None
        if cells[i].text.strip():
            return i
    return None
