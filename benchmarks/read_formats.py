"""Read time per form for each input format, on the seed forms.

Builds the five seed files as .xlsx, .docx and .pdf (as the tests do), then times the reader
alone (file bytes → rows) and the reader plus the parser, per form, best of several runs on one
core. Run: ``.venv/bin/python benchmarks/read_formats.py``.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from formats import seed_lines, write_docx, write_pdf, write_xlsx  # noqa: E402

from linter.parse.parser import parse_rows  # noqa: E402
from linter.plugins import load_registry  # noqa: E402

SEEDS = sorted((ROOT / "tests" / "fixtures" / "seeds").glob("*.txt"))
WRITERS = {"xlsx": write_xlsx, "docx": write_docx, "pdf": write_pdf}
REPEAT = 5


def best(fn) -> float:
    times = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    registry = load_registry()
    with tempfile.TemporaryDirectory() as tmp:
        files: dict[str, list[Path]] = {"text": list(SEEDS)}
        for fmt, write in WRITERS.items():
            files[fmt] = []
            for seed in SEEDS:
                path = Path(tmp) / f"{seed.stem}.{fmt}"
                write(seed_lines(seed), path)
                files[fmt].append(path)
        forms = sum(
            len(parse_rows(registry.reader_for(str(p)).read(str(p), p.read_bytes())).forms)
            for p in SEEDS
        )
        print(f"{len(SEEDS)} seed files, {forms} forms; best of {REPEAT} runs")
        print(f"{'format':<6} {'read ms/form':>13} {'read+parse ms/form':>19}")
        for fmt, paths in files.items():
            blobs = [(str(p), p.read_bytes(), registry.reader_for(str(p))) for p in paths]
            read = best(lambda blobs=blobs: [r.read(p, b) for p, b, r in blobs])
            both = best(lambda blobs=blobs: [parse_rows(r.read(p, b)) for p, b, r in blobs])
            print(f"{fmt:<6} {read / forms * 1000:>13.2f} {both / forms * 1000:>19.2f}")


if __name__ == "__main__":
    main()
