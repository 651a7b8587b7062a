"""Report replay: a re-run over unchanged inputs writes the stored report; any change lints again."""

from __future__ import annotations

import json
import shutil
import zlib
from pathlib import Path

import pytest
from conftest import SEEDS

import linter.cache
import linter.cli
import linter.parallel
import linter.replay
from linter.cli import main
from linter.hookspecs import hookimpl
from linter.plugins import load_registry
from linter.replay import _HEADER, KEEP_REPORTS
from linter.rules import Rule

SENTINEL = "replayed, not linted\n"


@pytest.fixture
def forms(tmp_path) -> Path:
    folder = tmp_path / "forms"
    shutil.copytree(SEEDS, folder)
    return folder


def check(forms: Path, cache: Path, out: Path, *extra: str) -> int:
    return main(
        ["check", str(forms), "--format", "json", "--cache-dir", str(cache), "-o", str(out), *extra]
    )


def stored_reports(cache: Path) -> list[Path]:
    return [p for p in cache.glob("*/reports/*") if not p.name.startswith(".")]


def tamper(report: Path, counts: dict | None = None) -> None:
    """Replace the stored report (and its counts, if given), the recorded length with it: a
    replay then shows it."""
    stored = json.loads(report.read_bytes().split(b"\n", 1)[0])
    stored.update(counts or {}, bytes=len(SENTINEL.encode()), crc=zlib.crc32(SENTINEL.encode()))
    header = json.dumps(stored).encode().ljust(_HEADER - 1)
    report.write_bytes(header + b"\n" + SENTINEL.encode())


def no_linting(*args, **kwargs):
    raise AssertionError("lint_file called although the report should be replayed")


def test_a_rerun_writes_the_stored_report_byte_for_byte(forms, tmp_path, monkeypatch):
    first, second = tmp_path / "1.json", tmp_path / "2.json"
    code = check(forms, tmp_path / "c", first)
    assert code == 1
    assert len(stored_reports(tmp_path / "c")) == 1
    monkeypatch.setattr(linter.parallel, "lint_file", no_linting)
    monkeypatch.setattr(linter.parallel, "load_result", no_linting)
    monkeypatch.setattr(linter.cache.Cache, "load", no_linting)  # nor the per-file entries
    assert check(forms, tmp_path / "c", second) == code
    assert second.read_bytes() == first.read_bytes()


def test_the_replay_goes_to_stdout_too(forms, tmp_path, capsys):
    args = ["check", str(forms), "--format", "concise", "--cache-dir", str(tmp_path / "c")]
    assert main(args) == 1
    linted = capsys.readouterr().out
    assert main(args) == 1
    assert capsys.readouterr().out == linted
    (report,) = stored_reports(tmp_path / "c")
    tamper(report)
    main(args)
    assert capsys.readouterr().out == SENTINEL


def test_the_exit_code_follows_today_s_fail_on_and_exit_zero(forms, tmp_path):
    out = tmp_path / "r.json"
    assert check(forms, tmp_path / "c", out) == 1
    (report,) = stored_reports(tmp_path / "c")
    tamper(report)
    assert check(forms, tmp_path / "c", out, "--exit-zero") == 0
    assert out.read_text(encoding="utf-8") == SENTINEL
    tamper(report, {"files": 5, "forms": 29, "by_severity": {"info": 3}})
    assert check(forms, tmp_path / "c", out) == 0
    assert check(forms, tmp_path / "c", out, "--fail-on", "info") == 1


@pytest.mark.parametrize(
    "change",
    ["a form's bytes", "the language", "the rules", "the format", "a file's path"],
)
def test_any_change_lints_again(forms, tmp_path, change):
    out = tmp_path / "r.json"
    check(forms, tmp_path / "c", out)
    tamper(stored_reports(tmp_path / "c")[0])
    extra: list[str] = []
    target = forms
    if change == "a form's bytes":
        seed = next(forms.glob("000_*.txt"))
        seed.write_bytes(seed.read_bytes() + b"\n")
    elif change == "the language":
        extra = ["--lang", "en"]
    elif change == "the rules":
        extra = ["--ignore", "VAG001"]
    elif change == "the format":
        extra = ["--format", "jsonl"]
    else:
        target = forms.rename(tmp_path / "renamed")
    check(target, tmp_path / "c", out, *extra)
    assert out.read_text(encoding="utf-8") != SENTINEL
    assert '"code": "VAG' in out.read_text(encoding="utf-8")


@pytest.mark.parametrize("extra", [["--format", "html"], ["--baseline", "none.json"]])
def test_reports_that_may_differ_are_never_stored(forms, tmp_path, extra):
    if "--baseline" in extra:
        extra = ["--baseline", str(tmp_path / "base.json")]
        main(["check", str(forms), "--write-baseline", extra[1], "--no-cache"])
    check(forms, tmp_path / "c", tmp_path / "r", *extra)
    assert stored_reports(tmp_path / "c") == []


