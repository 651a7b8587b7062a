"""Linting many files: worker processes, the time limit, the cache, results in input order.

The parent reads nothing but cache keys: it serves what the cache already knows and hands every
other file to worker processes (``linter.supervise``), which read, parse and check it and send
the result back as ``linter.wire`` bytes; the parent yields results strictly in input order,
whatever the scheduling. With ``--jobs 1`` there is one worker: the time limit is enforced from
outside the work, by killing the worker, whatever the work is doing.

A file whose worker is killed (it outlasted the limit) or dies (a segfault, ``os._exit``) is
not lost. When a rule was running, the file is linted again without that rule, so the other
rules' findings (formlint's own among them) are kept, and a PARSE004 finding says which rule was
cut off; a rule cut off by the clock once, or that killed its worker three times, is switched
off for the rest of the run, a problem of the run (exit 2), so that a plugin that loops costs
the run one time limit, not one per file. When the file was being read or parsed, it is a
PARSE001 finding. Where ``os.fork`` does not exist, files are linted in-process, under the
signal timer of ``linter.lintfile``.
"""

from __future__ import annotations

import marshal
import os
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, NamedTuple

from linter import supervise
from linter.config import Config
from linter.limits import read_bytes
from linter.lintfile import FILE_TIME_LIMIT, READING, cut_off, lint_file, read_error, rule_numbers
from linter.parse.nodes import Span
from linter.parse.source import ReadError
from linter.plugins import Registry
from linter.results import Diagnostic, FileResult, in_file_order
from linter.wire import dump_result, load_result

if TYPE_CHECKING:
    from linter.cache import Cache

MIN_PARALLEL_BYTES = 256 * 1024  # below this, a second worker costs more than it saves
TIMEOUTS_TO_SWITCH_OFF = 1  # a rule cut off by the clock this often is off for the run
CRASHES_TO_SWITCH_OFF = 3  # a rule that killed its worker this often is off for the run
MAX_RETRIES = 3  # a file linted again at most this often without the rule at fault

Progress = Callable[[int, int], None]  # (files done, files in total)


class Job(NamedTuple):
    index: int
    path: str
    data: bytes | None  # stdin's bytes; None: whoever lints the file reads it (or says why not)
    size: int
    key: str | None  # the cache key, None when the file is not cached (stdin, unreadable)


