"""A reader for comma-separated exports: the same rows of cells as the TAB export, located by line."""

from __future__ import annotations

import csv
import io

from linter.parse.source import SourceRows, rows_from_cells
from linter.readers.text import decode


def read_csv(path: str, data: bytes) -> SourceRows:
    rows = list(csv.reader(io.StringIO(decode(data), newline="")))
    where = [
        [f"csv row {i + 1} col {j + 1}" for j in range(len(row))] for i, row in enumerate(rows)
    ]
    return rows_from_cells(path, rows, where)
