"""``formlint annotate`` writes a commented copy and never touches its input; ``formlint export``
prints the rows the grammar reads, for every format."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from conftest import seed_path
from formats import seed_lines, write_docx, write_xlsx

from linter.cli import main


@pytest.fixture
def workbook(tmp_path: Path) -> Path:
    path = tmp_path / "form.xlsx"
    write_xlsx(seed_lines(seed_path("000")), path)
    return path


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_annotate_puts_each_finding_on_its_cell(workbook: Path, tmp_path: Path, capsys) -> None:
    from openpyxl import load_workbook

    before = _sha(workbook)
    out = tmp_path / "out" / "annotated.xlsx"
    assert main(["annotate", str(workbook), "-o", str(out), "--select", "VAG001"]) == 1
    assert _sha(workbook) == before
    wb = load_workbook(out)
    cell = wb["项目2"]["E16"]  # 维护计划完成率 = 工作计划
    assert cell.value == "工作计划"
    assert cell.comment is not None and cell.comment.text.startswith(
        "VAG001 [错误] 指标「维护计划完成率」"
    )
    assert cell.comment.author == "formlint"
    assert cell.fill.start_color.rgb.endswith("FFC7CE")
    commented = [c for ws in wb for row in ws.iter_rows() for c in row if c.comment]
    assert f"标注在 {len(commented)} 个单元格" in capsys.readouterr().out
    main(["annotate", str(workbook), "-o", str(out), "--select", "VAG001", "--lang", "en"])
    comment = load_workbook(out)["项目2"]["E16"].comment.text
    assert comment.startswith("VAG001 [error] indicator")
    assert "on 5 cell(s)" in capsys.readouterr().out


def test_annotate_refuses_to_write_over_its_input(workbook: Path, tmp_path: Path, capsys) -> None:
    before = _sha(workbook)
    link = tmp_path / "link.xlsx"
    os.symlink(workbook, link)
    hard = tmp_path / "hard.xlsx"
    os.link(workbook, hard)
    for target in (workbook, link, hard):
        assert main(["annotate", str(workbook), "-o", str(target)]) == 2
        assert "never writes over an input" in capsys.readouterr().err
    assert _sha(workbook) == before


def test_annotate_an_unreadable_workbook_is_exit_2(tmp_path: Path, capsys) -> None:
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"PK\x03\x04broken")
    assert main(["annotate", str(bad), "-o", str(tmp_path / "out.xlsx")]) == 2
    assert "bad.xlsx" in capsys.readouterr().err
    assert not (tmp_path / "out.xlsx").exists()


def test_export_prints_the_same_text_for_text_xlsx_and_docx(
    workbook: Path, tmp_path: Path, capsysbinary
) -> None:
    lines = seed_lines(seed_path("000"))
    docx = tmp_path / "form.docx"
    write_docx(lines, docx)
    outputs = []
    for path in (workbook, docx):
        assert main(["export", str(path)]) == 0
        outputs.append(capsysbinary.readouterr().out.decode("utf-8"))
    xlsx_text, docx_text = outputs
    assert "项目名称\t服务窗口业务\t项目类别\t经常性项目" in xlsx_text
    assert [x.rstrip("\t") for x in xlsx_text.splitlines() if x.strip()] == [
        x.rstrip("\t") for x in docx_text.splitlines() if x.strip()
    ]


def test_export_goes_on_after_an_unreadable_file(
    workbook: Path, tmp_path: Path, capsysbinary
) -> None:
    bad = tmp_path / "bad.pdf"
    bad.write_text("not a pdf")
    assert main(["export", str(bad), str(workbook)]) == 2
    captured = capsysbinary.readouterr()
    assert b"bad.pdf: not a PDF" in captured.err
    assert f"==> {workbook} <==".encode() in captured.out