def default_jobs() -> int:
    """The cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)


def prepare(paths: Sequence[str], cache: Cache | None) -> list[Job]:
    """A job per file: its size, and with a cache its key (the file read once for it)."""
    return [_prepare(index, path, cache) for index, path in enumerate(paths)]


def run_files(
    paths: Sequence[str],
    registry: Registry,
    config: Config,
    *,
    jobs: int = 1,
    cache: Cache | None = None,
    progress: Progress | None = None,
    registry_factory: Callable[[], Registry] | None = None,  # noqa: ARG001 - workers are forked
    problems: list[str] | None = None,
    time_limit: float | None = FILE_TIME_LIMIT,
) -> Iterator[FileResult]:
    """The FileResult of every path, in the order of ``paths``. A rule switched off for the rest
    of the run is said in ``problems``."""
    total = len(paths)
    done: dict[int, FileResult] = {}
    pending: list[Job] = []
    for job in prepare(paths, cache):
        hit = None
        if cache is not None and job.key is not None:
            hit = cache.load(job.key, job.path)
        if hit is not None:
            done[job.index] = hit
        else:
            pending.append(job)
    finished = len(done)
    if progress is not None:
        progress(finished, total)

    next_index = 0

    def flush() -> Iterator[FileResult]:
        nonlocal next_index
        while next_index in done:
            yield done.pop(next_index)
            next_index += 1

    yield from flush()
    if not pending:
        return
    if supervise.AVAILABLE:
        size = sum(j.size for j in pending)
        workers = jobs if len(pending) > 1 and size >= MIN_PARALLEL_BYTES else 1
        source = _Supervised(pending, registry, config, cache, workers, time_limit, problems)
        results: Iterator[tuple[int, FileResult]] = iter(source)
    else:
        results = (
            (job.index, _lint_one(job, registry, config, cache, (), time_limit)) for job in pending
        )
    for index, entry in results:
        done[index] = entry
        finished += 1
        if progress is not None:
            progress(finished, total)
        yield from flush()


def wire_results(
    paths: Sequence[str],
    registry: Registry,
    config: Config,
    *,
    problems: list[str] | None = None,
    time_limit: float | None = FILE_TIME_LIMIT,
) -> list[bytes]:
    """Each path's result as wire bytes, in the order of ``paths``, linted as ``run_files``
    lints them with one worker and no cache; the bytes the worker wrote are passed on, not
    decoded and encoded again (a Dask worker's task: ``linter.cluster``)."""
    if not supervise.AVAILABLE:
        return [
            dump_result(result, trusted=True)
            for result in run_files(
                paths, registry, config, problems=problems, time_limit=time_limit
            )
        ]
    found: dict[int, bytes] = {}
    if paths:
        source = _Supervised(prepare(paths, None), registry, config, None, 1, time_limit, problems)
        found.update(source.wire())
    return [found[index] for index in range(len(paths))]


def _prepare(index: int, path: str, cache: Cache | None) -> Job:
    """Only stdin's bytes are kept: a file is read again where it is linted, so the parent never
    holds the archive (the second read comes from the page cache). Without a cache, a file's
    size is all the parent needs."""
    try:
        if path == "-":
            data = read_bytes(path)
            return Job(index, path, data=data, size=len(data), key=None)
        if cache is None:
            return Job(index, path, data=None, size=os.stat(path).st_size, key=None)
        size, key = cache.file_key(path)
        return Job(index, path, data=None, size=size, key=key)
    except (OSError, ReadError):
        return Job(index, path, data=None, size=0, key=None)


def _lint_one(
    job: Job,
    registry: Registry,
    config: Config,
    cache: Cache | None,
    skip: Sequence[str] = (),
    time_limit: float | None = None,
) -> FileResult:
    """One file, never raising: an internal error becomes a PARSE004 finding for that file.

    With a cache, the entry is stored under the key of the bytes that were linted, read here:
    a file edited since the parent computed its key is stored as what it now is, never as what
    it was. A file linted without some rules (``skip``) is never stored."""
    data, key = job.data, None
    if cache is not None and job.key is not None and not skip:
        try:
            data = read_bytes(job.path)
            key = cache.key(job.path, data)
        except (OSError, ReadError):
            data = None  # lint_file reads it again and says why it cannot
    try:
        result, _ = lint_file(job.path, registry, config, data, time_limit, skip)
    except (Exception, SystemExit) as exc:  # noqa: BLE001 - one bad file must not take the batch down
        result = internal_error(job.path, exc)
    if key is not None and not _has_internal_error(result):
        cache.store(key, result)  # type: ignore[union-attr]
    return result


def internal_error(path: str, exc: BaseException) -> FileResult:
    """The result of a file that could not be checked for ``exc``: one PARSE004 finding."""
    return FileResult(
        path,
        diagnostics=[
            Diagnostic(
                path,
                Span(1, 1, 1, 2),
                "PARSE004",
                "error",
                f"检查此文件时出现内部错误：{type(exc).__name__}: {exc}",
                f"internal error while checking this file: {type(exc).__name__}: {exc}",
            )
        ],
    )


def _has_internal_error(result: FileResult) -> bool:
    return any(d.code == "PARSE004" for d in result.diagnostics)


class _Supervised:
    """The pending jobs linted by supervised workers, as (index, result) in the order they end."""

    def __init__(
        self,
        pending: list[Job],
        registry: Registry,
        config: Config,
        cache: Cache | None,
        workers: int,
        limit: float | None,
        problems: list[str] | None,
    ) -> None:
        self.jobs = {job.index: job for job in pending}
        self.registry, self.config, self.cache, self.limit = registry, config, cache, limit
        self.problems = problems if problems is not None else []
        self.codes = rule_numbers(registry)
        self.skip: dict[int, set[str]] = {}  # rules a file is linted again without
        self.cut: dict[int, list[tuple[str, str]]] = {}  # (rule, what happened) per file
        self.off: set[str] = set()  # rules switched off for the rest of the run
        self.timeouts: Counter = Counter()
        self.crashes: Counter = Counter()
        self.restarts: Counter = Counter()
        before_fork = _load_grammars if workers > 1 else None
        self.pool = supervise.Pool(workers, self._serve, self._payload, limit, before_fork)
        for job in pending:
            self.pool.submit(job.index)

    def __iter__(self) -> Iterator[tuple[int, FileResult]]:
        for job, data, result in self._ended():
            yield job.index, result if data is None else self._loaded(job, data)

    def wire(self) -> Iterator[tuple[int, bytes]]:
        """As iterating, each result as wire bytes: those a worker sent passed on as they came,
        unless a rule was cut off on the file (what a Dask worker sends back)."""
        for job, data, result in self._ended():
            if data is not None and job.index not in self.cut:
                yield job.index, data
            else:
                whole = result if data is None else self._loaded(job, data)
                yield job.index, dump_result(whole, trusted=True)

    def _ended(self) -> Iterator[tuple[Job, bytes | None, FileResult | None]]:
        """Each job as it ends: its worker's bytes, or the result made here of a failure."""
        for event in self.pool.events():
            job = self.jobs[event.task]
            if event.kind == "done":
                yield job, event.data, None
                continue
            result = self._failed(job, event)
            if result is not None:
                yield job, None, result

    def _loaded(self, job: Job, data: bytes) -> FileResult:
        return self._with_cuts(job, load_result(data, job.path, trusted=True))

    def _payload(self, index: int) -> bytes:
        skip = self.skip.get(index, set()) | self.off
        return marshal.dumps((index, tuple(sorted(skip))))

    def _serve(self, payload: bytes) -> bytes:
        """In the worker: lint one job, its result as wire bytes (the pipe is the parent's own,
        so a plugin's digest that plain values cannot hold may travel pickled)."""
        index, skip = marshal.loads(payload)
        result = _lint_one(self.jobs[index], self.registry, self.config, self.cache, skip)
        return dump_result(result, trusted=True)

    def _failed(self, job: Job, event: supervise.Event) -> FileResult | None:
        """A job whose worker was killed or died: linted again without the rule at fault, or
        a PARSE001 finding; None when it was handed out again."""
        index, stage = job.index, event.stage
        if event.kind == "crash" and stage == supervise.NOT_BEGUN:
            self.restarts[index] += 1  # not the file's fault: its worker died before it began
            if self.restarts[index] <= MAX_RETRIES:
                self.pool.submit(index, first=True)
                return None
            stage = READING
        timed_out = event.kind == "timeout"
        if stage == READING or not 0 <= stage < len(self.codes):
            err = (
                cut_off(self.limit or 0)
                if timed_out
                else ReadError(
                    f"读取或解析此文件时进程异常终止（{event.detail}），已跳过此文件",
                    f"the worker reading this file died ({event.detail})",
                )
            )
            result = FileResult(job.path)
            result.diagnostics.append(read_error(job.path, err, self.registry, self.config))
            return self._with_cuts(job, result)
        code = self.codes[stage]
        if timed_out:
            self.timeouts[code] += 1
            what = f"cut off after {self.limit:g} s"
        else:
            self.crashes[code] += 1
            what = f"killed its worker ({event.detail})"
        self.cut.setdefault(index, []).append((code, what))
        self.skip.setdefault(index, set()).add(code)
        if code not in self.off and (
            self.timeouts[code] >= TIMEOUTS_TO_SWITCH_OFF
            or self.crashes[code] >= CRASHES_TO_SWITCH_OFF
        ):
            self.off.add(code)
            rule = self.registry.rules[code]
            self.problems.append(
                f"check {code} ({rule.plugin}) {what} on {job.path}; "
                "it is switched off for the rest of the run"
            )
        if len(self.skip[index]) > MAX_RETRIES:
            result = FileResult(job.path)
            err = cut_off(self.limit or 0, "too many checks cut off")
            result.diagnostics.append(read_error(job.path, err, self.registry, self.config))
            return self._with_cuts(job, result)
        self.pool.submit(index, first=True)
        return None

    def _with_cuts(self, job: Job, result: FileResult) -> FileResult:
        """The file's result with a PARSE004 finding for each rule cut off on it."""
        cuts = self.cut.pop(job.index, ())
        for code, what in cuts:
            rule = self.registry.rules[code]
            zh_what = (
                f"超过 {self.limit:g} 秒被中止"
                if what.startswith("cut off")
                else f"使工作进程终止（{what.partition('(')[2].rstrip(')')}）"
            )
            result.diagnostics.append(
                Diagnostic(
                    job.path,
                    Span(1, 1, 1, 2),
                    "PARSE004",
                    "error",
                    f"检查 {code}（{rule.plugin}）在此文件上{zh_what}；其余检查的结果照常报告",
                    f"check {code} ({rule.plugin}) {what} on this file; the other checks' "
                    "findings are reported",
                )
            )
        if cuts:
            result.diagnostics.sort(key=in_file_order)
        return result


def _load_grammars() -> None:
    """Before forking a second worker: the grammars loaded once, shared by every worker."""
    from linter.parse.grammar import form_parser, value_parser

    form_parser(), value_parser()
