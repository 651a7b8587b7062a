"""A node's span is worked out when it is read (CellSpan); it must behave as the Span it stands
for, in every way a check, a reporter or a test may use one. Checked on every cell and row of a
real seed file, and on a reader's native locations."""

from __future__ import annotations

import copy
import pickle

import pytest
from conftest import seed_path

from linter.parse.build.common import CellSpan, cell_span, row_span
from linter.parse.nodes import Span
from linter.parse.source import Row
from linter.readers.text import read_text

ROWS = read_text(str(seed_path("001")), seed_path("001").read_bytes()).rows


def _eager_cell(row: Row, i: int) -> Span:
    col = sum(len(t) + 1 for t in row.texts[:i]) + 1
    return Span(row.line, col, row.line, col + (len(row.texts[i]) or 1), row.where(i))


def _spans() -> list[tuple[Span, Span]]:
    """(lazy, eager) for every cell, and for every row that has a filled cell."""
    pairs = [
        (cell_span(row, i), _eager_cell(row, i)) for row in ROWS for i in range(len(row.texts))
    ]
    for row in ROWS:
        filled = [i for i, t in enumerate(row.texts) if t.strip()]
        if filled:
            first, last = filled[0], filled[-1]
            start = _eager_cell(row, first).col
            end = start + len("\t".join(row.texts[first : last + 1]))
            eager = Span(row.line, start, row.line, max(end, start + 1), row.where(first))
            pairs.append((row_span(row), eager))
    return pairs


PAIRS = _spans()


def test_seed_gives_many_spans():
    assert len(PAIRS) > 2000
    assert all(type(lazy) is CellSpan for lazy, _ in PAIRS)


def test_fields_and_tuple_are_the_spans():
    for lazy, eager in PAIRS:
        assert (lazy.line, lazy.col, lazy.end_line, lazy.end_col, lazy.where) == tuple(eager)
        assert tuple(lazy) == eager and list(lazy) == list(eager)
        assert len(lazy) == 5 and lazy[1] == eager.col and lazy[-1] == eager.where
        assert eager.end_col in lazy and lazy[:2] == eager[:2]
        assert lazy.resolve() == eager and type(lazy.resolve()) is Span
        assert lazy.to_dict() == eager.to_dict() and lazy._asdict() == eager._asdict()


def test_compares_hashes_and_prints_as_the_span():
    for lazy, eager in PAIRS:
        assert lazy == eager and eager == lazy
        assert (lazy != eager) is False
        assert hash(lazy) == hash(eager)
        assert repr(lazy) == repr(eager)
        assert lazy._replace(col=1) == eager._replace(col=1)
    lazies = [lazy for lazy, _ in PAIRS]
    assert sorted(lazies) == sorted(eager for _, eager in PAIRS)
    assert lazies[0] != lazies[1]
    assert lazies[0] < Span(10**9, 1, 10**9, 2) and lazies[0] <= lazies[0]
    assert lazies[0] > Span(0, 1, 0, 2) and lazies[0] >= lazies[0]


@pytest.mark.parametrize("dump", [pickle.dumps, copy.copy, copy.deepcopy])
def test_copies_and_pickles_as_a_plain_span(dump):
    lazy, eager = PAIRS[7]
    out = pickle.loads(dump(lazy)) if dump is pickle.dumps else dump(lazy)
    assert out == eager and type(out) is Span


def test_native_locations_are_kept():
    """On a made-up row with a workbook's cell names, as the xlsx reader gives them."""
    row = Row(3, ("项目名称", "", "学前教育"), ("Sheet1!A3", None, "Sheet1!C3"))
    assert cell_span(row, 2).where == "Sheet1!C3" and cell_span(row, 1).where is None
    assert tuple(row_span(row)) == (3, 1, 3, 11, "Sheet1!A3")
    assert tuple(cell_span(row, 1)) == (3, 6, 3, 7, None)  # an empty cell spans one column


def test_blank_row_spans_the_whole_row():
    """A made-up row of nothing but blanks."""
    row = Row(5, ("", " ", ""), None)
    assert tuple(row_span(row)) == (5, 1, 5, 4, None)
