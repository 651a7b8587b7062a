"""Built-in reporters, registered through the ``formlint`` entry-point group like any plugin."""

from __future__ import annotations

from linter.hookspecs import hookimpl
from linter.reporters.base import Reporter
from linter.reporters.concise import CONCISE_REPORTER
from linter.reporters.csv_report import CSV_REPORTER
from linter.reporters.github import GITHUB_REPORTER
from linter.reporters.html_report import HTML_REPORTER
from linter.reporters.json_report import JSON_REPORTER
from linter.reporters.jsonl_report import JSONL_REPORTER
from linter.reporters.junit import JUNIT_REPORTER
from linter.reporters.sarif import SARIF_REPORTER
from linter.reporters.xlsx_report import XLSX_REPORTER


def _render_rich(result, ctx, out) -> None:
    """Imports rich when the report renders: it costs a one-file run about 30 ms at start-up."""
    from linter.reporters.rich_report import render_rich

    render_rich(result, ctx, out)


RICH_REPORTER = Reporter("rich", _render_rich, description="for people: rows with the cell marked")


@hookimpl
def formlint_reporters() -> list:
    return [
        RICH_REPORTER,
        CONCISE_REPORTER,
        JSON_REPORTER,
        JSONL_REPORTER,
        SARIF_REPORTER,
        GITHUB_REPORTER,
        JUNIT_REPORTER,
        CSV_REPORTER,
        HTML_REPORTER,
        XLSX_REPORTER,
    ]
