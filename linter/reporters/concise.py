"""``--format concise``: one line per finding, ``path:line:col: CODE [severity] message``.

For editors' quickfix lists and grep. With ``--statistics``: ``count CODE summary`` per rule.
"""

from __future__ import annotations

from typing import IO

from linter.engine import RunResult
from linter.reporters.base import ReportContext, Reporter, counts_by, department, rule_summary


def render_concise(result: RunResult, ctx: ReportContext, out: IO) -> None:
    if ctx.statistics:
        _statistics(result, ctx, out)
        return
    for d in result.diagnostics:
        message = " ".join(d.message(ctx.lang).split())
        out.write(f"{d.path}:{d.span.line}:{d.span.col}: {d.code} [{d.severity}] {message}\n")
    for problem in result.problems:
        out.write(f"formlint: {problem}\n")


def _statistics(result: RunResult, ctx: ReportContext, out: IO) -> None:
    for code, count in counts_by(result, lambda d: d.code):
        out.write(f"{count:>6}  {code:<9} {rule_summary(ctx.rules, code, ctx.lang)}\n")
    if len(result.files) > 1:
        out.write("\n")
        for name, count in counts_by(result, department):
            out.write(f"{count:>6}  {name}\n")


CONCISE_REPORTER = Reporter(
    "concise", render_concise, description="one line per finding: path:line:col: CODE [severity]"
)
