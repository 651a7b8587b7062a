"""The engine: read → parse → check each file, in order, and collect diagnostics.

Data flows one way: a reader gives rows, the parser gives a Document, each enabled rule checks
each form, and reporters render the result. A rule that raises becomes a PARSE004 diagnostic
naming it; the other rules still run.
"""

from __future__ import annotations

import os
import signal
import stat
import sys
import threading
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from operator import attrgetter
from typing import TYPE_CHECKING, Any, NamedTuple

from linter.config import Config
from linter.discovery import Input, Skipped, discover
from linter.parse.nodes import Document, Form, FormInfo, Span
from linter.parse.source import ReadError
from linter.plugins import Registry
from linter.rules import FormDigest, Rule

if TYPE_CHECKING:
    from linter.cache import Cache
    from linter.parallel import Progress

_new = tuple.__new__  # a named tuple without its Python-level __new__: findings are many
_severity, _code = attrgetter("severity"), attrgetter("code")
# The order of one file's findings: Diagnostic.sort_key without the path, which they share, in C.
_in_file_order = attrgetter("span.line", "span.col", "code")

CACHE_DIR = ".formlint_cache"  # the result cache's default directory (linter.cache)
MAX_BYTES = 64 * 1024 * 1024
FILE_TIME_LIMIT = 60.0  # seconds for one file; a file that takes longer is cut off (PARSE001)
SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}
FATAL_CODES = {"PARSE001", "PARSE004"}  # unreadable input and crashed checks: exit 2
NOT_LINTED_CODES = {"PARSE001", "PARSE006"}  # a file with one of these was not linted


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


def not_linted(result: FileResult) -> bool:
    return any(d.code in NOT_LINTED_CODES for d in result.diagnostics)


def skipped_result(entry: Skipped, registry: Registry, config: Config) -> FileResult:
    """The result of a file discovery did not lint: one finding that says why."""
    severity = config.severity_of(registry.rules[entry.code])
    span = Span(1, 1, 1, 2)
    return FileResult(
        entry.path,
        diagnostics=[Diagnostic(entry.path, span, entry.code, severity, entry.zh, entry.en)],
    )


def read_bytes(path: str) -> bytes:
    """The file's bytes; a FIFO or device is refused, since reading one could block forever."""
    if path == "-":
        return sys.stdin.buffer.read()
    st = os.stat(path)
    if not stat.S_ISREG(st.st_mode):
        raise ReadError(
            "不是普通文件（管道、设备或目录）", "not a regular file (a pipe, device or directory)"
        )
    size = st.st_size
    if size > MAX_BYTES:
        raise ReadError(
            f"文件过大（{size} 字节，上限 {MAX_BYTES}）",
            f"file too large ({size} bytes, limit {MAX_BYTES})",
        )
    with open(path, "rb") as fh:
        return fh.read()


def parse_file(path: str, registry: Registry, data: bytes | None = None) -> Document:
    reader = registry.reader_for(path if path != "-" else "-.txt")
    if data is None:
        data = read_bytes(path)
    if reader is None:  # a file extend-include names: its content tells the reader
        from linter.readers.sniff import sniff_suffix

        suffix = sniff_suffix(data)
        reader = registry.reader_for("-" + suffix) if suffix else None
    if reader is None:
        supported = ", ".join(registry.suffixes)
        raise ReadError(
            f"不支持的文件类型（支持：{supported}）",
            f"unsupported file type (supported: {supported})",
        )
    from linter.parse.parser import parse_rows  # with Lark: not imported by a run the cache answers

    return parse_rows(reader.read(path, data))


class FileTimeout(BaseException):
    """Raised by the timer inside a file's parse or checks; a BaseException, so that a check's own
    ``except Exception`` cannot swallow it."""


def lint_file(
    path: str,
    registry: Registry,
    config: Config,
    data: bytes | None = None,
    time_limit: float | None = FILE_TIME_LIMIT,
) -> tuple[FileResult, Document | None]:
    """One file's diagnostics, and its Document for batch rules (None when it could not be read).

    A file that takes longer than ``time_limit`` seconds is cut off with a PARSE001 finding, so one
    pathological input cannot hang a batch (only in a main thread, where signals work).
    """
    result = FileResult(path)
    try:
        with _time_limit(time_limit):
            return _lint(path, registry, config, data, result)
    except FileTimeout:
        err = ReadError(
            f"处理超时：超过 {time_limit:g} 秒，已跳过此文件",
            f"cut off: took longer than {time_limit:g} s",
        )
        result.diagnostics.append(_read_error(path, err, registry, config))
        return result, None


