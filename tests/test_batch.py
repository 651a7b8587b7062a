"""Batch runs: the pool gives the same per-file results as one process, in input order, for
directories and explicit file lists alike, whether its workers fork or spawn; it never drops a
file, and a worker or parent that dies leaves nothing waiting for ever."""

from __future__ import annotations

import multiprocessing
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import SEEDS

import linter.parallel
from linter.cli import main
from linter.config import Config
from linter.engine import lint_paths
from linter.parallel import MIN_PARALLEL_BYTES, run_files
from linter.plugins import Registry, load_registry


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """Enough copies of the seeds that the pool is really used (more than MIN_PARALLEL_BYTES)."""
    root = tmp_path_factory.mktemp("corpus")
    copies = 0
    while sum(p.stat().st_size for p in root.rglob("*.txt")) < 2 * MIN_PARALLEL_BYTES:
        folder = root / f"d{copies:02d}"
        folder.mkdir()
        for seed in sorted(SEEDS.glob("*.txt")):
            text = seed.read_text(encoding="utf-8")
            if copies:  # another project with the same goals: batch rules have work to do
                text = re.sub(r"(项目名称\t[^\t\n]+)", rf"\1（{copies}）", text)
            (folder / f"{copies:02d}_{seed.name}").write_text(text, encoding="utf-8")
        copies += 1
    return root


def snapshot(result) -> list:
    return [
        (f.path, len(f.forms), [(d.span.line, d.span.col, d.code, d.zh) for d in f.diagnostics])
        for f in result.files
    ]


def broken_registry() -> Registry:
    """A worker factory that fails: the worker ends and the parent must finish every file."""
    raise RuntimeError("worker could not start")


def spawned(monkeypatch) -> list[str]:
    """Workers start by ``spawn``, as where fork is not used (macOS, Windows, a thread running):
    they build their own registry. Returns the list of start methods the pool asked for."""
    started = []

    def spawn():
        started.append("spawn")
        return multiprocessing.get_context("spawn")

    monkeypatch.setattr(linter.parallel, "_context", spawn)
    return started


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


@pytest.mark.parametrize(
    "factory",
    [broken_registry, lambda: load_registry()],
    ids=["factory-raises", "factory-does-not-pickle"],
)
def test_workers_that_cannot_start_drop_no_file(corpus, monkeypatch, factory):
    """A worker whose registry fails to build, or whose factory does not pickle for ``spawn``:
    the parent lints every file itself."""
    started = spawned(monkeypatch)
    registry = load_registry()
    files = sorted(str(p) for p in corpus.rglob("*.txt"))
    entries = list(run_files(files, registry, Config(), jobs=2, registry_factory=factory))
    assert started == ["spawn"]
    assert [r.path for r in entries] == files
    assert not any(d.code == "PARSE004" for r in entries for d in r.diagnostics)


def test_a_worker_that_dies_mid_run_drops_no_file(corpus, monkeypatch, tmp_path):
    """A worker killed while linting (here: on the first file it takes) loses that file; the
    parent lints it again, and the results are those of one process."""
    registry = load_registry()
    files = sorted(str(p) for p in corpus.rglob("*.txt"))
    one = [r.diagnostics for r in run_files(files, registry, Config(), jobs=1)]
    parent, died = os.getpid(), tmp_path / "died"
    real = linter.parallel.lint_file

    def dying(path, *args):
        if os.getpid() != parent:
            died.write_text(path)
            os._exit(3)
        return real(path, *args)

    monkeypatch.setattr(linter.parallel, "lint_file", dying)
    entries = list(run_files(files, registry, Config(), jobs=2))
    assert died.read_text() in files
    assert [r.path for r in entries] == files
    assert [r.diagnostics for r in entries] == one


def test_a_worker_killed_holding_the_counter_hangs_nothing(corpus, monkeypatch, tmp_path):
    """A worker killed while it holds the shared counter's lock (here: it takes the lock and
    exits) would leave everyone waiting for it; after LOCK_WAIT the parent stops the workers and
    lints what is left itself."""
    registry = load_registry()
    files = sorted(str(p) for p in corpus.rglob("*.txt"))
    one = [r.diagnostics for r in run_files(files, registry, Config(), jobs=1)]
    parent, died = os.getpid(), tmp_path / "died"
    real = linter.parallel._take

    def take(counter):
        if os.getpid() != parent:
            counter.get_lock().acquire()
            died.touch()
            os._exit(3)
        return real(counter)

    monkeypatch.setattr(linter.parallel, "_take", take)
    monkeypatch.setattr(linter.parallel, "LOCK_WAIT", 0.5)
    entries = list(run_files(files, registry, Config(), jobs=3))
    assert died.exists()
    assert [r.path for r in entries] == files
    assert [r.diagnostics for r in entries] == one


ORPHAN = """
import multiprocessing, os, signal, sys, time
import linter.parallel
from linter.config import Config
from linter.plugins import load_registry

real = linter.parallel.lint_file

def slow(*args):
    time.sleep(0.05)
    return real(*args)

linter.parallel.lint_file = slow
files = sys.argv[1:]
for entry in linter.parallel.run_files(files, load_registry(), Config(), jobs=2):
    print(*(child.pid for child in multiprocessing.active_children()), flush=True)
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


def test_workers_started_by_spawn_give_the_same_results(corpus, monkeypatch):
    """Where fork is not used (macOS, Windows, or a thread running), a worker starts afresh
    and builds its own registry; its results are those of one process."""
    registry = load_registry()
    files = sorted(str(p) for p in corpus.rglob("*.txt"))
    one = [r.diagnostics for r in run_files(files, registry, Config(), jobs=1)]
    started = spawned(monkeypatch)
    sent = []
    real_load, real_lint = linter.parallel.load_result, linter.parallel._lint_one

    def load(data, path):
        sent.append(path)
        return real_load(data, path)

    def slow_lint(*args):  # the parent only: a spawned worker imports the module afresh
        time.sleep(0.1)  # time for the worker to start, however slow its imports
        return real_lint(*args)

    monkeypatch.setattr(linter.parallel, "load_result", load)
    monkeypatch.setattr(linter.parallel, "_lint_one", slow_lint)
    entries = list(run_files(files, registry, Config(), jobs=2))
    assert started == ["spawn"] and sent  # a worker did lint some of the files
    assert [r.diagnostics for r in entries] == one


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
