"""PDF forms (.pdf): ruled tables and the text around them, page by page, as rows of cells.

pdfplumber finds each page's ruled tables; every table row is a row of its cells (a merged cell
keeps its text in its first position, the others are empty). Text outside the tables becomes rows
too, split into cells where a gap is wider than a character. Items are taken top to bottom.

A page break is a blank row, exactly as in the text exports made from PDFs: the parser joins a
table row that the break cut in two. Across a break the reader drops what a printer adds: the
page-number line at the top or bottom of a page. A line wrapped inside a cell is joined without a
space between Chinese characters.

A PDF with pages but no text layer (a scan) is read by OCR when Tesseract is installed
(``linter.readers.ocr``); otherwise it is a ReadError saying it is image-only.

Locations are ``p.2 row 5`` (rows counted from the top of the page) and ``p.2 row 5 col 3``.
"""

from __future__ import annotations

import re
from io import BytesIO

from linter.limits import MAX_PAGES, CellBudget, refuse
from linter.parse.source import ReadError, SourceRows, rows_from_cells
from linter.readers._container import corrupt, require
from linter.readers._layout import Glyph, join_lines, split_cells

PDF_MAGIC = b"%PDF-"
_PAGE_NUMBER = re.compile(
    r"^(第\s*\d+\s*页(\s*[,，/]?\s*共\s*\d+\s*页)?|[-—–]\s*\d+\s*[-—–]|\d+\s*/\s*\d+"
    r"|page\s*\d+(\s*of\s*\d+)?|\d+)$",
    re.IGNORECASE,
)
_MARGIN = 0.1  # page-number lines live in the top or bottom tenth of a page
_CID = re.compile(r"\(cid:\d+\)")

Item = tuple[float, list[str], bool]  # top, cell texts, is a table row


def read_pdf(path: str, data: bytes) -> SourceRows:
    """Rows of every page, a blank row between pages; see the module docstring."""
    if PDF_MAGIC not in data[:1024]:
        raise ReadError("不是 PDF 文件（文件头没有 %PDF-）", "not a PDF file (no %PDF- header)")
    pdfplumber = require("pdfplumber", "pdf")
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    table: list[list[str]] = []
    where: list[list[str | None]] = []
    budget = CellBudget()
    try:
        with pdfplumber.open(BytesIO(data)) as pdf:
            if len(pdf.pages) > MAX_PAGES:
                raise refuse("页", "pages", len(pdf.pages), MAX_PAGES)
            images = 0
            for page_no, page in enumerate(pdf.pages, start=1):
                images += len(page.images)
                items = _page_items(page)
                page.close()  # its objects are let go: memory stays flat over the pages
                if page_no > 1:
                    budget.row(1)
                    table.append([""])
                    where.append([None])
                for row_no, (_, texts, is_table) in enumerate(items, start=1):
                    budget.row(len(texts))
                    table.append(texts)
                    base = f"p.{page_no} row {row_no}"
                    where.append(
                        [f"{base} col {j}" for j in range(1, len(texts) + 1)]
                        if is_table
                        else [base] * len(texts)
                    )
            if images and not "".join(t for row in table for t in row).strip():
                from linter.readers.ocr import read_scanned

                return read_scanned(path, pdf.pages)
    except ReadError:
        raise
    except Exception as exc:  # noqa: BLE001 - any failure of the PDF library on damaged input
        cause = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
        if isinstance(cause, PDFPasswordIncorrect):  # pdfplumber wraps pdfminer's errors
            raise ReadError(
                "PDF 设有打开密码，无法读取", "the PDF is password-protected and cannot be read"
            ) from exc
        raise corrupt("pdf", cause) from exc
    text = "".join(t for row in table for t in row)
    if not text.strip():
        raise ReadError("PDF 中没有任何文字", "the PDF holds no text")
    if len(_CID.findall(text)) * 6 > len(text):
        raise ReadError(
            "PDF 的字体没有 Unicode 映射，文字无法提取",
            "the PDF's fonts have no Unicode mapping; its text cannot be extracted",
        )
    return rows_from_cells(path, table, where)


def _page_items(page) -> list[Item]:
    height = float(page.height)
    tables = page.find_tables()
    items: list[Item] = []
    for found in tables:
        for row, texts in zip(found.rows, found.extract(), strict=False):
            items.append((float(row.bbox[1]), [join_lines(t) for t in texts], True))
    boxes = [t.bbox for t in tables]
    outside = page.filter(lambda obj: not any(_inside(obj, box) for box in boxes))
    for line in outside.extract_text_lines(return_chars=True, strip=True):
        cells = split_cells(
            Glyph(c["x0"], c["x1"], c["top"], c["bottom"], c["text"], float(c.get("size") or 10))
            for c in line["chars"]
        )
        if not cells:
            continue
        top = float(line["top"])
        if len(cells) == 1 and _is_page_number_at(cells[0], top, height):
            continue
        items.append((top, cells, False))
    items.sort(key=lambda item: item[0])
    return items


def _is_page_number_at(text: str, top: float, height: float) -> bool:
    in_margin = top < height * _MARGIN or top > height * (1 - _MARGIN)
    return in_margin and bool(_PAGE_NUMBER.match(text))


def is_page_number(row: list[Glyph], height: float) -> bool:
    """Whether a row of glyphs is the page-number line a printer adds in a page's margin."""
    text = "".join(g.text for g in row).strip()
    return bool(row) and _is_page_number_at(text, min(g.top for g in row), height)


def _inside(obj: dict, box: tuple) -> bool:
    x0, top, x1, bottom = box
    if "x0" not in obj:
        return False
    mid_x = (obj["x0"] + obj["x1"]) / 2
    mid_y = (obj["top"] + obj["bottom"]) / 2
    return x0 <= mid_x <= x1 and top <= mid_y <= bottom
