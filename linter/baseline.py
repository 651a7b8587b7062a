"""Fingerprints of findings, and the baseline that lets a bureau adopt formlint on an old archive.

A fingerprint names a finding by what it is about, never by where it sits: the rule, the
project, the indicator or amount the rule keyed it on, and the values in its message. Inserting
rows above it, or moving a form within its file, leaves the fingerprint unchanged, so
``--baseline`` keeps hiding the old findings and shows only the new ones.

A file that was not linted (PARSE001, PARSE006) is never recorded nor hidden: a baseline adopts
old findings on forms, and must not turn a form nobody checked into a silent one.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

from linter import __version__
from linter.outputs import write_text
from linter.results import NOT_LINTED_CODES, Diagnostic, RunResult

VERSION = 1


class BaselineError(ValueError):
    """A baseline file that cannot be used."""


LINE_REF = re.compile(r"第\s*\d+\s*行")


def fingerprint(d: Diagnostic) -> str:
    """A stable hash of what the finding is about: rule, project, key and the values in its
    message, with the message's references to other lines (第12行) taken out."""
    project = (d.form.project or d.form.title) if d.form is not None else ""
    values = LINE_REF.sub("第#行", d.zh)
    text = "\x1f".join((d.code, project or "", d.key, values))
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def numbered(diagnostics: Iterable[Diagnostic]) -> Iterator[tuple[Diagnostic, str]]:
    """Each finding with its fingerprint and occurrence (``hash:1``, ``hash:2``) within its file."""
    seen: Counter = Counter()
    for d in diagnostics:
        fp = fingerprint(d)
        seen[(d.path, fp)] += 1
        yield d, f"{fp}:{seen[(d.path, fp)]}"


def _relative(path: str, base: Path) -> str:
    try:
        return Path(os.path.relpath(os.path.abspath(path), base)).as_posix()
    except ValueError:  # another drive on Windows
        return Path(path).as_posix()


def write_baseline(target: str | os.PathLike, result: RunResult, inputs: Iterable[str] = ()) -> int:
    """Record today's findings; returns how many. Paths are relative to the baseline's folder.
    Written whole or not at all, never over one of ``inputs`` (``linter.outputs``)."""
    base = Path(target).resolve().parent
    findings = [
        {
            "path": _relative(d.path, base),
            "fingerprint": fp,
            "code": d.code,
            "project": d.form.project if d.form else None,
            "message": d.zh,
        }
        for d, fp in numbered(result.diagnostics)
        if d.code not in NOT_LINTED_CODES
    ]
    payload = {
        "version": VERSION,
        "tool": {"name": "formlint", "version": __version__},
        "findings": findings,
    }
    text = json.dumps(payload, ensure_ascii=False, indent=1) + "\n"
    write_text(target, text, inputs, "--write-baseline")
    return len(findings)


def load_baseline(source: str | os.PathLike) -> set[tuple[str, str]]:
    """The (relative path, numbered fingerprint) pairs a baseline file records."""
    try:
        data = json.loads(Path(source).read_text(encoding="utf-8"))
        if data.get("version") != VERSION:
            raise BaselineError(f"{source}: baseline version {data.get('version')!r} unsupported")
        return {(f["path"], f["fingerprint"]) for f in data["findings"]}
    except (OSError, json.JSONDecodeError, KeyError, TypeError, AttributeError) as exc:
        raise BaselineError(f"{source}: not a formlint baseline ({exc})") from exc


def apply_baseline(result: RunResult, source: str | os.PathLike) -> int:
    """Drop the findings the baseline records; returns how many were dropped."""
    known = load_baseline(source)
    base = Path(source).resolve().parent
    dropped = 0
    for f in result.files:
        keep = [
            d
            for d, fp in numbered(f.diagnostics)
            if d.code in NOT_LINTED_CODES or (_relative(d.path, base), fp) not in known
        ]
        dropped += len(f.diagnostics) - len(keep)
        f.diagnostics = keep
    return dropped
