"""Spans and texts from cells: the link between the AST and the original file."""

from __future__ import annotations

from collections.abc import Container, Sequence

from linter.nodes import Span, Text
from linter.normalize import clean
from linter.source import Row

_tuple = tuple.__new__  # builds a named tuple without its Python-level __new__: spans are many


def cell_span(row: Row, i: int) -> Span:
    """The span of cell ``i`` of ``row``; an empty cell spans one column."""
    line, texts, wheres = row
    col = row.col(i)
    where = None if wheres is None else wheres[i]
    return _tuple(Span, (line, col, line, col + (len(texts[i]) or 1), where))


def row_span(row: Row) -> Span:
    """From the first filled cell to the end of the last one (the whole row if none is filled)."""
    line, texts, wheres = row
    first, last = 0, len(texts) - 1  # the whole row, unless a cell is filled
    for i, text in enumerate(texts):  # loops rather than a list of filled cells: rows are many
        if text and not text.isspace():
            first = i
            while not texts[last] or texts[last].isspace():
                last -= 1
            break
    col = row.col(first)
    end = col + len("\t".join(texts[first : last + 1]))
    where = None if wheres is None else wheres[first]
    return _tuple(Span, (line, col, line, max(end, col + 1), where))


def lines_span(first: Span, last: Span) -> Span:
    return Span(first.line, first.col, last.end_line, last.end_col, first.where)


def text_of(row: Row, i: int) -> Text | None:
    """Cell ``i`` of ``row`` as cleaned text, or None when nothing is left of it."""
    value = clean(row.texts[i])
    return Text(value, cell_span(row, i)) if value else None


def next_filled(
    texts: Sequence[str],
    start: int,
    stop: int | None = None,
    stop_keys: Container[str] = (),
    keys: Sequence[str] = (),
) -> int | None:
    """Index of the first non-empty cell from ``start`` (before ``stop``), or None if a label in
    stop_keys comes first."""
    for i in range(start, len(texts) if stop is None else stop):
        if keys and keys[i] in stop_keys:
            return None
        if texts[i].strip():
            return i
    return None
