"""Built-in readers, registered through the ``formlint`` entry-point group like any plugin."""

from __future__ import annotations

from linter.hookspecs import hookimpl
from linter.readers._formula import formlint_rules  # noqa: F401 - PARSE005, for uncached formulas
from linter.readers.docx import DOCX_READER
from linter.readers.pdf import PDF_READER
from linter.readers.text import TEXT_READER
from linter.readers.xlsx import XLSX_READER


@hookimpl
def formlint_readers() -> list:
    return [TEXT_READER, XLSX_READER, DOCX_READER, PDF_READER]
