"""``--format json``: the stable contract other tools read (see docs/output-formats.md)."""

from __future__ import annotations

import json
from typing import IO

from linter.engine import Diagnostic, LintRun, RunResult
from linter.reporters.base import TOOL, ReportContext, summary


def diagnostic_dict(d: Diagnostic, lang: str) -> dict:
    return {
        "path": d.path,
        "line": d.span.line,
        "column": d.span.col,
        "end_line": d.span.end_line,
        "end_column": d.span.end_col,
        "code": d.code,
        "severity": d.severity,
        "message": d.message(lang),
        "form": None if d.form is None else d.form.to_dict(),
    }


def render_json(result: RunResult | LintRun, ctx: ReportContext, out: IO) -> None:
    """Written as the run streams: the findings as each file is done, then the file list and the
    summary (JSON keys have no order, so the contract is unchanged). One item per line, by the C
    encoder (``indent`` would fall back to the pure-Python one, slow on big archives)."""
    out.write(f'{{\n  "version": 1,\n  "tool": {json.dumps(TOOL)},\n  "diagnostics": [')
    files: list[dict] = []
    sep = "\n"
    for f in result.files:
        files.append({"path": f.path, "forms": len(f.forms)})
        for d in f.diagnostics:
            out.write(sep + "    " + json.dumps(diagnostic_dict(d, ctx.lang), ensure_ascii=False))
            sep = ",\n"
    for d in result.late:
        out.write(sep + "    " + json.dumps(diagnostic_dict(d, ctx.lang), ensure_ascii=False))
        sep = ",\n"
    out.write("\n  ],\n" if sep != "\n" else "],\n")
    out.write(f'  "files": {_lines(files)},\n')
    out.write(f'  "summary": {json.dumps(summary(result), ensure_ascii=False)}\n}}\n')


def _lines(items: list[dict]) -> str:
    if not items:
        return "[]"
    return "[\n" + ",\n".join("    " + json.dumps(v, ensure_ascii=False) for v in items) + "\n  ]"
