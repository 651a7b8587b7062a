"""``--format rich`` (the default): findings grouped by file and form, each with its source row
and the offending cell marked, coloured by severity, then a summary per rule and per form.

Clean forms print nothing unless ``--verbose``; ``--quiet`` drops the summary; ``--statistics``
prints counts per rule (and per 主管部门 in batch runs) instead of each finding.
"""

from __future__ import annotations

from collections import Counter
from itertools import groupby
from typing import IO

from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

from linter.engine import Diagnostic, FileResult, RunResult
from linter.reporters.base import (
    ReportContext,
    counts_by,
    department,
    inflated_departments,
    rule_summary,
)

STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
MAX_CELL = 40  # characters of a long cell shown around its mark
MAX_FORM_ROWS = 20  # forms listed in the summary table, most findings first
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
        "skipped": "个未检查",
        "findings": "问题",
        "rule": "规则",
        "count": "数量",
        "clean": "未发现问题",
        "problems": "插件或引擎问题",
        "department": "主管部门",
        "unit": "实施单位",
        "project": "项目",
        "file": "文件",
        "more": "另有 {n} 张表单有问题",
        "inflated": "自评全部满分的主管部门",
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
        "skipped": "not linted",
        "findings": "findings",
        "rule": "rule",
        "count": "count",
        "clean": "no findings",
        "problems": "plugin or engine problems",
        "department": "主管部门 (department)",
        "unit": "实施单位 (unit)",
        "project": "project",
        "file": "file",
        "more": "{n} more forms with findings",
        "inflated": "departments where every self-evaluation scored full",
    },
}


