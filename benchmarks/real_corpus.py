"""How well a formlint reads the real forms of tests/fixtures/real/, against their expectations.

    python benchmarks/real_corpus.py [--formlint PATH]

Runs ``PATH parse --format json`` and ``PATH check --format json`` (the installed formlint by
default; any release, so that one before a change can be measured the same way) on every real
file, and prints: files with a form, forms read right (every expectation of tests/real_forms.py
met), forms read with some mismatch or not found, flattened files recognised as unreadable, and
findings per form by severity, with the SCORE and SUM errors the check reports.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from real_forms import REAL, expectations, mismatches  # noqa: E402


def _json(formlint: str, *args: str) -> dict:
    done = subprocess.run([formlint, *args], capture_output=True, text=True, check=False)
    return json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--formlint", default=shutil.which("formlint") or "formlint")
    parser.add_argument("--verbose", action="store_true", help="list every mismatch")
    args = parser.parse_args()
    expected = expectations()
    files = [str(REAL / name) for name in sorted(expected)]
    parsed = {
        Path(f["path"]).name: f
        for f in _json(args.formlint, "parse", "--format", "json", *files)["files"]
    }
    report = _json(args.formlint, "check", "--no-cache", "--format", "json", "--exit-zero", *files)

    with_form = sum(1 for f in parsed.values() if f["forms"])
    forms_expected = sum(e["forms"] for e in expected.values() if not e.get("unreadable"))
    forms_found = sum(len(f["forms"]) for f in parsed.values())
    right = unreadable_right = 0
    wrong: list[str] = []
    for name, want in expected.items():
        got = parsed.get(name, {"forms": [], "problems": []})
        problems = mismatches(want, got)
        if want.get("unreadable"):
            unreadable_right += not problems
            continue
        bad_forms = {p.split(":")[0] for p in problems if p.startswith("form ")}
        if any(not p.startswith("form ") for p in problems):
            bad_forms = {f"form {n}" for n in range(1, want["forms"] + 1)}
        right += want["forms"] - len(bad_forms)
        wrong.extend(f"{name}: {p}" for p in problems)
    severities = Counter(d["severity"] for d in report["diagnostics"])
    arithmetic = Counter(
        d["code"]
        for d in report["diagnostics"]
        if d["severity"] == "error" and d["code"].startswith(("SCORE", "SUM"))
    )
    readable = sum(1 for e in expected.values() if not e.get("unreadable"))
    print(f"formlint: {args.formlint}")
    print(
        f"files: {len(expected)} ({readable} with a form to read, {len(expected) - readable} flattened)"
    )
    print(f"files with a form: {with_form} of {readable}")
    print(f"forms: {forms_expected} expected, {forms_found} found, {right} read right")
    print(
        f"flattened files recognised as unreadable: {unreadable_right} of {len(expected) - readable}"
    )
    per_form = max(forms_found, 1)
    print(
        f"findings: {len(report['diagnostics'])} ({len(report['diagnostics']) / per_form:.1f} per form);"
        f" errors {severities['error']}, warnings {severities['warning']}, info {severities['info']}"
    )
    print(f"SCORE/SUM errors: {dict(sorted(arithmetic.items()))}")
    shared = Counter(
        d["code"]
        for d in report["diagnostics"]
        if Path(d["path"]).name.startswith("s")
        and d["severity"] == "error"
        and d["code"].startswith(("SCORE", "SUM"))
    )
    print(
        f"SCORE/SUM errors on the ten forms of ../shared/corpus (s*): {dict(sorted(shared.items()))}"
    )
    if args.verbose:
        print("\n".join(wrong))


if __name__ == "__main__":
    main()
