"""What each binary reader does with merged cells, hidden parts, formulas, number formats, nested
tables, scans and missing libraries."""

from __future__ import annotations

import datetime as dt
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import registry

from linter.config import Config
from linter.engine import lint_file
from linter.parse.source import ReadError
from linter.readers._cellformat import display
from linter.readers._layout import join_lines
from linter.readers.docx import read_docx
from linter.readers.pdf import read_pdf
from linter.readers.xlsx import read_xlsx, sheet_ref

FORM = [
    ["财政项目支出绩效目标申报表"],
    ["(2021年度)"],
    ["项目名称", "测试项目", "主管部门", "测试局"],
    ["项目资金", "项目资金总额", "=SUM(C5:C6)", "年度资金申请总额", "72,000"],
]


def _rows(path: Path) -> list[list[str]]:
    rows = read_xlsx(str(path), path.read_bytes())
    return [[c.text for c in r.cells] for r in rows.rows]


def test_xlsx_merged_hidden_and_formats(tmp_path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "项目 1"
    ws["A1"] = "标题"
    ws.merge_cells("A1:C1")
    ws["A2"], ws["B2"], ws["C2"] = "隐藏行", "x", "y"
    ws.row_dimensions[2].hidden = True
    ws["A3"], ws["B3"], ws["C3"] = "比例", 0.855, 72000
    ws["B3"].number_format = "0.0%"
    ws["C3"].number_format = "#,##0"
    ws["D3"] = "隐藏列"
    ws.column_dimensions["D"].hidden = True
    ws["E3"] = dt.datetime(2021, 1, 1)
    hidden = wb.create_sheet("下拉选项")
    hidden["A1"] = "不应读到"
    hidden.sheet_state = "hidden"
    path = tmp_path / "f.xlsx"
    wb.save(path)
    rows = read_xlsx(str(path), path.read_bytes())
    assert [[c.text for c in r.cells] for r in rows.rows] == [
        ["标题"],
        ["比例", "85.5%", "72,000", "2021-01-01"],
    ]
    assert [c.where for c in rows.rows[1].cells] == [
        "'项目 1'!A3",
        "'项目 1'!B3",
        "'项目 1'!C3",
        "'项目 1'!E3",
    ]


def test_number_formats() -> None:
    assert display(3315.64, "#,##0.00") == "3,315.64"
    assert display(1838166, "#,##0") == "1,838,166"
    assert display(0.95, "0%") == "95%"
    assert display(0.1 + 0.2, "General") == "0.3"
    assert display(35, '0"万元"') == "35万元"
    assert display(-5, "0;(0)") == "(5)"
    assert display(True, None) == "TRUE"
    assert sheet_ref("项目1") == "项目1" and sheet_ref("a b") == "'a b'"


def _with_cached_value(path: Path, cell: str, value: str) -> None:
    """Give a formula the cached result Excel would have stored (openpyxl cannot write one)."""
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    head, rest = sheet.split(f'<c r="{cell}"', 1)
    rest = rest.replace("<v></v>", f"<v>{value}</v>", 1).replace("<v />", f"<v>{value}</v>", 1)
    parts["xl/worksheets/sheet1.xml"] = (head + f'<c r="{cell}"' + rest).encode()
    with zipfile.ZipFile(path, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)


def _form_workbook(path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "项目1"
    for r, row in enumerate(FORM, start=1):
        for c, text in enumerate(row, start=1):
            ws.cell(row=r, column=c, value=text)
    wb.save(path)


def test_xlsx_formula_reads_its_cached_value(tmp_path: Path) -> None:
    path = tmp_path / "cached.xlsx"
    _form_workbook(path)
    _with_cached_value(path, "C4", "72000")
    assert _rows(path)[3][2] == "72000"
    result, _ = lint_file(str(path), registry(), Config(select=("PARSE",)))
    assert "PARSE005" not in {d.code for d in result.diagnostics}


def test_xlsx_formula_without_cached_value_is_parse005_at_its_cell(tmp_path: Path) -> None:
    path = tmp_path / "uncached.xlsx"
    _form_workbook(path)
    assert _rows(path)[3][2] == "=SUM(C5:C6)"
    result, _ = lint_file(str(path), registry(), Config(select=("PARSE",)))
    (finding,) = [d for d in result.diagnostics if d.code == "PARSE005"]
    assert finding.span.where == "项目1!C4"
    assert "=SUM(C5:C6)" in finding.en


def test_xlsx_empty_sheets_between_forms_are_skipped(tmp_path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.title = "空"
    ws = wb.create_sheet("项目1")
    ws["A1"] = "标题"
    path = tmp_path / "f.xlsx"
    wb.save(path)
    assert _rows(path) == [["标题"]]


def test_docx_merged_cells_not_repeated_and_nested_tables_flattened(tmp_path: Path) -> None:
    from docx import Document

    doc = Document()
    doc.add_paragraph("财政项目支出绩效自评表")
    table = doc.add_table(rows=3, cols=3)
    table.cell(0, 0).merge(table.cell(0, 2)).text = "跨三列"
    table.cell(1, 0).merge(table.cell(2, 0)).text = "跨两行"
    table.cell(1, 1).text = "b"
    inner = table.cell(2, 1).add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "内1"
    inner.cell(0, 1).text = "内2"
    path = tmp_path / "f.docx"
    doc.save(path)
    rows = read_docx(str(path), path.read_bytes())
    texts = [[c.text for c in r.cells] for r in rows.rows]
    assert texts == [
        ["财政项目支出绩效自评表"],
        ["跨三列", "", ""],
        ["跨两行", "b", ""],
        ["", "", ""],
        ["", "内1", "内2"],
    ]
    assert rows.rows[0].cells[0].where == "paragraph 1"
    assert rows.rows[2].cells[1].where == "table 1 row 2 col 2"
    assert rows.rows[4].cells[2].where == "table 1 row 3 col 2 > table 1 row 1 col 2"


def test_pdf_cell_lines_join_without_space_between_chinese() -> None:
    assert (
        join_lines("通过宣讲，居民对医保的政\n策达到一定的了解")
        == "通过宣讲，居民对医保的政策达到一定的了解"
    )
    assert join_lines("service\nlevel") == "service level"
    assert join_lines(None) == ""


def _pdf(path: Path, draw) -> None:
    from reportlab.pdfgen.canvas import Canvas

    canvas = Canvas(str(path))
    draw(canvas)
    canvas.showPage()
    canvas.save()


def test_scan_without_text_is_a_clear_error(tmp_path: Path) -> None:
    """A blank page scanned: OCR (or its absence) finds nothing, and says the PDF is images."""
    from PIL import Image

    image = tmp_path / "scan.png"
    Image.new("RGB", (200, 100), "white").save(image)
    path = tmp_path / "scan.pdf"
    _pdf(path, lambda c: c.drawImage(str(image), 50, 500, 200, 100))
    with pytest.raises(ReadError, match="image-only PDF"):
        read_pdf(str(path), path.read_bytes())


def test_password_protected_pdf_is_a_clear_error(tmp_path: Path) -> None:
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfgen.canvas import Canvas

    path = tmp_path / "locked.pdf"
    canvas = Canvas(str(path), encrypt=StandardEncryption("secret", canPrint=0))
    canvas.drawString(100, 700, "form")
    canvas.save()
    with pytest.raises(ReadError, match="password"):
        read_pdf(str(path), path.read_bytes())


@pytest.mark.parametrize(
    ("module", "extra", "reader"), [("openpyxl", "xlsx", read_xlsx), ("docx", "docx", read_docx)]
)
def test_missing_library_names_the_extra(
    monkeypatch, tmp_path: Path, module, extra, reader
) -> None:
    path = tmp_path / f"f.{extra}"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("x", "y")
    monkeypatch.setitem(sys.modules, module, None)
    with pytest.raises(ReadError, match=rf"formlint\[{extra}\]"):
        reader(str(path), path.read_bytes())


def test_missing_xlrd_names_the_extra(monkeypatch) -> None:
    from linter.readers.xls import read_xls

    monkeypatch.setitem(sys.modules, "xlrd", None)
    with pytest.raises(ReadError, match=r"formlint\[xls\]"):
        read_xls("f.xls", bytes.fromhex("d0cf11e0a1b11ae1") + bytes(504))


def test_missing_pdfplumber_names_the_extra(monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "pdfplumber", None)
    with pytest.raises(ReadError, match=r"formlint\[pdf\]"):
        read_pdf("f.pdf", b"%PDF-1.4\n")
