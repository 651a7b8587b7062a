"""Legacy Excel workbooks (.xls, BIFF8) and WPS spreadsheets (.et): every visible sheet as rows.

Budget systems still export .xls, and WPS saves .et in the same binary format. xlrd reads them
with their formatting, so a cell shows what the author sees (``85%`` under ``0%``, ``72,000``
under ``#,##0``: ``_cellformat``, as for .xlsx); python-calamine was measured too, faster but
without number formats or hidden rows (see benchmarks/read_formats.py). Merged cells keep their
text in the first cell only, as in the text export; hidden sheets, rows and columns are left
out, as the xlsx reader leaves them.

Exports are often not what their name says: a ``.xls`` that is an HTML table or an ``.xlsx``
package is handed to the reader of what it is (``linter.readers.sniff``).

Locations are ``Sheet!D17``.
"""

from __future__ import annotations

import io

from linter.limits import MAX_CELLS, refuse
from linter.parse.source import ReadError, SourceRows
from linter.readers._cellformat import display
from linter.readers._container import OLE_MAGIC, corrupt, require
from linter.readers._workbook import SheetRows
from linter.readers.sniff import sniff_suffix
from linter.readers.xlsx import read_xlsx, sheet_ref

MAX_ROWS = 50_000  # as for .xlsx: a form has a few hundred rows
MAX_BOOK_BYTES = 32 * 1024 * 1024  # xlrd holds a whole book: ~140 MB of memory for a 21 MB one
MERGE_SPAN = 512  # cells of a merged range looked at: a whole-column merge is empty past a form


def read_xls(path: str, data: bytes) -> SourceRows:
    """Rows of every visible sheet; the location of each cell is ``Sheet!A1``."""
    if not data.startswith(OLE_MAGIC):
        return _read_as(path, data)
    if len(data) > MAX_BOOK_BYTES:
        raise ReadError(
            f".xls 文件超过 {MAX_BOOK_BYTES // 2**20} MB，不像是绩效表单",
            f"the .xls file is larger than {MAX_BOOK_BYTES // 2**20} MB; that is not a performance form",
        )
    xlrd = require("xlrd", "xls")
    try:
        book = xlrd.open_workbook(
            file_contents=data, formatting_info=True, on_demand=True, logfile=io.StringIO()
        )
    except Exception as exc:  # noqa: BLE001 - any failure of xlrd on a damaged file
        if "encrypted" in str(exc).lower():
            raise ReadError(
                "文件设有打开密码（已加密），无法读取；请在 Excel 或 WPS 中取消密码后另存",
                "the file is password-protected (encrypted); remove the password and save it again",
            ) from exc
        raise corrupt("xls", exc) from exc
    rows = SheetRows()
    try:
        for index in range(book.nsheets):
            sheet = book.sheet_by_index(index)
            if sheet.visibility == 0:
                _read_sheet(xlrd, book, sheet, rows)
            book.unload_sheet(index)
    except ReadError:
        raise
    except Exception as exc:  # noqa: BLE001
        raise corrupt("xls", exc) from exc
    finally:
        book.release_resources()
    return rows.source(path)


def _read_as(path: str, data: bytes) -> SourceRows:
    """A .xls that is another format inside: read by that format's reader."""
    suffix = sniff_suffix(data)
    if suffix in (".html", ".mhtml"):
        from linter.readers.html import read_html

        return read_html(path, data)
    if suffix == ".xlsx":
        return read_xlsx(path, data)
    raise ReadError(
        "不是 .xls 文件（既不是 Excel 97-2003 工作簿，也不是网页或 .xlsx）",
        "not a .xls file (neither an Excel 97-2003 workbook, nor a web page, nor .xlsx)",
    )


def _read_sheet(xlrd, book, sheet, rows: SheetRows) -> None:
    if sheet.nrows > MAX_ROWS:
        raise ReadError(
            f"工作表 {sheet.name} 超过 {MAX_ROWS} 行，不像是绩效表单",
            f"sheet {sheet.name} has more than {MAX_ROWS} rows; that is not a performance form",
        )
    covered = _covered(sheet.merged_cells)
    hidden_rows = {r for r, info in sheet.rowinfo_map.items() if info.hidden}
    hidden_columns = {c + 1 for c, info in sheet.colinfo_map.items() if info.hidden}  # 1-based
    prefix = sheet_ref(sheet.name)
    rows.start_sheet()
    for r in range(sheet.nrows):
        if r in hidden_rows:
            continue
        texts = {}
        for c, cell in enumerate(sheet.row(r)):
            if c + 1 in hidden_columns or (r, c) in covered:
                continue
            text = _text(xlrd, book, cell)
            if text.strip():
                texts[c + 1] = text
        rows.add(texts, hidden_columns, lambda c, r=r: f"{prefix}!{column_letter(c)}{r + 1}")


def _covered(merged: list[tuple[int, int, int, int]]) -> set[tuple[int, int]]:
    """The cells of merged ranges but their first, each range cut at ``MERGE_SPAN``."""
    covered: set[tuple[int, int]] = set()
    for row_lo, row_hi, col_lo, col_hi in merged:
        row_hi, col_hi = min(row_hi, row_lo + MERGE_SPAN), min(col_hi, col_lo + MERGE_SPAN)
        if len(covered) + (row_hi - row_lo) * (col_hi - col_lo) > MAX_CELLS:  # before it is built
            raise refuse("合并单元格", "merged cells", len(covered), MAX_CELLS)
        covered.update((r, c) for r in range(row_lo, row_hi) for c in range(col_lo, col_hi))
        covered.discard((row_lo, col_lo))
    return covered


def _text(xlrd, book, cell) -> str:
    """The cell as Excel shows it, under its number format."""
    kind, value = cell.ctype, cell.value
    if kind in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return ""
    if kind == xlrd.XL_CELL_TEXT:
        return value
    if kind == xlrd.XL_CELL_BOOLEAN:
        return display(bool(value), None)
    if kind == xlrd.XL_CELL_ERROR:
        return xlrd.error_text_from_code.get(value, "#ERR")
    if kind == xlrd.XL_CELL_DATE:
        try:
            return display(xlrd.xldate_as_datetime(value, book.datemode), None)
        except (ValueError, OverflowError, xlrd.xldate.XLDateError):
            return display(value, None)
    return display(value, _number_format(book, cell.xf_index))


def _number_format(book, xf_index: int | None) -> str | None:
    if xf_index is None or xf_index >= len(book.xf_list):
        return None
    found = book.format_map.get(book.xf_list[xf_index].format_key)
    return found.format_str if found is not None else None


def column_letter(index: int) -> str:
    """``A`` for column 1, ``AA`` for column 27."""
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters
