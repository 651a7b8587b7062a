"""Batch runs: the pool gives the same per-file results as one process, in input order, for
directories and explicit file lists alike; it never drops a file, and a worker or parent that
dies leaves nothing waiting for ever."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import troublemakers
from conftest import SEEDS, seed_copies, seed_path, snapshot

import linter.parallel
from linter.cli import main
from linter.config import Config
from linter.engine import lint_paths
from linter.parallel import MIN_PARALLEL_BYTES, run_files, wire_results
from linter.plugins import load_registry
from linter.wire import dump_result, load_result


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """Enough copies of the seeds that the pool is really used (more than MIN_PARALLEL_BYTES)."""
    return seed_copies(tmp_path_factory.mktemp("corpus"), 2 * MIN_PARALLEL_BYTES)


def test_jobs_2_equals_jobs_1(corpus):
    registry = load_registry()
    one = lint_paths([str(corpus)], registry, Config(), jobs=1)
    two = lint_paths([str(corpus)], registry, Config(), jobs=2)
    assert len(one.files) == len(list(corpus.rglob("*.txt")))
    assert snapshot(one) == snapshot(two)
    assert [f.path for f in two.files] == sorted(f.path for f in two.files)
    assert len(one.diagnostics) > 100


def test_explicit_file_list_spread_over_workers(corpus):
    registry = load_registry()
    files = sorted(str(p) for p in corpus.rglob("*.txt"))[::-1]  # as pre-commit passes them
    seen = []
    entries = list(
        run_files(files, registry, Config(), jobs=2, progress=lambda d, t: seen.append((d, t)))
    )
    assert [r.path for r in entries] == files  # the order given, not the order finished
    assert seen[-1] == (len(files), len(files))


def test_a_worker_that_dies_mid_run_drops_no_other_file(corpus, monkeypatch, tmp_path):
    """A worker killed while reading a file (here: the first file it takes) costs that file a
    PARSE001 finding naming how the worker ended; a new worker takes the rest, and their
    results are those of one process."""
    registry = load_registry()
    files = sorted(str(p) for p in corpus.rglob("*.txt"))
    one = [r.diagnostics for r in run_files(files, registry, Config(), jobs=1)]
    died = tmp_path / "died"
    real = linter.parallel.lint_file

    def dying(path, *args):
        try:  # the first worker to get here, and only it
            fd = os.open(died, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
        except FileExistsError:
            return real(path, *args)
        os.write(fd, path.encode())
        os._exit(3)

    monkeypatch.setattr(linter.parallel, "lint_file", dying)
    entries = list(run_files(files, registry, Config(), jobs=2))
    lost = died.read_text()
    assert [r.path for r in entries] == files
    for entry, expected in zip(entries, one, strict=True):
        if entry.path == lost:
            (diag,) = entry.diagnostics
            assert diag.code == "PARSE001" and "exit status 3" in diag.en
        else:
            assert entry.diagnostics == expected


ORPHAN = """
import os, signal, sys, time
import linter.parallel, linter.supervise
from linter.config import Config
from linter.plugins import load_registry

real = linter.parallel.lint_file
pids = []
start = linter.supervise.Pool._start

def started(self):
    worker = start(self)
    pids.append(worker.pid)
    return worker

def slow(*args):
    time.sleep(0.05)
    return real(*args)

linter.parallel.lint_file = slow
linter.supervise.Pool._start = started
files = sys.argv[1:]
for entry in linter.parallel.run_files(files, load_registry(), Config(), jobs=2):
    print(*pids, flush=True)
    os.kill(os.getpid(), signal.SIGKILL)
"""


@pytest.mark.skipif(sys.platform != "linux", reason="reads /proc; fork is used only on Linux")
def test_workers_of_a_killed_run_end_on_their_own(corpus):
    """The parent is killed (SIGKILL: nothing of it runs after); its worker must not wait for
    ever to send results nobody will read."""
    files = sorted(str(p) for p in corpus.rglob("*.txt"))
    run = subprocess.run(
        [sys.executable, "-c", ORPHAN, *files], capture_output=True, text=True, timeout=60
    )
    pids = [int(pid) for pid in run.stdout.split()]
    assert run.returncode == -signal.SIGKILL and pids
    deadline = time.monotonic() + 20
    while any(_alive(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_alive(pid) for pid in pids)


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(")")[-1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def test_unreadable_and_missing_files_are_reported_not_dropped(corpus, tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe\x00\xd8garbage" * 10)
    missing = tmp_path / "missing.txt"
    registry = load_registry()
    files = [str(bad), *sorted(str(p) for p in corpus.rglob("*.txt")), str(missing)]
    result = lint_paths(files, registry, Config(), jobs=2)
    assert [f.path for f in result.files] == files
    assert result.files[-1].diagnostics[0].code == "PARSE001"
    assert result.exit_code() == 2


def test_batch_rules_see_every_form_with_workers(corpus):
    registry = load_registry()
    batch_codes = {c for c, r in registry.rules.items() if r.batch is not None}
    if not batch_codes:
        pytest.skip("no batch rule is installed yet")
    one = lint_paths([str(corpus)], registry, Config(), jobs=1)
    two = lint_paths([str(corpus)], registry, Config(), jobs=2)
    pick = lambda r: sorted(  # noqa: E731
        (d.path, d.span.line, d.code) for d in r.diagnostics if d.code in batch_codes
    )
    assert pick(one) == pick(two) and pick(one)


def test_cli_jobs_and_quiet_give_the_same_report(capsys, corpus):
    main(["check", str(corpus), "--no-cache", "--format", "json", "--jobs", "1"])
    one = capsys.readouterr().out
    main(["check", str(corpus), "--no-cache", "--format", "json", "--jobs", "2", "--quiet"])
    two = capsys.readouterr()
    assert one == two.out
    assert two.err == ""  # no progress bar when stderr is not a terminal


def test_jobs_must_be_positive(capsys):
    with pytest.raises(SystemExit):
        main(["check", str(SEEDS), "--jobs", "0"])


def test_without_fork_files_are_linted_in_process_with_the_same_results(corpus, monkeypatch):
    """Where os.fork does not exist (Windows), the files are linted in-process, under the
    signal timer, with the results of the workers."""
    import linter.supervise

    registry = load_registry()
    files = sorted(str(p) for p in corpus.rglob("*.txt"))[:20]
    forked = [r.diagnostics for r in run_files(files, registry, Config(), jobs=2)]
    monkeypatch.setattr(linter.supervise, "AVAILABLE", False)
    monkeypatch.setattr(linter.supervise.os, "fork", None)  # were it called, it would fail
    assert [r.diagnostics for r in run_files(files, registry, Config(), jobs=2)] == forked


def test_a_worker_that_dies_between_tasks_is_given_nothing_more():
    """A worker that dies on its second task while the parent hands it a third (a broken pipe):
    that task goes to a new worker, and the pool never spins on the dead one."""
    import marshal
    import signal

    import linter.supervise as supervise

    def serve(payload: bytes) -> bytes:
        task = marshal.loads(payload)
        if task == 1:
            os._exit(3)
        time.sleep(0.01)
        return payload

    pool = supervise.Pool(1, serve, marshal.dumps, limit=10)
    for task in range(8):
        pool.submit(task)
    previous = signal.signal(signal.SIGALRM, lambda *_: pytest.fail("the pool hung"))
    signal.alarm(30)
    events = []
    try:
        for event in pool.events():
            events.append(event)
            if event.task == 0:
                time.sleep(0.5)  # the worker dies on task 1 meanwhile: its pipe is broken
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert sorted(e.task for e in events) == list(range(8))
    (crash,) = [e for e in events if e.kind != "done"]
    assert crash.task == 1 and crash.kind == "crash" and "exit status 3" in crash.detail


def _decoded(data: bytes, path: str) -> bytes:
    """Wire bytes as a decoded result encodes them (marshal's back-references follow identity)."""
    return dump_result(load_result(data, path, trusted=True), trusted=True)


def test_wire_results_are_the_results_a_run_gives(tmp_path):
    """A Dask worker's task passes its worker's bytes on undecoded: the same results as a run
    gives, also for a file on which a check ended its process (the rule cut off)."""
    text = seed_path("000").read_text(encoding="utf-8")
    for marker in ("EXIT", "calm"):
        (tmp_path / f"{marker}.txt").write_text(
            text.replace("项目名称\t", f"项目名称\t{marker}", 1), encoding="utf-8"
        )
    paths = [*sorted(str(p) for p in tmp_path.iterdir()), *sorted(map(str, SEEDS.glob("*.txt")))]
    registry, config = troublemakers.registry(), Config()
    expected = [dump_result(r, trusted=True) for r in run_files(paths, registry, config)]
    got = wire_results(paths, registry, config)
    assert [_decoded(b, p) for b, p in zip(got, paths, strict=True)] == [
        _decoded(b, p) for b, p in zip(expected, paths, strict=True)
    ]
    assert b"XTM001" in got[0] and b"XTM001" not in got[1]
    assert wire_results([], registry, config) == []
