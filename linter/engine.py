"""The engine: read → parse → check each file, in order, and collect diagnostics.

Data flows one way: a reader gives rows, the parser gives a Document, each enabled rule checks
each form, and reporters render the result. A rule that raises becomes a PARSE004 diagnostic
naming it; the other rules still run.

The engine sits on top of a run's modules: one file is ``linter.lintfile``, the worker
processes that run it under the time limit ``linter.parallel`` and ``linter.supervise``, and
the result types ``linter.results``, which none of them import back (tests/test_imports.py).
Here: discovery, batch rules across files, and the run as a stream (``LintRun``) or in memory
(``lint_paths``). The names of the modules below are offered here as they always were.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from linter.config import Config
from linter.discovery import Input, Skipped, discover
from linter.limits import MAX_BYTES, read_bytes
from linter.lintfile import (
    FILE_TIME_LIMIT,
    FileTimeout,
    as_text,
    lint_file,
    parse_file,
    plugin_diagnostic,
)
from linter.parallel import run_files
from linter.parse.nodes import FormInfo, Span
from linter.plugins import Registry
from linter.results import (
    FATAL_CODES,
    NOT_LINTED_CODES,
    SEVERITY_RANK,
    Counts,
    Diagnostic,
    FileResult,
    RunResult,
    in_file_order,
    not_linted,
)

if TYPE_CHECKING:
    from linter.cache import Cache
    from linter.cluster import Cluster
    from linter.parallel import Progress

__all__ = [  # the engine's own, and the names it has always offered from the modules below it
    "CACHE_DIR", "FATAL_CODES", "FILE_TIME_LIMIT", "MAX_BYTES", "NOT_LINTED_CODES",
    "SEVERITY_RANK", "BatchRunner", "Counts", "Diagnostic", "FileResult", "FileTimeout",
    "FormInfo", "LintRun", "RunResult", "discover", "lint_file", "lint_paths", "not_linted",
    "parse_file", "read_bytes", "skipped_result",
]  # fmt: skip

CACHE_DIR = ".formlint_cache"  # the result cache's default directory (linter.cache)


def skipped_result(entry: Skipped, registry: Registry, config: Config) -> FileResult:
    """The result of a file discovery did not lint: one finding that says why."""
    severity = config.severity_of(registry.rules[entry.code])
    span = Span(1, 1, 1, 2)
    return FileResult(
        entry.path,
        diagnostics=[Diagnostic(entry.path, span, entry.code, severity, entry.zh, entry.en)],
    )


class BatchRunner:
    """Rules across forms (the same goal in two projects). Each form's digest was taken where the
    form was checked; here every digest of the run is seen, in input order. A finding the forms
    seen so far decide joins its file before the file is reported; the rest come at the end. No
    AST crosses a process boundary or outlives its file.

    A batch check that raises (or calls sys.exit) in its factory, ``see`` or ``finish`` is
    switched off for the rest of the run: a PARSE004 finding on the file it was seeing, or a
    problem of the run (exit 2) when no file is to blame; the other checks go on."""

    def __init__(self, registry: Registry, config: Config, problems: list[str]) -> None:
        self.problems = problems
        self.rules = {}
        self.checks = {}
        for rule in registry.rules.values():
            if rule.batch is None or not config.is_enabled(rule):
                continue
            try:
                check = rule.batch(config.options_of(rule))
            except (Exception, SystemExit) as exc:  # noqa: BLE001 - a plugin's failure
                self._problem(rule.code, rule.plugin, "failed to start", exc)
                continue
            self.rules[rule.code] = rule
            self.checks[rule.code] = (check, config.severity_of(rule))

    def see(self, result: FileResult) -> None:
        """Show the file's digests to the batch checks; their findings join the file."""
        found = False
        for code, info, digest in result.digests:
            if code not in self.checks:
                continue
            check, severity = self.checks[code]
            start = len(result.diagnostics)
            try:
                for f in check.see(result.path, info, digest) or ():
                    result.diagnostics.append(
                        plugin_diagnostic(result.path, f, code, severity, info)
                    )
            except (Exception, SystemExit) as exc:  # noqa: BLE001 - a plugin's failure
                del result.diagnostics[start:]
                del self.checks[code]
                rule = self.rules[code]
                detail = as_text(f"{type(exc).__name__}: {exc}", "error")
                result.diagnostics.append(
                    Diagnostic(
                        result.path,
                        digest.span,
                        "PARSE004",
                        "error",
                        f"批量检查 {code}（{rule.plugin}）运行出错：{detail}；本次运行中已停用",
                        f"batch check {code} ({rule.plugin}) raised {detail}; switched off for "
                        "the rest of the run",
                        info,
                    )
                )
            found = found or len(result.diagnostics) > start
        if found:
            result.diagnostics.sort(key=in_file_order)

    def finish(self, known: set[str] | None = None) -> list[Diagnostic]:
        """What the checks report at the end; with ``known``, only findings on those paths."""
        out: list[Diagnostic] = []
        for code, (check, severity) in list(self.checks.items()):
            found: list[Diagnostic] = []
            try:
                for path, info, f in check.finish():
                    if known is not None and path not in known:
                        raise ValueError(f"a finding on {path!r}, which is not a file of the run")
                    found.append(plugin_diagnostic(path, f, code, severity, info))
            except (Exception, SystemExit) as exc:  # noqa: BLE001 - a plugin's failure
                self._problem(code, self.rules[code].plugin, "failed at the end of the run", exc)
                continue
            out.extend(found)
        return out

    def _problem(self, code: str, plugin: str, what: str, exc: BaseException) -> None:
        detail = f"SystemExit({exc.code!r})" if isinstance(exc, SystemExit) else f"{exc}"
        self.problems.append(
            as_text(f"batch check {code} ({plugin}) {what}: {type(exc).__name__}: {detail}", "")
        )


