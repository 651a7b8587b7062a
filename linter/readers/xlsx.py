"""Excel workbooks (.xlsx, .xlsm): every visible sheet, in order, as rows of cells.

openpyxl reads the values in read-only mode (streaming, so a big workbook does not fill memory),
with ``data_only`` so a formula reads as the value Excel cached for it. What read-only mode does
not expose comes from one streaming pass over each sheet's XML (``_sheetxml``): merged ranges
(only the first cell keeps its text, as in the text export), hidden rows and columns, and formulas
that have no cached value. Such a formula keeps its text (``=SUM(D5:D7)``) as the cell's text, so
rule PARSE005 can point at it; the reader itself judges nothing.

Hidden sheets, rows and columns are skipped: the form is what an author and a reviewer see and
print, and the PDF of the same workbook would not show them either.

Locations are ``Sheet!D17``.
"""

from __future__ import annotations

from io import BytesIO

from linter.limits import check_parts
from linter.parse.source import ReadError, SourceRows
from linter.readers._cellformat import display
from linter.readers._container import corrupt, open_package, require
from linter.readers._sheetxml import MAX_ROWS, SheetLayout, scan_sheet, sheet_parts
from linter.readers._workbook import SheetRows


def read_xlsx(path: str, data: bytes) -> SourceRows:
    """Rows of every visible sheet; the location of each cell is ``Sheet!A1``."""
    package = open_package(data, "xlsx", ".xls")
    check_parts(package, streamed=("xl/worksheets/",))  # a 3 GB shared string is refused here
    openpyxl = require("openpyxl", "xlsx")
    try:
        # the bounded scan comes first: openpyxl's own sizing reads a whole sheet that has no
        # <dimension>, which is no bound at all on a huge or hostile workbook
        layouts = [
            (part, scan_sheet(package, part)) for part in sheet_parts(package) if not part.hidden
        ]
        workbook = openpyxl.load_workbook(BytesIO(data), read_only=True, data_only=True)
    except ReadError:
        raise
    except Exception as exc:  # noqa: BLE001 - any failure inside a damaged package
        raise corrupt("xlsx", exc) from exc
    rows = SheetRows()
    try:
        for part, layout in layouts:
            if part.name in workbook.sheetnames:
                _read_sheet(workbook[part.name], part.name, layout, rows)
    except ReadError:
        raise
    except Exception as exc:  # noqa: BLE001
        raise corrupt("xlsx", exc) from exc
    finally:
        workbook.close()
    return rows.source(path)


def _read_sheet(sheet, name: str, layout: SheetLayout, rows: SheetRows) -> None:
    from openpyxl.utils import get_column_letter

    prefix = sheet_ref(name)
    sheet.reset_dimensions()  # trust the cells, not the <dimension> a writer may have got wrong
    rows.start_sheet()
    for row_no, cells in enumerate(sheet.iter_rows(), start=1):
        if row_no in layout.hidden_rows:
            continue
        texts: dict[int, str] = {}
        for cell in cells:
            column = getattr(cell, "column", None)  # the filler for a missing cell has none
            if column is None or column in layout.hidden_columns:
                continue
            if layout.merges and layout.covered(row_no, column):
                continue
            text = layout.uncached.get((row_no, column)) or display(cell.value, cell.number_format)
            if text.strip():
                texts[column] = text
        rows.add(
            texts, layout.hidden_columns, lambda c, r=row_no: f"{prefix}!{get_column_letter(c)}{r}"
        )
        if len(rows.table) > MAX_ROWS:
            raise ReadError(
                f"工作簿超过 {MAX_ROWS} 行，不像是绩效表单",
                f"the workbook has more than {MAX_ROWS} rows; that is not a performance form",
            )


def sheet_ref(name: str) -> str:
    """A sheet name as Excel writes it in a reference: quoted when it holds spaces or punctuation."""
    if all(ch.isalnum() or ch in "_." for ch in name):
        return name
    return "'" + name.replace("'", "''") + "'"
