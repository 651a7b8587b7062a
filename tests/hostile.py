"""Hostile inputs of issue 23, made small: the shape of each case kept, its size scaled down to
what a test machine builds in a moment (a 43 KB workbook that asks for 82 million cells, a 30 KB
zip that unpacks to 33 MB). Each function writes one file and returns its path."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from linter import limits


def xlsx_far_column(path: Path, rows: int = 5_000) -> Path:
    """A value in column A and one in column XFD on every row: 16,384 cells a row."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for r in range(1, rows + 1):
        sheet.cell(row=r, column=1, value="财政项目支出绩效自评表" if r == 1 else f"行{r}")
        sheet.cell(row=r, column=16_384, value="x")
    book.save(path)
    return path


def xlsx_big_merges(path: Path, merges: int = 150) -> Path:
    """Many merges of a whole block of 5,000 × 5,000 cells each: a few KB of XML."""
    from openpyxl import Workbook

    book = Workbook()
    book.active["A1"] = "财政项目支出绩效自评表"
    book.save(path)
    from openpyxl.utils import get_column_letter

    refs = "".join(
        f'<mergeCell ref="A{2 + i * 600}:{get_column_letter(5_000)}{2 + i * 600 + 5_000}"/>'
        for i in range(merges)
    )
    xml = f'<mergeCells count="{merges}">{refs}</mergeCells>'
    _patch(
        path,
        "xl/worksheets/sheet1.xml",
        lambda text: text.replace("</sheetData>", "</sheetData>" + xml, 1),
    )
    return path


def _patch(path: Path, part: str, change) -> None:
    """Rewrite one part of a zip package in place."""
    with zipfile.ZipFile(path) as src:
        items = [(item, src.read(item.filename)) for item in src.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for item, data in items:
            if item.filename == part:
                data = change(data.decode("utf-8")).encode("utf-8")
            dst.writestr(item.filename, data)


def xlsx_huge_shared_string(path: Path) -> Path:
    """A workbook whose one shared string unpacks to more than the limit (it zips to ~40 KB)."""
    from openpyxl import Workbook

    book = Workbook()
    book.active["A1"] = "财政项目支出绩效自评表"
    book.active["A2"] = "placeholder"
    buffer = io.BytesIO()
    book.save(buffer)
    big = "长" * (limits.MAX_PART_BYTES // 3 + 1024)
    strings = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="2" '
        f'uniqueCount="2"><si><t>财政项目支出绩效自评表</t></si><si><t>{big}</t></si></sst>'
    )
    with (
        zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as src,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for item in src.infolist():
            if item.filename == "xl/sharedStrings.xml":
                dst.writestr(item.filename, strings.encode())
            else:
                dst.writestr(item, src.read(item.filename))
        if "xl/sharedStrings.xml" not in src.namelist():
            dst.writestr("xl/sharedStrings.xml", strings.encode())
    return path


def docx_grid_span(path: Path, span: int = 100_000_000) -> Path:
    """A table cell spanning 10^8 grid columns."""
    import docx

    document = docx.Document()
    document.add_paragraph("财政项目支出绩效自评表")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "项目名称"
    tc_pr = table.cell(0, 1)._tc.get_or_add_tcPr()
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    grid_span = OxmlElement("w:gridSpan")
    grid_span.set(qn("w:val"), str(span))
    tc_pr.append(grid_span)
    document.save(path)
    return path


def many_pages_pdf(path: Path, pages: int = limits.MAX_PAGES + 1) -> Path:
    """A PDF of many blank pages, written by hand (reportlab takes seconds for a thousand)."""
    objects = ["<< /Type /Catalog /Pages 2 0 R >>"]
    kids = " ".join(f"{3 + i} 0 R" for i in range(pages))
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>")
    objects += ["<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"] * pages
    return _write_pdf(path, objects)


def loop_pdf(path: Path) -> Path:
    """A PDF of 200 bytes whose page tree is an object that refers to itself: a reader resolving
    it never ends (nor, after a timer signal, does its cleanup)."""
    return _write_pdf(path, ["<< /Type /Catalog /Pages 2 0 R >>", "2 0 R"])


def _write_pdf(path: Path, objects: list[str]) -> Path:
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n{body}\nendobj\n".encode())
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    path.write_bytes(out.getvalue())
    return path


def newlines(path: Path, count: int = 30 * 1024 * 1024) -> Path:
    """30 MB of newlines: 30 million empty rows."""
    path.write_bytes(b"\n" * count)
    return path


def one_line_forms(path: Path, count: int = 1_000_000) -> Path:
    """A file of a million forms, each its title line alone."""
    path.write_bytes("财政项目支出绩效自评表\n".encode() * count)
    return path
