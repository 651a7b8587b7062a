"""A request's check, run in a worker process of its own that is killed if it overruns.

A server's requests run in threads, and a check must not share the server's process: a plugin
or a reader that crashes or hangs would take the server with it. So each check runs in a new
process (from a forkserver that has the plugins and grammars loaded, ``linter.serve.warm``),
where the engine cuts off a slow file as ``formlint check`` does (its own killable worker,
``linter.supervise``; a PARSE001 finding). A check that still overruns is killed with its
process group after ``seconds``. A crash is an outcome, never a traceback for the user.

In the worker the check is ``formlint check`` through the engine's public functions: the
uploads are linted under their own names in the private folder (the working directory there), a
streaming reporter gets a ``LintRun`` and any other a ``lint_paths`` result, as the CLI does, so
``/api/check`` gives the very report ``--format`` gives.
"""

from __future__ import annotations

import io
import json
import os
import signal
import tempfile
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from linter.config import Config
from linter.engine import FILE_TIME_LIMIT, LintRun, lint_paths, not_linted
from linter.parse.source import ReadError
from linter.plugins import Registry, load_registry
from linter.serve.refusals import Refused, unreadable_workbook

if TYPE_CHECKING:
    from multiprocessing.context import BaseContext

GRACE = 10.0  # seconds a check may take beyond its files' time limits: start-up, rendering
WORKBOOKS = (".xlsx", ".xlsm")  # what `formlint annotate` writes notes into


class Task(NamedTuple):
    folder: str  # the private folder holding the uploads
    names: tuple[str, ...]  # the uploads' names in it, in the order they came
    config: Config
    lang: str
    kind: str  # "report", "review" or "annotate"
    target: str = ""  # the report's format, or the name of the workbook to annotate
    time_limit: float = FILE_TIME_LIMIT  # per file, as `formlint check --time-limit`


class Outcome(NamedTuple):
    kind: str  # "done", "refused", "failed", "timeout" or "died"
    value: Any = None  # the bytes when done, a Refusal when refused, else what went wrong


def run(task: Task, seconds: float) -> Outcome:
    """``task`` in a new worker process, waited for at most ``seconds`` (blocking: call it from a
    thread)."""
    context = _context()
    reader, writer = context.Pipe(duplex=False)
    process = context.Process(target=_serve, args=(task, writer), daemon=True)
    process.start()
    writer.close()
    try:
        if not reader.poll(seconds):
            return Outcome("timeout")
        try:
            return reader.recv()
        except (EOFError, OSError):
            process.join()
            return Outcome("died", _how(process.exitcode))
    finally:
        _end(process)
        reader.close()


def _context() -> BaseContext:
    """Workers forked from a forkserver: never from the server itself, whose threads may hold
    locks a fork would copy; preloaded once, so a check starts in milliseconds."""
    import multiprocessing

    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["linter.serve.warm"])
    return context


def start_forkserver() -> None:
    """Start the forkserver now, so that the first request does not wait ~0.4 s for it to
    start and load the plugins."""
    from multiprocessing import forkserver

    _context()
    forkserver.ensure_running()


def _end(process: Any) -> None:
    """Kill a worker that is still running, with whatever it started in its process group."""
    if process.is_alive():
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except OSError:  # not yet the leader of its own group
            process.kill()
    process.join()


def _how(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        return f"signal {signal.Signals(-exitcode).name}"
    return f"exit code {exitcode}"


# --- in the worker ------------------------------------------------------------------------


@cache
def registry() -> Registry:
    """The installed plugins, loaded once per forkserver (``warm``), inherited by each worker."""
    return load_registry()


def warm() -> None:
    """Load what every check needs before the forkserver forks: the plugins and the grammars."""
    from linter.parse.grammar import form_parser, value_parser

    registry()
    form_parser()
    value_parser()


def _serve(task: Task, writer: Any) -> None:
    """The worker: leader of its own process group (so that a kill ends what it starts, and
    Ctrl-C in the server's terminal is the server's to handle), working in the private folder."""
    os.setpgrp()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        os.chdir(task.folder)
        outcome = Outcome("done", WORK[task.kind](task, registry()))
    except Refused as exc:
        outcome = Outcome("refused", exc.refusal)
    except Exception as exc:  # noqa: BLE001 - reported to the user as a failed check
        outcome = Outcome("failed", f"{type(exc).__name__}: {exc}")
    writer.send(outcome)
    writer.close()


def _report(task: Task, registry: Registry) -> bytes:
    """The report of ``--format task.target``, as ``formlint check`` writes it."""
    from linter.reporters.base import ReportContext

    reporter = registry.reporters[task.target]
    ctx = ReportContext(lang=task.lang, rules=registry.rules, color=False, root=os.getcwd())
    result: Any = (
        LintRun(task.names, registry, task.config, time_limit=task.time_limit)
        if reporter.streams
        else lint_paths(task.names, registry, task.config, time_limit=task.time_limit)
    )
    if reporter.binary:
        binary = io.BytesIO()
        reporter.render(result, ctx, binary)
        return binary.getvalue()
    text = io.StringIO()
    reporter.render(result, ctx, text)
    return text.getvalue().encode("utf-8")


def _review(task: Task, registry: Registry) -> bytes:
    """What the page shows: every file's findings in both languages, with its rows."""
    from linter.commands.export import export_text
    from linter.serve.review import review

    result = lint_paths(task.names, registry, task.config, time_limit=task.time_limit)
    rows: dict[str, list[str]] = {}
    for f in result.files:
        if not not_linted(f):
            try:
                rows[f.path] = export_text(f.path, registry).split("\n")[:-1]
            except (ReadError, OSError):  # linted a moment ago: the page shows its findings
                rows[f.path] = []
    return json.dumps(review(result, rows, registry.rules), ensure_ascii=False).encode("utf-8")


def _annotate(task: Task, registry: Registry) -> bytes:
    """The workbook ``task.target`` with every finding of the run on it (those across the
    uploaded forms too, as the page shows them), written by ``formlint annotate``'s code."""
    from linter.commands.annotate import write_annotated

    result = lint_paths(task.names, registry, task.config, time_limit=task.time_limit)
    found = next(f for f in result.files if f.path == task.target)
    unreadable = [d for d in found.diagnostics if d.code == "PARSE001"]
    if unreadable:
        raise Refused(unreadable_workbook(task.target, unreadable[0].zh, unreadable[0].en))
    target = Path(tempfile.mkdtemp(dir=".")) / task.target
    write_annotated(Path(task.target).read_bytes(), target, found.diagnostics, task.lang)
    return target.read_bytes()


WORK: dict[str, Callable[[Task, Registry], bytes]] = {
    "report": _report,
    "review": _review,
    "annotate": _annotate,
}
