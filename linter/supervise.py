"""Work in processes that can be killed: the time limit of every file, enforced from outside.

A signal timer inside the work is seen only by Python code, and not when it lands in a
``__del__`` or in a C loop (a PDF whose objects refer to each other in a loop hung a whole run).
So each file is read, parsed and checked in a worker process forked from this one, and the parent
kills the worker when the file outlasts the limit, or sees it die (a segfault, ``os._exit``).

A worker publishes in memory shared with its parent which task it is on, since when, and which
stage of it (``linter.lintfile.STAGE``: reading, or the number of the rule running), so that the
parent can say what was cut off and whose fault it was. Forking needs no import and no pickling
(a worker starts with everything the parent has), so it costs a one-file run a few milliseconds.

``Pool`` runs many tasks on a few long-lived workers, each given up to ``DEPTH`` tasks ahead so it
never waits for the parent; ``call`` runs one function in a one-shot worker (``export``,
``parse``, ``annotate``). Where ``os.fork`` does not exist, ``AVAILABLE`` is False and the callers
fall back on working in-process with the signal timer.
"""

from __future__ import annotations

import contextlib
import mmap
import os
import select
import signal
import struct
import sys
import time
from collections import deque
from collections.abc import Callable, Iterator
from typing import Any, NamedTuple

AVAILABLE = hasattr(os, "fork") and sys.platform != "win32"
DEPTH = 2  # tasks handed to a worker ahead: it takes the next as soon as it sends a result
_HEAD = struct.Struct("<II")  # a frame: task id, length of the payload
_SLOT_BYTES = 16
_POLL_MAX = 1.0  # seconds: the parent looks at the clocks at least this often
NOT_BEGUN = -2  # the stage of a task whose worker died before it began it
# A worker's address space: a backstop behind the limits of ``linter.limits``, so that an input
# or plugin they do not foresee meets a MemoryError (a finding) instead of the machine's memory.
WORKER_ADDRESS_SPACE = 4 * 1024**3


class Event(NamedTuple):
    """What became of a task: ``done`` with the worker's bytes, or ``timeout``/``crash`` with the
    stage the worker was in (``detail`` says how a crashed worker ended)."""

    kind: str
    task: int
    data: bytes = b""
    stage: int = 0
    detail: str = ""


class _Slots:
    """Per worker: the task it is on, since when (CLOCK_MONOTONIC, the same in every process),
    and its stage; in an anonymous shared mapping, which forked children share."""

    def __init__(self, count: int) -> None:
        self._map = mmap.mmap(-1, max(1, count) * _SLOT_BYTES)
        view = memoryview(self._map)
        self.starts = view[: 8 * count].cast("d")
        self.stages = view[8 * count : 12 * count].cast("i")
        self.tasks = view[12 * count : 16 * count].cast("i")

    def stage_view(self, slot: int) -> memoryview:
        return self.stages[slot : slot + 1]


class _Worker:
    def __init__(self, pid: int, tasks: int, results: int, slot: int) -> None:
        self.pid, self.tasks, self.results, self.slot = pid, tasks, results, slot
        self.outstanding: deque[int] = deque()
        self.gone = False  # its task pipe broke: it is given nothing more, its end is awaited


