"""The same seed forms as text, xlsx, docx and pdf: same forms, same findings, native locations."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import findings_of, forms_of, registry, seed_path, values_of
from formats import seed_lines, write_docx, write_pdf, write_xlsx

from linter.config import Config
from linter.engine import lint_file

SEEDS = ("000", "003", "004")  # a target form, multi-page self-evaluations, another layout
FORMATS = ("xlsx", "docx", "pdf")
WRITERS = {"xlsx": write_xlsx, "docx": write_docx, "pdf": write_pdf}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[tuple[str, str], Path]:
    out = tmp_path_factory.mktemp("formats")
    paths = {}
    for seed in SEEDS:
        lines = seed_lines(seed_path(seed))
        for fmt in FORMATS:
            paths[(seed, fmt)] = out / f"{seed}.{fmt}"
            WRITERS[fmt](lines, paths[(seed, fmt)])
    return paths


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("seed", SEEDS)
def test_same_forms_and_findings_in_every_format(built, seed: str, fmt: str) -> None:
    text = seed_path(seed)
    assert forms_of(built[(seed, fmt)]) == forms_of(text)
    assert findings_of(built[(seed, fmt)]) == findings_of(text)


def test_xlsx_locations_name_the_cell_that_holds_the_value(built) -> None:
    from openpyxl import load_workbook

    for seed in SEEDS:
        path = built[(seed, "xlsx")]
        wb = load_workbook(path)
        values = list(values_of(path))
        assert values
        for value in values:
            sheet, cell = value.span.where.split("!")
            assert wb[sheet][cell].value == value.raw
        result, _ = lint_file(str(path), registry(), Config(select=("ALL",)))
        for d in result.diagnostics:
            sheet, cell = d.span.where.split("!")
            assert wb[sheet][cell].value, (d.code, d.span.where)


def test_docx_locations_name_table_row_and_column(built) -> None:
    from docx import Document

    for seed in SEEDS:
        path = built[(seed, "docx")]
        tables = Document(str(path)).tables
        values = list(values_of(path))
        assert values
        for value in values:
            n, r, c = map(
                int, re.fullmatch(r"table (\d+) row (\d+) col (\d+)", value.span.where).groups()
            )
            assert tables[n - 1].rows[r - 1].cells[c - 1].text == value.raw


def test_pdf_locations_name_page_and_row(built) -> None:
    import pdfplumber

    for seed in SEEDS:
        path = built[(seed, "pdf")]
        with pdfplumber.open(path) as pdf:
            cells = [
                {re.sub(r"\s", "", c or "") for t in p.extract_tables() for r in t for c in r}
                for p in pdf.pages
            ]
        values = list(values_of(path))
        assert values
        for value in values:
            page, _row, _col = map(
                int, re.fullmatch(r"p\.(\d+) row (\d+) col (\d+)", value.span.where).groups()
            )
            assert re.sub(r"\s", "", value.raw) in cells[page - 1]


def test_pdf_page_numbers_are_not_rows(built) -> None:
    from linter.readers.pdf import read_pdf

    path = built[("003", "pdf")]
    rows = read_pdf(str(path), path.read_bytes())
    assert not [line for line in rows.lines if re.search(r"第\s*\d+\s*页", line)]
    assert rows.lines.count("") >= 3  # the page breaks, as blank rows
