"""PARSE005: a cell that holds a formula and no value.

A workbook written by a script (openpyxl, pandas) or saved without recalculation stores formulas
with no cached result. The xlsx reader keeps such a cell's formula text (``=SUM(D5:D7)``) instead
of inventing a value; this rule points at it, so the author knows why the amount reads as text.
It lives beside the readers because only they produce such cells, and it registers through the
readers' plugin module like any other rule.
"""

from __future__ import annotations

import itertools
import operator
import re
import types
import typing
from collections.abc import Callable, Iterable, Iterator, Mapping
from decimal import Decimal
from enum import Enum
from typing import Any

from linter.parse.nodes import Form, Span, Text, Value
from linter.rules import Finding, Rule

# "=" then a function call or a cell reference: =SUM(…), =D5+D6, =Sheet1!C3, =$C$5*0.3
_FORMULA = re.compile(r"^=\s*(?:[A-Za-z_][\w.]*\s*\(|'?[^'!]*'?!|\$?[A-Za-z]{1,3}\$?\d+)")

_LEAF, _VALUE, _TEXT, _NODE, _SEQUENCE = range(1, 6)  # all true, for `get(...) or _kind(...)`
_KINDS: dict[type, int] = {}
# A node type's fields that may hold a cell: a getter of them, and whether there are several
# (the getter then gives a tuple); None when no field may.
_LOOK: dict[type, tuple[Callable[[object], Any], bool] | None] = {}
# Annotations that admit no cell: a field typed only with these is never looked at.
_NO_CELL = (str, int, float, bool, type(None), Decimal, Span, Enum)
# A cell's text is read by position, past the slow attribute of a named tuple (raw, value).
assert Value._fields[0] == "raw" and Text._fields[0] == "value"


def _kind(cls: type) -> int:
    """What the walk does with an object of this type, decided once per type; for a node type,
    which of its fields to look at is decided once too (``_look``)."""
    if issubclass(cls, Value):
        kind = _VALUE
    elif issubclass(cls, Text):
        kind = _TEXT
    elif issubclass(cls, Span):  # a tuple of numbers: no cell text in it
        kind = _LEAF
    elif issubclass(cls, tuple) and hasattr(cls, "_fields"):  # a node: a named tuple
        kind = _NODE
        _LOOK[cls] = _look(cls)
    elif issubclass(cls, tuple | list):
        kind = _SEQUENCE
    else:
        kind = _LEAF
    _KINDS[cls] = kind
    return kind


def _look(cls: type) -> tuple[Callable[[object], Any], bool] | None:
    """A getter of the fields of a node type that may hold a cell, in field order, and whether
    there are several. It reads them by position: a named tuple's item costs less than its
    attribute, which is looked up through the class.

    A field annotated only with plain types (``str | None``, ``Span``, ``Decimal``) holds no
    cell, so the walk skips it unread: that is most of a form's fields. Without readable
    annotations every field is looked at.
    """
    try:
        hints = typing.get_type_hints(cls)
    except (NameError, TypeError):
        hints = {}
    places = [
        place
        for place, name in enumerate(cls._fields)  # type: ignore[attr-defined]
        if name not in hints or not _admits_no_cell(hints[name])
    ]
    if not places:
        return None
    return operator.itemgetter(*places), len(places) > 1  # several: a tuple of the values


def _admits_no_cell(hint: object) -> bool:
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        return all(_admits_no_cell(arg) for arg in typing.get_args(hint))
    return isinstance(hint, type) and issubclass(hint, _NO_CELL)


def _items(sequence: tuple | list) -> Iterable[object]:
    """A sequence's items, or, when they are all nodes of one type (a form's indicators), the
    fields of theirs to look at, flattened in order: one walk over them instead of one each."""
    classes = set(map(type, sequence))
    if len(classes) != 1:
        return sequence
    (cls,) = classes
    if (_KINDS.get(cls) or _kind(cls)) != _NODE:
        return sequence
    look = _LOOK[cls]
    if look is None:
        return ()
    getter, several = look
    fields = map(getter, sequence)
    return itertools.chain.from_iterable(fields) if several else fields


def _formula_cells(children: Iterable[object], out: list[tuple[str, Span]]) -> None:
    """Every cell text among ``children`` and below that could be a formula (it holds an
    ``=``), with its span, in the order of the nodes' fields.

    The walk is generic on purpose: it finds a formula in any field that may hold a cell, of
    any node type, including a cell of an unexpected type there. What to do with each type,
    and which fields of a node type to read, is decided once (``_kind``).
    """
    for child in children:
        if not child:  # None, an empty sequence (most forms' notes, bands, repairs)
            continue
        cls = type(child)
        if cls is Value or cls is Text:  # most children: a cell, whose text is its first item
            if "=" in child[0]:  # type: ignore[index]
                out.append((child[0], child.span))  # type: ignore[index, attr-defined]
            continue
        kind = _KINDS.get(cls) or _kind(cls)
        if kind == _VALUE:
            if "=" in child.raw:  # type: ignore[attr-defined]
                out.append((child.raw, child.span))  # type: ignore[attr-defined]
        elif kind == _TEXT:
            if "=" in child.value:  # type: ignore[attr-defined]
                out.append((child.value, child.span))  # type: ignore[attr-defined]
        elif kind == _NODE:
            look = _LOOK[cls]
            if look is not None:
                getter, several = look
                _formula_cells(getter(child) if several else (getter(child),), out)
        elif kind == _SEQUENCE:
            _formula_cells(_items(child), out)  # type: ignore[arg-type]


def check_formulas(form: Form, options: Mapping[str, Any]) -> Iterator[Finding]:
    seen: set[tuple[int, int]] = set()
    cells: list[tuple[str, Span]] = []
    _formula_cells((form,), cells)
    for text, span in cells:
        if not _FORMULA.match(text.strip()) or (span.line, span.col) in seen:
            continue
        seen.add((span.line, span.col))
        formula = text.strip()
        if span.where:  # a workbook saved without its results
            zh = f"单元格（{span.where}）只有公式 {formula}，没有计算结果；请在 Excel 或 WPS 中重新计算并保存"
            en = f"the cell ({span.where}) holds the formula {formula} and no computed value; recalculate and save the workbook in Excel or WPS"
        else:  # a text export taken from the formulas, not the values
            zh = f"导出的文本中是公式 {formula}，不是数值；请在表格软件中把数值（而非公式）重新导出"
            en = f"the export holds the formula {formula}, not its value; export the values (not the formulas) again from the spreadsheet"
        yield Finding(span, zh, en, key=formula)


FORMULA_RULE = Rule(
    code="PARSE005",
    why_zh="未重新计算就保存的工作簿（例如由脚本生成）只有公式没有结果；审核工具和各项检查都看不到金额，可能有误的合计也无法核对。文本导出中的公式同理：应导出数值。",
    policy_zh="formlint 约定：按读取器看到的内容检查表单",
    name="formula-without-value",
    summary_zh="单元格只有公式，没有计算结果",
    summary_en="A cell holds a formula with no computed value",
    why=(
        "A workbook saved without recalculation (for example written by a script) keeps formulas "
        "but no results. Reviewers' tools and every check then see no amount at all, so a total "
        "that may be wrong cannot be verified."
    ),
    bad="项目资金总额 = =SUM(C5:C7), with no cached result in the .xlsx",
    good="项目资金总额 = 72,000 (the formula recalculated and the workbook saved in Excel)",
    policy="formlint conventions: a form is checked as its reader sees it",
    severity="warning",
    check=check_formulas,
)