def test_a_run_with_an_unreadable_file_is_not_stored(forms, tmp_path):
    (forms / "broken.txt").symlink_to(forms / "nowhere.txt")  # in the tree: linted, unreadable
    assert check(forms, tmp_path / "c", tmp_path / "r.json") == 2
    assert stored_reports(tmp_path / "c") == []


class _Raising:
    """A plugin whose check raises on every form: the run ends in exit 2 (made up)."""

    @hookimpl
    def formlint_rules(self):
        def boom(form, options):
            raise ZeroDivisionError("division by zero")

        return [Rule("XPL001", "boom", "炸", "boom", "w", "b", "g", "p", check=boom)]


def test_a_run_with_a_crashed_check_is_not_stored(forms, tmp_path, monkeypatch):
    monkeypatch.setattr(linter.cli, "load_registry", lambda: load_registry((_Raising(),)))
    assert check(forms, tmp_path / "c", tmp_path / "r.json") == 2
    assert '"PARSE004"' in (tmp_path / "r.json").read_text(encoding="utf-8")
    assert stored_reports(tmp_path / "c") == []


def test_only_the_most_recently_used_reports_are_kept(forms, tmp_path):
    seeds = sorted(forms.glob("*.txt"))
    original = seeds[0].read_bytes()
    check(forms, tmp_path / "c", tmp_path / "r.json")
    (first,) = stored_reports(tmp_path / "c")
    for n in range(1, KEEP_REPORTS + 2):
        seeds[0].write_bytes(original + b"\n" * n)  # a new set of inputs each time
        check(forms, tmp_path / "c", tmp_path / "r.json")
        if n == KEEP_REPORTS - 2:  # the first inputs again: their report is used, so it stays
            seeds[0].write_bytes(original)
            check(forms, tmp_path / "c", tmp_path / "r.json")
    kept = stored_reports(tmp_path / "c")
    assert len(kept) == KEEP_REPORTS
    assert first in kept


def test_a_run_that_misses_reads_each_input_once_for_its_keys(forms, tmp_path, monkeypatch):
    """The replay's pass over the inputs leaves their keys for the run's own pass."""
    reads = []
    real = linter.cache.read_bytes
    monkeypatch.setattr(linter.cache, "read_bytes", lambda path: reads.append(path) or real(path))
    check(forms, tmp_path / "c", tmp_path / "r.json")
    assert sorted(reads) == sorted(str(p) for p in forms.glob("*.txt"))


def test_a_cache_that_cannot_be_written_still_gives_the_report(forms, tmp_path, capsys):
    """The cache is a help, never a condition: under a path that cannot be a directory (a file
    stands where it would go), the run reports as it would without a cache, and says nothing of
    an internal error."""
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory", encoding="utf-8")
    out, plain = tmp_path / "out.json", tmp_path / "plain.json"
    assert check(forms, blocker / "cache", out) == 1
    assert main(["check", str(forms), "--format", "json", "--no-cache", "-o", str(plain)]) == 1
    assert out.read_bytes() == plain.read_bytes()
    assert "internal error" not in capsys.readouterr().err


def test_a_stored_report_cut_short_is_linted_again(forms, tmp_path):
    first, second = tmp_path / "1.json", tmp_path / "2.json"
    check(forms, tmp_path / "c", first)
    (report,) = stored_reports(tmp_path / "c")
    report.write_bytes(report.read_bytes()[:-100])
    check(forms, tmp_path / "c", second)
    assert second.read_bytes() == first.read_bytes()


def test_a_replay_that_cannot_mark_its_entry_used_writes_the_report_once(
    forms, tmp_path, capsys, monkeypatch
):
    """A cache one may read but not touch: the report is played, and not linted and written a
    second time after it."""
    args = ["check", str(forms), "--format", "concise", "--cache-dir", str(tmp_path / "c")]
    main(args)
    linted = capsys.readouterr().out

    def refuse(*args, **kwargs):
        raise PermissionError("read-only cache")

    monkeypatch.setattr(linter.replay.os, "utime", refuse)
    monkeypatch.setattr(linter.parallel, "lint_file", no_linting)
    assert main(args) == 1
    assert capsys.readouterr().out == linted


def test_a_run_with_a_plugin_problem_is_never_replayed(forms, tmp_path, monkeypatch):
    """A problem that leaves the cache's salt as it was (made up: one added by hand) must still
    make the run exit 2 and show the problem, which a stored report would not."""
    out = tmp_path / "r.json"
    assert check(forms, tmp_path / "c", out) == 1

    def with_a_problem():
        registry = load_registry()
        registry.problems.append("plugin 'made-up': rule code VAG001 is already taken")
        return registry

    monkeypatch.setattr(linter.cli, "load_registry", with_a_problem)
    assert check(forms, tmp_path / "c", out) == 2
    assert "VAG001 is already taken" in out.read_text(encoding="utf-8")
