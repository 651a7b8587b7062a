"""Where a finding is in the file as its author sees it: the sheet and cell of a workbook, the page
and row of a PDF, the table cell or paragraph of a Word document.

The readers give every cell its native location as text (``Span.where``: ``项目1!D17``,
``'Sheet 1'!D17``, ``p.2 row 5 col 3``, ``table 1 row 2 col 3``, ``paragraph 4``; the same
shapes for xls, OFD, HTML and an OCR'd scan); the machine formats need its parts. Line and column stay what they are everywhere: positions in the file's
text form (the file itself for a text export, ``formlint export FILE`` for the others).
"""

from __future__ import annotations

import re
from functools import lru_cache

from linter.engine import Diagnostic

_SHEET_CELL = re.compile(r"(?P<sheet>'(?:[^']|'')+'|[^!']+)!(?P<cell>[A-Z]{1,3}[1-9]\d*)")
# a scan's cells end in OCR (``p.1 row 5 col 3 OCR``, linter/readers/_ocrmark.py): what was read
_PAGE = re.compile(r"p\.(?P<page>\d+) row (?P<row>\d+)(?: col (?P<column>\d+))?(?: OCR)?")
_TABLE = re.compile(r"table (?P<table>\d+) row (?P<row>\d+) col (?P<column>\d+)")
_PARAGRAPH = re.compile(r"paragraph (?P<paragraph>\d+)")
NESTED = " > "  # a table inside a table cell: "table 1 row 2 col 3 > table 1 row 1 col 1"


@lru_cache(maxsize=4096)
def _parts(where: str) -> tuple[tuple[str, str | int], ...]:
    inner = where.rsplit(NESTED, 1)[-1]
    match = _SHEET_CELL.fullmatch(inner)
    if match:
        sheet = match["sheet"]
        if sheet.startswith("'"):
            sheet = sheet[1:-1].replace("''", "'")
        return (("sheet", sheet), ("cell", match["cell"]))
    for pattern in (_PAGE, _TABLE, _PARAGRAPH):
        match = pattern.fullmatch(inner)
        if match:
            return tuple((k, int(v)) for k, v in match.groupdict().items() if v is not None)
    return ()


def native(where: str | None) -> dict | None:
    """The native location as the json contract writes it: ``label`` (the location as formlint
    writes it) and what it names: ``sheet`` and ``cell``; ``page`` and ``row`` (and ``column`` in
    a ruled table); ``table``, ``row`` and ``column``; or ``paragraph``. None for a text export."""
    if not where:
        return None
    return {"label": where, **dict(_parts(where))}


def kind(where: str) -> str:
    """What a native location names, as a SARIF logical location's ``kind``."""
    parts = dict(_parts(where))
    if "cell" in parts or "column" in parts:
        return "cell"
    return "paragraph" if "paragraph" in parts else "line"


def located(d: Diagnostic, lang: str) -> str:
    """The message with the native location after it, for formats that show only a message
    beside a line number (annotations, JUnit, Code Quality, concise)."""
    message = d.message(lang)
    return f"{message} ({d.span.where})" if d.span.where else message
