"""What a reporter is: a name and a function that renders a RunResult to a stream."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import IO

from linter import __version__
from linter.engine import RunResult
from linter.rules import Rule


@dataclass(frozen=True)
class ReportContext:
    lang: str = "zh"
    rules: Mapping[str, Rule] | None = None
    color: bool = True
    verbose: bool = False
    statistics: bool = False
    root: str | None = None  # paths in SARIF and annotations are relative to it


@dataclass(frozen=True)
class Reporter:
    name: str
    render: Callable[[RunResult, ReportContext, IO], None]
    binary: bool = False  # writes bytes (xlsx); needs --output
    description: str = ""


def summary(result: RunResult) -> dict:
    diags = result.diagnostics
    by_severity = Counter(d.severity for d in diags)
    return {
        "files": len(result.files),
        "forms": sum(len(f.forms) for f in result.files),
        "diagnostics": len(diags),
        "by_severity": {s: by_severity.get(s, 0) for s in ("error", "warning", "info")},
        "by_rule": dict(sorted(Counter(d.code for d in diags).items())),
        "problems": list(result.problems),
    }


TOOL = {"name": "formlint", "version": __version__}
