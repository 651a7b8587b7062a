"""Streamed reports (json, jsonl, concise) lint while they write: same findings as a run kept in
memory, batch findings included, and nothing of a file kept once it is written."""

from __future__ import annotations

import json
import shutil

from conftest import SEEDS, registry

from linter.cli import main
from linter.config import Config
from linter.engine import LintRun, lint_paths


def _corpus(tmp_path):
    """made up: two copies of the seeds under different names, so the batch rules fire too"""
    for n in (1, 2):
        folder = tmp_path / f"copy{n}"
        shutil.copytree(SEEDS, folder)
        for path in folder.glob("*.txt"):
            text = path.read_text(encoding="utf-8").replace("项目名称\t", f"项目名称\t副本{n}", 1)
            path.write_text(text, encoding="utf-8")
    return tmp_path


def test_streamed_json_has_the_same_findings_as_a_kept_run(tmp_path, capsys):
    corpus = _corpus(tmp_path)
    kept = lint_paths([str(corpus)], registry(), Config())
    main(["check", str(corpus), "--format", "json", "--no-cache", "--jobs", "1"])
    streamed = json.loads(capsys.readouterr().out)

    def key(d):
        return (d["path"], d["line"], d["column"], d["code"], d["message"])

    expected = sorted((d.path, d.span.line, d.span.col, d.code, d.zh) for d in kept.diagnostics)
    assert sorted(key(d) for d in streamed["diagnostics"]) == expected
    assert any(d["code"] == "DUP006" for d in streamed["diagnostics"])
    assert streamed["summary"]["diagnostics"] == len(expected)
    assert [f["path"] for f in streamed["files"]] == [f.path for f in kept.files]


def test_a_streamed_run_keeps_counts_not_results(tmp_path):
    corpus = _corpus(tmp_path)
    run = LintRun([str(corpus)], registry(), Config())
    seen = [(r.path, [d.code for d in r.diagnostics], r.digests) for r in run]
    assert all(digests == [] for _, _, digests in seen)  # batch rules took what they need
    counts = run.counts()
    assert counts.files == len(seen) == 10 and counts.forms == 58
    assert sum(counts.by_severity.values()) == sum(len(c) for _, c, _ in seen) + len(run.late)
    # a copy's finding comes with its own file (the first form was seen before it), none at the end
    assert not any("DUP006" in codes for path, codes, _ in seen if "copy1" in path)
    assert sum("DUP006" in codes for path, codes, _ in seen if "copy2" in path) == 3
    assert run.late == []
    assert run.exit_code() == 1
