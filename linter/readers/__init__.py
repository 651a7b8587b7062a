"""Built-in readers, registered through the ``formlint`` entry-point group like any plugin.

The xlsx, docx and pdf readers (with zipfile and the XML parser) are imported when a file of
theirs is first read, so a run over text exports does not pay ~10 ms of start-up for them.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from linter.hookspecs import hookimpl
from linter.readers._formula import formlint_rules  # noqa: F401 - PARSE005, for uncached formulas
from linter.readers.base import Reader
from linter.readers.text import read_text
from linter.source import SourceRows


def _on_first_use(module: str, function: str) -> Callable[[str, bytes], SourceRows]:
    def read(path: str, data: bytes) -> SourceRows:
        return getattr(importlib.import_module(module), function)(path, data)

    return read


TEXT_READER = Reader(name="text", suffixes=(".txt", ".tsv"), read=read_text)
XLSX_READER = Reader(
    name="xlsx", suffixes=(".xlsx", ".xlsm"), read=_on_first_use("linter.readers.xlsx", "read_xlsx")
)
DOCX_READER = Reader(
    name="docx", suffixes=(".docx",), read=_on_first_use("linter.readers.docx", "read_docx")
)
PDF_READER = Reader(
    name="pdf", suffixes=(".pdf",), read=_on_first_use("linter.readers.pdf", "read_pdf")
)


@hookimpl
def formlint_readers() -> list[Reader]:
    return [TEXT_READER, XLSX_READER, DOCX_READER, PDF_READER]
