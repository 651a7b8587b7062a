"""``--format junit``: JUnit XML for CI test tabs: a suite per file, a failing case per finding,
a passing case for a clean file (and for a run with nothing to check). A file that was not
linted (PARSE001, PARSE006) is an error case, counted in ``errors``: a test that could not run.

GitLab keys a test case by suite, classname and name and shows one case per key, so a case's
name carries the finding's position (``VAG001 项目2!E16``, ``VAG001 40:20``), numbered when a
rule finds two things at one place. ``file`` is on the suite, where the strict JUnit schema
(Jenkins xunit's junit-10.xsd) allows it, and on each case, where GitLab reads it to link the
file; there is no ``line``, which neither GitLab nor Jenkins reads.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import Counter
from typing import IO

from linter.engine import NOT_LINTED_CODES, Diagnostic, RunResult
from linter.reporters._xmltext import xml_text
from linter.reporters.base import ReportContext, relative
from linter.reporters.location import located


def case_names(diagnostics: list[Diagnostic]) -> list[str]:
    """One name per finding, unique within its file: the rule and where it points."""
    names = [f"{d.code} {d.span.where or f'{d.span.line}:{d.span.col}'}" for d in diagnostics]
    total, seen = Counter(names), Counter()
    unique = []
    for name in names:
        seen[name] += 1
        unique.append(f"{name} #{seen[name]}" if total[name] > 1 else name)
    return unique


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
            file=path,
        )
        if not f.diagnostics:
            ET.SubElement(suite, "testcase", name="formlint", classname=path, file=path)
        for d, name in zip(f.diagnostics, case_names(f.diagnostics), strict=True):
            case = ET.SubElement(suite, "testcase", name=name, classname=path, file=path)
            kind = "error" if d.code in NOT_LINTED_CODES else "failure"
            failure = ET.SubElement(case, kind, message=located(d, ctx.lang), type=d.severity)
            project = d.form.project if d.form and d.form.project else ""
            failure.text = f"{path}:{d.span.line}:{d.span.col}: {d.code} {project}".rstrip()
        tests += max(1, len(f.diagnostics))
    if not result.files:
        suite = ET.SubElement(
            root, "testsuite", name="formlint", tests="1", failures="0", errors="0"
        )
        ET.SubElement(suite, "testcase", name="formlint", classname="formlint")
        tests = 1
    root.set("tests", str(tests))
    for element in root.iter():  # a \x1a in a cell or a file name in GBK: still well-formed XML
        element.text = xml_text(element.text)
        element.attrib.update((k, xml_text(v)) for k, v in element.attrib.items())
    ET.indent(root)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(ET.tostring(root, encoding="unicode"))
    out.write("\n")
