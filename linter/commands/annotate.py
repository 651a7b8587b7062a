"""``formlint annotate FORM.xlsx -o OUT.xlsx``: a copy of the workbook with the findings in it.

Each finding becomes a line of a cell comment (code, severity and message) on the cell it is
about, and that cell gets a fill by severity, so an author sees the problems where they type. An
author's own comment keeps its text, the findings appended below it. Findings with no cell (a
form-level problem) go on the first cell of the first sheet. The copy keeps every value, cached
formula result, style, drawing and print setting of the original (``linter.workbook_notes``
changes only the parts the notes need), so checking it again gives the same findings.

The input is only read: the copy is written to a temporary file beside OUT and renamed, and OUT
may never be the input (same path, a symlink or a hard link to it).

Exit codes as for ``check``: 0 clean, 1 findings at the failing severity, 2 errors.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import IO

from linter import supervise
from linter.commands.check import add_time_limit, effective_config
from linter.config import ConfigError
from linter.engine import Diagnostic, RunResult, lint_file
from linter.outputs import atomic_write, check_target
from linter.plugins import Registry
from linter.wire import dump_result, load_result

SEVERITY_WORDS = {
    "zh": {"error": "错误", "warning": "警告", "info": "提示"},
    "en": {"error": "error", "warning": "warning", "info": "info"},
}
DONE = {
    "zh": "{findings} 个问题，标注在 {cells} 个单元格 → {target}",
    "en": "{findings} finding(s) on {cells} cell(s) → {target}",
}


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
    data = source.read_bytes()
    # read, checked and annotated in a worker process killed after the time limit
    outcome = supervise.call(_annotate, (source, data, registry, config), args.time_limit)
    if outcome.kind != "done":
        what = (
            f"cut off: took longer than {args.time_limit:g} s"
            if outcome.kind == "timeout"
            else f"the worker died ({outcome.detail})"
        )
        print(f"formlint: {source}: {what}; {target} is not written", file=sys.stderr)
        return 2
    wire, copy, cells = outcome.value
    result = load_result(wire, str(source), trusted=True)
    fatal = [d for d in result.diagnostics if d.code == "PARSE001"]
    if fatal:
        for d in fatal:
            print(f"formlint: {source}: {d.message(config.lang)}", file=sys.stderr)
        return 2
    with atomic_write(target, binary=True, inputs=[str(source)], what="-o") as fh:
        fh.write(copy)
    lang = config.lang if config.lang in DONE else "zh"
    print(
        DONE[lang].format(findings=len(result.diagnostics), cells=cells, target=target),
        file=out,
    )
    return RunResult(files=[result]).exit_code(config.fail_on, args.exit_zero)


def _annotate(
    source: Path, data: bytes, registry: Registry, config
) -> tuple[bytes, bytes | None, int]:
    """In the worker: the findings (as wire bytes), the annotated copy and its cell count."""
    result, _ = lint_file(str(source), registry, config, data, time_limit=None)
    if any(d.code == "PARSE001" for d in result.diagnostics):
        return dump_result(result, trusted=True), None, 0
    copy, cells = annotated_copy(data, result.diagnostics, config.lang)
    return dump_result(result, trusted=True), copy, cells


def note_line(d: Diagnostic, lang: str) -> str:
    """A finding as one line of a cell comment, in the language of the run."""
    words = SEVERITY_WORDS.get(lang, SEVERITY_WORDS["zh"])
    return f"{d.code} [{words[d.severity]}] {d.message(lang)}"


def annotated_copy(data: bytes, diagnostics: list[Diagnostic], lang: str) -> tuple[bytes, int]:
    """The annotated copy of the workbook ``data``, and how many cells it annotated."""
    from linter.readers._container import require

    require("lxml", "xlsx")
    from linter.workbook_notes import annotate_workbook

    return annotate_workbook(
        data, [(d.span.where, d.severity, note_line(d, lang)) for d in diagnostics]
    )


def write_annotated(data: bytes, target: Path, diagnostics: list[Diagnostic], lang: str) -> int:
    """Write the annotated copy of the workbook ``data`` (whole or not at all, never over the
    input: ``linter.outputs``); returns how many cells it annotated."""
    copy, cells = annotated_copy(data, diagnostics, lang)
    with atomic_write(target, binary=True, what="-o") as fh:
        fh.write(copy)
    return cells
