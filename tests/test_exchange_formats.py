"""The formats forms are exchanged in besides xlsx/docx/pdf: the same seed forms written as
.xls and .et (LibreOffice from the .xlsx), .doc and .wps (from the .docx), HTML (UTF-8, a GB2312
page, a browser's MHTML archive) and OFD (written here) give the same forms and findings as the text export, with native locations; and a folder
of them all is linted whole, nothing skipped."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from conftest import findings_of, forms_of, seed_path, values_of
from formats import (
    convert,
    seed_lines,
    write_docx,
    write_gb_page,
    write_html,
    write_mhtml,
    write_ofd,
    write_xlsx,
)

from linter.cli import main

SEEDS = ("000", "003", "004")  # a target form, multi-page self-evaluations, another layout
FORMATS = ("xls", "et", "doc", "wps", "html", "htm", "mhtml", "ofd")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[tuple[str, str], Path]:
    out = tmp_path_factory.mktemp("exchange")
    paths: dict[tuple[str, str], Path] = {}
    for seed in SEEDS:
        lines = seed_lines(seed_path(seed))
        write_xlsx(lines, out / f"{seed}.xlsx")
        write_docx(lines, out / f"{seed}.docx")
        paths[(seed, "xls")] = convert(out / f"{seed}.xlsx", "xls", out)
        paths[(seed, "doc")] = convert(out / f"{seed}.docx", "doc", out)
        # WPS saves .et and .wps in the binary formats of .xls and .doc
        paths[(seed, "et")] = Path(shutil.copy(paths[(seed, "xls")], out / f"{seed}.et"))
        paths[(seed, "wps")] = Path(shutil.copy(paths[(seed, "doc")], out / f"{seed}.wps"))
        paths[(seed, "html")] = out / f"{seed}.html"
        write_html(lines, paths[(seed, "html")])
        paths[(seed, "htm")] = out / f"{seed}.htm"
        write_gb_page(paths[(seed, "html")], paths[(seed, "htm")])
        paths[(seed, "mhtml")] = out / f"{seed}.mhtml"
        write_mhtml(paths[(seed, "html")], paths[(seed, "mhtml")])
        paths[(seed, "ofd")] = out / f"{seed}.ofd"
        write_ofd(lines, paths[(seed, "ofd")])
    return paths


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("seed", SEEDS)
def test_same_forms_and_findings_as_the_text_export(built, seed: str, fmt: str) -> None:
    text = seed_path(seed)
    assert forms_of(built[(seed, fmt)]) == forms_of(text)
    assert findings_of(built[(seed, fmt)]) == findings_of(text)


def test_xls_locations_name_the_cell_that_holds_the_value(built) -> None:
    import xlrd

    for seed in SEEDS:
        book = xlrd.open_workbook(str(built[(seed, "xls")]))
        values = list(values_of(built[(seed, "xls")]))
        assert values
        for value in values:
            sheet, cell = value.span.where.split("!")
            column, row = re.fullmatch(r"([A-Z]+)(\d+)", cell).groups()
            col = sum((ord(ch) - 64) * 26**i for i, ch in enumerate(reversed(column))) - 1
            assert book.sheet_by_name(sheet).cell_value(int(row) - 1, col) == value.raw


def test_html_locations_name_table_row_and_column(built) -> None:
    from html.parser import HTMLParser

    for seed in SEEDS:
        path = built[(seed, "html")]
        html = path.read_text(encoding="utf-8")
        values = list(values_of(path))
        assert values
        for value in values:
            table, row, _ = map(
                int, re.fullmatch(r"table (\d+) row (\d+) col (\d+)", value.span.where).groups()
            )
            tables = html.split("<table>")[1:]
            rows = tables[table - 1].split("<tr>")[1:]
            cells = re.findall(r"<td[^>]*>(.*?)</td>", rows[row - 1])
            texts = []
            for cell in cells:
                parser = HTMLParser()
                parser.handle_data = texts.append  # type: ignore[method-assign]
                parser.feed(cell)
            assert value.raw in texts


def test_ofd_locations_name_page_row_and_column(built) -> None:
    for seed in SEEDS:
        path = built[(seed, "ofd")]
        pages = [p for p in seed_lines(seed_path(seed))]
        values = list(values_of(path))
        assert values
        breaks = [i for i, line in enumerate(pages) if not line.strip()]
        for value in values:
            page, row, col = map(
                int, re.fullmatch(r"p\.(\d+) row (\d+) col (\d+)", value.span.where).groups()
            )
            start = 0 if page == 1 else breaks[page - 2] + 1
            line = pages[start + row - 1].split("\t")
            assert line[col - 1] == value.raw


def test_doc_locations_are_words_own_tables(built) -> None:
    for seed in SEEDS:
        values = list(values_of(built[(seed, "doc")]))
        assert values
        assert all(re.fullmatch(r"table \d+ row \d+ col \d+", v.span.where) for v in values)


def test_a_folder_of_every_format_is_linted_whole(built, tmp_path, capsys) -> None:
    """Done when: the seed forms in all these formats report the same codes for each, and
    nothing is listed as skipped."""
    folder = tmp_path / "all"
    folder.mkdir()
    seed = "004"
    shutil.copy(seed_path(seed), folder / f"{seed}.txt")
    for fmt in FORMATS:
        shutil.copy(built[(seed, fmt)], folder / f"{seed}.{fmt}")
    code = main(["check", str(folder), "--format", "json", "--no-cache", "-j", "2"])
    report = json.loads(capsys.readouterr().out)
    assert code == 1
    assert report["summary"]["skipped"] == 0
    assert len(report["files"]) == 1 + len(FORMATS)
    codes: dict[str, set[str]] = {}
    for d in report["diagnostics"]:
        codes.setdefault(Path(d["path"]).suffix, set()).add(d["code"])
    assert codes[".txt"]
    assert all(codes[f".{fmt}"] == codes[".txt"] for fmt in FORMATS), codes


SNIFFED = {"xls": ".xls", "et": ".xls", "doc": ".doc", "wps": ".doc", "html": ".html",
           "htm": ".html", "mhtml": ".mhtml", "ofd": ".ofd"}  # fmt: skip


@pytest.mark.parametrize("fmt", FORMATS)
def test_each_format_is_told_by_its_bytes(built, fmt: str) -> None:
    """What extend-include relies on for a file whose name does not say its format."""
    from linter.readers.sniff import sniff_suffix

    assert sniff_suffix(built[("004", fmt)].read_bytes()) == SNIFFED[fmt]