class LintRun:
    """A run consumed once, for reports that stream (json, jsonl, concise): iterating lints file
    after file and yields each result, which the caller writes and drops, so memory stays flat
    however large the archive. Afterwards ``late`` holds the batch rules' findings, and
    ``counts()``/``exit_code()`` what a summary needs.

    With ``cluster``, the files are linted on a Dask cluster (``linter.cluster``) instead of
    this machine's workers; their results come back in the same order to the same batch rules.
    A cluster run does not use the cache, which is this machine's."""

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
        time_limit: float | None = FILE_TIME_LIMIT,
        cluster: Cluster | None = None,
    ) -> None:
        if cluster is not None and cache is not None:
            raise ValueError("a cluster run does not use the cache")
        self.args = (paths, registry, config, jobs, cache, progress, registry_factory, time_limit)
        self.cluster = cluster
        self.problems = list(registry.problems)
        self.late: list[Diagnostic] = []
        self._counts = Counts()

    def __iter__(self) -> Iterator[FileResult]:
        paths, registry, config, jobs, cache, progress, registry_factory, limit = self.args
        batch = BatchRunner(registry, config, self.problems)
        inputs = list(discover(paths, registry, config))
        walk = iter(inputs)  # the skipped come in their place in the walk, between the linted
        seen: set[str] = set()
        linted = [p for p in inputs if not isinstance(p, Skipped)]
        results = (
            run_files(
                linted,
                registry,
                config,
                jobs=jobs,
                cache=cache,
                progress=progress,
                registry_factory=registry_factory,
                problems=self.problems,
                time_limit=limit,
            )
            if self.cluster is None
            else self.cluster.run_files(
                linted,
                registry,
                config,
                progress=progress,
                registry_factory=registry_factory,
                problems=self.problems,
                time_limit=limit,
            )
        )
        for file_result in results:
            yield from self._skipped(walk, registry, config)  # up to this file's own entry
            seen.add(file_result.path)
            batch.see(file_result)
            file_result.digests = []  # seen: batch rules keep what they need themselves
            self._counts.add_file(file_result)
            yield file_result
        yield from self._skipped(walk, registry, config)
        if batch.checks:
            self.late = sorted(batch.finish(seen), key=Diagnostic.sort_key)
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
    merged into their files; ``options`` are LintRun's (jobs, cache, progress, registry_factory,
    time_limit, cluster)."""
    run = LintRun(paths, registry, config, **options)
    result = RunResult(files=list(run), problems=run.problems)
    by_path = {f.path: f for f in result.files}
    touched = set()
    for diag in run.late:  # each on a file of the run (BatchRunner.finish)
        by_path[diag.path].diagnostics.append(diag)
        touched.add(diag.path)
    for path in touched:
        by_path[path].diagnostics.sort(key=in_file_order)
    return result
