"""Scanned PDFs: each page's image read by Tesseract OCR (``chi_sim``), as rows of cells.

A scan has no text layer, so without OCR a scanned form could only be refused. With
``tesseract`` and its Simplified Chinese data installed (Debian: ``tesseract-ocr`` and
``tesseract-ocr-chi-sim``), each page is rendered at ``RESOLUTION`` dpi and handed to tesseract
on its standard input, so no file is written anywhere; its words come back with their boxes and
are grouped into rows and cells by position, as the text of a PDF page is, and the page-number
line a printer added is dropped, as the PDF reader drops it.

OCR misreads: every location carries ``OCR`` (``p.1 row 5 col 3 OCR``), and rule PARSE007
reports each form that was read this way, so a finding on a misread digit is not taken for the
author's error. Without tesseract, the file is a ReadError saying the PDF is image-only and
naming the packages that would read it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from linter.parse.source import ReadError, SourceRows, rows_from_cells
from linter.readers._layout import Glyph, rows, split_cells
from linter.readers._ocrmark import MARK
from linter.readers._tools import find_tool, run_tool
from linter.readers.pdf import is_page_number

RESOLUTION = 300  # dpi: what tesseract reads small print at
PAGE_SECONDS = 120.0  # tesseract on one page; a hung one is stopped
MAX_PAGES = 30  # a form is a few pages; OCR costs seconds a page
LANGUAGE = "chi_sim"
CELL_GAP = 2.5  # characters of gap between two cells: tesseract's words of one cell lie apart
_WORD_LEVEL = "5"


def read_scanned(path: str, pages: Sequence) -> SourceRows:
    """Rows of the OCR'd pages of an image-only PDF (pdfplumber pages)."""
    tesseract = find_tool(
        "tesseract",
        "tesseract-ocr tesseract-ocr-chi-sim",
        "PDF 只有图像、没有可读的文字（扫描件）；文字识别（OCR）",
        "image-only PDF, no text to read (a scan); OCR",
    )
    languages = run_tool([tesseract, "--list-langs"], timeout=PAGE_SECONDS).decode()
    if LANGUAGE not in languages.split():
        raise ReadError(
            "PDF 只有图像（扫描件）；OCR 需要简体中文识别数据：apt-get install tesseract-ocr-chi-sim",
            "image-only PDF (a scan); OCR needs the Simplified Chinese data: "
            "apt-get install tesseract-ocr-chi-sim",
        )
    if len(pages) > MAX_PAGES:
        raise ReadError(
            f"扫描件有 {len(pages)} 页，超过 OCR 上限 {MAX_PAGES} 页",
            f"the scan has {len(pages)} pages, more than the {MAX_PAGES} OCR reads",
        )
    table: list[list[str]] = []
    where: list[list[str | None]] = []
    for page_no, page in enumerate(pages, start=1):
        if page_no > 1:
            table.append([""])
            where.append([None])
        picture = page.to_image(resolution=RESOLUTION).original
        image = io.BytesIO()
        picture.save(image, "PNG")
        tsv = run_tool(
            [tesseract, "stdin", "stdout", "-l", LANGUAGE, "tsv"],
            stdin=image.getvalue(),
            timeout=PAGE_SECONDS,
        )
        page_rows = [row for row in rows(_words(tsv)) if not is_page_number(row, picture.height)]
        for row_no, row in enumerate(page_rows, start=1):
            cells = split_cells(row, cell_gap=CELL_GAP, cjk_spaces=False)
            table.append(cells)
            where.append(
                [f"p.{page_no} row {row_no} col {j} {MARK}" for j in range(1, len(cells) + 1)]
            )
    if not any(any(c.strip() for c in r) for r in table):
        raise ReadError(
            "PDF 只有图像（扫描件），OCR 也没有识别出文字",
            "image-only PDF (a scan), and OCR found no text in it",
        )
    return rows_from_cells(path, table, where)


def _words(tsv: bytes) -> list[Glyph]:
    """Tesseract's recognised words with their boxes (pixels), as glyphs."""
    glyphs = []
    for record in csv.DictReader(
        io.StringIO(tsv.decode("utf-8", "replace")), delimiter="\t", quoting=csv.QUOTE_NONE
    ):
        text = (record.get("text") or "").strip()
        if record.get("level") != _WORD_LEVEL or not text:
            continue
        try:
            left, top = float(record["left"]), float(record["top"])
            width, height = float(record["width"]), float(record["height"])
        except (KeyError, TypeError, ValueError):
            continue
        glyphs.append(Glyph(left, left + width, top, top + height, text, max(height, 1.0)))
    return glyphs