def source_row(line: str, d: Diagnostic) -> tuple[Text, Text]:
    """The row as cells separated by │, the characters of the finding's span highlighted, and a
    line of carets under them (visible without colour too; widths count CJK as two columns).
    Long cells are shortened: other cells to their start, the marked one around the mark."""
    text = Text("    ")
    caret = Text()
    start = d.span.col - 1 if d.span.line == d.span.end_line else 0
    end = d.span.end_col - 1 if d.span.line == d.span.end_line else len(line)
    mark = f"bold reverse {STYLE[d.severity]}"
    offset = 0
    for n, cell in enumerate(line.split("\t")):
        if n:
            text.append(" │ ", style="dim")
        lo, hi = max(start - offset, 0), min(end - offset, len(cell))
        if not cell and offset == start and not caret:  # an empty cell: point at where it is
            caret = Text(" " * cell_len(text.plain) + "^", style=STYLE[d.severity])
        if lo < hi:
            first, last = max(0, lo - MAX_CELL // 2), min(len(cell), hi + MAX_CELL // 2)
            text.append("…" if first else "", style="dim")
            text.append(cell[first:lo], style="dim")
            if hi - lo > 2 * MAX_CELL:
                hi = last = lo + 2 * MAX_CELL
            if not caret:
                caret = Text(
                    " " * cell_len(text.plain) + "^" * max(1, cell_len(cell[lo:hi])),
                    style=STYLE[d.severity],
                )
            text.append(cell[lo:hi], style=mark)
            text.append(cell[hi:last] + ("…" if last < len(cell) else ""), style="dim")
        else:
            short = cell if len(cell) <= MAX_CELL else cell[: MAX_CELL - 1] + "…"
            text.append(short, style="dim")
        offset += len(cell) + 1
    return text, caret


def _form_heading(d: Diagnostic, words: dict) -> Text:
    if d.form is None:
        return Text("  " + words["file_level"], style="bold")
    heading = Text(f"  {words['form']} {d.form.index} · {d.form.project or d.form.title}", "bold")
    extra = " · ".join(x for x in (d.form.department, d.form.unit) if x)
    if extra:
        heading.append(f"  ({extra})", style="dim")
    return heading


def _finding(d: Diagnostic, ctx: ReportContext, words: dict) -> Table:
    """One finding as a grid, so a long Chinese message wraps under itself, not under the code."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(width=2)
    grid.add_column(no_wrap=True)
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1, overflow="fold")
    message = Text(d.message(ctx.lang))
    if d.span.where:
        message.append(f"  ({d.span.where})", style="dim")
    grid.add_row(
        "",
        Text(f"{d.span.line}:{d.span.col}", style="bold"),
        Text.assemble((d.code, "magenta"), " ", (f"[{words[d.severity]}]", STYLE[d.severity])),
        message,
    )
    return grid


def _render_file(console: Console, f: FileResult, ctx: ReportContext, words: dict) -> None:
    console.print(Text(f.path, style="bold underline"))
    for _, group in groupby(f.diagnostics, key=lambda d: d.form.index if d.form else 0):
        group = list(group)
        console.print(_form_heading(group[0], words))
        for d in sorted(group, key=lambda d: (d.span.line, d.span.col, d.code)):
            console.print(_finding(d, ctx, words))
            if d.span.line in f.lines:
                row, caret = source_row(f.lines[d.span.line], d)
                console.print(row, no_wrap=True, overflow="ellipsis")
                if caret:
                    console.print(caret, no_wrap=True, overflow="ellipsis")
    if ctx.verbose:
        flagged = {d.form.index for d in f.diagnostics if d.form}
        for info in f.forms:
            if info.index not in flagged:
                console.print(
                    Text(f"  {words['form']} {info.index} · {info.project or info.title}: "),
                    Text(words["clean"], style="green"),
                )
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
    if ctx.statistics:
        _render_statistics(console, result, ctx, words)
        return
    for f in result.files:
        if f.diagnostics:
            _render_file(console, f, ctx, words)
        elif ctx.verbose:
            console.print(
                Text(f"{f.path}: {len(f.forms)} {words['forms']}, {words['clean']}", style="green")
            )
    for problem in result.problems:
        console.print(Text(f"{words['problems']}: {problem}", style="bold red"))
    if not ctx.quiet:
        _render_summary(console, result, ctx, words)


def _render_summary(console: Console, result: RunResult, ctx: ReportContext, words: dict) -> None:
    diags = result.diagnostics
    sev = Counter(d.severity for d in diags)
    forms = sum(len(f.forms) for f in result.files)
    line = Text(f"{words['summary']}: {len(result.files)} {words['files']}")
    skipped = result.counts().skipped
    if skipped:
        line.append(f" ({skipped} {words['skipped']})", style=STYLE["error"])
    line.append(f", {forms} {words['forms']}, {len(diags)} {words['findings']}")
    for s in ("error", "warning", "info"):
        line.append(f"  {words[s]} {sev.get(s, 0)}", style=STYLE[s] if sev.get(s) else "dim")
    console.print(line)
    if not diags:
        return
    console.print(_rule_table(result, ctx, words))
    console.print(_form_table(result, words))


def _rule_table(result: RunResult, ctx: ReportContext, words: dict) -> Table:
    worst = {d.code: d.severity for d in sorted(result.diagnostics, key=_rank)}
    table = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
    table.add_column(words["rule"])
    table.add_column(words["count"], justify="right")
    table.add_column("")
    for code, count in sorted(Counter(d.code for d in result.diagnostics).items()):
        table.add_row(
            Text(code, style=STYLE[worst[code]]),
            str(count),
            Text(rule_summary(ctx.rules, code, ctx.lang), style="dim"),
        )
    return table


def _rank(d: Diagnostic) -> int:
    return {"info": 0, "warning": 1, "error": 2}[d.severity]


def _form_table(result: RunResult, words: dict) -> Table:
    per_form: dict[tuple[str, int], Counter] = {}
    names: dict[tuple[str, int], str] = {}
    for d in result.diagnostics:
        key = (d.path, d.form.index if d.form else 0)
        per_form.setdefault(key, Counter())[d.severity] += 1
        names[key] = (d.form.project or d.form.title) if d.form else words["file_level"]
    table = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
    table.add_column(words["file"], overflow="fold")
    table.add_column(words["form"], justify="right")
    table.add_column(words["project"], overflow="fold")
    for s in ("error", "warning", "info"):
        table.add_column(words[s], justify="right", style=STYLE[s])
    ranked = sorted(per_form.items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))
    for (path, index), counts in ranked[:MAX_FORM_ROWS]:
        table.add_row(
            path,
            str(index or ""),
            names[(path, index)],
            *(str(counts.get(s, 0) or "") for s in ("error", "warning", "info")),
        )
    if len(ranked) > MAX_FORM_ROWS:
        table.caption = words["more"].format(n=len(ranked) - MAX_FORM_ROWS)
    return table


def _render_statistics(
    console: Console, result: RunResult, ctx: ReportContext, words: dict
) -> None:
    console.print(_rule_table(result, ctx, words) if result.diagnostics else words["clean"])
    if len(result.files) > 1 and result.diagnostics:
        table = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
        table.add_column(words["department"])
        table.add_column(words["count"], justify="right")
        for name, count in counts_by(result, department):
            table.add_row(name, str(count))
        console.print()
        console.print(table)
    inflated = inflated_departments(result)
    if inflated:
        table = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
        table.add_column(words["inflated"])
        table.add_column("")
        for name, zh, en in inflated:
            table.add_row(name, Text(en if ctx.lang == "en" else zh, style="dim"))
        console.print()
        console.print(table)
