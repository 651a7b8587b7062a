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
import os
import sys
import tempfile
from pathlib import Path
from typing import IO

from linter.commands.check import effective_config, writes_over_an_input
from linter.config import ConfigError
from linter.engine import Diagnostic, RunResult, lint_file
from linter.plugins import Registry

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


def run(args: argparse.Namespace, registry: Registry, out: IO) -> int:
    source, target = Path(args.path), Path(args.output)
    if source.suffix.lower() not in (".xlsx", ".xlsm"):
        raise ConfigError(f"annotate takes an .xlsx or .xlsm workbook, not {source}")
    if not source.is_file():
        raise ConfigError(f"{source}: no such file")
    if writes_over_an_input(target, [str(source)]):
        raise ConfigError(f"-o {target} is the input; formlint never writes over an input")
    args.paths = [str(source)]
    config = effective_config(args, registry)
    data = source.read_bytes()
    result, _ = lint_file(str(source), registry, config, data)
    fatal = [d for d in result.diagnostics if d.code == "PARSE001"]
    if fatal:
        for d in fatal:
            print(f"formlint: {source}: {d.message(config.lang)}", file=sys.stderr)
        return 2
    cells = write_annotated(data, target, result.diagnostics, config.lang)
    lang = config.lang if config.lang in DONE else "zh"
    print(
        DONE[lang].format(findings=len(result.diagnostics), cells=cells, target=target),
        file=out,
    )
    return RunResult(files=[result]).exit_code(config.fail_on, args.exit_zero)


def note_line(d: Diagnostic, lang: str) -> str:
    """A finding as one line of a cell comment, in the language of the run."""
    words = SEVERITY_WORDS.get(lang, SEVERITY_WORDS["zh"])
    return f"{d.code} [{words[d.severity]}] {d.message(lang)}"


def write_annotated(data: bytes, target: Path, diagnostics: list[Diagnostic], lang: str) -> int:
    """Write the annotated copy of the workbook ``data``; returns how many cells it annotated."""
    from linter.readers._container import require

    require("lxml", "xlsx")
    from linter.workbook_notes import annotate_workbook

    copy, cells = annotate_workbook(
        data, [(d.span.where, d.severity, note_line(d, lang)) for d in diagnostics]
    )
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(suffix=target.suffix, prefix=".formlint-", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(copy)
        os.replace(temp, target)
    finally:
        if os.path.exists(temp):
            os.unlink(temp)
    return cells
