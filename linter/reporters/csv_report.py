"""``--format csv``: one row per finding, UTF-8 with a BOM so that Excel opens it in Chinese.

Cells that a spreadsheet would run as a formula (starting with = + - @) get a leading quote:
project names come from the forms, which anyone can write. The last column, ``where``, is the
native location of a finding in a workbook, document or PDF (``项目1!D17``, ``p.2 row 5``).
"""

from __future__ import annotations

import csv
from typing import IO

from linter.engine import RunResult
from linter.reporters.base import ReportContext

HEADER = [
    "path",
    "line",
    "column",
    "code",
    "severity",
    "message",
    "project",
    "主管部门",
    "实施单位",
    "where",
]


def safe_cell(value: str | None) -> str:
    text = value or ""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def render_csv(result: RunResult, ctx: ReportContext, out: IO) -> None:
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    for d in result.diagnostics:
        form = d.form
        writer.writerow(
            [
                d.path,
                d.span.line,
                d.span.col,
                d.code,
                d.severity,
                safe_cell(d.message(ctx.lang)),
                safe_cell(form.project if form else None),
                safe_cell(form.department if form else None),
                safe_cell(form.unit if form else None),
                d.span.where or "",
            ]
        )
