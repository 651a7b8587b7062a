"""formlint writes nowhere but ``--output``, its result cache and its grammar cache: a run on a
read-only copy of a tree leaves the tree, the home directory and the working directory as they were.

Tests run as root here, where a read-only mode stops nobody, so the proof is a snapshot of every
path and hash before and after, not a permission error."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import SEEDS

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def snapshot(root: Path) -> dict[str, str]:
    out = {}
    for path in sorted(root.rglob("*")):
        rel = str(path.relative_to(root))
        out[rel] = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "dir"
    return out


def run(args: list[str], cwd: Path, home: Path, xdg: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "FORMLINT_CACHE_DIR"}
    env.update(HOME=str(home), XDG_CACHE_HOME=str(xdg), CI="1", PYTHONDONTWRITEBYTECODE="1")
    return subprocess.run(
        [sys.executable, "-m", "linter", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )


def test_check_on_a_read_only_tree_writes_only_its_caches_and_output(tmp_path):
    tree = tmp_path / "tree"
    shutil.copytree(SEEDS, tree / "seeds")
    shutil.copytree(EXAMPLES, tree / "examples", ignore=shutil.ignore_patterns("__pycache__"))
    for path in [tree, *tree.rglob("*")]:
        path.chmod(0o555 if path.is_dir() else 0o444)
    home, xdg, cwd = tmp_path / "home", tmp_path / "xdg", tmp_path / "cwd"
    for d in (home, xdg, cwd):
        d.mkdir()
    before = snapshot(tree)
    try:
        for args in (
            ["check", str(tree), "--format", "json", "-j", "2"],
            ["check", str(tree), "-o", str(tmp_path / "report.json"), "--format", "json"],
            ["parse", str(tree / "seeds"), "--format", "json"],
            ["rules"],
        ):
            proc = run(args, cwd, home, xdg)
            assert proc.returncode in (0, 1), (args, proc.stderr)
        assert snapshot(tree) == before
    finally:
        for path in [tree, *tree.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)
    assert snapshot(home) == {}
    assert {p.split(os.sep)[0] for p in snapshot(cwd)} <= {".formlint_cache"}
    user_cache = {p for p, kind in snapshot(xdg).items() if kind != "dir"}
    plugin_lists = {
        p for p in user_cache if re.fullmatch(r"formlint-[0-9a-f]{8}\.json", Path(p).name)
    }
    assert len(plugin_lists) == 1  # one environment ran every command
    grammar_tables = {  # one per grammar, named by its version (linter.parse.grammar)
        os.path.join("formlint", "lark", f"{name}.lark.{version}.cache")
        for name, version in (
            re.fullmatch(r"(form|value)\.lark\.([0-9a-f]{16})\.cache", Path(p).name).groups()
            for p in user_cache - plugin_lists
        )
    }
    assert user_cache - plugin_lists == grammar_tables
    assert {Path(p).name.split(".")[0] for p in grammar_tables} == {"form", "value"}
    assert (tmp_path / "report.json").stat().st_size > 0
    written = {p.name for p in tmp_path.iterdir()}
    assert written == {"tree", "home", "xdg", "cwd", "report.json"}


def test_no_cache_run_writes_nothing_but_the_grammar_cache(tmp_path):
    home, xdg, cwd = tmp_path / "home", tmp_path / "xdg", tmp_path / "cwd"
    for d in (home, xdg, cwd):
        d.mkdir()
    proc = run(["check", str(SEEDS), "--no-cache", "--format", "json"], cwd, home, xdg)
    assert proc.returncode == 1, proc.stderr
    assert snapshot(home) == {} and snapshot(cwd) == {}
    assert all(p.startswith("formlint") for p in snapshot(xdg))
