"""Built-in reporters, registered through the ``formlint`` entry-point group like any plugin.

Each renderer is imported when its report is written: a run pays for rich, the HTML template or
openpyxl only when it asks for that format (rich alone costs a one-file run ~30 ms at start-up).
"""

from __future__ import annotations

from linter.hookspecs import hookimpl
from linter.lazy import on_first_call
from linter.reporters.base import Reporter

BUILTIN = [
    Reporter(
        "rich",
        on_first_call("linter.reporters.rich_report", "render_rich"),
        description="for people: rows with the cell marked",
    ),
    Reporter(
        "concise",
        on_first_call("linter.reporters.concise", "render_concise"),
        description="one line per finding: path:line:col: CODE [severity]",
        streams=True,
        replayable=True,
    ),
    Reporter(
        "json",
        on_first_call("linter.reporters.json_report", "render_json"),
        description="one JSON document (version 1)",
        streams=True,
        replayable=True,
    ),
    Reporter(
        "jsonl",
        on_first_call("linter.reporters.jsonl_report", "render_jsonl"),
        description="one JSON finding per line",
        streams=True,
        replayable=True,
    ),
    Reporter(
        "sarif",
        on_first_call("linter.reporters.sarif", "render_sarif"),
        description="SARIF 2.1.0 for code scanning",
        replayable=True,
    ),
    Reporter(
        "github",
        on_first_call("linter.reporters.github", "render_github"),
        description="GitHub Actions annotations",
        replayable=True,
    ),
    Reporter(
        "gitlab",
        on_first_call("linter.reporters.gitlab", "render_gitlab"),
        description="GitLab Code Quality (artifacts:reports:codequality)",
        replayable=True,
    ),
    Reporter(
        "junit",
        on_first_call("linter.reporters.junit", "render_junit"),
        description="JUnit XML, a suite per file",
        replayable=True,
    ),
    Reporter(
        "csv",
        on_first_call("linter.reporters.csv_report", "render_csv"),
        description="CSV for Excel (UTF-8 with BOM)",
        replayable=True,
    ),
    Reporter(
        "html",
        on_first_call("linter.reporters.html_report", "render_html"),
        description="one self-contained HTML page for bureaus",
    ),
    Reporter(
        "xlsx",
        on_first_call("linter.reporters.xlsx_report", "render_xlsx"),
        binary=True,
        description="Excel workbook (needs formlint[xlsx], --output)",
    ),
]


@hookimpl
def formlint_reporters() -> list[Reporter]:
    return BUILTIN
