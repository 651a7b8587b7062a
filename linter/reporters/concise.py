"""``--format concise``: one line per finding, ``path:line:col: CODE [severity] message``, the
native location (``(项目1!D17)``) after the message for workbooks, documents and PDFs.

For editors' quickfix lists and grep. With ``--statistics``: ``count CODE summary`` per rule.
"""

from __future__ import annotations

from typing import IO

from linter.engine import Diagnostic, LintRun, RunResult
from linter.reporters.base import (
    ReportContext,
    counts_by,
    department,
    inflated_departments,
    not_linted,
    rule_summary,
)
from linter.reporters.location import located


def render_concise(result: RunResult | LintRun, ctx: ReportContext, out: IO) -> None:
    if ctx.statistics:
        _statistics(result, ctx, out)  # type: ignore[arg-type] - never streamed (see check.py)
        return
    for f in result.files:
        _lines(f.diagnostics, ctx, out)
    _lines(result.late, ctx, out)
    for problem in result.problems:
        out.write(f"formlint: {problem}\n")
    skipped = result.counts().skipped
    if skipped:
        out.write(f"formlint: {not_linted(skipped, ctx.lang)}\n")


def _lines(diagnostics: list[Diagnostic], ctx: ReportContext, out: IO) -> None:
    out.write("".join([_line(d, ctx.lang) for d in diagnostics]))  # a write per file


def _line(d: Diagnostic, lang: str) -> str:
    message = " ".join(located(d, lang).split())
    return f"{d.path}:{d.span.line}:{d.span.col}: {d.code} [{d.severity}] {message}\n"


def _statistics(result: RunResult, ctx: ReportContext, out: IO) -> None:
    for code, count in counts_by(result, lambda d: d.code):
        out.write(f"{count:>6}  {code:<9} {rule_summary(ctx.rules, code, ctx.lang)}\n")
    if len(result.files) > 1:
        out.write("\n")
        for name, count in counts_by(result, department):
            out.write(f"{count:>6}  {name}\n")
    inflated = inflated_departments(result)
    if inflated:
        title = (
            "departments where every self-evaluation scored full"
            if ctx.lang == "en"
            else "自评全部满分的主管部门"
        )
        out.write(f"\n{title}:\n")
        for name, zh, en in inflated:
            out.write(f"        {name}: {en if ctx.lang == 'en' else zh}\n")
