"""``--format sarif``: SARIF 2.1.0 as GitHub code scanning accepts it.

Rules carry short and full descriptions and help from their own metadata; each result has a
level, a message, a location relative to the repository root and a partial fingerprint built
from what the finding is about (not its line), so an alert survives rows moving.
"""

from __future__ import annotations

import json
from typing import IO

from linter.baseline import numbered
from linter.docs import rule_text
from linter.engine import RunResult
from linter.reporters.base import TOOL, ReportContext, relative
from linter.rules import Rule

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFO_URI = "https://pypi.org/project/formlint/"
LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def _rule(rule: Rule, lang: str) -> dict:
    short = rule.summary_en if lang == "en" else rule.summary_zh
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": short},
        "fullDescription": {"text": rule.why},
        "help": {
            "text": rule_text(rule, lang),
            "markdown": f"**{short}**\n\n{rule.why}\n\n- bad: {rule.bad}\n- good: {rule.good}"
            f"\n- policy: {rule.policy}",
        },
        "defaultConfiguration": {"level": LEVEL[rule.severity], "enabled": rule.enabled},
        "properties": {"tags": [rule.family], "plugin": rule.plugin},
    }


def sarif_dict(result: RunResult, ctx: ReportContext) -> dict:
    rules = ctx.rules or {}
    codes = sorted({d.code for d in result.diagnostics} | set(rules))
    index = {code: i for i, code in enumerate(codes)}
    results = []
    for d, fp in numbered(result.diagnostics):
        item = {
            "ruleId": d.code,
            "ruleIndex": index[d.code],
            "level": LEVEL[d.severity],
            "message": {"text": d.message(ctx.lang)},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": relative(d.path, ctx.root)},
                        "region": {
                            "startLine": d.span.line,
                            "startColumn": d.span.col,
                            "endLine": d.span.end_line,
                            "endColumn": d.span.end_col,
                        },
                    }
                }
            ],
            "partialFingerprints": {"formlint/v1": fp},
        }
        if d.form is not None:
            item["properties"] = {
                "project": d.form.project,
                "department": d.form.department,
                "unit": d.form.unit,
                "form": d.form.index,
            }
        results.append(item)
    driver_rules = [
        _rule(rules[code], ctx.lang)
        if code in rules
        else {"id": code, "shortDescription": {"text": code}}
        for code in codes
    ]
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": TOOL["name"],
                        "version": TOOL["version"],
                        "informationUri": INFO_URI,
                        "rules": driver_rules,
                    }
                },
                "results": results,
                "columnKind": "unicodeCodePoints",
                "invocations": [
                    {
                        "executionSuccessful": not result.problems,
                        "properties": {"filesNotLinted": result.counts().skipped},
                        "toolExecutionNotifications": [
                            {"level": "error", "message": {"text": p}} for p in result.problems
                        ],
                    }
                ],
            }
        ],
    }


def render_sarif(result: RunResult, ctx: ReportContext, out: IO) -> None:
    json.dump(sarif_dict(result, ctx), out, ensure_ascii=False, indent=2)
    out.write("\n")