@contextmanager
def _time_limit(seconds: float | None) -> Iterator[None]:
    if (
        not seconds
        or not hasattr(signal, "setitimer")
        or threading.current_thread() is not threading.main_thread()
    ):
        yield
        return

    def expire(signum, frame):
        raise FileTimeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _lint(
    path: str, registry: Registry, config: Config, data: bytes | None, result: FileResult
) -> tuple[FileResult, Document | None]:
    if data is None and path != "-" and not os.path.lexists(path):
        err = ReadError("文件或目录不存在", "no such file or directory")
        result.diagnostics.append(_read_error(path, err, registry, config))
        return result, None
    try:
        document = parse_file(path, registry, data)
    except ReadError as exc:
        result.diagnostics.append(_read_error(path, exc, registry, config))
        return result, None
    except OSError as exc:
        err = ReadError(
            f"无法打开文件：{exc.strerror or exc}", f"cannot open file: {exc.strerror or exc}"
        )
        result.diagnostics.append(_read_error(path, err, registry, config))
        return result, None
    for problem in document.problems:
        rule = registry.rules[problem.code]
        if config.is_enabled(rule, path):
            result.diagnostics.append(
                Diagnostic(
                    path,
                    problem.span.resolve(),
                    problem.code,
                    config.severity_of(rule),
                    problem.zh,
                    problem.en,
                )
            )
    rules, batch_rules = _rule_plan(registry, config, path)
    for form in document.forms:
        info = FormInfo.of(form)
        result.forms.append(info)
        _check_form(form, info, rules, path, result.diagnostics)
        for rule, options in batch_rules:
            _digest(rule, options, form, info, path, result)
    result.diagnostics.sort(key=_in_file_order)
    wanted = {d.span.line for d in result.diagnostics} | {d.span.line for _, _, d in result.digests}
    result.lines = {
        n: document.lines[n - 1] for n in sorted(wanted) if 0 < n <= len(document.lines)
    }
    return result, document


RulePlan = tuple[
    list[tuple[Rule, str, Mapping[str, Any]]],  # form rules with their severity and options
    list[tuple[Rule, Mapping[str, Any]]],  # batch rules with their options
]
_last_plan: tuple = (None, None, None)  # (registry, config, plan), replaced as one object


def _rule_plan(registry: Registry, config: Config, path: str) -> RulePlan:
    """The enabled rules of a file, with severity and options looked up once. Without
    per-file-ignores every file of a run has the same plan, which is then made once per run
    (53 rules × 458 files had taken 2% of the run)."""
    global _last_plan
    last_registry, last_config, last = _last_plan  # one read: threads may replace it
    if last_registry is registry and last_config is config and not config.per_file_ignores:
        return last
    enabled = [r for r in registry.rules.values() if config.is_enabled(r, path)]
    plan = (
        [(r, config.severity_of(r), config.options_of(r)) for r in enabled if r.check],
        [(r, config.options_of(r)) for r in enabled if r.digest is not None],
    )
    _last_plan = (registry, config, plan)
    return plan


def _digest(
    rule: Rule,
    options: Mapping[str, Any],
    form: Form,
    info: FormInfo,
    path: str,
    result: FileResult,
) -> None:
    """What a batch rule keeps of one form; computed beside the form checks, in the worker."""
    try:
        digest = rule.digest(form, options)  # type: ignore[misc]
    except Exception as exc:  # noqa: BLE001 - a failing check is reported, never fatal
        result.diagnostics.append(_crash(rule, exc, form, info, path))
        return
    if digest is not None:
        result.digests.append((rule.code, info, digest._replace(span=digest.span.resolve())))


def _check_form(
    form: Form,
    info: FormInfo,
    rules: list[tuple[Rule, str, Mapping[str, Any]]],
    path: str,
    out: list[Diagnostic],
) -> None:
    """Every rule (with its severity and options, looked up once per file) on one form, findings
    appended to ``out``. A rule that raises gives a PARSE004 finding instead of its own (those it
    yielded first are taken back). One loop for all rules: it runs for every rule of every form."""
    doubts = form.doubts
    for rule, severity, options in rules:
        if doubts and not doubts.isdisjoint(rule.computes):
            continue
        start, code = len(out), rule.code
        try:
            for f in rule.check(form, options):  # type: ignore[misc]
                out.append(
                    _new(
                        Diagnostic,
                        (path, f.span.resolve(), code, severity, f.zh, f.en, info, f.key),
                    )
                )
        except Exception as exc:  # noqa: BLE001 - a failing check is reported, never fatal
            del out[start:]
            out.append(_crash(rule, exc, form, info, path))


def _crash(rule: Rule, exc: Exception, form: Form, info: FormInfo, path: str) -> Diagnostic:
    return Diagnostic(
        path,
        form.title.span.resolve(),
        "PARSE004",
        "error",
        f"检查 {rule.code}（{rule.plugin}）运行出错：{type(exc).__name__}: {exc}",
        f"check {rule.code} ({rule.plugin}) raised {type(exc).__name__}: {exc}",
        info,
    )