class Pool:
    """Up to ``size`` workers, each running ``serve(payload) -> bytes`` on the tasks it is sent;
    ``payload(task)`` makes a task's bytes when it is handed out. ``events()`` yields what
    becomes of each submitted task (tasks may be submitted while it runs) and returns when every
    one has ended; a task that outlasts ``limit`` seconds is ``timeout`` (its worker killed), one
    whose worker dies is ``crash``; the tasks the worker held besides go to another."""

    def __init__(
        self,
        size: int,
        serve: Callable[[bytes], bytes],
        payload: Callable[[int], bytes],
        limit: float | None,
        before_fork: Callable[[], None] | None = None,
    ) -> None:
        self.size, self.serve, self.payload, self.limit = max(1, size), serve, payload, limit
        self.before_fork = before_fork
        self.queue: deque[int] = deque()
        self.workers: list[_Worker] = []
        self.slots = _Slots(self.size)
        self._free_slots = list(range(self.size))[::-1]

    def submit(self, task: int, first: bool = False) -> None:
        (self.queue.appendleft if first else self.queue.append)(task)

    def events(self) -> Iterator[Event]:
        try:
            while self.queue or any(w.outstanding for w in self.workers):
                self._hand_out()
                yield from self._wait()
        finally:
            self.close()

    def close(self) -> None:
        """End every worker: idle ones by closing their task pipe, the others by a kill."""
        for worker in self.workers:
            if worker.outstanding:
                with contextlib.suppress(OSError):
                    os.kill(worker.pid, signal.SIGKILL)
            _close(worker.tasks, worker.results)
        for worker in self.workers:
            _reap(worker.pid)
        self.workers.clear()

    # --- the parent's side -----------------------------------------------------------------------

    def _hand_out(self) -> None:
        while self.queue:
            # an idle worker first, then a new one, then one with fewer than DEPTH tasks ahead
            idle = [w for w in self.workers if not w.outstanding and not w.gone]
            if idle:
                worker = idle[0]
            elif len(self.workers) < self.size:
                worker = self._start()
            else:
                ahead = [w for w in self.workers if len(w.outstanding) < DEPTH and not w.gone]
                if not ahead:
                    return
                worker = min(ahead, key=lambda w: len(w.outstanding))
            task = self.queue.popleft()
            try:
                _write_frame(worker.tasks, task, self.payload(task))
            except OSError:  # the worker is gone: its end is read as a crash
                self.queue.appendleft(task)
                self._lost(worker)
                continue
            worker.outstanding.append(task)

    def _wait(self) -> Iterator[Event]:
        busy = [w for w in self.workers if w.outstanding]
        if not busy:
            return
        now = time.monotonic()
        timeout = _POLL_MAX
        if self.limit is not None:
            for worker in busy:
                start = self.slots.starts[worker.slot]
                if start and self.slots.tasks[worker.slot] == worker.outstanding[0]:
                    left = start + self.limit - now
                    if left <= 0:
                        yield self._kill(worker, "timeout")
                        return
                    timeout = min(timeout, left)
        ready, _, _ = select.select([w.results for w in busy], [], [], max(timeout, 0))
        for fd in ready:
            worker = next(w for w in busy if w.results == fd)
            frame = _read_frame(fd)
            if frame is None:
                yield self._kill(worker, "crash")
                continue
            task, data = frame
            if task in worker.outstanding:
                worker.outstanding.remove(task)
            yield Event("done", task, data)

    def _kill(self, worker: _Worker, kind: str) -> Event:
        """End a worker that timed out or died; its current task is the event, the tasks it
        held besides are handed out again, first."""
        with contextlib.suppress(OSError):
            os.kill(worker.pid, signal.SIGKILL)
        status = _reap(worker.pid)
        _close(worker.tasks, worker.results)
        self.workers.remove(worker)
        self._free_slots.append(worker.slot)
        current = worker.outstanding.popleft() if worker.outstanding else -1
        for task in reversed(worker.outstanding):
            self.queue.appendleft(task)
        stage = self.slots.stages[worker.slot]
        started = self.slots.tasks[worker.slot] == current and self.slots.starts[worker.slot]
        self.slots.starts[worker.slot] = 0.0
        if kind == "crash":
            return Event(
                "crash", current, stage=stage if started else NOT_BEGUN, detail=_how(status)
            )
        return Event("timeout", current, stage=stage)

    def _lost(self, worker: _Worker) -> None:
        worker.gone = True
        if worker.outstanding:
            return  # read as a crash when its results pipe ends, in _wait
        with contextlib.suppress(OSError):
            os.kill(worker.pid, signal.SIGKILL)
        _reap(worker.pid)
        _close(worker.tasks, worker.results)
        self.workers.remove(worker)
        self._free_slots.append(worker.slot)

    def _start(self) -> _Worker:
        if self.before_fork is not None:
            self.before_fork()
        slot = self._free_slots.pop()
        self.slots.starts[slot] = 0.0
        self.slots.tasks[slot] = -1
        tasks_r, tasks_w = os.pipe()
        results_r, results_w = os.pipe()
        inherited = [fd for w in self.workers for fd in (w.tasks, w.results)]
        _flush_std()
        pid = os.fork()
        if pid == 0:  # the worker: never returns
            _close(tasks_w, results_r, *inherited)
            _serve(self.serve, tasks_r, results_w, self.slots, slot)
        _close(tasks_r, results_w)
        worker = _Worker(pid, tasks_w, results_r, slot)
        self.workers.append(worker)
        return worker


# --- the worker's side -----------------------------------------------------------------------


