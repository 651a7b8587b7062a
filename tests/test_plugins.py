"""Plugins: the example package installs and its rule and reader work; broken plugins are reported."""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import seed_path

from linter.config import Config
from linter.engine import lint_paths
from linter.hookspecs import hookimpl
from linter.plugins import load_registry
from linter.rules import Rule

ROOT = Path(__file__).resolve().parents[1]


def formlint(
    *args: str, env: dict | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "linter", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=120,
    )


@pytest.fixture(scope="module")
def plugin_env(tmp_path_factory) -> dict:
    """The example plugin really installed (pip, into a target directory on PYTHONPATH)."""
    target = tmp_path_factory.mktemp("site")
    source = tmp_path_factory.mktemp("src") / "plugin"
    shutil.copytree(ROOT / "examples" / "plugin", source)  # the build writes beside its sources
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--no-build-isolation",
            "--target",
            str(target),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return {**os.environ, "PYTHONPATH": str(target)}


def test_example_plugin_rule_is_listed_and_documented(plugin_env):
    listed = formlint("rules", env=plugin_env)
    assert listed.returncode == 0
    assert "LOC001" in listed.stdout and "too-few-indicators" in listed.stdout
    doc = formlint("rule", "LOC001", env=plugin_env)
    assert "plugin: example" in doc.stdout and "minimum = 5" in doc.stdout


def test_example_plugin_rule_runs(plugin_env):
    run = formlint(
        "check", str(seed_path("002")), "--select", "LOC001", "--format", "json", env=plugin_env
    )
    report = json.loads(run.stdout)
    assert run.returncode == 1
    # forms 1, 2, 4, 5 of seed 002 have four indicators each
    assert [d["form"]["index"] for d in report["diagnostics"]] == [1, 2, 4, 5]
    assert "只有 4 个三级指标" in report["diagnostics"][0]["message"]


def test_example_plugin_reader_reads_csv(plugin_env, tmp_path):
    rows = [line.split("\t") for line in seed_path("002").read_text(encoding="utf-8").splitlines()]
    path = tmp_path / "self-evaluation.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    run = formlint("parse", "--format", "json", str(path), env=plugin_env)
    forms = json.loads(run.stdout)["files"][0]["forms"]
    assert [len(f["indicators"]) for f in forms] == [4, 4, 9, 4, 4, 5]


def test_plugin_that_fails_to_import_is_reported_and_skipped(tmp_path):
    dist = tmp_path / "broken_plugin-0.1.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: broken-plugin\nVersion: 0.1\n")
    (dist / "entry_points.txt").write_text("[formlint]\nbroken = broken_plugin\n")
    (tmp_path / "broken_plugin.py").write_text("raise ImportError('missing dependency foo')\n")
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    run = formlint("check", str(seed_path("000")), "--format", "json", env=env)
    assert run.returncode == 2
    assert "broken" in run.stderr and "missing dependency foo" in run.stderr
    assert json.loads(run.stdout)["summary"]["forms"] == 4  # the built-in checks still ran


class _Raising:
    """A plugin whose check raises on every form."""

    @hookimpl
    def formlint_rules(self):
        def boom(form, options):
            raise ZeroDivisionError("division by zero")

        return [
            Rule("XPL001", "boom", "炸", "boom", "w", "b", "g", "p", check=boom, plugin="raising")
        ]


def test_check_that_raises_becomes_a_diagnostic_and_the_others_run():
    registry = load_registry(extra_plugins=(_Raising(),))
    result = lint_paths([str(seed_path("000"))], registry, Config(select=("XPL", "PARSE")))
    crashes = [d for d in result.diagnostics if d.code == "PARSE004"]
    assert len(crashes) == 4 and "XPL001" in crashes[0].en and "ZeroDivisionError" in crashes[0].en
    assert result.exit_code() == 2


def test_malformed_rule_is_refused():
    class Bad:
        @hookimpl
        def formlint_rules(self):
            return [Rule("bad", "x", "x", "x", "w", "b", "g", "p", check=lambda f, o: ())]

    registry = load_registry(extra_plugins=(Bad(),))
    assert "bad" not in registry.rules
    assert any("three digits" in p for p in registry.problems)
