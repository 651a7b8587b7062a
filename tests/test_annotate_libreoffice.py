"""``formlint annotate`` loses nothing: on a workbook saved by a spreadsheet program, with formulas
and their cached results, an author's comment, styles and a print setup, the annotated copy keeps
all of them, appends to the author's comment, opens in LibreOffice (``soffice --headless
--convert-to``), and checking the copy, or LibreOffice's re-save of it, gives the findings of the
original."""

from __future__ import annotations

import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from conftest import seed_path
from formats import seed_lines, write_xlsx

from linter.cli import main

openpyxl = pytest.importorskip("openpyxl", reason="the xlsx extra is not installed")
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.skipif(
    SOFFICE is None, reason="LibreOffice is not installed (apt-get install libreoffice-calc)"
)
AUTHOR_NOTE = "请核实：目标值沿用去年"


def soffice(source: Path, outdir: Path, profile: Path) -> Path:
    """LibreOffice opens ``source`` and saves it again as .xlsx (formulas recalculated there)."""
    done = subprocess.run(
        [
            SOFFICE,
            "--headless",
            "--norestore",
            f"-env:UserInstallation={profile.as_uri()}",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(outdir),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    converted = outdir / (source.stem + ".xlsx")
    assert converted.is_file(), done.stdout + done.stderr
    return converted


@pytest.fixture(scope="module")
def original(tmp_path_factory) -> Path:
    """Seed 000 as a workbook an author keeps: the fund totals are formulas, a target carries the
    author's comment, titles are bold, amounts formatted, the sheets set up to print."""
    from openpyxl.comments import Comment
    from openpyxl.styles import Font

    folder = tmp_path_factory.mktemp("workbook")
    typed = folder / "typed.xlsx"
    write_xlsx(seed_lines(seed_path("000")), typed)
    book = openpyxl.load_workbook(typed)
    first = book["项目1"]
    for cell, value in {"C11": 72000, "C13": 0, "E11": 72000, "E12": 0, "E13": 0}.items():
        first[cell] = value
        first[cell].number_format = "#,##0"
    first["C10"] = "=C11+C13"
    first["E10"] = "=SUM(E11:E13)"
    first["C10"].number_format = first["E10"].number_format = "#,##0"
    book["项目2"]["E16"].comment = Comment(AUTHOR_NOTE, "张三")
    for sheet in book:
        sheet["A3"].font = Font(bold=True, size=14)
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.fitToWidth = 1
        sheet.print_title_rows = "1:3"
    book.save(typed)
    return soffice(typed, folder / "saved", folder / "profile")


def findings(capsys, path: Path) -> list[tuple]:
    main(["check", str(path), "--no-cache", "--format", "json"])
    items = json.loads(capsys.readouterr().out)["diagnostics"]
    return [(d["code"], d["where"] and d["where"]["label"], d["message"]) for d in items]


@pytest.fixture(scope="module")
def annotated(original, tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("annotated") / "annotated.xlsx"
    assert main(["annotate", str(original), "-o", str(target)]) == 1
    return target


def test_the_original_has_cached_results(capsys, original):
    found = findings(capsys, original)
    assert found and not [f for f in found if f[0] == "PARSE005"]
    cached = openpyxl.load_workbook(original, data_only=True)["项目1"]
    assert cached["C10"].value == 72000 and cached["E10"].value == 72000


def test_the_copy_checks_as_the_original(capsys, original, annotated):
    assert findings(capsys, annotated) == findings(capsys, original)


def style(cell, aspect: str) -> str:
    """A cell's style as text: openpyxl's style proxies do not compare equal to each other."""
    return repr(getattr(cell, aspect))


def test_the_copy_keeps_values_results_comments_styles_and_print_setup(original, annotated):
    for data_only in (False, True):  # formulas, then their cached results
        before = openpyxl.load_workbook(original, data_only=data_only)
        after = openpyxl.load_workbook(annotated, data_only=data_only)
        assert before.sheetnames == after.sheetnames
        for name in before.sheetnames:
            a, b = before[name], after[name]
            assert [[c.value for c in row] for row in a.iter_rows()] == [
                [c.value for c in row] for row in b.iter_rows(max_row=a.max_row)
            ]
            for row in a.iter_rows():
                for cell in row:
                    copy = b[cell.coordinate]
                    for aspect in ("font", "border", "alignment", "protection", "number_format"):
                        assert style(copy, aspect) == style(cell, aspect), (cell, aspect)
                    if copy.comment is None:
                        assert style(copy, "fill") == style(cell, "fill"), cell.coordinate
            assert b.page_setup.orientation == a.page_setup.orientation == "landscape"
            assert b.page_setup.fitToWidth == a.page_setup.fitToWidth
            assert b.print_title_rows == a.print_title_rows == "$1:$3"
            assert b.page_margins.left == a.page_margins.left
            assert b.merged_cells.ranges == a.merged_cells.ranges
    comment = openpyxl.load_workbook(annotated)["项目2"]["E16"].comment
    assert comment.text.startswith(AUTHOR_NOTE) and "\nVAG001 [错误] " in comment.text


def test_only_the_parts_that_take_notes_change(original, annotated):
    with zipfile.ZipFile(original) as a, zipfile.ZipFile(annotated) as b:
        before = {name: a.read(name) for name in a.namelist()}
        after = {name: b.read(name) for name in b.namelist()}
    assert set(before) <= set(after)
    changed = {name for name in before if before[name] != after[name]}
    assert changed <= {
        "[Content_Types].xml",
        "xl/styles.xml",
        *(n for n in before if n.startswith(("xl/worksheets/", "xl/comments", "xl/drawings/vml"))),
    }
    assert "xl/sharedStrings.xml" not in changed and "xl/workbook.xml" not in changed


def test_annotating_the_copy_again_does_not_stack(tmp_path, annotated):
    again = tmp_path / "again.xlsx"
    main(["annotate", str(annotated), "-o", str(again)])
    first = openpyxl.load_workbook(annotated)["项目2"]["E16"].comment.text
    assert openpyxl.load_workbook(again)["项目2"]["E16"].comment.text == first


def test_libreoffice_opens_the_copy(capsys, tmp_path, original, annotated):
    reopened = soffice(annotated, tmp_path / "out", tmp_path / "profile")
    assert findings(capsys, reopened) == findings(capsys, original)
    book = openpyxl.load_workbook(reopened)
    comment = book["项目2"]["E16"].comment.text
    assert AUTHOR_NOTE in comment and "VAG001" in comment  # the comment LibreOffice read
    assert commented(book) == commented(openpyxl.load_workbook(annotated))


def commented(book) -> list[tuple[str, str]]:
    return [
        (s.title, c.coordinate) for s in book for row in s.iter_rows() for c in row if c.comment
    ]
