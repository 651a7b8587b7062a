"""Word documents (.docx): body paragraphs and tables in document order, as rows of cells.

A paragraph is a row of one cell; a table row is a row of its cells on the table's grid. A cell
merged across columns (gridSpan) or down rows (vMerge) keeps its text in its first grid position
only, as the text export shows it. A table nested in a cell is flattened: its rows follow the row
that holds it, shifted to that cell's column. Content controls (w:sdt), common in fillable forms,
are read through; deleted revisions are not.

Locations are ``paragraph 7`` and ``table 2 row 5 col 3`` (tables numbered in document order,
nested ones as ``table 2 row 5 col 3 > table 1 row 1 col 2``).
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from io import BytesIO

from linter.limits import MAX_COLUMNS, CellBudget, check_parts, refuse
from linter.parse.source import ReadError, SourceRows, rows_from_cells
from linter.readers._container import corrupt, open_package, require

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_TEXT_XPATH = (
    ".//w:t[not(ancestor::mc:Fallback)]"
    " | .//w:tab[not(ancestor::mc:Fallback)] | .//w:br[not(ancestor::mc:Fallback)]"
)
_NS = {
    "w": _W[1:-1],
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
}

Line = tuple[list[str], list[str | None]]


def read_docx(path: str, data: bytes) -> SourceRows:
    """Rows of the body in document order; see the module docstring for locations."""
    package = open_package(data, "docx", ".doc")
    try:
        check_parts(package)  # python-docx parses document.xml whole
    finally:
        package.close()
    docx = require("docx", "docx")
    try:
        body = docx.Document(BytesIO(data)).element.body
        budget = CellBudget()
        lines = []
        for texts, where in _body(body, _Counter()):
            budget.row(len(texts))
            lines.append((texts, where))
    except ReadError:
        raise
    except Exception as exc:  # noqa: BLE001 - any failure inside a damaged package
        raise corrupt("docx", exc) from exc
    if not any(any(t.strip() for t in texts) for texts, _ in lines):
        raise ReadError("文档中没有任何文字", "the document holds no text")
    return rows_from_cells(path, [t for t, _ in lines], [w for _, w in lines])


class _Counter:
    """Paragraph and table numbers in document order."""

    def __init__(self) -> None:
        self.paragraphs = 0
        self.tables = 0


def _body(parent, counter: _Counter) -> Iterator[Line]:
    for child in parent.iterchildren():
        tag = child.tag
        if tag == f"{_W}p":
            counter.paragraphs += 1
            yield [_text(child)], [f"paragraph {counter.paragraphs}"]
        elif tag == f"{_W}tbl":
            counter.tables += 1
            yield from _table(child, f"table {counter.tables}", 0, _Counter())
        elif tag == f"{_W}sdt":
            content = child.find(f"{_W}sdtContent")
            if content is not None:
                yield from _body(content, counter)


def _table(tbl, name: str, indent: int, nested: _Counter) -> Iterator[Line]:
    """Rows of one table; ``indent`` empty cells first (a nested table sits in a cell)."""
    rows = [tr for tr in tbl.iter(f"{_W}tr") if _owner(tr) is tbl]
    for row_no, tr in enumerate(rows, start=1):
        texts = [""] * indent
        where: list[str | None] = [None] * indent
        inner: list[tuple[object, str, int]] = []
        before = tr.find(f"{_W}trPr/{_W}gridBefore")
        skipped = _span(before, 0) if before is not None else 0
        if indent + skipped > MAX_COLUMNS:
            raise refuse("单行单元格", "cells in one row", indent + skipped, MAX_COLUMNS)
        texts.extend([""] * skipped)
        where.extend([None] * skipped)
        for tc in _cells(tr):
            col = len(texts) - indent + 1
            ref = f"{name} row {row_no} col {col}"
            span = tc.find(f"{_W}tcPr/{_W}gridSpan")
            merge = tc.find(f"{_W}tcPr/{_W}vMerge")
            continued = merge is not None and merge.get(f"{_W}val", "continue") == "continue"
            texts.append("" if continued else _cell_text(tc))
            where.append(ref)
            extra = _span(span) - 1 if span is not None else 0
            if len(texts) + extra > MAX_COLUMNS:  # a gridSpan of 10^8: refused before it is made
                raise refuse("单行单元格", "cells in one row", len(texts) + extra, MAX_COLUMNS)
            texts.extend([""] * extra)
            where.extend([ref] * extra)
            for child in tc.iter(f"{_W}tbl"):
                if _owner(child) is tc:
                    nested.tables += 1
                    inner.append((child, f"{ref} > table {nested.tables}", len(texts) - 1))
        yield texts, where
        for child, child_name, child_indent in inner:
            yield from _table(child, child_name, child_indent, _Counter())


def _span(element, default: int = 1) -> int:
    """A gridSpan or gridBefore count; a value that is no number counts as the default."""
    try:
        return max(0, int(element.get(f"{_W}val", str(default))))
    except ValueError:
        return default


def _cells(tr) -> Iterator:
    """The w:tc of a row, also those wrapped in content controls."""
    for child in tr.iterchildren():
        if child.tag == f"{_W}tc":
            yield child
        elif child.tag == f"{_W}sdt":
            content = child.find(f"{_W}sdtContent")
            if content is not None:
                yield from _cells(content)


def _owner(element):
    """The nearest enclosing table (w:tbl) or cell (w:tc) of an element."""
    parent = element.getparent()
    while parent is not None and parent.tag not in (f"{_W}tbl", f"{_W}tc"):
        parent = parent.getparent()
    return parent


def _cell_text(tc) -> str:
    paragraphs = [p for p in tc.iter(f"{_W}p") if _owner(p) is tc]
    return "\n".join(_text(p) for p in paragraphs).strip("\n")


@cache
def _text_nodes():
    from lxml import etree

    return etree.XPath(_TEXT_XPATH, namespaces=_NS)


def _text(paragraph) -> str:
    parts = []
    for node in _text_nodes()(paragraph):
        tag = node.tag
        if tag == f"{_W}t":
            parts.append(node.text or "")
        elif tag == f"{_W}tab":
            parts.append(" ")
        else:
            parts.append("\n")
    return "".join(parts)