def _serve(
    serve: Callable[[bytes], bytes], tasks: int, results: int, slots: _Slots, slot: int
) -> None:
    """A worker's life: take a task, mark it begun, serve it, send the bytes; until the parent
    closes the pipe (or goes away). It never returns and runs no exit handler of the parent's."""
    status = 0
    try:
        _become_worker()
        from linter import lintfile

        lintfile.STAGE = slots.stage_view(slot)
        while (frame := _read_frame(tasks)) is not None:
            task, payload = frame
            slots.stages[slot] = lintfile.READING
            slots.tasks[slot] = task
            slots.starts[slot] = time.monotonic()
            data = serve(payload)
            slots.starts[slot] = 0.0
            _write_frame(results, task, data)
    except BaseException:  # noqa: BLE001 - a worker that fails ends; the parent sees a crash
        status = 70
        with contextlib.suppress(BaseException):
            import traceback

            if os.environ.get("FORMLINT_DEBUG"):
                traceback.print_exc()
    finally:
        os._exit(status)


def _become_worker() -> None:
    """Ctrl-C is the parent's to handle; what a plugin prints goes to stderr, never into a
    report on stdout; a broken pipe ends the worker."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    with contextlib.suppress(ImportError, ValueError, OSError):
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        wanted = (
            WORKER_ADDRESS_SPACE
            if hard == resource.RLIM_INFINITY
            else min(hard, WORKER_ADDRESS_SPACE)
        )
        if soft == resource.RLIM_INFINITY or soft > wanted:
            resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    with contextlib.suppress(OSError):
        os.dup2(2, 1)


# --- one call --------------------------------------------------------------------------------


class Outcome(NamedTuple):
    kind: str  # "done", "timeout" or "crash"
    value: Any = None
    stage: int = 0
    detail: str = ""


def call(fn: Callable[..., Any], args: tuple, limit: float | None) -> Outcome:
    """``fn(*args)`` in a one-shot worker, its value pickled back (the worker is this process's
    own child); an exception it raises is raised here. ``timeout`` or ``crash`` when the worker
    outlasts the limit or dies. In-process where fork is not available."""
    import pickle

    if not AVAILABLE:
        return Outcome("done", fn(*args))

    def serve(_: bytes) -> bytes:
        try:
            return pickle.dumps((True, fn(*args)), pickle.HIGHEST_PROTOCOL)
        except Exception as exc:  # noqa: BLE001 - raised again in the parent
            try:
                return pickle.dumps((False, exc), pickle.HIGHEST_PROTOCOL)
            except Exception:  # noqa: BLE001 - an exception that does not pickle
                return pickle.dumps((False, RuntimeError(f"{type(exc).__name__}: {exc}")))

    pool = Pool(1, serve, lambda task: b"", limit)
    pool.submit(0)
    for event in pool.events():
        if event.kind != "done":
            return Outcome(event.kind, stage=event.stage, detail=event.detail)
        ok, value = pickle.loads(event.data)
        if not ok:
            raise value
        return Outcome("done", value)
    return Outcome("crash", detail="no result")


# --- frames and processes ----------------------------------------------------------------------


def _write_frame(fd: int, task: int, data: bytes) -> None:
    view = memoryview(_HEAD.pack(task, len(data)) + data)
    while view:
        view = view[os.write(fd, view) :]


def _read_frame(fd: int) -> tuple[int, bytes] | None:
    """The next frame; None at the end of the pipe, or when it ends inside a frame."""
    head = _read_exactly(fd, _HEAD.size)
    if head is None:
        return None
    task, size = _HEAD.unpack(head)
    data = _read_exactly(fd, size)
    return None if data is None else (task, data)


def _read_exactly(fd: int, size: int) -> bytes | None:
    chunks, left = [], size
    while left:
        try:
            chunk = os.read(fd, min(left, 1 << 20))
        except OSError:
            return None
        if not chunk:
            return None
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _close(*fds: int) -> None:
    for fd in fds:
        with contextlib.suppress(OSError):
            os.close(fd)


def _reap(pid: int) -> int:
    try:
        return os.waitpid(pid, 0)[1]
    except ChildProcessError:
        return 0


def _how(status: int) -> str:
    """How a worker ended, for a message: ``signal 11 (SIGSEGV)`` or ``exit status 3``."""
    if os.WIFSIGNALED(status):
        number = os.WTERMSIG(status)
        try:
            name = signal.Signals(number).name
        except ValueError:
            name = "?"
        return f"signal {number} ({name})"
    if os.WIFEXITED(status):
        return f"exit status {os.WEXITSTATUS(status)}"
    return f"status {status}"


def _flush_std() -> None:
    """A forked worker must not write out again what this process had buffered."""
    for stream in (sys.stdout, sys.stderr):
        if stream is not None:
            with contextlib.suppress(Exception):
                stream.flush()
