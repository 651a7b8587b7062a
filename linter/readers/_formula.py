"""PARSE005: a cell that holds a formula and no value.

A workbook written by a script (openpyxl, pandas) or saved without recalculation stores formulas
with no cached result. The xlsx reader keeps such a cell's formula text (``=SUM(D5:D7)``) instead
of inventing a value; this rule points at it, so the author knows why the amount reads as text.
It lives beside the readers because only they produce such cells, and it registers through the
readers' plugin module like any other rule.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator, Mapping
from typing import Any

from linter.hookspecs import hookimpl
from linter.nodes import Form, Span, Text, Value
from linter.rules import Finding, Rule

# "=" then a function call or a cell reference: =SUM(…), =D5+D6, =Sheet1!C3, =$C$5*0.3
_FORMULA = re.compile(r"^=\s*(?:[A-Za-z_][\w.]*\s*\(|'?[^'!]*'?!|\$?[A-Za-z]{1,3}\$?\d+)")


def _cells(node: object) -> Iterator[tuple[str, Span]]:
    """Every cell text of a form node, with its span."""
    if isinstance(node, Value):
        yield node.raw, node.span
    elif isinstance(node, Text):
        yield node.value, node.span
    elif dataclasses.is_dataclass(node) and not isinstance(node, type):
        for f in dataclasses.fields(node):
            yield from _cells(getattr(node, f.name))
    elif isinstance(node, tuple | list):
        for item in node:
            yield from _cells(item)


def check_formulas(form: Form, options: Mapping[str, Any]) -> Iterator[Finding]:
    seen: set[tuple[int, int]] = set()
    for text, span in _cells(form):
        if not _FORMULA.match(text.strip()) or (span.line, span.col) in seen:
            continue
        seen.add((span.line, span.col))
        where = f"（{span.where}）" if span.where else ""
        where_en = f" ({span.where})" if span.where else ""
        yield Finding(
            span,
            f"单元格{where}只有公式 {text.strip()}，没有计算结果；请在 Excel 中重新计算并保存",
            f"the cell{where_en} holds the formula {text.strip()} and no computed value; recalculate and save it in Excel",
            key=text.strip(),
        )


FORMULA_RULE = Rule(
    code="PARSE005",
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


@hookimpl
def formlint_rules() -> list[Rule]:
    """The rule that goes with the xlsx reader's uncached formulas."""
    return [FORMULA_RULE]
