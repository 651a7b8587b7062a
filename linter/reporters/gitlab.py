"""``--format gitlab``: a GitLab Code Quality report (``artifacts:reports:codequality``), the JSON
array of Code Climate issues that merge requests show.

Each issue has the fields GitLab reads: ``description`` (the message, with the cell or page of a
workbook, document or PDF), ``check_name`` (the rule), ``fingerprint``, ``severity`` and
``location.path`` with ``lines.begin``. GitLab shows issues with the same fingerprint once, so the
fingerprint is the finding's own (rule, project, key, values and occurrence, as for a baseline)
hashed with its path: unique in the report, and unchanged when rows move.
"""

from __future__ import annotations

import hashlib
import json
from typing import IO

from linter.baseline import numbered
from linter.engine import RunResult
from linter.reporters.base import ReportContext, relative
from linter.reporters.location import located

SEVERITY = {"error": "major", "warning": "minor", "info": "info"}


def gitlab_issues(result: RunResult, ctx: ReportContext) -> list[dict]:
    issues = []
    for d, fp in numbered(result.diagnostics):
        path = relative(d.path, ctx.root)
        issues.append(
            {
                "description": located(d, ctx.lang),
                "check_name": d.code,
                "fingerprint": hashlib.sha256(
                    f"{path}\0{fp}".encode("utf-8", "surrogatepass")
                ).hexdigest()[:32],
                "severity": SEVERITY[d.severity],
                "location": {
                    "path": path,
                    "lines": {"begin": d.span.line, "end": d.span.end_line},
                },
            }
        )
    return issues


def render_gitlab(result: RunResult, ctx: ReportContext, out: IO) -> None:
    json.dump(gitlab_issues(result, ctx), out, ensure_ascii=False, indent=2)
    out.write("\n")
