"""Read time per form for each input format, on the seed forms, and what each format loses.

Builds the five seed files as .xlsx, .docx and .pdf (as the tests do), as .xls and .doc by
LibreOffice from those, as HTML and OFD, and one scanned (image-only) PDF; then times the
reader alone (file bytes → rows) and the reader plus the parser, per form, best of several runs
on one core (one run for the formats that start LibreOffice or Tesseract). It checks that each
format gives the text export's findings, and reads a small workbook with a merged range, a
cell note, a hidden row and a percent format to show what survives in .xlsx, .xls and HTML.
With python-calamine installed it also times calamine against xlrd on the .xls files, the
choice the .xls reader made (``pip install python-calamine`` to compare).

Needs ``soffice`` and ``tesseract`` (with chi_sim) for those formats; writes only to a
temporary directory. Run: ``.venv/bin/python benchmarks/read_formats.py``.
"""

from __future__ import annotations

import io
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from formats import (  # noqa: E402
    convert,
    seed_lines,
    write_docx,
    write_html,
    write_ofd,
    write_pdf,
    write_xlsx,
)

from linter.config import Config  # noqa: E402
from linter.engine import lint_file  # noqa: E402
from linter.parse.parser import parse_rows  # noqa: E402
from linter.plugins import load_registry  # noqa: E402

SEEDS = sorted((ROOT / "tests" / "fixtures" / "seeds").glob("*.txt"))
REPEAT = 5
SLOW = {"doc", "scan"}  # a LibreOffice or Tesseract run per read: timed once


def best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def build(tmp: Path) -> dict[str, list[Path]]:
    files: dict[str, list[Path]] = {"text": list(SEEDS)}
    for fmt in ("xlsx", "docx", "pdf", "xls", "doc", "html", "ofd"):
        files[fmt] = []
    for seed in SEEDS:
        lines = seed_lines(seed)
        base = tmp / seed.stem
        write_xlsx(lines, base.with_suffix(".xlsx"))
        write_docx(lines, base.with_suffix(".docx"))
        write_pdf(lines, base.with_suffix(".pdf"))
        write_html(lines, base.with_suffix(".html"))
        write_ofd(lines, base.with_suffix(".ofd"))
        for fmt in ("xlsx", "docx", "pdf", "html", "ofd"):
            files[fmt].append(base.with_suffix(f".{fmt}"))
        files["xls"].append(convert(base.with_suffix(".xlsx"), "xls", tmp))
        files["doc"].append(convert(base.with_suffix(".docx"), "doc", tmp))
    files["scan"] = [scan(files["pdf"][-1], tmp / "scan.pdf")]
    return files


def scan(pdf_path: Path, out: Path) -> Path:
    """The PDF as a scanner gives it: one 300 dpi image per page, no text layer."""
    import pdfplumber

    with pdfplumber.open(pdf_path) as pdf:
        pages = [p.to_image(resolution=300).original.convert("RGB") for p in pdf.pages]
    pages[0].save(out, save_all=True, append_images=pages[1:], resolution=300)
    return out


def findings(path: Path, registry) -> set:
    result, _ = lint_file(str(path), registry, Config(select=("ALL",)), time_limit=None)
    return {(d.code, d.key, d.form.index if d.form else 0) for d in result.diagnostics}


