"""Bad inputs: each is a clear PARSE001 naming the file, the run goes on with the others, exit 2,
and no input changes."""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import time
import zipfile
from pathlib import Path

import pytest
from conftest import seed_path

from linter.cli import main

SHEET_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)


def _workbook_bytes(fill=None) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    if fill is not None:
        fill(wb.active)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _encrypted_workbook() -> bytes:
    from msoffcrypto.format.ooxml import OOXMLFile

    out = io.BytesIO()
    OOXMLFile(io.BytesIO(_workbook_bytes(lambda ws: ws.append(["项目名称", "x"])))).encrypt(
        "secret", out
    )
    return out.getvalue()


def _digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def _check_json(folder: Path, capsys) -> tuple[int, dict]:
    code = main(["check", str(folder), "--format", "json"])
    return code, json.loads(capsys.readouterr().out)


BAD = {
    "corrupt.xlsx": ("corrupt", lambda: _workbook_bytes()[:700]),
    "corrupt.docx": ("not a .docx file", lambda: b"this is not a zip at all\n" * 20),
    "truncated.docx": ("corrupt", lambda: b"PK\x03\x04" + os.urandom(300)),
    "text.pdf": ("not a PDF", lambda: "财政项目支出绩效目标申报表\n".encode()),
    "locked.xlsx": ("password-protected", _encrypted_workbook),
    "empty.xlsx": ("empty", lambda: _workbook_bytes()),
    "legacy.xlsx": ("legacy Office file", lambda: bytes.fromhex("d0cf11e0a1b11ae1") + bytes(504)),
}


def test_each_bad_input_is_named_and_the_run_goes_on(tmp_path: Path, capsys) -> None:
    shutil.copy(seed_path("004"), tmp_path / "good.txt")
    for name, (_, make) in BAD.items():
        (tmp_path / name).write_bytes(make())
    before = _digests(tmp_path)
    code, report = _check_json(tmp_path, capsys)
    assert code == 2
    files = {Path(f["path"]).name: f["forms"] for f in report["files"]}
    assert files["good.txt"] == 2
    by_file = {Path(d["path"]).name: d for d in report["diagnostics"] if d["code"] == "PARSE001"}
    assert set(by_file) == set(BAD)
    assert _digests(tmp_path) == before


@pytest.mark.parametrize("name", sorted(BAD))
def test_each_bad_input_message_in_english(tmp_path: Path, capsys, name: str) -> None:
    words, make = BAD[name]
    path = tmp_path / name
    path.write_bytes(make())
    code = main(["check", str(path), "--format", "json", "--lang", "en"])
    report = json.loads(capsys.readouterr().out)
    assert code == 2
    (diag,) = report["diagnostics"]
    assert diag["code"] == "PARSE001" and diag["path"] == str(path)
    assert words in diag["message"]


def _big_media_workbook(path: Path, megabytes: int) -> None:
    """A real form in a workbook made big by an embedded picture (a scanned seal, say)."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "项目1"
    for line in seed_path("004").read_text(encoding="utf-8").splitlines():
        ws.append(line.split("\t"))
    wb.save(path)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_STORED) as z:
        z.writestr("xl/media/image1.png", os.urandom(megabytes * 2**20))


def _big_sheet_workbook(path: Path, megabytes: int) -> None:
    """A workbook whose sheet holds ~50 MB (packed) of random text, with no <dimension>."""
    path.write_bytes(_workbook_bytes())
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        for name, data in parts.items():
            if name != "xl/worksheets/sheet1.xml":
                z.writestr(name, data)
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(SHEET_HEAD)
            row = 0
            while z.fp.tell() < megabytes * 2**20:
                chunk = os.urandom(2**20).hex()
                for i in range(0, len(chunk), 400):
                    row += 1
                    text = chunk[i : i + 400]
                    sheet.write(
                        f'<row r="{row}"><c r="A{row}" t="inlineStr"><is><t>{text}</t></is></c></row>'.encode()
                    )
            sheet.write(b"</sheetData></worksheet>")


def test_50mb_workbooks_give_a_result_or_a_clear_message_quickly(tmp_path: Path, capsys) -> None:
    _big_media_workbook(tmp_path / "seal.xlsx", 50)
    _big_sheet_workbook(tmp_path / "data.xlsx", 50)
    assert all((tmp_path / n).stat().st_size >= 50 * 2**20 for n in ("seal.xlsx", "data.xlsx"))
    before = _digests(tmp_path)
    start = time.perf_counter()
    code, report = _check_json(tmp_path, capsys)
    assert time.perf_counter() - start < 30
    assert code == 2
    forms = {Path(f["path"]).name: f["forms"] for f in report["files"]}
    assert forms["seal.xlsx"] == 2
    (error,) = [d for d in report["diagnostics"] if d["code"] == "PARSE001"]
    assert Path(error["path"]).name == "data.xlsx"
    assert "50000" in error["message"]
    assert _digests(tmp_path) == before
