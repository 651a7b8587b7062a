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
    doc.add_paragraph("")  # Word ends every document with a paragraph; LibreOffice's .doc
    # export drops a table that is last
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


def write_html(lines: list[str], out: Path) -> None:
    """A web page as a county publishes a form: paragraphs, and tables whose merged cells are
    spans (a cell followed by empty ones is a colspan, a first-column label over empty first
    cells a rowspan), which the reader lays out again as the text export has them."""
    parts = ['<!DOCTYPE html><html><head><meta charset="utf-8"><title>绩效表</title>']
    parts.append("<style>td{border:1px solid}</style></head><body>")
    for kind, rows in _blocks(lines):
        if kind == "p":
            parts.append(f"<p>{escape(rows[0][0])}</p>" if rows[0][0].strip() else "")
        elif kind == "t":
            parts.append(_html_table(rows))
    parts.append("</body></html>")
    out.write_text("\n".join(parts), encoding="utf-8")


def _html_table(rows: list[list[str]]) -> str:
    html = ["<table>"]
    covered = 0  # rows below whose first cell a rowspan above takes
    for r, cells in enumerate(rows):
        html.append("<tr>")
        if covered:
            covered -= 1
        else:
            span = 1
            while (
                cells[0]
                and r + span < len(rows)
                and not rows[r + span][0]
                and any(rows[r + span][1:])
            ):
                span += 1
            covered = span - 1
            html.append(f'<td rowspan="{span}">{escape(cells[0])}</td>')
        c = 1
        while c < len(cells):
            span = 1
            while cells[c] and c + span < len(cells) and not cells[c + span]:
                span += 1
            html.append(f'<td colspan="{span}">{escape(cells[c])}</td>')
            c += span
        html.append("</tr>")
    html.append("</table>")
    return "".join(html)


def write_gb_page(html: Path, out: Path) -> None:
    """The page as older county sites serve it: GB18030 bytes declared as gb2312."""
    text = html.read_text(encoding="utf-8").replace('charset="utf-8"', 'charset="gb2312"')
    out.write_bytes(text.encode("gb18030"))


def write_mhtml(html: Path, out: Path) -> None:
    """The page saved by a browser as one web archive: mail headers, the page quoted-printable."""
    import quopri

    body = quopri.encodestring(html.read_bytes()).decode("ascii")
    out.write_text(
        "From: <Saved by Blink>\r\nSubject: =?utf-8?Q?form?=\r\nMIME-Version: 1.0\r\n"
        'Content-Type: multipart/related; type="text/html"; boundary="----b"\r\n\r\n'
        "------b\r\nContent-Type: text/html\r\nContent-ID: <frame-0>\r\n"
        "Content-Transfer-Encoding: quoted-printable\r\n"
        "Content-Location: https://example.org/form.html\r\n\r\n"
        f"{body}\r\n------b\r\nContent-Type: text/css\r\n\r\ntd{{}}\r\n------b--\r\n",
        encoding="ascii",
        newline="",
    )


OFD_NS = "http://www.ofdspec.org/2016"
OFD_SIZE = 3.0  # mm: the font size of the text
OFD_LINE = 5.0  # mm between rows


def write_ofd(lines: list[str], out: Path) -> None:
    """A minimal valid OFD package (GB/T 33190): OFD.xml, a Document.xml, and one page per run
    of lines between blank lines (a blank line of the text export is a page break). Every
    non-empty cell is a TextObject; a page's columns start where its widest cell ends."""
    import zipfile

    pages: list[list[list[str]]] = [[]]
    for line in lines:
        if line.strip():
            pages[-1].append(line.split("\t"))
        else:
            pages.append([])
    ns = f'xmlns:ofd="{OFD_NS}"'
    page_refs = "".join(
        f'<ofd:Page ID="{n + 10}" BaseLoc="Pages/Page_{n}/Content.xml"/>' for n in range(len(pages))
    )
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "OFD.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD {ns} DocType="OFD" Version="1.0">'
            "<ofd:DocBody><ofd:DocInfo><ofd:DocID>formlint-test</ofd:DocID></ofd:DocInfo>"
            "<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>",
        )
        z.writestr(
            "Doc_0/Document.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><ofd:Document {ns}><ofd:CommonData>'
            "<ofd:MaxUnitID>100000</ofd:MaxUnitID><ofd:PageArea>"
            "<ofd:PhysicalBox>0 0 297 210</ofd:PhysicalBox></ofd:PageArea>"
            "<ofd:PublicRes>PublicRes.xml</ofd:PublicRes></ofd:CommonData>"
            f"<ofd:Pages>{page_refs}</ofd:Pages></ofd:Document>",
        )
        z.writestr(
            "Doc_0/PublicRes.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><ofd:Res {ns} BaseLoc="Res"><ofd:Fonts>'
            '<ofd:Font ID="1" FontName="宋体" FamilyName="宋体"/></ofd:Fonts></ofd:Res>',
        )
        for n, rows in enumerate(pages):
            z.writestr(f"Doc_0/Pages/Page_{n}/Content.xml", _ofd_page(rows, ns))


def _ofd_width(text: str) -> float:
    return sum(OFD_SIZE if not ch.isascii() else OFD_SIZE / 2 for ch in text)


def _ofd_page(rows: list[list[str]], ns: str) -> str:
    width = max((len(r) for r in rows), default=0)
    columns = [
        max((_ofd_width(r[c]) for r in rows if c < len(r)), default=0) + 2 * OFD_SIZE
        for c in range(width)
    ]
    objects = []
    uid = 1000
    for r, cells in enumerate(rows):
        y = 15 + r * OFD_LINE
        x = 10.0
        for c, text in enumerate(cells):
            if text.strip():
                advances = [OFD_SIZE if not ch.isascii() else OFD_SIZE / 2 for ch in text]
                delta = (
                    f"g {len(advances) - 1} {advances[0]:g}"
                    if len(set(advances)) == 1
                    else " ".join(f"{a:g}" for a in advances[:-1])
                )
                uid += 1
                objects.append(
                    f'<ofd:TextObject ID="{uid}" Boundary="{x:g} {y:g} {_ofd_width(text):g} '
                    f'{OFD_SIZE:g}" Font="1" Size="{OFD_SIZE:g}">'
                    f'<ofd:TextCode X="0" Y="{OFD_SIZE:g}" DeltaX="{delta}">{escape(text)}'
                    "</ofd:TextCode></ofd:TextObject>"
                )
            x += columns[c]
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page {ns}><ofd:Content>'
        f'<ofd:Layer ID="2">{"".join(objects)}</ofd:Layer></ofd:Content></ofd:Page>'
    )


def convert(source: Path, fmt: str, outdir: Path) -> Path:
    """``source`` saved as ``fmt`` (xls, doc, odt, pdf …) by LibreOffice, into ``outdir``."""
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                "soffice",
                f"-env:UserInstallation={Path(profile).as_uri()}",
                "--headless",
                "--convert-to",
                fmt,
                "--outdir",
                str(outdir),
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
    converted = outdir / f"{source.stem}.{fmt}"
    assert converted.is_file(), f"LibreOffice did not write {converted}"
    return converted
