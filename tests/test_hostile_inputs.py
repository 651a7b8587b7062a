"""Hostile inputs: each gets a clear finding naming its file, exit 1 or 2, no traceback and no hang;
the run finishes the other files; and no input changes by a single byte."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import seed_path

from linter.config import Config
from linter.engine import FileTimeout, lint_file
from linter.parse.source import ReadError
from linter.plugins import Registry
from linter.readers.base import Reader
from linter.rules import PARSE_RULES, Rule

TIMEOUT = 120  # a hang fails the test instead of the CI run


def formlint(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "CI": "1", "FORMLINT_DEBUG": ""}
    return subprocess.run(
        [sys.executable, "-m", "linter", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        stdin=subprocess.DEVNULL,
    )


def snapshot(root: Path) -> dict[str, str]:
    """Every entry under root: a file's sha256, a symlink's target, a FIFO's kind."""
    out = {}
    for dirpath, dirs, files in os.walk(root):
        for name in dirs + files:
            path = Path(dirpath, name)
            rel = str(path.relative_to(root))
            if path.is_symlink():
                out[rel] = "-> " + os.readlink(path)
            elif path.is_fifo():
                out[rel] = "fifo"
            elif path.is_file():
                out[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
            else:
                out[rel] = "dir"
    return out


@pytest.fixture(scope="module")
def hostile_tree(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    tree = root / "tree"
    tree.mkdir()
    seed = seed_path("002").read_bytes()
    (tree / "good.txt").write_bytes(seed)
    (tree / "empty.txt").write_bytes(b"")
    (tree / "random.txt").write_bytes(os.urandom(4096))
    (tree / "long-line.txt").write_bytes("财政项目支出".encode() * (5 * 1024 * 1024 // 18))
    (tree / "tabs.txt").write_bytes("财政项目支出绩效自评表\n".encode() + b"\t" * 5000 + b"\n")
    big_cell = "项目名称\t" + "长" * 100_000 + "\t主管部门\t某局"
    (tree / "big-cell.txt").write_text(f"财政项目支出绩效自评表\n{big_cell}\n", encoding="utf-8")
    half = len(seed) // 2
    (tree / "truncated-row.txt").write_bytes(seed[: seed.index(b"\t", half)])
    cut = seed.index("年度".encode(), half) + 1  # inside a three-byte character
    (tree / "truncated-char.txt").write_bytes(seed[:cut])
    (tree / "broken-link.txt").symlink_to(tree / "nowhere.txt")
    loop = tree / "loop"
    loop.mkdir()
    (loop / "up").symlink_to("..")
    (loop / "self").symlink_to(".")
    os.mkfifo(tree / "fifo.txt")  # reading it would block forever
    return root


def test_hostile_files_are_reported_and_the_run_finishes(hostile_tree):
    tree = hostile_tree / "tree"
    before = snapshot(tree)
    started = time.monotonic()
    proc = formlint(
        "check", "tree", "missing.txt", "--format", "json", "--no-cache", "-j", "2", "-q",
        cwd=hostile_tree,
    )  # fmt: skip
    elapsed = time.monotonic() - started
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    report = json.loads(proc.stdout)
    forms = {f["path"]: f["forms"] for f in report["files"]}
    expected = {
        "tree/good.txt", "tree/empty.txt", "tree/random.txt", "tree/long-line.txt",
        "tree/tabs.txt", "tree/big-cell.txt", "tree/truncated-row.txt",
        "tree/truncated-char.txt", "tree/broken-link.txt", "tree/fifo.txt", "missing.txt",
    }  # fmt: skip
    assert set(forms) == expected  # the loop directory is walked once, not forever
    assert forms["tree/good.txt"] == 6  # the other files are finished
    assert forms["tree/truncated-row.txt"] >= 1 and forms["tree/truncated-char.txt"] >= 1
    codes: dict[str, set[str]] = {}
    for d in report["diagnostics"]:
        codes.setdefault(d["path"], set()).add(d["code"])
    for path in ("empty.txt", "long-line.txt"):
        assert "PARSE003" in codes[f"tree/{path}"]
    for path in ("tree/random.txt", "tree/broken-link.txt", "tree/fifo.txt", "missing.txt"):
        assert codes[path] == {"PARSE001"}, path
    assert snapshot(tree) == before
    assert elapsed < 60


def test_rich_report_names_each_hostile_file(hostile_tree):
    tree = hostile_tree / "tree"
    before = snapshot(tree)
    proc = formlint("check", "tree", "missing.txt", "--no-cache", "-j", "1", "--lang", "en",
                    "--no-color", cwd=hostile_tree)  # fmt: skip
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr + proc.stdout
    out = " ".join(proc.stdout.split())
    for name, words in [
        ("random.txt", "not a text file"),
        ("broken-link.txt", "No such file"),
        ("fifo.txt", "not a regular file"),
        ("missing.txt", "no such file"),
        ("empty.txt", "no form found"),
    ]:
        assert name in out and words in out, name
    assert snapshot(tree) == before


def test_unreadable_file(tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root reads a chmod 000 file; the FIFO and broken-link cases cover it")
    path = tmp_path / "secret.txt"
    path.write_bytes(seed_path("000").read_bytes())
    path.chmod(0)
    try:
        proc = formlint("check", "secret.txt", "--format", "json", "--no-cache", cwd=tmp_path)
    finally:
        path.chmod(0o644)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    (diag,) = json.loads(proc.stdout)["diagnostics"]
    assert diag["code"] == "PARSE001" and diag["path"] == "secret.txt"


def test_ten_thousand_tiny_files(tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(10_000):
        (folder / f"{i:05d}.txt").write_bytes(b"x\n" if i % 2 else b"")
    (folder / "real.txt").write_bytes(seed_path("004").read_bytes())
    started = time.monotonic()
    proc = formlint("check", "many", "--format", "json", "--no-cache", "-q", cwd=tmp_path)
    assert time.monotonic() - started < 90
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    report = json.loads(proc.stdout)
    assert len(report["files"]) == 10_001
    assert sum(f["forms"] for f in report["files"]) == 2
    assert sum(d["code"] == "PARSE003" for d in report["diagnostics"]) == 10_000


# --- the per-file time limit, in-process ---------------------------------------------------------


def _slow_read(path: str, data: bytes):
    while True:
        time.sleep(0.01)


def _registry(*rules: Rule, read=_slow_read) -> Registry:
    registry = Registry()
    registry.rules = {r.code: r for r in (*PARSE_RULES, *rules)}
    registry.readers = [Reader("slow", (".txt",), read)]
    return registry


def test_a_file_that_takes_too_long_is_cut_off(tmp_path):
    path = tmp_path / "slow.txt"
    path.write_bytes(b"x")
    started = time.monotonic()
    result, document = lint_file(str(path), _registry(), Config(), time_limit=0.3)
    assert time.monotonic() - started < 5
    assert document is None
    (diag,) = result.diagnostics
    assert diag.code == "PARSE001" and diag.path == str(path) and "cut off" in diag.en
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, signal.default_int_handler, None)


def test_a_check_that_swallows_exceptions_is_still_cut_off(tmp_path):
    def stubborn(form, options):
        while True:
            try:
                time.sleep(0.01)
            except Exception:  # noqa: BLE001 - what a careless check does
                continue

    from linter.readers.text import read_text

    rule = Rule(
        code="STR900",
        name="stubborn",
        summary_zh="慢",
        summary_en="slow",
        why="",
        bad="",
        good="",
        policy="",
        check=stubborn,
    )
    path = seed_path("000")
    result, _ = lint_file(str(path), _registry(rule, read=read_text), Config(), time_limit=0.3)
    assert [d.code for d in result.diagnostics][-1] == "PARSE001"
    assert isinstance(FileTimeout(), BaseException) and not isinstance(FileTimeout(), Exception)


def test_no_time_limit_outside_the_main_thread(tmp_path):
    import threading

    path = tmp_path / "bad.txt"
    path.write_bytes(b"\x00\x01")
    out = []
    thread = threading.Thread(
        target=lambda: out.append(lint_file(str(path), _registry(read=_raise), Config()))
    )
    thread.start()
    thread.join(10)
    ((result, _),) = out
    assert [d.code for d in result.diagnostics] == ["PARSE001"]


def _raise(path: str, data: bytes):
    raise ReadError("坏", "bad")
