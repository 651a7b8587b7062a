"""``formlint annotate FORM.xlsx -o OUT.xlsx``: a copy of the workbook with the findings in it.

Each finding becomes a cell comment (code and message) on the cell it is about, and that cell
gets a fill by severity, so an author sees the problems where they type. Findings with no cell
(a form-level problem) go on the first cell of the first sheet. The input is only read: the copy
is written to a temporary file beside OUT and renamed, and OUT may never be the input (same path,
a symlink or a hard link to it).

Exit codes as for ``check``: 0 clean, 1 findings at the failing severity, 2 errors.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections import defaultdict
from pathlib import Path
from typing import IO

from linter import supervise
from linter.commands.check import add_time_limit, effective_config
from linter.config import ConfigError
from linter.engine import Diagnostic, RunResult, lint_file
from linter.outputs import atomic_write, check_target
from linter.plugins import Registry
from linter.wire import dump_result, load_result

FILLS = {
    "error": "FFC7CE",
    "warning": "FFEB9C",
    "info": "DDEBF7",
}  # Excel's own "bad/neutral" tints
_RANK = {"info": 0, "warning": 1, "error": 2}


def add_parser(sub) -> None:
    annotate = sub.add_parser(
        "annotate", help="write a copy of a workbook with each finding as a cell comment"
    )
    annotate.add_argument("path", help="the workbook (.xlsx or .xlsm)")
    annotate.add_argument("-o", "--output", required=True, help="the annotated copy to write")
    annotate.add_argument("--select", help="rule codes or prefixes to enable")
    annotate.add_argument("--ignore", help="rule codes or prefixes to disable")
    annotate.add_argument("--extend-select", help="rule codes or prefixes to enable in addition")
    annotate.add_argument("--config", help="configuration file")
    annotate.add_argument("--lang", choices=["zh", "en"], help="message language (default zh)")
    annotate.add_argument(
        "--fail-on", choices=["error", "warning", "info"], help="lowest failing severity"
    )
    annotate.add_argument("--exit-zero", action="store_true", help="exit 0 even with findings")
    add_time_limit(annotate)


def run(args: argparse.Namespace, registry: Registry, out: IO) -> int:
    source, target = Path(args.path), Path(args.output)
    if source.suffix.lower() not in (".xlsx", ".xlsm"):
        raise ConfigError(f"annotate takes an .xlsx or .xlsm workbook, not {source}")
    if not source.is_file():
        raise ConfigError(f"{source}: no such file")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)  # as it always has
    except OSError as exc:
        raise ConfigError(f"-o {target}: cannot create its folder: {exc.strerror or exc}") from exc
    check_target(target, [str(source)], "-o")
    args.paths = [str(source)]
    config = effective_config(args, registry)
    # read, checked and written in a worker process killed after the time limit
    outcome = supervise.call(_annotate, (source, target, registry, config), args.time_limit)
    if outcome.kind != "done":
        what = (
            f"cut off: took longer than {args.time_limit:g} s"
            if outcome.kind == "timeout"
            else f"the worker died ({outcome.detail})"
        )
        print(f"formlint: {source}: {what}; {target} is not written", file=sys.stderr)
        return 2
    data, cells = outcome.value
    result = load_result(data, str(source), trusted=True)
    fatal = [d for d in result.diagnostics if d.code == "PARSE001"]
    if fatal:
        for d in fatal:
            print(f"formlint: {source}: {d.message(config.lang)}", file=sys.stderr)
        return 2
    print(
        f"{len(result.diagnostics)} finding(s) on {cells} cell(s) → {target}",
        file=out,
    )
    return RunResult(files=[result]).exit_code(config.fail_on, args.exit_zero)


def _annotate(source: Path, target: Path, registry: Registry, config) -> tuple[bytes, int]:
    """In the worker: the findings (as wire bytes) and how many cells were annotated."""
    result, _ = lint_file(str(source), registry, config, time_limit=None)
    if any(d.code == "PARSE001" for d in result.diagnostics):
        return dump_result(result, trusted=True), 0
    cells = write_annotated(source, target, result.diagnostics, config.lang)
    return dump_result(result, trusted=True), cells


def write_annotated(source: Path, target: Path, diagnostics: list[Diagnostic], lang: str) -> int:
    """Copy the workbook with comments and fills; returns how many cells were annotated."""
    from linter.readers._container import require

    openpyxl = require("openpyxl", "xlsx")
    from openpyxl.comments import Comment
    from openpyxl.styles import PatternFill

    workbook = openpyxl.load_workbook(source, keep_vba=source.suffix.lower() == ".xlsm")
    by_cell: dict[tuple[str, str], list[Diagnostic]] = defaultdict(list)
    first = workbook.worksheets[0].title
    for d in diagnostics:
        by_cell[_cell_of(workbook, d.span.where) or (first, "A1")].append(d)
    for (sheet, coordinate), found in by_cell.items():
        cell = workbook[sheet][coordinate]
        text = "\n".join(f"{d.code} [{d.severity}] {d.message(lang)}" for d in found)
        comment = Comment(text, "formlint")
        comment.width, comment.height = 360, 40 + 20 * text.count("\n") + len(text) // 3
        cell.comment = comment
        worst = max((d.severity for d in found), key=_RANK.__getitem__)
        cell.fill = PatternFill("solid", start_color=FILLS[worst], end_color=FILLS[worst])
    try:
        with atomic_write(target, binary=True, inputs=[str(source)]) as fh:
            workbook.save(fh)
    finally:
        if workbook.vba_archive is not None:  # closed here, not by a __del__ that complains
            with contextlib.suppress(Exception):
                workbook.vba_archive.close()
    return len(by_cell)


def _cell_of(workbook, where: str | None) -> tuple[str, str] | None:
    """The (sheet, anchor cell) a native location names, or None if it names no cell here."""
    if not where or "!" not in where:
        return None
    from openpyxl.utils.cell import coordinate_to_tuple

    sheet, _, coordinate = where.rpartition("!")
    if sheet.startswith("'") and sheet.endswith("'"):
        sheet = sheet[1:-1].replace("''", "'")
    if sheet not in workbook.sheetnames:
        return None
    try:
        row, col = coordinate_to_tuple(coordinate)
    except (ValueError, TypeError):
        return None
    for merged in workbook[sheet].merged_cells.ranges:  # a comment lives on a merge's first cell
        if merged.min_row <= row <= merged.max_row and merged.min_col <= col <= merged.max_col:
            return sheet, merged.start_cell.coordinate
    return sheet, coordinate
