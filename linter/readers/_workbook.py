"""What the spreadsheet readers (.xlsx, .xls) share: a workbook's rows as the text export has
them, and a workbook with nothing in its visible sheets refused."""

from __future__ import annotations

from collections.abc import Callable, Collection

from linter.limits import CellBudget
from linter.parse.source import ReadError, SourceRows, rows_from_cells


class SheetRows:
    """Rows of the visible sheets, sheet after sheet: each row's cells up to its last filled
    one (hidden columns left out), blank rows kept only between rows with content. Each row is
    counted against the limits (``linter.limits``) before it is built: a value in column XFD on
    every row is refused before 16,384 cells a row are made."""

    def __init__(self) -> None:
        self.table: list[list[str]] = []
        self.where: list[list[str | None]] = []
        self._blanks = 0
        self.budget = CellBudget()

    def start_sheet(self) -> None:
        self._blanks = 0  # a sheet's leading blank rows are not kept

    def add(
        self, texts: dict[int, str], hidden_columns: Collection[int], ref: Callable[[int], str]
    ) -> None:
        """One sheet row: its filled cells by 1-based column, ``ref`` naming a column's cell."""
        if not texts:
            self._blanks += 1
            return
        for _ in range(self._blanks):
            self.budget.row(1)
        self.table.extend([""] for _ in range(self._blanks))
        self.where.extend([None] for _ in range(self._blanks))
        self._blanks = 0
        self.budget.row(max(texts))
        columns = [c for c in range(1, max(texts) + 1) if c not in hidden_columns]
        self.table.append([texts.get(c, "") for c in columns])
        self.where.append([ref(c) for c in columns])

    def source(self, path: str) -> SourceRows:
        if not any(any(t.strip() for t in row) for row in self.table):
            raise ReadError(
                "工作簿中没有任何内容（所有可见工作表均为空）",
                "the workbook is empty (every visible sheet is blank)",
            )
        return rows_from_cells(path, self.table, self.where)
