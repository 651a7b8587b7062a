"""The baseline: today's findings are recorded, and only new ones are reported after that,
even when rows and forms move."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import SEEDS

from linter.cli import main


@pytest.fixture
def forms(tmp_path) -> Path:
    folder = tmp_path / "forms"
    shutil.copytree(SEEDS, folder)
    return folder


def findings(capsys, *args: str) -> list[dict]:
    main(["check", *args, "--no-cache", "--format", "json"])
    return json.loads(capsys.readouterr().out)["diagnostics"]


def test_write_then_only_new_findings(forms, tmp_path, capsys):
    baseline = tmp_path / "baseline.json"
    before = findings(capsys, str(forms))
    assert before
    assert main(["check", str(forms), "--no-cache", "--write-baseline", str(baseline)]) == 0
    assert f"{len(before)} findings recorded" in capsys.readouterr().err
    recorded = json.loads(baseline.read_text(encoding="utf-8"))
    assert len(recorded["findings"]) == len(before)
    assert not any(f["path"].startswith("/") for f in recorded["findings"])

    assert findings(capsys, str(forms), "--baseline", str(baseline)) == []

    # rows move: three lines on top of a file, a form's rows shifted down
    seed = next(forms.glob("000_*.txt"))
    text = seed.read_text(encoding="utf-8")
    seed.write_text("\n\n\n" + text, encoding="utf-8")
    assert findings(capsys, str(forms), "--baseline", str(baseline)) == []

    # a new vague target is a new finding, and the only one reported
    seed.write_text("\n\n\n" + text.replace(">=85%", "按要求", 1), encoding="utf-8")
    new = findings(capsys, str(forms), "--baseline", str(baseline))
    assert new and all(d["path"] == str(seed) for d in new)
    assert any("按要求" in d["message"] for d in new)
    assert main(["check", str(forms), "--no-cache", "--baseline", str(baseline), "-q"]) == 1
    capsys.readouterr()


def test_a_bad_baseline_is_a_usage_error(forms, tmp_path, capsys):
    bad = tmp_path / "baseline.json"
    bad.write_text("{}", encoding="utf-8")
    assert main(["check", str(forms), "--no-cache", "--baseline", str(bad)]) == 2
    assert "baseline" in capsys.readouterr().err


def test_fingerprint_ignores_line_numbers_in_messages():
    from linter.baseline import fingerprint
    from linter.engine import Diagnostic
    from linter.parse.nodes import Span

    a = Diagnostic("f.txt", Span(3, 1, 3, 2), "DUP001", "warning", "与第3行的指标重复", "x")
    b = Diagnostic("f.txt", Span(9, 1, 9, 2), "DUP001", "warning", "与第9行的指标重复", "x")
    assert fingerprint(a) == fingerprint(b)