def _read_error(path: str, exc: ReadError, registry: Registry, config: Config) -> Diagnostic:
    rule = registry.rules["PARSE001"]
    return Diagnostic(
        path, Span(exc.line, 1, exc.line, 2), "PARSE001", config.severity_of(rule), exc.zh, exc.en
    )


class BatchRunner:
    """Rules across forms (the same goal in two projects). Each form's digest was taken where the
    form was checked; here every digest of the run is seen, in input order. A finding the forms
    seen so far decide joins its file before the file is reported; the rest come at the end. No
    AST crosses a process boundary or outlives its file."""

    def __init__(self, registry: Registry, config: Config) -> None:
        rules = [r for r in registry.rules.values() if r.batch is not None and config.is_enabled(r)]
        self.checks = {
            rule.code: (rule.batch(config.options_of(rule)), config.severity_of(rule))  # type: ignore[misc]
            for rule in rules
        }

    def see(self, result: FileResult) -> None:
        """Show the file's digests to the batch checks; their findings join the file."""
        found = False
        for code, info, digest in result.digests:
            if code not in self.checks:
                continue
            check, severity = self.checks[code]
            for f in check.see(result.path, info, digest) or ():
                result.diagnostics.append(
                    Diagnostic(
                        result.path, f.span.resolve(), code, severity, f.zh, f.en, info, f.key
                    )
                )
                found = True
        if found:
            result.diagnostics.sort(key=_in_file_order)

    def finish(self) -> list[Diagnostic]:
        return [
            Diagnostic(path, f.span.resolve(), code, severity, f.zh, f.en, info, f.key)
            for code, (check, severity) in self.checks.items()
            for path, info, f in check.finish()
        ]


class LintRun:
    """A run consumed once, for reports that stream (json, jsonl, concise): iterating lints file
    after file and yields each result, which the caller writes and drops, so memory stays flat
    however large the archive. Afterwards ``late`` holds the batch rules' findings, and
    ``counts()``/``exit_code()`` what a summary needs."""

    def __init__(
        self,
        paths: Sequence[Input],
        registry: Registry,
        config: Config,
        *,
        jobs: int = 1,
        cache: Cache | None = None,
        progress: Progress | None = None,
        registry_factory: Callable[[], Registry] | None = None,
    ) -> None:
        self.args = (paths, registry, config, jobs, cache, progress, registry_factory)
        self.problems = list(registry.problems)
        self.late: list[Diagnostic] = []
        self._counts = Counts()

    def __iter__(self) -> Iterator[FileResult]:
        from linter.parallel import run_files  # parallel builds on this module

        paths, registry, config, jobs, cache, progress, registry_factory = self.args
        batch = BatchRunner(registry, config)
        inputs = list(discover(paths, registry, config))
        walk = iter(inputs)  # the skipped come in their place in the walk, between the linted
        for file_result in run_files(
            [p for p in inputs if not isinstance(p, Skipped)],
            registry,
            config,
            jobs=jobs,
            cache=cache,
            progress=progress,
            registry_factory=registry_factory,
        ):
            yield from self._skipped(walk, registry, config)  # up to this file's own entry
            batch.see(file_result)
            file_result.digests = []  # seen: batch rules keep what they need themselves
            self._counts.add_file(file_result)
            yield file_result
        yield from self._skipped(walk, registry, config)
        if batch.checks:
            self.late = sorted(batch.finish(), key=Diagnostic.sort_key)
            self._counts.add(self.late)

    def _skipped(
        self, walk: Iterator[Input], registry: Registry, config: Config
    ) -> Iterator[FileResult]:
        """Results of the skipped entries of ``walk`` up to (and taking) the next linted one."""
        for entry in walk:
            if not isinstance(entry, Skipped):
                return
            file_result = skipped_result(entry, registry, config)
            self._counts.add_file(file_result)
            yield file_result

    @property
    def files(self) -> Iterator[FileResult]:
        return iter(self)

    def counts(self) -> Counts:
        return self._counts

    def exit_code(self, fail_on: str = "warning", exit_zero: bool = False) -> int:
        return self._counts.exit_code(self.problems, fail_on, exit_zero)


def lint_paths(
    paths: Sequence[Input], registry: Registry, config: Config, **options: Any
) -> RunResult:
    """Every file under ``paths``, in a stable order, kept in memory with the batch findings
    merged into their files; ``options`` are LintRun's (jobs, cache, progress, registry_factory)."""
    run = LintRun(paths, registry, config, **options)
    result = RunResult(files=list(run), problems=run.problems)
    by_path = {f.path: f for f in result.files}
    touched = set()
    for diag in run.late:
        by_path[diag.path].diagnostics.append(diag)
        touched.add(diag.path)
    for path in touched:
        by_path[path].diagnostics.sort(key=_in_file_order)
    return result
