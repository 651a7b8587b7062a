"""Linting many files: worker processes, the cache, and results in input order.

``lint_file`` is pure, so the files are shared out among worker processes and the parent, each
taking the next file when it is free; each worker builds its registry once (rules hold
functions, which do not cross process boundaries). The parent reads every file, serves what the
cache already knows, lints the rest with the workers and yields results strictly in input
order, whatever the scheduling. A worker that dies does not hang the run or lose files: what it
had not returned is linted again in the parent.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, NamedTuple

from linter.config import Config
from linter.engine import Diagnostic, FileResult, lint_file, read_bytes
from linter.parse.nodes import Span
from linter.parse.source import ReadError
from linter.plugins import Registry, load_registry
from linter.runtime import tune_gc
from linter.wire import dump_result, load_result

if TYPE_CHECKING:
    from multiprocessing.connection import Connection
    from multiprocessing.context import BaseContext
    from multiprocessing.process import BaseProcess
    from multiprocessing.sharedctypes import Synchronized

    from linter.cache import Cache

MIN_PARALLEL_BYTES = 256 * 1024  # below this, starting workers costs more than it saves

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


def _pooled(
    pending: list[Job],
    config: Config,
    jobs: int,
    cache: Cache | None,
    factory: Callable[[], Registry],
    registry: Registry,
) -> Iterator[tuple[int, FileResult]]:
    """``jobs - 1`` worker processes and the parent lint the files, each taking the next one from
    a shared counter. The parent lints too because it would otherwise hold a core of its own
    only to gather results while the workers compete for the rest; between its files it takes
    in what the workers have sent, so results still flow in input order."""
    # imported here: a one-file run never starts a pool
    from multiprocessing.connection import wait

    context = _context()
    if context.get_start_method() == "fork":
        # A forked worker shares the parent's memory: it is given the registry and the loaded
        # grammars rather than building its own, which every worker would do at the same time.
        from linter.parse.grammar import form_parser, value_parser

        form_parser(), value_parser()
        worker_registry: Registry | Callable[[], Registry] = registry
        for stream in (sys.stdout, sys.stderr):  # a forked worker must not write them out again
            if stream is not None:
                stream.flush()
    else:
        worker_registry = factory
    counter = context.Value("q", 0)
    left = {job.index: job for job in pending}
    readers, workers = _start_workers(
        context, min(jobs, len(pending)) - 1, pending, counter, worker_registry, config, cache
    )

    def received(timeout: float | None) -> Iterator[tuple[int, FileResult]]:
        """Every result the workers have sent, waiting up to ``timeout`` for the first."""
        ready = wait(readers, timeout)
        while ready:
            for reader in ready:
                try:
                    data = reader.recv_bytes()
                except (EOFError, OSError):  # the worker is done, or died (maybe mid-message):
                    readers.remove(reader)  # what it took and did not send is still in `left`
                    continue
                index = int.from_bytes(data[:_INDEX_BYTES], "little")
                yield index, load_result(data[_INDEX_BYTES:], left.pop(index).path)
            ready = wait(readers, 0)

    try:
        while (taken := _take(counter)) is not None and taken < len(pending):
            yield from received(0)
            job = pending[taken]
            del left[job.index]
            yield job.index, _lint_one(job, registry, config, cache)
        if taken is None:  # the counter is lost: the workers stop, and the parent does the rest
            for worker in workers:
                worker.terminate()
        while readers:
            yield from received(None)
    finally:
        for worker in workers:
            if worker.is_alive():
                worker.terminate()
            worker.join()
    for job in sorted(left.values(), key=lambda j: j.index):
        yield job.index, _lint_one(job, registry, config, cache)


def _start_workers(
    context: BaseContext,
    count: int,
    pending: list[Job],
    counter: Synchronized,
    registry: Registry | Callable[[], Registry],
    config: Config,
    cache: Cache | None,
) -> tuple[list[Connection], list[BaseProcess]]:
    """Up to ``count`` workers running ``_work``, each with a pipe of its own; the parent keeps
    the reading ends. Fewer if one fails to start (no process to be had, or arguments that do
    not pickle): the parent does the rest."""
    forked = context.get_start_method() == "fork"
    readers: list[Connection] = []
    workers: list[BaseProcess] = []
    for _ in range(count):
        reader, writer = context.Pipe(duplex=False)
        inherited = [*readers, reader] if forked else []
        worker = context.Process(
            target=_work,
            args=(pending, counter, writer, inherited, registry, config, cache),
            daemon=True,
        )
        try:
            worker.start()
        except Exception:  # noqa: BLE001 - whatever the cause, the parent lints its share
            reader.close()
            break
        finally:
            writer.close()
        readers.append(reader)
        workers.append(worker)
    return readers, workers


_INDEX_BYTES = 4  # a result's job index, ahead of its wire bytes
LOCK_WAIT = 10.0  # seconds; the counter's lock is held for microseconds, unless its holder died


def _take(counter: Synchronized) -> int | None:
    """The next job's position in ``pending``, for whichever process asks first; None if the
    lock cannot be had, as when a worker was killed holding it, so that no one waits forever."""
    lock = counter.get_lock()
    if not lock.acquire(timeout=LOCK_WAIT):
        return None
    try:
        taken = counter.value
        counter.value = taken + 1
    finally:
        lock.release()
    return taken


def _work(
    pending: list[Job],
    counter: Synchronized,
    writer: Connection,
    inherited: list[Connection],
    registry: Registry | Callable[[], Registry],
    config: Config,
    cache: Cache | None,
) -> None:
    """A worker process: lints the next job until none is left and sends each result as its
    index and ``linter.wire`` bytes, which the parent loads several times faster than pickled
    objects. A forked worker is handed the parent's registry; any other builds its own. It
    closes the pipes' reading ends it inherited by forking: were the parent killed, its own
    would keep its pipe open, and it would wait for ever to write. It leaves Ctrl-C to the
    parent, and a failure only ends it: the parent lints what it left."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for reader in inherited:
        reader.close()
    try:
        if not isinstance(registry, Registry):
            registry = registry()
        tune_gc()
        while (taken := _take(counter)) is not None and taken < len(pending):
            job = pending[taken]
            result = dump_result(_lint_one(job, registry, config, cache))
            writer.send_bytes(job.index.to_bytes(_INDEX_BYTES, "little") + result)
    except Exception:  # noqa: BLE001, S110 - its files are linted again in the parent
        pass
    finally:
        writer.close()


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
