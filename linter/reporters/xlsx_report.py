"""``--format xlsx`` (the ``xlsx`` extra): a workbook for bureaus that live in Excel.

A summary sheet (figures, findings per rule and per 主管部门), one sheet per rule family and a
sheet of all findings, each with frozen headers and filters, the native location (``项目1!D17``)
in the last column, and set up to print: A4 landscape, fit to the page's width, the header row
repeated on every page. openpyxl is imported only here,
when the format is used. Strings are always stored as text, never as formulas.
"""

from __future__ import annotations

from collections import Counter
from typing import IO

from linter.engine import Diagnostic, RunResult
from linter.reporters._xmltext import xml_text
from linter.reporters.base import (
    TOOL,
    ReportContext,
    counts_by,
    department,
    rule_summary,
    unit,
)
from linter.rules import FAMILIES

COLUMNS = {
    "zh": ["文件", "行", "列", "规则", "级别", "说明", "项目", "主管部门", "实施单位", "位置"],
    "en": [
        "path",
        "line",
        "column",
        "code",
        "severity",
        "message",
        "project",
        "department",
        "unit",
        "where",
    ],
}
WIDTHS = [40, 7, 6, 10, 9, 80, 36, 30, 30, 16]
FILL = {"error": "FFF4CCCC", "warning": "FFFFF2CC", "info": "FFDDEBF7"}


def render_xlsx(result: RunResult, ctx: ReportContext, out: IO) -> None:
    try:
        from openpyxl import Workbook
    except ImportError as exc:
        from linter.config import ConfigError

        raise ConfigError("--format xlsx needs openpyxl: pip install 'formlint[xlsx]'") from exc

    lang = ctx.lang if ctx.lang in COLUMNS else "zh"
    book = Workbook()
    summary = book.active
    summary.title = "汇总 Summary"
    _summary(summary, result, ctx)
    families = sorted({d.code.rstrip("0123456789") for d in result.diagnostics} | _families(ctx))
    for family in families:
        zh, en = FAMILIES.get(family, (family, family))
        sheet = book.create_sheet(_sheet_title(f"{family} {zh if lang == 'zh' else en}"))
        rows = [d for d in result.diagnostics if d.code.rstrip("0123456789") == family]
        _findings(sheet, rows, lang)
    _findings(book.create_sheet("全部问题 All findings"), result.diagnostics, lang)
    book.save(out)


def _families(ctx: ReportContext) -> set[str]:
    return {rule.family for rule in (ctx.rules or {}).values()}


def _sheet_title(text: str) -> str:
    for ch in "[]:*?/\\":
        text = text.replace(ch, " ")
    return text[:31]


def _text(cell, value) -> None:
    """Store as text: openpyxl would otherwise read a leading = as a formula; a character a
    worksheet cannot hold (\x1a) as a visible escape."""
    cell.value = xml_text(value) if isinstance(value, str) else value
    if isinstance(value, str):
        cell.data_type = "s"


def _findings(sheet, diagnostics: list[Diagnostic], lang: str) -> None:
    from openpyxl.styles import Font, PatternFill

    sheet.append(COLUMNS[lang])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for d in diagnostics:
        form = d.form
        values = [
            d.path,
            d.span.line,
            d.span.col,
            d.code,
            d.severity,
            d.message(lang),
            form.project if form else None,
            form.department if form else None,
            form.unit if form else None,
            d.span.where,
        ]
        row = sheet.max_row + 1
        for col, value in enumerate(values, start=1):
            _text(sheet.cell(row=row, column=col), value)
        sheet.cell(row=row, column=5).fill = PatternFill("solid", fgColor=FILL[d.severity])
    for i, width in enumerate(WIDTHS):
        sheet.column_dimensions[chr(ord("A") + i)].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    _print_setup(sheet, title_rows="1:1")


def _print_setup(sheet, title_rows: str | None = None) -> None:
    """Printed as a bureau reads it: landscape, every column on the page's width (as many pages
    down as it takes), the header row on every page."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    if title_rows:
        sheet.print_title_rows = title_rows


def _summary(sheet, result: RunResult, ctx: ReportContext) -> None:
    from openpyxl.styles import Font

    diags = result.diagnostics
    severity = Counter(d.severity for d in diags)
    forms = sum(len(f.forms) for f in result.files)
    flagged = len({(d.path, d.form.index) for d in diags if d.form is not None})
    rows: list[list] = [
        [f"formlint {TOOL['version']}"],
        [],
        ["文件 files", len(result.files)],
        ["未检查的文件 files not linted", result.counts().skipped],
        ["表单 forms", forms],
        ["有问题的表单 forms with findings", flagged],
        ["问题 findings", len(diags)],
        ["错误 errors", severity.get("error", 0)],
        ["警告 warnings", severity.get("warning", 0)],
        ["提示 info", severity.get("info", 0)],
        [],
        ["规则 rule", "数量 count", "说明 summary"],
    ]
    rows += [[c, n, rule_summary(ctx.rules, c, ctx.lang)] for c, n in counts_by(result, _code)]
    rows += [[], ["主管部门 department", "数量 count"]]
    rows += [list(kv) for kv in counts_by(result, department)]
    rows += [[], ["实施单位 unit", "数量 count"]]
    rows += [list(kv) for kv in counts_by(result, unit)]
    for row, values in enumerate(rows, start=1):
        for col, value in enumerate(values, start=1):
            _text(sheet.cell(row=row, column=col), value)
    for row in sheet.iter_rows():
        if row and row[0].value in {"规则 rule", "主管部门 department", "实施单位 unit"}:
            for cell in row:
                cell.font = Font(bold=True)
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.column_dimensions["A"].width = 48
    sheet.column_dimensions["B"].width = 12
    sheet.column_dimensions["C"].width = 60
    _print_setup(sheet)


def _code(d: Diagnostic) -> str:
    return d.code
