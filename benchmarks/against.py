"""This checkout against another one on one corpus: how much faster or slower a change made it.

    python benchmarks/against.py OTHER [N] [--rounds R] [--corpus DIR] [--instructions]

OTHER is another checkout of formlint with its own ``.venv`` (``git worktree add ../base REV``,
then ``python -m venv ../base/.venv && ../base/.venv/bin/pip install -e ../base``). Both read
the same files: a corpus of N forms written by this checkout's ``corpus.py``, or ``--corpus``.

- **Whole runs.** ``formlint check --jobs 1 --no-cache --format json`` of each checkout, taking
  turns for ``--rounds`` rounds; the fastest CPU time (user + sys, its workers included) of each
  is kept, so a slow spell of a shared machine cannot fall on one side only.
- **Stages, by instructions** (``--instructions``, needs valgrind). The files are read, parsed
  and checked in-process under callgrind, once reading only, once parsing, once linting; the
  differences are each stage's instructions. A count does not move with the machine's load, so
  a change of 1% shows, where CPU time moves by 10% between identical runs. The checks are run
  twice: with every rule of the checkout, and with only the rules both checkouts have (so a
  change to the reading is measured apart from rules added since).

Writes only into a temporary directory; prints a table.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from corpus import write_corpus

HERE = Path(__file__).resolve().parents[1]

# Run by each checkout's own Python: reads, parses or lints every file of a corpus in-process,
# after one warm-up file (imports and grammars are then out of the count). It knows the module
# layout before and after the parse stage moved into ``linter/parse/``.
STAGES = """
import glob, sys
from linter.plugins import load_registry
from linter.config import Config
try:
    from linter.lintfile import parse_file, lint_file
except ImportError:
    from linter.engine import parse_file, lint_file
corpus, stage, rules = sys.argv[1], sys.argv[2], sys.argv[3]
registry = load_registry()
config = Config(select=tuple(rules.split(","))) if rules else Config()
files = sorted(glob.glob(corpus + "/**/*.txt", recursive=True))
datas = [open(f, "rb").read() for f in files]
lint_file(files[0], registry, config, datas[0], None)
if stage == "parse":
    for f, d in zip(files, datas):
        parse_file(f, registry, d)
elif stage == "lint":
    for f, d in zip(files, datas):
        lint_file(f, registry, config, d, None)
"""


def cpu_of(cmd: list[str], cwd: Path) -> float:
    """User + sys seconds of ``cmd`` and the children it waited for."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed:\n{done.stderr.decode(errors='replace')[-2000:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def whole_runs(checkouts: list[Path], corpus: Path, rounds: int) -> list[float]:
    best = [float("inf")] * len(checkouts)
    for _ in range(rounds):
        for n, root in enumerate(checkouts):
            cmd = [str(root / ".venv" / "bin" / "formlint"), "check", str(corpus)]
            cmd += ["--jobs", "1", "--no-cache", "--format", "json"]
            best[n] = min(best[n], cpu_of(cmd, root))
    return best


def instructions(root: Path, corpus: Path, stage: str, rules: str, script: Path) -> int:
    """Instructions callgrind counts for one stage run of ``root``'s code (hashing fixed, byte
    code compiled first, so that two runs of one code count the same)."""
    python = root / ".venv" / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "compileall", "-q", "linter", "checks"],
        cwd=root,
        stdout=subprocess.DEVNULL,
        check=True,
    )
    out = script.with_name(f"callgrind.{os.getpid()}")
    cmd = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}"]
    cmd += [str(python), str(script), str(corpus), stage, rules]
    env = dict(os.environ, PYTHONHASHSEED="0")
    done = subprocess.run(cmd, cwd=root, env=env, capture_output=True, text=True)
    found = re.search(r"Collected : (\d+)", done.stderr)
    out.unlink(missing_ok=True)
    if done.returncode != 0 or found is None:
        raise SystemExit(f"callgrind failed on {root}:\n{done.stderr[-2000:]}")
    return int(found.group(1))


def rule_codes(root: Path) -> set[str]:
    listed = subprocess.run(
        [str(root / ".venv" / "bin" / "formlint"), "rules"], capture_output=True, text=True
    ).stdout
    return set(re.findall(r"^([A-Z]+\d{3})\b", listed, re.MULTILINE))


def stages(root: Path, corpus: Path, common: str, script: Path) -> tuple[int, int, int, int]:
    """Instructions of ``root`` on ``corpus``: start-up (imports, one file, the files' bytes),
    reading and parsing, the checks of every rule, and the checks of the ``common`` rules."""
    none, parse, lint, lint_common = (
        instructions(root, corpus, stage, rules, script)
        for stage, rules in (("none", ""), ("parse", ""), ("lint", ""), ("lint", common))
    )
    return none, parse - none, lint - parse, lint_common - parse


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("other", type=Path, help="another checkout, with its own .venv")
    ap.add_argument("forms", nargs="?", type=int, default=2000)
    ap.add_argument("--rounds", type=int, default=6)
    ap.add_argument("--corpus", type=Path, help="an existing corpus instead of a new one")
    ap.add_argument("--instructions", action="store_true", help="count each stage (valgrind)")
    args = ap.parse_args()
    other = args.other.resolve()
    if not (other / ".venv" / "bin" / "formlint").exists():
        raise SystemExit(f"{other} has no .venv with formlint installed")
    if args.instructions and shutil.which("valgrind") is None:
        raise SystemExit("--instructions needs valgrind")
    with tempfile.TemporaryDirectory(prefix="formlint-against-") as tmp:
        corpus = args.corpus
        if corpus is None:
            corpus = Path(tmp) / "corpus"
            write_corpus(corpus, args.forms)
        forms = args.forms if args.corpus is None else None
        cpu = whole_runs([HERE, other], corpus, args.rounds)
        print(f"corpus: {corpus}" + (f" ({forms} forms)" if forms else ""))
        print(f"{'':28}{'this':>14}{'other':>14}{'this ÷ other':>14}")
        print(
            f"{'whole run, CPU s (best)':28}{cpu[0]:>14.2f}{cpu[1]:>14.2f}{cpu[1] / cpu[0]:>14.2f}"
        )
        if not args.instructions:
            return
        script = Path(tmp) / "stages.py"
        script.write_text(STAGES)
        common = ",".join(sorted(rule_codes(HERE) & rule_codes(other)))
        with ThreadPoolExecutor(2) as pool:  # a count does not depend on the other's load
            mine, theirs = pool.map(
                lambda root: stages(root, corpus, common, script), (HERE, other)
            )
        labels = ("start-up", "read and parse", "checks, every rule", "checks, common rules")
        for label, a, b in zip(labels, mine, theirs, strict=True):
            print(f"{label + ', G instr':28}{a / 1e9:>14.3f}{b / 1e9:>14.3f}{b / a:>14.2f}")
        total = (sum(mine[1:3]), sum(theirs[1:3]))
        print(
            f"{'parse + every rule':28}{total[0] / 1e9:>14.3f}{total[1] / 1e9:>14.3f}{total[1] / total[0]:>14.2f}"
        )
        same = (mine[1] + mine[3], theirs[1] + theirs[3])
        print(
            f"{'parse + common rules':28}{same[0] / 1e9:>14.3f}{same[1] / 1e9:>14.3f}{same[1] / same[0]:>14.2f}"
        )


if __name__ == "__main__":
    main()
