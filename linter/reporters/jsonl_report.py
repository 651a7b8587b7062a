"""``--format jsonl``: one finding per line, each shaped like an item of the json contract's
``diagnostics``, so a stream consumer reads findings one by one."""

from __future__ import annotations

from typing import IO

from linter.engine import LintRun, RunResult
from linter.reporters.base import ReportContext
from linter.reporters.json_report import LineEncoder


def render_jsonl(result: RunResult | LintRun, ctx: ReportContext, out: IO) -> None:
    encoder = LineEncoder(ctx.lang)
    for f in result.files:
        out.write("".join([encoder.encode(d) + "\n" for d in f.diagnostics]))  # a write per file
    out.write("".join([encoder.encode(d) + "\n" for d in result.late]))
