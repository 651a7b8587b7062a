"""What a reporter is: a name and a function that renders a RunResult to a stream."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import IO, NamedTuple

from linter import __version__
from linter.engine import Diagnostic, LintRun, RunResult
from linter.parse.nodes import Span
from linter.rules import Rule
from linter.urls import is_url


class ReportContext(NamedTuple):
    lang: str = "zh"
    rules: Mapping[str, Rule] | None = None
    color: bool = True
    verbose: bool = False
    statistics: bool = False  # counts per rule (and per 主管部门) instead of each finding
    quiet: bool = False  # findings only, no summary
    root: str | None = None  # paths in SARIF and annotations are relative to it


class Reporter(NamedTuple):
    name: str
    render: Callable[[RunResult, ReportContext, IO], None]
    binary: bool = False  # writes bytes (xlsx); needs --output
    description: str = ""
    streams: bool = False  # reads the run once, in order: takes a LintRun and keeps memory flat
    replayable: bool = False  # its text depends only on the findings, paths and context: no
    # clock, no terminal, so a re-run over unchanged inputs may write it back (linter.replay)


def summary(result: RunResult | LintRun) -> dict:
    """The summary of a run; for a streamed run, call it after its results were consumed."""
    counts = result.counts()
    return {
        "files": counts.files,
        "forms": counts.forms,
        "skipped": counts.skipped,
        "diagnostics": sum(counts.by_severity.values()),
        "by_severity": {s: counts.by_severity.get(s, 0) for s in ("error", "warning", "info")},
        "by_rule": dict(sorted(counts.by_rule.items())),
        "problems": list(result.problems),
    }


TOOL = {"name": "formlint", "version": __version__}


def not_linted(count: int, lang: str) -> str:
    """The line a report without a summary table writes when files were not linted."""
    if lang == "en":
        return f"{count} files not linted (see their PARSE001/PARSE006 findings)"
    return f"{count} 个文件未检查（原因见其 PARSE001/PARSE006 问题）"


def relative(path: str, root: str | None) -> str:
    """``path`` relative to ``root`` with forward slashes, as SARIF and CI annotations want it;
    a URL as it is."""
    if is_url(path):
        return path
    if root is None or path == "-":
        return Path(path).as_posix()
    try:
        return Path(os.path.relpath(os.path.abspath(path), root)).as_posix()
    except ValueError:  # another drive on Windows
        return Path(path).as_posix()


def rule_summary(rules: Mapping[str, Rule] | None, code: str, lang: str) -> str:
    rule = (rules or {}).get(code)
    if rule is None:
        return code
    return rule.summary_en if lang == "en" else rule.summary_zh


UNFILLED = "（未填）"  # the name counts_by gives findings whose form leaves the key empty


def counts_by(result: RunResult, key: Callable[[Diagnostic], str | None]) -> list[tuple[str, int]]:
    """Findings counted by a key, most first (ties by name), for statistics and charts."""
    counts = Counter(key(d) or UNFILLED for d in result.diagnostics)
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


def department(d: Diagnostic) -> str | None:
    return d.form.department if d.form else None


def unit(d: Diagnostic) -> str | None:
    return d.form.unit if d.form else None


INFLATION_CODE = (
    "SCORE015"  # the batch rule naming departments whose self-evaluations all scored full
)


def inflated_departments(result: RunResult) -> list[tuple[str, str, str]]:
    """The departments SCORE015 found every self-evaluation of scored full: (主管部门, zh, en)
    in the order of the findings, for the statistics and the HTML report."""
    return [
        (department(d) or UNFILLED, d.zh, d.en)
        for d in result.diagnostics
        if d.code == INFLATION_CODE
    ]


def cells_hit(line: str, span: Span) -> list[int]:
    """The indices of the TAB-separated cells of ``line`` that ``span`` (which starts on that
    line) covers: the cells a report marks. An empty cell is hit by a span that starts in it."""
    lo = span.col - 1
    hi = span.end_col - 1 if span.end_line == span.line else len(line)
    hit, start = [], 0
    for index, text in enumerate(line.split("\t")):
        end = start + len(text)
        if lo < max(end, start + 1) and hi > start:
            hit.append(index)
        start = end + 1
    return hit
