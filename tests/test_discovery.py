"""Nothing is skipped in silence: every file a directory scan does not lint is listed with its
reason, counted in every report format's summary, and fails the run unless it is excluded."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import registry, seed_path
from formats import seed_lines, write_xlsx

from linter.cli import main
from linter.config import Config
from linter.discovery import Skipped, discover


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A form as text, and four files no reader takes (made up: a picture, an archive...)."""
    root = tmp_path / "forms"
    root.mkdir()
    shutil.copy(seed_path("004"), root / "a.txt")
    for name in ("b.png", "c.zip", "d.rtf", "e"):
        (root / name).write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    return root


def check(folder: Path, capsys, *args: str) -> tuple[int, str]:
    code = main(["check", str(folder), "--no-cache", "-j", "1", *args])
    return code, capsys.readouterr().out


def test_every_file_not_linted_is_listed_with_its_reason(folder, capsys):
    code, out = check(folder, capsys, "--format", "json", "--lang", "en")
    assert code == 1
    report = json.loads(out)
    skipped = {
        Path(d["path"]).name: d["message"] for d in report["diagnostics"] if d["code"] == "PARSE006"
    }
    assert set(skipped) == {"b.png", "c.zip", "d.rtf", "e"}
    assert "unsupported file type .png" in skipped["b.png"]
    assert "(no suffix)" in skipped["e"] and "extend-exclude" in skipped["e"]
    assert report["summary"]["skipped"] == 4 and report["summary"]["files"] == 5
    assert report["summary"]["forms"] == 2


def test_the_unsupported_file_fails_the_run_at_any_fail_on(folder, capsys):
    assert check(folder, capsys, "--fail-on", "error")[0] == 1
    assert check(folder, capsys, "--select", "SUM")[0] == 1  # select does not silence it


def test_excluded_files_are_passed_over(folder, capsys):
    code, out = check(folder, capsys, "--format", "json", "--extend-exclude", "*.png,*.zip,d.rtf,e")
    report = json.loads(out)
    assert [Path(f["path"]).name for f in report["files"]] == ["a.txt"]
    assert report["summary"]["skipped"] == 0
    assert code == 1  # the form's own findings
    assert check(folder, capsys, "--extend-exclude", "*.png,*.zip,d.rtf,e", "--exit-zero")[0] == 0


def test_exclude_in_the_configuration_is_relative_to_its_folder(folder, capsys):
    (folder / "old").mkdir()
    shutil.copy(seed_path("000"), folder / "old" / "x.txt")
    (folder / "formlint.toml").write_text(
        'extend-exclude = ["*.png", "*.zip", "*.rtf", "e", "old/*"]\n',  # itself: by default
        encoding="utf-8",
    )
    report = json.loads(check(folder, capsys, "--format", "json")[1])
    assert [Path(f["path"]).name for f in report["files"]] == ["a.txt"]


def test_hidden_files_git_and_the_cache_are_excluded_by_default(tmp_path, capsys):
    root = tmp_path / "repo"
    for sub in (".git", ".formlint_cache", "__pycache__", ".hidden"):
        (root / sub).mkdir(parents=True)
        (root / sub / "blob").write_bytes(b"\x00binary")
    (root / ".notes.md").write_text("hidden", encoding="utf-8")
    (root / "~$form.xlsx").write_bytes(b"lock")  # Office's lock file
    shutil.copy(seed_path("004"), root / "form.txt")
    custom_cache = root / "cache-here"
    custom_cache.mkdir()
    (custom_cache / "entry").write_bytes(b"\x00")
    report = json.loads(
        check(root, capsys, "--format", "json", "--cache-dir", str(custom_cache))[1]
    )
    assert [Path(f["path"]).name for f in report["files"]] == ["form.txt"]
    assert report["summary"]["skipped"] == 0


def test_exclude_replaces_the_default(tmp_path):
    (tmp_path / ".hidden").mkdir()
    shutil.copy(seed_path("004"), tmp_path / ".hidden" / "form.txt")
    found = list(discover([str(tmp_path)], registry(), Config(exclude=("*.png",))))
    assert found == [str(tmp_path / ".hidden" / "form.txt")]


def test_a_file_named_on_the_command_line_is_linted_even_when_excluded_and_named_if_unsupported(
    tmp_path,
):
    shutil.copy(seed_path("004"), tmp_path / "form.txt")
    config = Config(extend_exclude=("form.txt",))
    assert list(discover([str(tmp_path / "form.txt")], registry(), config)) == [
        str(tmp_path / "form.txt")
    ]
    (tmp_path / "x.png").write_bytes(b"\x89PNG")
    (found,) = discover([str(tmp_path / "x.png")], registry(), config)
    assert isinstance(found, Skipped) and found.code == "PARSE006"


def test_extend_include_reads_a_file_by_its_content(tmp_path, capsys):
    """A budget system's download with an odd name (made up) that is really a workbook."""
    write_xlsx(seed_lines(seed_path("004")), tmp_path / "export.xlsx")
    (tmp_path / "export.xlsx").rename(tmp_path / "下载.do")
    shutil.copy(seed_path("004"), tmp_path / "form.text")
    code, out = check(tmp_path, capsys, "--format", "json", "--extend-include", "*.do,*.text")
    report = json.loads(out)
    assert {Path(f["path"]).name: f["forms"] for f in report["files"]} == {
        "form.text": 2,
        "下载.do": 2,
    }
    assert report["summary"]["skipped"] == 0