def timings(files: dict[str, list[Path]], registry) -> None:
    seeds_forms = {
        p.stem: len(parse_rows(registry.reader_for(str(p)).read(str(p), p.read_bytes())).forms)
        for p in SEEDS
    }
    print(f"{len(SEEDS)} seed files, {sum(seeds_forms.values())} forms; best of {REPEAT} runs")
    print(f"{'format':<6} {'read ms/form':>13} {'read+parse ms/form':>19}  same findings as text")
    for fmt, paths in files.items():
        forms = sum(seeds_forms.get(p.stem, 0) for p in paths)
        if fmt == "scan":
            forms = seeds_forms[SEEDS[-1].stem]
        blobs = [(str(p), p.read_bytes(), registry.reader_for(str(p))) for p in paths]
        repeat = 1 if fmt in SLOW else REPEAT
        read = best(lambda blobs=blobs: [r.read(p, b) for p, b, r in blobs], repeat)
        both = best(lambda blobs=blobs: [parse_rows(r.read(p, b)) for p, b, r in blobs], repeat)
        if fmt == "scan":
            same = "OCR: see the scan's findings below"
        else:
            text_of = {p.stem: p for p in SEEDS}
            same_count = sum(
                findings(p, registry) == findings(text_of[p.stem], registry) for p in paths
            )
            same = f"{same_count}/{len(paths)} files"
        print(f"{fmt:<6} {read / forms * 1000:>13.2f} {both / forms * 1000:>19.2f}  {same}")
    scan_found = findings(files["scan"][0], registry)
    text_found = findings(SEEDS[-1], registry)
    others = sorted({code for code, _, _ in scan_found - text_found})
    print(
        f"scan of {SEEDS[-1].name}: {len(scan_found & text_found)} of its {len(text_found)} text "
        f"findings found by OCR; {len(scan_found - text_found)} others ({', '.join(others)})"
    )


def features(tmp: Path, registry) -> None:
    """What survives of a merged range, a note, a hidden row and a percent format."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment

    wb = Workbook()
    ws = wb.active
    ws.title = "项目1"
    ws["A1"] = "财政项目支出绩效目标申报表"
    ws.merge_cells("A1:C1")
    ws["A2"], ws["B2"] = "项目名称", "测试项目"
    ws["B2"].comment = Comment("批注：名称待定", "审核人")
    ws["A3"] = "隐藏行"
    ws.row_dimensions[3].hidden = True
    ws["A4"], ws["B4"] = "满意度", 0.85
    ws["B4"].number_format = "0%"
    source = tmp / "features.xlsx"
    wb.save(source)
    samples = {
        "xlsx": source,
        "xls": convert(source, "xls", tmp),
        "html": convert(source, "html", tmp),
    }
    print("\nwhat a workbook keeps (merged A1:C1, a note on B2, hidden row 3, 0.85 under 0%):")
    for fmt, path in samples.items():
        rows = registry.reader_for(str(path)).read(str(path), path.read_bytes())
        text = "\n".join(rows.lines)
        merged = (
            rows.lines[0].split("\t")[0] == "财政项目支出绩效目标申报表" and "\t财政" not in text
        )
        print(
            f"  {fmt:<5} merged: {'first cell' if merged else 'LOST'}; "
            f"note: {'kept' if '名称待定' in text else 'not read'}; "
            f"hidden row: {'shown' if '隐藏行' in text else 'left out'}; "
            f"percent: {'85%' if '85%' in text else 'raw 0.85' if '0.85' in text else 'LOST'}"
        )


def calamine_against_xlrd(paths: list[Path]) -> None:
    try:
        import python_calamine
    except ImportError:
        print("\npython-calamine is not installed: pip install python-calamine to compare it")
        return
    import xlrd

    blobs = [p.read_bytes() for p in paths]

    def with_xlrd() -> None:
        for data in blobs:
            book = xlrd.open_workbook(
                file_contents=data, formatting_info=True, on_demand=True, logfile=io.StringIO()
            )
            for i in range(book.nsheets):
                sheet = book.sheet_by_index(i)
                [sheet.row(r) for r in range(sheet.nrows)], sheet.merged_cells

    def with_calamine() -> None:
        for data in blobs:
            book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
            for name in book.sheet_names:
                sheet = book.get_sheet_by_name(name)
                sheet.to_python(), sheet.merged_cell_ranges

    print(f"\n.xls engines on {len(paths)} files, best of {REPEAT} (values and merged ranges):")
    print(
        f"  xlrd (formatting_info) {best(with_xlrd, REPEAT) * 1000:7.1f} ms: number formats, hidden rows/columns, merged ranges"
    )
    print(
        f"  python-calamine        {best(with_calamine, REPEAT) * 1000:7.1f} ms: raw values (0.85, not 85%), merged ranges, no hidden rows"
    )


def main() -> None:
    registry = load_registry()
    with tempfile.TemporaryDirectory() as tmp:
        files = build(Path(tmp))
        timings(files, registry)
        features(Path(tmp), registry)
        calamine_against_xlrd(files["xls"])


if __name__ == "__main__":
    main()
