"""Built-in readers, registered through the ``formlint`` entry-point group like any plugin.

The xlsx, docx and pdf readers (with zipfile and the XML parser) are imported when a file of
theirs is first read, so a run over text exports does not pay ~10 ms of start-up for them.
"""

from __future__ import annotations

from linter.hookspecs import hookimpl
from linter.lazy import on_first_call
from linter.readers._formula import formlint_rules  # noqa: F401 - PARSE005, for uncached formulas
from linter.readers.base import Reader
from linter.readers.text import read_text

TEXT_READER = Reader(name="text", suffixes=(".txt", ".tsv"), read=read_text)
XLSX_READER = Reader(
    name="xlsx", suffixes=(".xlsx", ".xlsm"), read=on_first_call("linter.readers.xlsx", "read_xlsx")
)
DOCX_READER = Reader(
    name="docx", suffixes=(".docx",), read=on_first_call("linter.readers.docx", "read_docx")
)
PDF_READER = Reader(
    name="pdf", suffixes=(".pdf",), read=on_first_call("linter.readers.pdf", "read_pdf")
)


@hookimpl
def formlint_readers() -> list[Reader]:
    return [TEXT_READER, XLSX_READER, DOCX_READER, PDF_READER]
