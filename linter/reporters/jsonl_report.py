"""``--format jsonl``: one finding per line, each shaped like an item of the json contract's
``diagnostics``, so a stream consumer reads findings one by one."""

from __future__ import annotations

import json
from typing import IO

from linter.engine import LintRun, RunResult
from linter.reporters.base import ReportContext
from linter.reporters.json_report import diagnostic_dict


def render_jsonl(result: RunResult | LintRun, ctx: ReportContext, out: IO) -> None:
    for f in result.files:
        for d in f.diagnostics:
            out.write(json.dumps(diagnostic_dict(d, ctx.lang), ensure_ascii=False) + "\n")
    for d in result.late:
        out.write(json.dumps(diagnostic_dict(d, ctx.lang), ensure_ascii=False) + "\n")
