"""``--format sarif``: SARIF 2.1.0 as GitHub code scanning accepts it.

Rules carry short and full descriptions and help from their own metadata; each result has a
level, a message, a location and a partial fingerprint built from what the finding is about
(not its line), so an alert survives rows moving.

A location's ``uri`` is a URI reference (RFC 3986): the path relative to the working directory,
percent-encoded (Chinese, spaces, ``#``, ``%``), against ``uriBaseId`` ``%SRCROOT%``, which GitHub
code scanning resolves to the checkout and ``originalUriBaseIds`` names; a file outside the
working directory gets an absolute ``file:`` URI. SARIF allows a text region (line and column)
only in a text artifact, so a finding in a workbook, document or PDF has no region: its cell,
paragraph or page is a logical location (and in the location's message and properties).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import IO
from urllib.parse import quote_from_bytes

from linter.baseline import numbered
from linter.docs import rule_text
from linter.engine import FATAL_CODES, Diagnostic, RunResult
from linter.readers import DOCX_READER, PDF_READER, XLSX_READER
from linter.reporters.base import TOOL, ReportContext
from linter.reporters.location import kind, located, native
from linter.rules import Rule
from linter.urls import is_url

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFO_URI = "https://pypi.org/project/formlint/"
LEVEL = {"error": "error", "warning": "warning", "info": "note"}
SRCROOT = "%SRCROOT%"
BINARY = XLSX_READER.suffixes + DOCX_READER.suffixes + PDF_READER.suffixes  # no text regions


def artifact_location(path: str, root: str | None) -> dict:
    """The file as a URI reference: relative to ``%SRCROOT%`` (the working directory) and
    percent-encoded, or an absolute ``file:`` URI when it lies outside; a URL as it is."""
    if is_url(path):
        return {"uri": path}
    if path == "-" or root is None:
        return {"uri": _encoded(Path(path).as_posix())}
    absolute = os.path.abspath(path)
    try:
        inside = os.path.commonpath([absolute, root]) == root
    except ValueError:  # another drive on Windows
        inside = False
    if not inside:
        return {"uri": Path(absolute).as_uri()}
    return {
        "uri": _encoded(Path(os.path.relpath(absolute, root)).as_posix()),
        "uriBaseId": SRCROOT,
    }


def _encoded(path: str) -> str:
    """Percent-encoded as RFC 3986 asks: every byte but unreserved characters and ``/``, the
    bytes of a name that is not UTF-8 as they are on disk."""
    return quote_from_bytes(os.fsencode(path), safe="/")


def _location(d: Diagnostic, root: str | None) -> dict:
    physical: dict = {"artifactLocation": artifact_location(d.path, root)}
    where = d.span.where
    if where is None and not d.path.lower().endswith(BINARY):
        physical["region"] = {
            "startLine": d.span.line,
            "startColumn": d.span.col,
            "endLine": d.span.end_line,
            "endColumn": d.span.end_col,
        }
    location: dict = {"physicalLocation": physical}
    if where is not None:
        location["logicalLocations"] = [
            {"name": where, "fullyQualifiedName": where, "kind": kind(where)}
        ]
        location["message"] = {"text": where}
        location["properties"] = native(where)
    return location


def _rule(rule: Rule, lang: str) -> dict:
    short = rule.summary_en if lang == "en" else rule.summary_zh
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": short},
        "fullDescription": {"text": rule.why_in(lang)},
        "help": {
            "text": rule_text(rule, lang),
            "markdown": f"**{short}**\n\n{rule.why_in(lang)}\n\n- bad: {rule.bad}"
            f"\n- good: {rule.good}\n- policy: {rule.policy_in(lang)}",
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
            "message": {"text": located(d, ctx.lang)},
            "locations": [_location(d, ctx.root)],
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
    run: dict = {
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
                # false when a file could not be read or a check crashed, as the exit code 2 says
                "executionSuccessful": not result.problems
                and not any(d.code in FATAL_CODES for d in result.diagnostics),
                "properties": {"filesNotLinted": result.counts().skipped},
                "toolExecutionNotifications": [
                    {"level": "error", "message": {"text": p}} for p in result.problems
                ],
            }
        ],
    }
    if ctx.root is not None:
        run["originalUriBaseIds"] = {SRCROOT: {"uri": Path(ctx.root).as_uri().rstrip("/") + "/"}}
    return {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}


def render_sarif(result: RunResult, ctx: ReportContext, out: IO) -> None:
    json.dump(sarif_dict(result, ctx), out, ensure_ascii=False, indent=2)
    out.write("\n")
