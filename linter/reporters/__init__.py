"""Built-in reporters, registered through the ``formlint`` entry-point group like any plugin.

Each renderer is imported when its report is written: a run pays for rich, the HTML template or
openpyxl only when it asks for that format (rich alone costs a one-file run ~30 ms at start-up).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import IO

from linter.hookspecs import hookimpl
from linter.reporters.base import ReportContext, Reporter


def _on_first_use(module: str, function: str) -> Callable[..., None]:
    def render(result, ctx: ReportContext, out: IO) -> None:
        getattr(importlib.import_module(f"linter.reporters.{module}"), function)(result, ctx, out)

    return render


BUILTIN = [
    Reporter(
        "rich",
        _on_first_use("rich_report", "render_rich"),
        description="for people: rows with the cell marked",
    ),
    Reporter(
        "concise",
        _on_first_use("concise", "render_concise"),
        description="one line per finding: path:line:col: CODE [severity]",
        streams=True,
    ),
    Reporter(
        "json",
        _on_first_use("json_report", "render_json"),
        description="one JSON document (version 1)",
        streams=True,
    ),
    Reporter(
        "jsonl",
        _on_first_use("jsonl_report", "render_jsonl"),
        description="one JSON finding per line",
        streams=True,
    ),
    Reporter(
        "sarif",
        _on_first_use("sarif", "render_sarif"),
        description="SARIF 2.1.0 for code scanning",
    ),
    Reporter(
        "github", _on_first_use("github", "render_github"), description="GitHub Actions annotations"
    ),
    Reporter(
        "junit", _on_first_use("junit", "render_junit"), description="JUnit XML, a suite per file"
    ),
    Reporter(
        "csv",
        _on_first_use("csv_report", "render_csv"),
        description="CSV for Excel (UTF-8 with BOM)",
    ),
    Reporter(
        "html",
        _on_first_use("html_report", "render_html"),
        description="one self-contained HTML page for bureaus",
    ),
    Reporter(
        "xlsx",
        _on_first_use("xlsx_report", "render_xlsx"),
        binary=True,
        description="Excel workbook (needs formlint[xlsx], --output)",
    ),
]


@hookimpl
def formlint_reporters() -> list[Reporter]:
    return BUILTIN
