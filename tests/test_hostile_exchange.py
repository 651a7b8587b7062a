"""The new readers on hostile and broken input: arbitrary bytes and mangled structure never raise
anything but ReadError; zip bombs, XML entity expansion, huge grids and sheets, hung or missing
converters each end in a clear message, quickly, with nothing written beside the input."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import time
import zipfile
from pathlib import Path

import pytest
from conftest import registry, seed_path
from formats import convert, seed_lines, write_docx, write_ofd, write_xlsx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linter.config import Config
from linter.engine import lint_file
from linter.parse.parser import parse_rows
from linter.parse.source import ReadError, SourceRows
from linter.readers import doc, html, ocr, ofd, xls

quick = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
LINES = seed_lines(seed_path("004"))


@pytest.fixture(scope="module")
def samples(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("samples")
    write_xlsx(LINES, out / "form.xlsx")
    write_docx(LINES, out / "form.docx")
    write_ofd(LINES, out / "form.ofd")
    return {
        "xls": convert(out / "form.xlsx", "xls", out),
        "doc": convert(out / "form.docx", "doc", out),
        "ofd": out / "form.ofd",
    }


def _reads_or_refuses(read, name: str, data: bytes) -> None:
    try:
        rows = read(name, data)
    except ReadError:
        return
    assert isinstance(rows, SourceRows)
    parse_rows(rows)


# --- properties ----------------------------------------------------------------------------------

TAGS = ["<table>", "</table>", "<tr>", "</tr>", "<td>", "</td>", "<br>", "<p>", "</p>",
        '<td rowspan="3">', '<td colspan="999999">', '<td rowspan="-2" colspan="x">', "<script>",
        "</script>", "<table><tr><td><table>", "&nbsp;", "&amp;", "&#x0;", "<!DOCTYPE html [",
        '<meta charset="gb2312">', "<!--", "-->", "<![CDATA[", "项目名称", "\t", "\n", "|"]  # fmt: skip


@quick
@given(st.lists(st.one_of(st.sampled_from(TAGS), st.text(max_size=20)), max_size=80))
def test_html_of_arbitrary_tags_and_text_never_raises(parts):
    _reads_or_refuses(html.read_html, "page.html", "".join(parts).encode("utf-8", "surrogatepass"))


@quick
@given(data=st.data())
def test_ofd_with_mangled_parts_never_raises(samples, data):
    """A valid package whose page, document or root part is replaced by arbitrary text, or whose
    numbers (Boundary, DeltaX, CTM) are arbitrary."""
    with zipfile.ZipFile(samples["ofd"]) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    name = data.draw(st.sampled_from(sorted(parts)))
    text = parts[name].decode()
    if data.draw(st.booleans()):
        for attribute in ("Boundary", "DeltaX", "Size", "X", "Y", "BaseLoc", "DocRoot"):
            junk = data.draw(
                st.sampled_from(["", "g", "g 9999999 1", "nan", "1e308", "-5 x", "/../"])
            )
            text = text.replace(f'{attribute}="', f'{attribute}="{junk} ', 1)
    else:
        text = data.draw(st.text(max_size=200))
    parts[name] = text.encode("utf-8", "surrogatepass")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for part, content in parts.items():
            z.writestr(part, content)
    _reads_or_refuses(ofd.read_ofd, "form.ofd", out.getvalue())


@quick
@given(data=st.data())
def test_xls_with_flipped_bytes_never_raises(samples, data):
    raw = bytearray(samples["xls"].read_bytes())
    for _ in range(data.draw(st.integers(1, 20))):
        raw[data.draw(st.integers(512, len(raw) - 1))] = data.draw(st.integers(0, 255))
    _reads_or_refuses(xls.read_xls, "form.xls", bytes(raw))


# --- bombs and huge inputs ----------------------------------------------------------------------


def test_an_ofd_zip_bomb_is_refused_quickly():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "OFD.xml", b"<OFD><DocBody><DocRoot>Doc_0/Document.xml</DocRoot></DocBody></OFD>"
        )
        with z.open("Doc_0/Document.xml", "w") as part:
            for _ in range(100):  # 100 MB of spaces, packed into ~100 KB
                part.write(b" " * 2**20)
    assert len(out.getvalue()) < 2**20
    started = time.monotonic()
    with pytest.raises(ReadError, match="32 MB"):
        ofd.read_ofd("bomb.ofd", out.getvalue())
    assert time.monotonic() - started < 10


LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10 if i > 1 else "&lol;" * 10}">'
        for i in range(1, 10)
    )
    + "]>"
)


def test_an_ofd_part_with_entity_expansion_is_refused(samples):
    with zipfile.ZipFile(samples["ofd"]) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    page = "Doc_0/Pages/Page_0/Content.xml"
    parts[page] = (LAUGHS + "<Page><Content><TextObject><TextCode>&lol9;</TextCode>"
                   "</TextObject></Content></Page>").encode()  # fmt: skip
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for part, content in parts.items():
            z.writestr(part, content)
    with pytest.raises(ReadError, match="DTD"):
        ofd.read_ofd("lol.ofd", out.getvalue())


def test_html_never_expands_a_declared_entity():
    page = (LAUGHS.replace('<?xml version="1.0"?>', "").replace("lolz", "html")
            + "<p>财政项目支出绩效目标申报表</p><p>&lol9;</p>")  # fmt: skip
    started = time.monotonic()
    rows = html.read_html("lol.html", page.encode())
    assert time.monotonic() - started < 2
    assert sum(len(line) for line in rows.lines) < 1000
    assert "财政项目支出绩效目标申报表" in rows.lines


def test_a_huge_html_grid_is_refused_quickly():
    page = '<table><tr><td colspan="100000" rowspan="100000">x</td></tr>' + "<tr></tr>" * 5000
    started = time.monotonic()
    with pytest.raises(ReadError, match=str(html.MAX_CELLS)):
        html.read_html("grid.html", (page + "</table>").encode())
    assert time.monotonic() - started < 20


def test_a_page_past_the_size_limit_is_refused(monkeypatch):
    monkeypatch.setattr(html, "MAX_PAGE_BYTES", 100)
    with pytest.raises(ReadError, match="the page is larger than"):
        html.read_html("big.html", b"<p>" + "很长".encode() * 100 + b"</p>")


def test_spans_are_capped_as_browsers_cap_them():
    rows = html.read_html("x.html", b'<table><tr><td colspan="5000">a</td><td>b</td></tr></table>')
    assert rows.rows[0].texts[0] == "a" and len(rows.rows[0].texts) == html.MAX_COLSPAN + 1


def test_a_sheet_past_the_row_limit_is_refused(samples, monkeypatch):
    monkeypatch.setattr(xls, "MAX_ROWS", 10)
    with pytest.raises(ReadError, match="more than 10 rows"):
        xls.read_xls("form.xls", samples["xls"].read_bytes())


def test_a_book_past_the_size_limit_is_refused_before_it_is_loaded(samples, monkeypatch):
    monkeypatch.setattr(xls, "MAX_BOOK_BYTES", 1024)
    with pytest.raises(ReadError, match="is larger than"):
        xls.read_xls("form.xls", samples["xls"].read_bytes())


def test_an_xls_that_is_a_web_page_or_an_xlsx_is_read_as_what_it_is(tmp_path):
    """Budget systems save HTML tables and .xlsx packages under .xls (made up)."""
    page = "<table><tr><td>财政项目支出绩效目标申报表</td></tr></table>".encode()
    assert xls.read_xls("x.xls", page).lines == ("财政项目支出绩效目标申报表",)
    write_xlsx(LINES, tmp_path / "form.xlsx")
    from linter.readers.xlsx import read_xlsx

    data = (tmp_path / "form.xlsx").read_bytes()
    assert xls.read_xls("x.xls", data) == read_xlsx("x.xls", data)


# --- outside programs ---------------------------------------------------------------------------


def _fake_tool(folder: Path, name: str) -> Path:
    """A stand-in that starts a child of its own and then hangs, as a stuck converter does."""
    folder.mkdir(exist_ok=True)
    script = folder / name
    script.write_text(
        f"#!/bin/sh\nsleep 300 &\necho $! > {folder}/child\necho $$ > {folder}/pid\nwait\n",
        encoding="utf-8",
    )
    script.chmod(0o755)
    return script


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
        return fh.read().split()[2] == "Z"  # a zombie waiting for init: ended


def test_a_hung_converter_is_cut_off_with_everything_it_started(samples, tmp_path, monkeypatch):
    bin_dir = tmp_path / "bin"
    _fake_tool(bin_dir, "soffice")
    monkeypatch.setenv("PATH", f"{bin_dir}:{os.environ['PATH']}")
    monkeypatch.setattr(doc, "CONVERT_SECONDS", 1.0)
    started = time.monotonic()
    with pytest.raises(ReadError, match="did not finish within 1 s"):
        doc.read_doc("form.doc", samples["doc"].read_bytes())
    assert time.monotonic() - started < 10
    for name in ("pid", "child"):
        pid = int((bin_dir / name).read_text())
        deadline = time.monotonic() + 5
        while not _gone(pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert _gone(pid), name


def test_a_missing_converter_names_the_package(samples, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(ReadError) as caught:
        doc.read_doc("form.doc", samples["doc"].read_bytes())
    assert "libreoffice-writer" in caught.value.en and "libreoffice-writer" in caught.value.zh


def test_a_doc_is_converted_away_from_its_folder(samples, tmp_path):
    folder = tmp_path / "inbox"
    folder.mkdir()
    shutil.copy(samples["doc"], folder / "form.doc")
    before = sorted(os.listdir(folder))
    result, _ = lint_file(str(folder / "form.doc"), registry(), Config())
    assert result.forms and not [d for d in result.diagnostics if d.code == "PARSE001"]
    assert sorted(os.listdir(folder)) == before


# --- scanned PDFs -------------------------------------------------------------------------------

SCANNED = [
    ["财政项目支出绩效目标申报表"],
    ["项目名称", "道路养护"],
    ["主管部门", "交通局"],
]  # made up


@pytest.fixture(scope="module")
def scanned(tmp_path_factory) -> Path:
    """An image-only PDF of a short made-up form, as a scanner makes it."""
    from PIL import Image, ImageDraw, ImageFont

    font_file = subprocess.run(
        ["fc-match", "-f", "%{file}", "Noto Sans CJK SC:style=Regular"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    font = ImageFont.truetype(font_file, 48)
    image = Image.new("RGB", (1654, 2339), "white")  # A4 at 200 dpi
    draw = ImageDraw.Draw(image)
    for n, cells in enumerate(SCANNED):
        for c, text in enumerate(cells):  # a table's columns
            draw.text((150 + c * 600, 200 + n * 120), text, fill="black", font=font)
    path = tmp_path_factory.mktemp("scan") / "scan.pdf"
    image.save(path, resolution=200)
    return path


def test_a_scanned_pdf_is_read_by_ocr_and_marked(scanned):
    rows = [r for r in read_scan(scanned).rows if any(r.texts)]
    assert rows[0].texts == ("财政项目支出绩效目标申报表",)
    # OCR misreads some characters (养 as 乔, 管 as 宣): the cells are what is certain
    assert [len(r.texts) for r in rows] == [1, 2, 2]
    assert "名称" in rows[1].texts[0] and "部门" in rows[2].texts[0]
    assert all(where.endswith("OCR") for r in rows for where in r.wheres)
    result, document = lint_file(str(scanned), registry(), Config(select=("PARSE",)))
    assert document is not None and len(document.forms) == 1
    (marked,) = [d for d in result.diagnostics if d.code == "PARSE007"]
    assert marked.severity == "info" and "OCR" in marked.en


def test_without_tesseract_a_scan_is_an_image_only_message(scanned, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    result, _ = lint_file(str(scanned), registry(), Config())
    (error,) = result.diagnostics
    assert error.code == "PARSE001"
    assert "image-only PDF, no text to read" in error.en and "tesseract-ocr-chi-sim" in error.en


def test_a_hung_tesseract_is_cut_off(scanned, tmp_path, monkeypatch):
    bin_dir = tmp_path / "bin"
    _fake_tool(bin_dir, "tesseract")
    (bin_dir / "tesseract").write_text(
        '#!/bin/sh\n[ "$1" = --list-langs ] && { echo chi_sim; exit 0; }\nsleep 300\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("PATH", f"{bin_dir}:{os.environ['PATH']}")
    monkeypatch.setattr(ocr, "PAGE_SECONDS", 1.0)
    with pytest.raises(ReadError, match="tesseract did not finish within 1 s"):
        read_scan(scanned)


def read_scan(path: Path) -> SourceRows:
    from linter.readers.pdf import read_pdf

    return read_pdf(str(path), path.read_bytes())


def test_a_page_with_a_broken_head_is_still_read():
    """Hand-written county pages (made up) leave tags open; the body is read all the same."""
    page = "<html><head><title>表<style>td{}</style><body><p>财政项目支出绩效目标申报表</p>"
    assert html.read_html("x.html", page.encode()).lines == ("财政项目支出绩效目标申报表",)
