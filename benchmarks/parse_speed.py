"""Parse time of the seed files and of a corpus of N forms built from them, on one core.

    python benchmarks/parse_speed.py [N]

Reads and parses in-process (no checks, no reporting): the cost of the reader, the row lexer,
the form grammar and the AST builders. Prints seconds and forms per second.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from linter.parse.parser import parse_rows
from linter.readers.text import read_text

SEEDS = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "seeds"


def main(n_forms: int = 10_000) -> None:
    files = [(p.name, p.read_bytes()) for p in sorted(SEEDS.glob("*.txt"))]
    start = time.perf_counter()
    seed_forms = sum(len(parse_rows(read_text(name, data)).forms) for name, data in files)
    cold = time.perf_counter() - start
    start = time.perf_counter()
    for name, data in files:
        parse_rows(read_text(name, data))
    warm = time.perf_counter() - start
    print(
        f"seed files: {len(files)} files, {seed_forms} forms: first parse {cold * 1000:.1f} ms (grammar load), again {warm * 1000:.1f} ms"
    )

    copies = -(-n_forms // seed_forms)
    start = time.perf_counter()
    forms = 0
    for i in range(copies):
        for name, data in files:
            forms += len(parse_rows(read_text(f"{i}-{name}", data)).forms)
    elapsed = time.perf_counter() - start
    print(f"corpus: {forms} forms in {elapsed:.2f} s = {forms / elapsed:,.0f} forms/s on one core")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
