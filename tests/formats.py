"""Build the same forms as .xlsx, .docx and .pdf from a text export, for the reader tests.

The layouts are those an author or a bureau produces: in a workbook every line is a sheet row
(one sheet per form); in Word and PDF the single-cell lines are paragraphs and runs of TAB lines
are ruled tables. In the PDF a blank line inside a table is a page break, which is what a blank
line in the text exports is.
"""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

SHEET = "项目{}"


def split_forms(lines: list[str]) -> list[list[str]]:
    """Lines cut at the title lines (…申报表 / …自评表), the preamble kept with the first form."""
    forms: list[list[str]] = [[]]
    for line in lines:
        title = "\t" not in line and line.strip().endswith(("申报表", "自评表"))
        if title and any(x.strip() for x in forms[-1]):
            forms.append([])
        forms[-1].append(line)
    return forms


def seed_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").replace("\r\n", "\n").rstrip("\n").split("\n")


def write_xlsx(lines: list[str], out: Path) -> dict[tuple[str, int], str]:
    """One sheet per form; returns (sheet, line index in ``lines``) → first cell's row number."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    rows: dict[tuple[str, int], str] = {}
    index = 0
    for n, form in enumerate(split_forms(lines), start=1):
        ws = wb.create_sheet(SHEET.format(n))
        for r, line in enumerate(form, start=1):
            for c, text in enumerate(line.split("\t"), start=1):
                if text:
                    cell = ws.cell(row=r, column=c, value=text)
                    cell.data_type = "s"  # "=100%" is a target as typed, not a formula
            rows[(ws.title, index)] = str(r)
            index += 1
    wb.save(out)
    return rows


def _blocks(lines: list[str]) -> list[tuple[str, list[list[str]]]]:
    """("p", [[text]]) paragraphs, ("t", rows) tables and ("break", []) between table lines."""
    blocks: list[tuple[str, list[list[str]]]] = []
    for i, line in enumerate(lines):
        if "\t" in line:
            if blocks and blocks[-1][0] == "t":
                blocks[-1][1].append(line.split("\t"))
            else:
                blocks.append(("t", [line.split("\t")]))
        elif not line.strip() and 0 < i < len(lines) - 1 and "\t" in lines[i + 1]:
            blocks.append(("break", []))
        else:
            blocks.append(("p", [[line]]))
    return blocks


def write_docx(lines: list[str], out: Path) -> None:
    from docx import Document

    doc = Document()
    for kind, rows in _blocks(lines):
        if kind == "t":
            width = max(len(r) for r in rows)
            table = doc.add_table(rows=len(rows), cols=width)
            for row, cells in zip(table.rows, rows, strict=True):
                for cell, text in zip(row.cells, cells, strict=False):
                    cell.text = text
        else:
            doc.add_paragraph(rows[0][0] if rows else "")
    doc.save(out)


def write_pdf(lines: list[str], out: Path) -> None:
    """A landscape A4 PDF with a CJK CID font (STSong-Light, built into reportlab)."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table, TableStyle

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    style = ParagraphStyle("cell", fontName="STSong-Light", fontSize=7, leading=9, wordWrap="CJK")
    page_w, _ = landscape(A4)
    story: list = []
    for kind, rows in _blocks(lines):
        if kind == "break":
            story.append(PageBreak())
        elif kind == "p":
            story.append(Paragraph(escape(rows[0][0]) or "&nbsp;", style))
        else:
            width = max(len(r) for r in rows)
            data = [
                [Paragraph(escape(t), style) for t in r + [""] * (width - len(r))] for r in rows
            ]
            col = (page_w - 60) / width
            table = Table(data, colWidths=[col] * width)
            table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))
            story.append(table)

    def footer(canvas, doc) -> None:
        canvas.setFont("STSong-Light", 8)
        canvas.drawCentredString(page_w / 2, 15, f"第 {doc.page} 页")

    SimpleDocTemplate(
        str(out), pagesize=landscape(A4), leftMargin=30, rightMargin=30, topMargin=30
    ).build(story, onFirstPage=footer, onLaterPages=footer)
