"""``--format junit``: JUnit XML for CI test tabs: a suite per file, a failing case per finding,
a passing case for a clean file (and for a run with nothing to check). A file that was not
linted (PARSE001, PARSE006) is an error case, counted in ``errors``: a test that could not run."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import IO

from linter.engine import NOT_LINTED_CODES, RunResult
from linter.reporters.base import ReportContext, relative


def render_junit(result: RunResult, ctx: ReportContext, out: IO) -> None:
    diags = result.diagnostics
    errors = sum(d.code in NOT_LINTED_CODES for d in diags)
    root = ET.Element("testsuites", name="formlint", tests="0", failures=str(len(diags) - errors))
    root.set("errors", str(errors))  # files not linted: a test that could not run
    tests = 0
    for f in result.files:
        path = relative(f.path, ctx.root)
        suite_errors = sum(d.code in NOT_LINTED_CODES for d in f.diagnostics)
        suite = ET.SubElement(
            root,
            "testsuite",
            name=path,
            tests=str(max(1, len(f.diagnostics))),
            failures=str(len(f.diagnostics) - suite_errors),
            errors=str(suite_errors),
        )
        if not f.diagnostics:
            ET.SubElement(suite, "testcase", name="formlint", classname=path, file=path)
        for d in f.diagnostics:
            case = ET.SubElement(
                suite,
                "testcase",
                name=f"formlint.{d.code}",
                classname=path,
                file=path,
                line=str(d.span.line),
            )
            kind = "error" if d.code in NOT_LINTED_CODES else "failure"
            failure = ET.SubElement(case, kind, message=d.message(ctx.lang), type=d.severity)
            project = d.form.project if d.form and d.form.project else ""
            failure.text = f"{path}:{d.span.line}:{d.span.col}: {d.code} {project}".rstrip()
        tests += max(1, len(f.diagnostics))
    if not result.files:
        suite = ET.SubElement(root, "testsuite", name="formlint", tests="1", failures="0")
        ET.SubElement(suite, "testcase", name="formlint", classname="formlint")
        tests = 1
    root.set("tests", str(tests))
    ET.indent(root)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(ET.tostring(root, encoding="unicode"))
    out.write("\n")
