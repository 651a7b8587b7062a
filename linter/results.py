"""What a run produces: findings (``Diagnostic``), one file's result (``FileResult``), the counts
an exit code comes from, and a whole run kept in memory (``RunResult``).

Plain data with no behaviour beyond counting, imported by the engine, the worker pool, the cache,
the wire format and the reporters alike; it imports none of them, so that the modules of a run
form a graph without a circle (``tests/test_imports.py`` holds it).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from operator import attrgetter
from typing import NamedTuple

from linter.parse.nodes import FormInfo, Span
from linter.rules import FormDigest

SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}
FATAL_CODES = {"PARSE001", "PARSE004"}  # unreadable input and crashed checks: exit 2
NOT_LINTED_CODES = {"PARSE001", "PARSE006"}  # a file with one of these was not linted

_severity, _code = attrgetter("severity"), attrgetter("code")
# The order of one file's findings: Diagnostic.sort_key without the path, which they share, in C.
in_file_order = attrgetter("span.line", "span.col", "code")


class Diagnostic(NamedTuple):
    path: str
    span: Span
    code: str
    severity: str
    zh: str
    en: str
    form: FormInfo | None = None
    key: str = ""

    def message(self, lang: str = "zh") -> str:
        return self.en if lang == "en" else self.zh

    def sort_key(self) -> tuple:
        return (self.path, self.span.line, self.span.col, self.code)


@dataclass
class FileResult:
    """What a run keeps of one file: small, picklable, no AST.

    ``lines`` holds only the source lines that findings (and batch digests) point at, so a run
    over a large archive does not keep the archive's text; ``digests`` are what batch rules
    took from each form, for the parent process to compare across files.
    """

    path: str
    forms: list[FormInfo] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    lines: dict[int, str] = field(default_factory=dict)
    digests: list[tuple[str, FormInfo, FormDigest]] = field(default_factory=list)


@dataclass
class Counts:
    """What a summary and the exit code need: counted as results stream by, kept when they go."""

    files: int = 0
    forms: int = 0
    skipped: int = 0  # files not linted: unsupported, unreadable, links out of the tree
    by_severity: Counter = field(default_factory=Counter)
    by_rule: Counter = field(default_factory=Counter)

    def add_file(self, result: FileResult) -> None:
        self.files += 1
        self.forms += len(result.forms)
        self.skipped += not_linted(result)
        self.add(result.diagnostics)

    def add(self, diagnostics: Sequence[Diagnostic]) -> None:
        """Counted by ``Counter.update`` over the fields, in C: a run counts every finding."""
        self.by_severity.update(map(_severity, diagnostics))
        self.by_rule.update(map(_code, diagnostics))

    def exit_code(self, problems: Sequence[str], fail_on: str, exit_zero: bool) -> int:
        if problems or any(self.by_rule[code] for code in FATAL_CODES):
            return 2
        if exit_zero:
            return 0
        threshold = SEVERITY_RANK[fail_on]
        return (
            1
            if any(n and SEVERITY_RANK[s] >= threshold for s, n in self.by_severity.items())
            else 0
        )


def not_linted(result: FileResult) -> bool:
    return any(d.code in NOT_LINTED_CODES for d in result.diagnostics)


@dataclass
class RunResult:
    """A whole run kept in memory, batch findings merged into their files (reports that need
    everything at once: rich, html, sarif, xlsx …)."""

    files: list[FileResult] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # plugin and engine problems (exit 2)
    late: list[Diagnostic] = field(default_factory=list)  # always empty: merged into files

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return [d for f in self.files for d in f.diagnostics]

    def counts(self) -> Counts:
        counts = Counts()
        for f in self.files:
            counts.add_file(f)
        return counts

    def exit_code(self, fail_on: str = "warning", exit_zero: bool = False) -> int:
        return self.counts().exit_code(self.problems, fail_on, exit_zero)
