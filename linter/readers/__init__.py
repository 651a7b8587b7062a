"""Built-in readers, registered through the ``formlint`` entry-point group like any plugin.

Every reader but the text one is imported when a file of its format is first read, so a run
over text exports does not pay for zipfile, XML, xlrd or pdfplumber at start-up.
"""

from __future__ import annotations

from linter.hookspecs import hookimpl
from linter.lazy import on_first_call
from linter.readers._formula import FORMULA_RULE
from linter.readers._ocrmark import OCR_RULE
from linter.readers.base import Reader
from linter.readers.text import read_text
from linter.rules import Rule

# Outside programs some readers run: whether they are installed changes what those readers
# read, so it is part of the cache's salt.
OUTSIDE_TOOLS = ("soffice", "tesseract")

TEXT_READER = Reader(name="text", suffixes=(".txt", ".tsv"), read=read_text)
XLSX_READER = Reader(
    name="xlsx", suffixes=(".xlsx", ".xlsm"), read=on_first_call("linter.readers.xlsx", "read_xlsx")
)
XLS_READER = Reader(
    name="xls", suffixes=(".xls", ".et"), read=on_first_call("linter.readers.xls", "read_xls")
)
DOCX_READER = Reader(
    name="docx", suffixes=(".docx",), read=on_first_call("linter.readers.docx", "read_docx")
)
DOC_READER = Reader(
    name="doc", suffixes=(".doc", ".wps"), read=on_first_call("linter.readers.doc", "read_doc")
)
PDF_READER = Reader(
    name="pdf", suffixes=(".pdf",), read=on_first_call("linter.readers.pdf", "read_pdf")
)
OFD_READER = Reader(
    name="ofd", suffixes=(".ofd",), read=on_first_call("linter.readers.ofd", "read_ofd")
)
HTML_READER = Reader(
    name="html",
    suffixes=(".html", ".htm", ".mhtml", ".mht"),
    read=on_first_call("linter.readers.html", "read_html"),
)


@hookimpl
def formlint_readers() -> list[Reader]:
    return [
        TEXT_READER,
        XLSX_READER,
        XLS_READER,
        DOCX_READER,
        DOC_READER,
        PDF_READER,
        OFD_READER,
        HTML_READER,
    ]


@hookimpl
def formlint_rules() -> list[Rule]:
    """The rules that go with what only readers produce: uncached formulas, OCR'd forms."""
    return [FORMULA_RULE, OCR_RULE]
