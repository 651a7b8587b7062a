"""``--format rich`` (the default): findings grouped by file and form, each with its source row
and the offending cell marked, then a summary by severity and by rule."""

from __future__ import annotations

from collections import Counter
from itertools import groupby
from typing import IO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from linter.engine import Diagnostic, FileResult, RunResult
from linter.reporters.base import ReportContext, Reporter

STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
WORDS = {
    "zh": {
        "error": "错误",
        "warning": "警告",
        "info": "提示",
        "form": "表",
        "file_level": "文件",
        "summary": "汇总",
        "files": "文件",
        "forms": "表单",
        "findings": "问题",
        "rule": "规则",
        "count": "数量",
        "clean": "未发现问题",
        "problems": "插件或引擎问题",
    },
    "en": {
        "error": "error",
        "warning": "warning",
        "info": "info",
        "form": "form",
        "file_level": "file",
        "summary": "Summary",
        "files": "files",
        "forms": "forms",
        "findings": "findings",
        "rule": "rule",
        "count": "count",
        "clean": "no findings",
        "problems": "plugin or engine problems",
    },
}


def source_row(line: str, d: Diagnostic) -> Text:
    """The row as cells separated by │, the characters of the finding's span highlighted."""
    text = Text("    ")
    start = d.span.col - 1 if d.span.line == d.span.end_line else 0
    end = d.span.end_col - 1 if d.span.line == d.span.end_line else len(line)
    for i, ch in enumerate(line):
        if ch == "\t":
            text.append(" │ ", style="dim")
        else:
            text.append(ch, style="bold reverse" if start <= i < end else "dim")
    return text


def _form_heading(d: Diagnostic, words: dict) -> str:
    if d.form is None:
        return words["file_level"]
    project = d.form.project or d.form.title
    return f"{words['form']} {d.form.index} · {project}"


def _render_file(console: Console, f: FileResult, ctx: ReportContext, words: dict) -> None:
    console.print(Text(f.path, style="bold underline"))
    for _, group in groupby(f.diagnostics, key=lambda d: d.form.index if d.form else 0):
        group = list(group)
        console.print(Text("  " + _form_heading(group[0], words), style="bold"))
        for d in sorted(group, key=lambda d: (d.span.line, d.span.col, d.code)):
            head = Text("  ")
            head.append(f"{d.span.line}:{d.span.col}", style="bold")
            head.append(" ")
            head.append(d.code, style="magenta")
            head.append(" ")
            head.append(f"[{words[d.severity]}]", style=STYLE[d.severity])
            head.append(" " + d.message(ctx.lang))
            if d.span.where:
                head.append(f"  ({d.span.where})", style="dim")
            console.print(head)
            if 0 < d.span.line <= len(f.lines):
                console.print(source_row(f.lines[d.span.line - 1], d), overflow="fold")
    console.print()


def render_rich(result: RunResult, ctx: ReportContext, out: IO) -> None:
    console = Console(
        file=out,
        no_color=not ctx.color,
        highlight=False,
        soft_wrap=False,
        width=None if ctx.color else 120,
    )
    words = WORDS.get(ctx.lang, WORDS["zh"])
    for f in result.files:
        if f.diagnostics:
            _render_file(console, f, ctx, words)
        elif ctx.verbose:
            console.print(
                Text(f"{f.path}: {len(f.forms)} {words['forms']}, {words['clean']}", style="green")
            )
    for problem in result.problems:
        console.print(Text(f"{words['problems']}: {problem}", style="bold red"))
    _render_summary(console, result, words)


def _render_summary(console: Console, result: RunResult, words: dict) -> None:
    diags = result.diagnostics
    sev = Counter(d.severity for d in diags)
    forms = sum(len(f.forms) for f in result.files)
    line = Text(
        f"{words['summary']}: {len(result.files)} {words['files']}, {forms} {words['forms']}, {len(diags)} {words['findings']}"
    )
    for s in ("error", "warning", "info"):
        line.append(f"  {words[s]} {sev.get(s, 0)}", style=STYLE[s])
    console.print(line)
    if diags:
        table = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
        table.add_column(words["rule"])
        table.add_column(words["count"], justify="right")
        for code, count in sorted(Counter(d.code for d in diags).items()):
            table.add_row(code, str(count))
        console.print(table)


RICH_REPORTER = Reporter("rich", render_rich, description="for people: rows with the cell marked")
