"""``--format junit``: JUnit XML for CI test tabs: a suite per file, a failing case per finding,
a passing case for a clean file (and for a run with nothing to check)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import IO

from linter.engine import RunResult
from linter.reporters._xmltext import xml_text
from linter.reporters.base import ReportContext, relative


def render_junit(result: RunResult, ctx: ReportContext, out: IO) -> None:
    diags = result.diagnostics
    root = ET.Element("testsuites", name="formlint", tests="0", failures=str(len(diags)))
    tests = 0
    for f in result.files:
        path = relative(f.path, ctx.root)
        suite = ET.SubElement(
            root,
            "testsuite",
            name=path,
            tests=str(max(1, len(f.diagnostics))),
            failures=str(len(f.diagnostics)),
            errors="0",
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
            failure = ET.SubElement(case, "failure", message=d.message(ctx.lang), type=d.severity)
            project = d.form.project if d.form and d.form.project else ""
            failure.text = f"{path}:{d.span.line}:{d.span.col}: {d.code} {project}".rstrip()
        tests += max(1, len(f.diagnostics))
    if not result.files:
        suite = ET.SubElement(root, "testsuite", name="formlint", tests="1", failures="0")
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
