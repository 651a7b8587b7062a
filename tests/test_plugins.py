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
from linter.engine import LintRun, lint_paths
from linter.hookspecs import hookimpl
from linter.plugins import load_registry
from linter.rules import Finding, FormDigest, Rule

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
    assert "插件: example" in doc.stdout and "minimum = 5" in doc.stdout  # zh by default
    doc = formlint("rule", "LOC001", "--lang", "en", env=plugin_env)
    assert "plugin: example" in doc.stdout and "Why: " in doc.stdout


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


class _CountForms:
    """made up: a batch rule that can only speak at the end (how many forms the run had)."""

    class Batch:
        def __init__(self, options):
            self.seen = []

        def see(self, path, form, digest):
            self.seen.append((path, form, digest))  # nothing to report yet: returns None

        def finish(self):
            path, form, digest = self.seen[-1]
            yield (
                path,
                form,
                Finding(digest.span, f"共 {len(self.seen)} 张表", f"{len(self.seen)} forms"),
            )

    @hookimpl
    def formlint_rules(self):
        return [
            Rule(
                "XPL002", "count", "数", "count", "w", "b", "g", "p", plugin="count",
                batch=self.Batch, digest=lambda form, options: FormDigest(form.title.span, None),
            )
        ]  # fmt: skip


def test_batch_findings_that_need_the_whole_run_come_at_the_end():
    registry = load_registry(extra_plugins=(_CountForms(),))
    config = Config(select=("XPL002",))
    files = [str(seed_path("000")), str(seed_path("002"))]
    kept = lint_paths(files, registry, config)
    assert [(d.path, d.en) for d in kept.diagnostics] == [(files[1], "10 forms")]
    run = LintRun(files, registry, config)
    assert all(not r.diagnostics for r in run)  # streamed: nothing joins a file ...
    assert [d.en for d in run.late] == ["10 forms"]  # ... it comes after the last one


class _Counting:
    """A plugin rule that computes with the table's columns: it reports every form it sees."""

    @hookimpl
    def formlint_rules(self):
        def seen(form, options):
            yield Finding(form.title.span, "见", "seen", "seen")

        return [
            Rule(
                "XPL003", "seen", "见", "seen", "w", "b", "g", "p",
                check=seen, plugin="counting", computes=("table",),
            )
        ]  # fmt: skip


def test_a_rule_is_not_run_on_the_parts_a_form_doubts():
    # real: a07's table has one column per town, which no heading names; c02's is read whole
    registry = load_registry(extra_plugins=(_Counting(),))
    real = Path(__file__).parent / "fixtures" / "real"
    paths = [str(next(real.glob(f"{p}_*.txt"))) for p in ("a07", "c02")]
    result = lint_paths(paths, registry, Config(select=("XPL003",)))
    assert [Path(d.path).name[:3] for d in result.diagnostics] == ["c02"]
