"""What the page shows of a run: each file with its rows, forms and findings, in both languages.

The page switches language without checking again, so a finding carries its Chinese and its
English message, and each rule its summary in both. The rows are the file's text form (what
``formlint export`` prints, which line and column index); a finding names the cells of its row
it marks, as the HTML report marks them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from linter.engine import Diagnostic, FileResult, RunResult, not_linted
from linter.reporters.base import TOOL, cells_hit, rule_summary, summary
from linter.reporters.location import native
from linter.rules import Rule


def review(result: RunResult, rows: Mapping[str, list[str]], rules: Mapping[str, Rule]) -> dict:
    """The page's model of ``result``; ``rows`` holds the text rows of each linted file."""
    codes = sorted({d.code for f in result.files for d in f.diagnostics})
    return {
        "tool": TOOL,
        "files": [_file(f, rows.get(f.path, [])) for f in result.files],
        "rules": {
            code: {"zh": rule_summary(rules, code, "zh"), "en": rule_summary(rules, code, "en")}
            for code in codes
        },
        "summary": summary(result),
    }


def _file(f: FileResult, rows: list[str]) -> dict[str, Any]:
    return {
        "path": f.path,
        "linted": not not_linted(f),
        "rows": rows,
        "forms": [
            {
                "index": info.index,
                "title": info.title,
                "project": info.project,
                "department": info.department,
                "unit": info.unit,
                "kind": info.kind,
                "line": info.line,
            }
            for info in f.forms
        ],
        "diagnostics": [_finding(d, rows) for d in f.diagnostics],
    }


def _finding(d: Diagnostic, rows: list[str]) -> dict[str, Any]:
    span = d.span
    row = rows[span.line - 1] if 0 < span.line <= len(rows) else None
    return {
        "line": span.line,
        "column": span.col,
        "end_line": span.end_line,
        "end_column": span.end_col,
        "where": native(span.where),
        "code": d.code,
        "severity": d.severity,
        "zh": d.zh,
        "en": d.en,
        "form": d.form.index if d.form else None,
        "cells": cells_hit(row, span) if row is not None else [],
    }
