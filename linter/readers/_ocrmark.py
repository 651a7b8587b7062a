"""PARSE007: a form read by OCR from a scanned PDF.

OCR misreads digits and characters, so a finding on a form it read may be the scanner's error
and not the author's; this rule says which forms those are. The OCR reader marks the location
of every cell it read with ``MARK``; the rule looks at the form's title. It lives beside the
readers because only they produce such cells, and registers through their plugin module
(``linter.readers``).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from linter.parse.nodes import Form
from linter.rules import Finding, Rule

MARK = "OCR"  # the last word of the location of every cell read by OCR


def check_ocr(form: Form, options: Mapping[str, Any]) -> Iterator[Finding]:
    where = form.title.span.where
    if where and where.endswith(MARK):
        yield Finding(
            form.title.span,
            "此表单的文字由 OCR 从扫描件识别，可能有误读；涉及数值的问题请先与原件核对",
            "this form's text was read by OCR from a scan and may be misread; check findings "
            "on numbers against the original",
        )


OCR_RULE = Rule(
    code="PARSE007",
    name="read-by-ocr",
    summary_zh="表单文字由 OCR 识别",
    summary_en="The form was read by OCR",
    why=(
        "A scanned form has no text; OCR reads it, but can take 8 for 3 or 千 for 干. A finding "
        "on such a form may come from the scan, so every form read this way is marked."
    ),
    bad="a scanned 申报表.pdf checked as if its text were typed",
    good="the form exported as .xlsx or a PDF with a text layer",
    policy="formlint conventions: say where a finding's text came from",
    why_zh="扫描件没有文字，由 OCR 识别，但可能把 8 认成 3、把千认成干。这类表单上的问题可能来自扫描，"
    "因此凡经 OCR 读取的表单都会标明。",
    policy_zh="formlint 约定：说明问题所依据的文字从何而来",
    severity="info",
    check=check_ocr,
)