def test_symlinks_out_of_the_tree_are_not_followed_and_are_listed(tmp_path, capsys):
    outside = tmp_path / "outside"
    outside.mkdir()
    shutil.copy(seed_path("000"), outside / "secret.txt")
    tree = tmp_path / "tree"
    tree.mkdir()
    shutil.copy(seed_path("004"), tree / "form.txt")
    (tree / "link.txt").symlink_to(outside / "secret.txt")
    (tree / "linked-dir").symlink_to(outside)
    (tree / "inside.txt").symlink_to(tree / "form.txt")  # inside the tree: linted
    report = json.loads(check(tree, capsys, "--format", "json", "--lang", "en")[1])
    skipped = {
        Path(d["path"]).name: d["message"] for d in report["diagnostics"] if d["code"] == "PARSE006"
    }
    assert set(skipped) == {"link.txt", "linked-dir"}
    assert "symlink out of the linted tree" in skipped["link.txt"]
    assert str(outside) in skipped["linked-dir"]
    assert {Path(f["path"]).name for f in report["files"]} == {
        "form.txt", "inside.txt", "link.txt", "linked-dir",
    }  # fmt: skip
    assert report["summary"]["skipped"] == 2
    assert not any("secret" in d["path"] for d in report["diagnostics"])


def test_a_directory_that_cannot_be_listed_is_reported(tmp_path, monkeypatch, capsys):
    shutil.copy(seed_path("004"), tmp_path / "form.txt")
    (tmp_path / "locked").mkdir()
    real = os.scandir

    def scandir(path="."):
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    code, out = check(tmp_path, capsys, "--format", "json", "--lang", "en")
    assert code == 2
    report = json.loads(out)
    (locked,) = [d for d in report["diagnostics"] if d["path"].endswith("locked")]
    assert locked["code"] == "PARSE001" and "cannot list the directory" in locked["message"]
    assert report["summary"]["skipped"] == 1


# --- every report format says so ---------------------------------------------------------------


def test_every_format_counts_the_files_not_linted(folder, capsys, tmp_path):
    summaries = {}
    for fmt in ("rich", "concise", "json", "jsonl", "sarif", "github", "junit", "csv", "html"):
        code, out = check(folder, capsys, "--format", fmt, "--lang", "en", "--no-color")
        assert code == 1, fmt
        summaries[fmt] = out
    assert "5 files (4 not linted)" in " ".join(summaries["rich"].split())
    assert "formlint: 4 files not linted" in summaries["concise"]
    assert json.loads(summaries["json"])["summary"]["skipped"] == 4
    assert sum('"PARSE006"' in line for line in summaries["jsonl"].splitlines()) == 4
    run = json.loads(summaries["sarif"])["runs"][0]
    assert run["invocations"][0]["properties"]["filesNotLinted"] == 4
    assert sum(r["ruleId"] == "PARSE006" for r in run["results"]) == 4
    assert "::error title=formlint::4 files not linted" in summaries["github"]
    suites = ET.fromstring(summaries["junit"].split("\n", 1)[1])
    assert suites.get("errors") == "4"
    assert len(suites.findall(".//testcase/error")) == 4
    rows = list(csv.reader(io.StringIO(summaries["csv"].lstrip("\ufeff"))))
    assert sum(r[3] == "PARSE006" for r in rows[1:]) == 4
    assert "未检查的文件 files not linted</span>" in summaries["html"].replace("<b>4</b>", "")
    assert ">4</b><span>未检查的文件 files not linted" in summaries["html"]
    xlsx = tmp_path / "report.xlsx"
    assert main(["check", str(folder), "--no-cache", "--format", "xlsx", "-o", str(xlsx)]) == 1
    from openpyxl import load_workbook

    sheet = load_workbook(xlsx)["汇总 Summary"]
    assert ["未检查的文件 files not linted", 4] in [
        [c.value for c in row[:2]] for row in sheet.rows
    ]


def test_a_clean_folder_reports_none_skipped(tmp_path, capsys):
    shutil.copy(seed_path("004"), tmp_path / "a.txt")
    code, out = check(tmp_path, capsys, "--format", "concise")
    assert "not linted" not in out and "未检查" not in out
    assert json.loads(check(tmp_path, capsys, "--format", "json")[1])["summary"]["skipped"] == 0


def test_a_replayed_report_changes_when_a_skipped_file_appears(folder, tmp_path, capsys):
    (folder / "b.png").unlink()
    for name in ("c.zip", "d.rtf", "e"):
        (folder / name).unlink()
    args = ["check", str(folder), "--format", "json", "--cache-dir", str(tmp_path / "c")]
    main(args)
    first = json.loads(capsys.readouterr().out)
    (folder / "new.png").write_bytes(b"\x89PNG")
    main(args)
    second = json.loads(capsys.readouterr().out)
    assert first["summary"]["skipped"] == 0 and second["summary"]["skipped"] == 1


def test_a_baseline_never_hides_a_file_not_linted(folder, tmp_path, capsys):
    baseline = tmp_path / "baseline.json"
    assert main(["check", str(folder), "--no-cache", "--write-baseline", str(baseline)]) == 0
    recorded = json.loads(baseline.read_text(encoding="utf-8"))["findings"]
    assert recorded and not [f for f in recorded if f["code"] == "PARSE006"]
    capsys.readouterr()
    code, out = check(folder, capsys, "--format", "json", "--baseline", str(baseline))
    report = json.loads(out)
    assert code == 1
    assert {d["code"] for d in report["diagnostics"]} == {"PARSE006"}
    assert report["summary"]["skipped"] == 4
