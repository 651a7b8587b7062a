"""What openpyxl's read-only mode does not tell: sheet visibility, merged ranges, hidden rows and
columns, and formulas without a cached value. One streaming pass over a sheet's XML finds them.

The pass also bounds the work a hostile or huge workbook can cause: a sheet part that would
unpack beyond ``MAX_SHEET_BYTES``, a sheet with more than ``MAX_ROWS`` rows of values, or more
merged or formula cells than ``linter.limits.MAX_CELLS``, is a ReadError before anything big is
built. Merged ranges are kept as ranges per row, never as the cells they cover (150 merges of
513 × 513 cells had taken 4 GB).
"""

from __future__ import annotations

import posixpath
import zipfile
from dataclasses import dataclass, field
from xml.etree import ElementTree

from linter.limits import MAX_CELLS, MAX_SHEET_BYTES, refuse
from linter.parse.source import ReadError

MAX_ROWS = 50_000  # a form has a few hundred rows; a workbook of forms a few thousand
EXCEL_ROWS = 1_048_576  # the last row Excel has: a hidden row beyond it is no row

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_TRUE = ("1", "true")
_MERGE_SPAN = 512


@dataclass(frozen=True)
class SheetPart:
    name: str
    path: str  # the part inside the zip package, e.g. xl/worksheets/sheet1.xml
    hidden: bool


@dataclass
class SheetLayout:
    hidden_rows: set[int] = field(default_factory=set)
    hidden_columns: set[int] = field(default_factory=set)
    # per row, the merged ranges crossing it: (first column, last column, is its first row)
    merges: dict[int, list[tuple[int, int, bool]]] = field(default_factory=dict)
    uncached: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, col) → "=formula"

    def covered(self, row: int, col: int) -> bool:
        """Whether the cell is merged into another: in a merge, and not its first cell."""
        for first, last, top in self.merges.get(row, ()):
            if first <= col <= last and not (top and col == first):
                return True
        return False


def sheet_parts(package: zipfile.ZipFile) -> list[SheetPart]:
    """The worksheets in workbook order, with their part names and whether they are hidden."""
    workbook = ElementTree.fromstring(package.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(package.read("xl/_rels/workbook.xml.rels"))
    targets = {
        rel.get("Id"): rel.get("Target", "")
        for rel in rels.iter(f"{_PKG_REL}Relationship")
        if rel.get("Type", "").endswith("/worksheet")
    }
    parts = []
    for sheet in workbook.iter(f"{_MAIN}sheet"):
        target = targets.get(sheet.get(f"{_REL}id"))
        if target is None:  # a chart sheet or a dialog sheet: no cells
            continue
        path = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
        parts.append(
            SheetPart(
                sheet.get("name", ""),
                posixpath.normpath(path),
                sheet.get("state", "visible") != "visible",
            )
        )
    return parts


def scan_sheet(package: zipfile.ZipFile, part: SheetPart) -> SheetLayout:
    """Hidden rows and columns, merged ranges and uncached formulas of one sheet part."""
    from openpyxl.formula.translate import Translator
    from openpyxl.utils.cell import coordinate_to_tuple, range_boundaries

    path, name = part.path, part.name
    if package.getinfo(path).file_size > MAX_SHEET_BYTES:
        raise ReadError(
            f"工作表 {name} 解压后超过 {MAX_SHEET_BYTES // 2**20} MB，不像是绩效表单",
            f"sheet {name} unpacks to more than {MAX_SHEET_BYTES // 2**20} MB; that is not a performance form",
        )
    layout = SheetLayout()
    shared: dict[str, tuple[str, str]] = {}  # shared formula index → (formula, its cell)
    value_rows = merged_rows = 0
    with package.open(path) as source:
        for _, element in ElementTree.iterparse(source):
            tag = element.tag
            if tag == f"{_MAIN}c":
                formula = element.find(f"{_MAIN}f")
                if formula is None or _has_value(element):
                    continue
                ref = element.get("r", "")
                text = "=" + (formula.text or "")
                index = formula.get("si")
                if formula.get("t") == "shared" and index is not None:
                    if formula.text:
                        shared[index] = (text, ref)
                    elif index in shared:
                        text = Translator(*shared[index]).translate_formula(ref)
                if ref:
                    layout.uncached[coordinate_to_tuple(ref)] = text
                    if len(layout.uncached) > MAX_CELLS:
                        raise refuse(
                            "无缓存值的公式",
                            "formulas without a value",
                            len(layout.uncached),
                            MAX_CELLS,
                        )
            elif tag == f"{_MAIN}row":
                if element.get("hidden", "0") in _TRUE:
                    row = int(element.get("r", "0"))
                    if 0 < row <= EXCEL_ROWS:
                        layout.hidden_rows.add(row)
                if any(
                    c.find(f"{_MAIN}v") is not None or c.find(f"{_MAIN}is") is not None
                    for c in element
                ):
                    value_rows += 1
                    if value_rows > MAX_ROWS:
                        raise ReadError(
                            f"工作表 {name} 超过 {MAX_ROWS} 行，不像是绩效表单",
                            f"sheet {name} has more than {MAX_ROWS} rows; that is not a performance form",
                        )
                element.clear()
            elif tag == f"{_MAIN}col" and element.get("hidden", "0") in _TRUE:
                first, last = int(element.get("min", "1")), int(element.get("max", "1"))
                layout.hidden_columns.update(range(first, min(last, 16384) + 1))
            elif tag == f"{_MAIN}mergeCell":
                min_col, min_row, max_col, max_row = range_boundaries(element.get("ref", ""))
                max_row = min(max_row, min_row + _MERGE_SPAN)  # whole-column merges: the
                max_col = min(max_col, min_col + _MERGE_SPAN)  # cells past a form's size are empty
                for r in range(min_row, max_row + 1):
                    layout.merges.setdefault(r, []).append((min_col, max_col, r == min_row))
                merged_rows += max_row - min_row + 1
                if merged_rows > MAX_CELLS:
                    raise refuse("合并单元格", "merged ranges", merged_rows, MAX_CELLS)
    return layout


def _has_value(cell: ElementTree.Element) -> bool:
    """A cached result: a <v> with text, or an empty one when the result is the empty string."""
    value = cell.find(f"{_MAIN}v")
    return value is not None and (bool(value.text) or cell.get("t") == "str")
