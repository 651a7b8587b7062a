"""Spans and texts from cells: the link between the AST and the original file."""

from __future__ import annotations

from collections.abc import Container, Sequence
from typing import Any

from linter.parse.nodes import Span, Text
from linter.parse.normalize import clean
from linter.parse.source import Row

_tuple = tuple.__new__  # builds a named tuple without its Python-level __new__: spans are many
_item = tuple.__getitem__  # a CellSpan's own items, past its overridden __getitem__
_items = tuple.__iter__  # and past its overridden __iter__


class CellSpan(Span):
    """The span of a cell, or of a whole row, worked out only when it is read.

    Every value and text of a form gets a span, and a check reports few of them: working out
    each column when the node was built took ~5% of a run's instructions. A CellSpan holds the
    row and the cell's index (None for the whole row) and behaves as the Span it stands for: its
    fields, iteration, comparison, hashing, repr and pickling all give that Span's. Its line
    needs no work; anything else works the Span out (``resolve``), which the engine does once
    for each finding and digest. Tuple arithmetic, ``count``/``index`` and ``marshal`` still see
    the row and the index: code that needs those calls ``resolve()`` first.
    """

    __slots__ = ()

    def resolve(self) -> Span:
        row, i = _items(self)
        return _row_span(row) if i is None else _cell_span(row, i)

    @property
    def line(self) -> int:  # type: ignore[override]
        return _item(self, 0).line

    end_line = line
    col = property(lambda self: self.resolve().col)  # type: ignore[assignment]
    end_col = property(lambda self: self.resolve().end_col)  # type: ignore[assignment]
    where = property(lambda self: self.resolve().where)  # type: ignore[assignment]

    def __iter__(self):
        return iter(self.resolve())

    def __len__(self) -> int:
        return len(Span._fields)

    def __getitem__(self, index: Any) -> Any:
        return self.resolve()[index]

    def __contains__(self, item: object) -> bool:
        return item in self.resolve()

    def __hash__(self) -> int:
        return hash(self.resolve())

    def __eq__(self, other: object) -> bool:
        return self.resolve() == other

    def __ne__(self, other: object) -> bool:
        return self.resolve() != other

    def __lt__(self, other: tuple) -> bool:
        return self.resolve() < other

    def __le__(self, other: tuple) -> bool:
        return self.resolve() <= other

    def __gt__(self, other: tuple) -> bool:
        return self.resolve() > other

    def __ge__(self, other: tuple) -> bool:
        return self.resolve() >= other

    def __repr__(self) -> str:
        return repr(self.resolve())

    def __reduce__(self) -> tuple:
        return Span, tuple(self.resolve())

    def _replace(self, **changes: Any) -> Span:
        return self.resolve()._replace(**changes)


def cell_span(row: Row, i: int) -> Span:
    """The span of cell ``i`` of ``row``; an empty cell spans one column."""
    return _tuple(CellSpan, (row, i))


def row_span(row: Row) -> Span:
    """From the first filled cell to the end of the last one (the whole row if none is filled)."""
    return _tuple(CellSpan, (row, None))


def _cell_span(row: Row, i: int) -> Span:
    texts, wheres = row.texts, row.wheres  # Row.col and Row.where, inline: every finding's span
    col = len("".join(texts[:i])) + i + 1
    where = None if wheres is None else wheres[i]
    return _tuple(Span, (row.line, col, row.line, col + (len(texts[i]) or 1), where))


def _row_span(row: Row) -> Span:
    texts = row.texts
    first, last = 0, len(texts) - 1  # the whole row, unless a cell is filled
    for i, text in enumerate(texts):
        if text and not text.isspace():
            first = i
            while not texts[last] or texts[last].isspace():
                last -= 1
            break
    col = row.col(first)
    end = col + len("\t".join(texts[first : last + 1]))
    return _tuple(Span, (row.line, col, row.line, max(end, col + 1), row.where(first)))


def lines_span(first: Span, last: Span) -> Span:
    first, last = first.resolve(), last.resolve()  # each worked out once, not per field
    return Span(first.line, first.col, last.end_line, last.end_col, first.where)


def text_of(row: Row, i: int) -> Text | None:
    """Cell ``i`` of ``row`` as cleaned text, or None when nothing is left of it."""
    value = clean(row.texts[i])
    return _tuple(Text, (value, _tuple(CellSpan, (row, i)))) if value else None


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
