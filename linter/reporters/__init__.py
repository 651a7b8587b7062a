"""Built-in reporters, registered through the ``formlint`` entry-point group like any plugin."""

from __future__ import annotations

from linter.hookspecs import hookimpl
from linter.reporters.json_report import JSON_REPORTER
from linter.reporters.rich_report import RICH_REPORTER


@hookimpl
def formlint_reporters() -> list:
    return [RICH_REPORTER, JSON_REPORTER]
