"""``--format github``: GitHub Actions workflow commands, so findings appear on the diff.

Escaping as GitHub's runner expects: ``%``, CR and LF in the message; also ``:`` and ``,`` in
the properties, where they would otherwise end a value. A finding in a workbook, document or
PDF is annotated on its file with the cell or page in the message: a line of a binary file is
nothing GitHub can show.
"""

from __future__ import annotations

from typing import IO

from linter.engine import Diagnostic, RunResult
from linter.reporters.base import ReportContext, not_linted, relative
from linter.reporters.location import located

COMMAND = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _properties(d: Diagnostic, ctx: ReportContext) -> list[tuple[str, object]]:
    props: list[tuple[str, object]] = [("file", relative(d.path, ctx.root))]
    if d.span.where is None:
        props += [
            ("line", d.span.line),
            ("endLine", d.span.end_line),
            ("col", d.span.col),
            ("endColumn", d.span.end_col),
        ]
    return [*props, ("title", d.code)]


def render_github(result: RunResult, ctx: ReportContext, out: IO) -> None:
    for d in result.diagnostics:
        props = ",".join(
            f"{name}={escape_property(str(value))}" for name, value in _properties(d, ctx)
        )
        message = located(d, ctx.lang)
        if d.form is not None and d.form.project:
            message = f"{message} [{d.form.project}]"
        out.write(f"::{COMMAND[d.severity]} {props}::{escape_data(message)}\n")
    for problem in result.problems:
        out.write(f"::error title=formlint::{escape_data(problem)}\n")
    skipped = result.counts().skipped
    if skipped:
        out.write(f"::error title=formlint::{escape_data(not_linted(skipped, ctx.lang))}\n")
