"""``--format json``: the stable contract other tools read (see docs/output-formats.md)."""

from __future__ import annotations

import json
from typing import IO

from linter.engine import Diagnostic, RunResult
from linter.reporters.base import TOOL, ReportContext, Reporter, summary


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


def render_json(result: RunResult, ctx: ReportContext, out: IO) -> None:
    payload = {
        "version": 1,
        "tool": TOOL,
        "files": [{"path": f.path, "forms": len(f.forms)} for f in result.files],
        "diagnostics": [diagnostic_dict(d, ctx.lang) for d in result.diagnostics],
        "summary": summary(result),
    }
    write_json(payload, out)


def write_json(payload: dict, out: IO) -> None:
    """One top-level key per line and one list item per line: readable, and written by the C
    encoder (``indent`` would fall back to the pure-Python one, slow on big archives)."""
    out.write("{\n")
    for n, (key, value) in enumerate(payload.items()):
        out.write(f"  {json.dumps(key)}: ")
        if isinstance(value, list) and value:
            out.write("[\n")
            out.write(",\n".join("    " + json.dumps(v, ensure_ascii=False) for v in value))
            out.write("\n  ]")
        else:
            out.write(json.dumps(value, ensure_ascii=False))
        out.write(",\n" if n < len(payload) - 1 else "\n")
    out.write("}\n")


JSON_REPORTER = Reporter("json", render_json, description="one JSON document (version 1)")
