"""Linting many files: a process pool, the cache, and results in input order.

``lint_file`` is pure, so files are spread over worker processes in chunks; each worker builds
its registry once (rules hold functions, which do not cross process boundaries). The parent
reads every file, serves what the cache already knows, sends the rest to the pool and yields
results strictly in input order, whatever the scheduling. A worker that dies does not hang the
run or lose files: what it had not returned is linted again in the parent.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, NamedTuple

from linter.config import Config
from linter.engine import Diagnostic, FileResult, lint_file, read_bytes
from linter.nodes import Span
from linter.plugins import Registry, load_registry
from linter.runtime import tune_gc
from linter.source import ReadError
from linter.wire import dump_result, load_result

if TYPE_CHECKING:
    from multiprocessing.context import BaseContext

    from linter.cache import Cache

MIN_PARALLEL_BYTES = 256 * 1024  # below this, starting workers costs more than it saves
MAX_CHUNK = 16

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
    registry_factory: Callable[[], Registry] | None = None,
) -> Iterator[FileResult]:
    """The FileResult of every path, in the order of ``paths``.

    ``registry_factory`` builds each worker's registry (default: the installed plugins); it
    must be a module-level function, so that it pickles.
    """
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
    size = sum(j.size for j in pending)
    if jobs > 1 and len(pending) > 1 and size >= MIN_PARALLEL_BYTES:
        factory = registry_factory or load_registry
        source = _pooled(pending, config, jobs, cache, factory, registry)
    else:
        source = ((job.index, _lint_one(job, registry, config, cache)) for job in pending)
    for index, entry in source:
        done[index] = entry
        finished += 1
        if progress is not None:
            progress(finished, total)
        yield from flush()


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


def _lint_one(job: Job, registry: Registry, config: Config, cache: Cache | None) -> FileResult:
    """One file, never raising: an internal error becomes a PARSE004 finding for that file."""
    try:
        result, _ = lint_file(job.path, registry, config, job.data)
    except Exception as exc:  # noqa: BLE001 - one bad file must not take the batch down
        result = _internal_error(job.path, exc)
    if cache is not None and job.key is not None and not _has_internal_error(result):
        cache.store(job.key, result)
    return result


def _internal_error(path: str, exc: Exception) -> FileResult:
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


# --- the pool -------------------------------------------------------------------------------

_worker: dict = {}


def _init_worker(
    registry: Registry | Callable[[], Registry], config: Config, cache: Cache | None
) -> None:
    """A forked worker is handed the parent's registry as it is; any other builds its own."""
    _worker.update(
        registry=registry if isinstance(registry, Registry) else registry(),
        config=config,
        cache=cache,
    )
    tune_gc()


def _run_chunk(chunk: list[Job]) -> list[tuple[int, bytes]]:
    """Each file's result as ``linter.wire`` bytes: the parent loads them several times faster
    than pickled objects, and the parent's time is what the workers wait for."""
    w = _worker
    return [
        (job.index, dump_result(_lint_one(job, w["registry"], w["config"], w["cache"])))
        for job in chunk
    ]


def _chunks(jobs_list: list[Job], workers: int) -> list[list[Job]]:
    """Chunks that shrink towards the end (a quarter of a worker's share of what is left, at most
    MAX_CHUNK files): large enough to be cheap to send, and the last ones small, so that no
    worker is left with a long chunk while the others wait."""
    chunks, start = [], 0
    while start < len(jobs_list):
        size = max(1, min(MAX_CHUNK, (len(jobs_list) - start) // (workers * 4)))
        chunks.append(jobs_list[start : start + size])
        start += size
    return chunks


def _context() -> BaseContext:
    """How workers start. ``fork`` on Linux when this process runs no other thread: a worker
    starts at once with everything imported. Where a thread runs (the progress bar's), forking
    could copy a held lock, so ``forkserver``; ``spawn`` where neither exists."""
    import multiprocessing  # here: a one-file run never starts a pool

    methods = multiprocessing.get_all_start_methods()
    if sys.platform == "linux" and "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    if sys.platform != "win32" and "forkserver" in methods:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload([__name__])  # workers fork with the parser imported
        return context
    return multiprocessing.get_context("spawn")


def _pooled(
    pending: list[Job],
    config: Config,
    jobs: int,
    cache: Cache | None,
    factory: Callable[[], Registry],
    registry: Registry,
) -> Iterator[tuple[int, FileResult]]:
    # imported here: a one-file run never starts a pool, and these cost it ~5–15 ms at start-up
    from concurrent.futures import Future, ProcessPoolExecutor, wait
    from concurrent.futures.process import BrokenProcessPool

    chunks = _chunks(pending, jobs)
    workers = min(jobs, len(chunks))
    left = {job.index: job for job in pending}
    context = _context()
    if context.get_start_method() == "fork":
        # A forked worker shares the parent's memory: it is given the registry and the loaded
        # grammars rather than building its own, which every worker would do at the same time.
        from linter.grammar import form_parser, value_parser

        form_parser(), value_parser()
        worker_registry: Registry | Callable[[], Registry] = registry
    else:
        worker_registry = factory
    executor = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=_init_worker,
        initargs=(worker_registry, config, cache),
    )
    try:
        futures: set[Future] = set()
        for chunk in chunks:
            try:
                futures.add(executor.submit(_run_chunk, chunk))
            except BrokenProcessPool:  # a worker died already (forked ones start at once)
                break
        while futures:
            finished, futures = wait(futures, return_when="FIRST_COMPLETED")
            for future in finished:
                try:
                    results = future.result()
                except BrokenProcessPool:
                    futures = set()
                    break
                except Exception:  # noqa: BLE001 - its files are still in `left`, linted below
                    continue
                for index, data in results:
                    yield index, load_result(data, left.pop(index).path)
    finally:
        executor.shutdown(wait=True, cancel_futures=True)
    for job in sorted(left.values(), key=lambda j: j.index):  # a worker died: finish here
        yield job.index, _lint_one(job, registry, config, cache)
