"""Issue 23, case by case: what formlint writes, deletes and executes, and what a hostile or
careless input or plugin can make it do. Each case holds the same promises: no file outside
formlint's own outputs is created, changed or deleted (the tree is hashed before and after); the
exit code is 0, 1 or 2 with a message naming the file; no traceback; the other files are still
reported; no run outlasts the per-file limit plus start-up; and the peak memory of the run, its
workers included, stays under 500 MB (measured: ``wait4`` of the formlint process).
The promises are stated in docs/safety.md."""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import subprocess
import sys
import threading
import time
from pathlib import Path

import hostile
import pytest
from conftest import seed_path

import linter.cache
import linter.parallel
from linter.cli import main
from linter.config import Config
from linter.engine import lint_paths
from linter.plugins import load_registry

ROOT = Path(__file__).resolve().parents[1]
MEMORY_MB = 500
LIMIT = 1.5  # --time-limit of the cases that hang: seconds
START_UP = 10.0  # what a run may take besides its time limits, on a loaded test machine
USER_CACHE = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")


class Run:
    def __init__(self, code: int, out: str, err: str, seconds: float, peak_mb: float) -> None:
        self.code, self.out, self.err, self.seconds, self.peak_mb = code, out, err, seconds, peak_mb

    def json(self) -> dict:
        return json.loads(self.out)

    def by_path(self) -> dict[str, list[dict]]:
        found: dict[str, list[dict]] = {}
        for d in self.json()["diagnostics"]:
            found.setdefault(Path(d["path"]).name, []).append(d)
        return found


def formlint(*args: str, cwd: Path, env: dict | None = None, runner: str | None = None) -> Run:
    """One formlint process (or ``runner``, a script taking formlint's arguments): its exit code,
    output, wall time and the peak RSS of it and every process it waited for."""
    environ = {**os.environ, "CI": "1", "FORMLINT_DEBUG": "", **(env or {})}
    environ["XDG_CACHE_HOME"] = str(USER_CACHE)  # formlint's own grammar and plugin lists
    environ.pop("FORMLINT_CACHE_DIR", None)
    command = (
        [sys.executable, "-c", runner, *args] if runner else [sys.executable, "-m", "linter", *args]
    )
    out_path, err_path = cwd / ".out", cwd / ".err"
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        started = time.monotonic()
        proc = subprocess.Popen(
            command, cwd=cwd, env=environ, stdout=out, stderr=err, stdin=subprocess.DEVNULL
        )
        killer = threading.Timer(120, proc.kill)  # a hang fails the test, not the CI run
        killer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            killer.cancel()
        seconds = time.monotonic() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    run = Run(
        proc.returncode,
        out_path.read_text(encoding="utf-8", errors="replace"),
        err_path.read_text(encoding="utf-8", errors="replace"),
        seconds,
        usage.ru_maxrss / 1024,
    )
    out_path.unlink()
    err_path.unlink()
    assert run.code in (0, 1, 2), run.err
    assert "Traceback" not in run.out + run.err, run.err
    assert run.peak_mb < MEMORY_MB, run.peak_mb
    return run


def snapshot(root: Path, skip: tuple[str, ...] = ()) -> dict[str, str]:
    """Every entry under root but those named in ``skip`` (formlint's own outputs)."""
    out = {}
    for dirpath, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d not in skip]
        for name in dirs + files:
            if name in skip or name in (".out", ".err"):
                continue
            path = Path(dirpath, name)
            rel = str(path.relative_to(root))
            if path.is_symlink():
                out[rel] = "-> " + os.readlink(path)
            elif path.is_file():
                out[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
            else:
                out[rel] = "dir"
    return out


def good_form(folder: Path, name: str = "good.txt") -> Path:
    path = folder / name
    path.write_bytes(seed_path("002").read_bytes())
    return path


# --- data loss: the cache folder ---------------------------------------------------------------


@pytest.fixture
def project(tmp_path) -> Path:
    """A project whose folders a cache must never touch."""
    root = tmp_path / "project"
    for name in ("src", "docs", "tests", "build", "forms"):
        (root / name).mkdir(parents=True)
        (root / name / "keep.txt").write_text(name)
    good_form(root / "forms")
    return root


@pytest.mark.parametrize("cache_dir", [".", "", "HOME/.cache", "src"])
def test_a_cache_dir_formlint_did_not_make_is_refused(project, cache_dir):
    home = project.parent / "home"
    (home / ".cache" / "pip").mkdir(parents=True)
    (home / ".cache" / "pip" / "wheel").write_text("x")
    before, home_before = snapshot(project), snapshot(home)
    arg = cache_dir.replace("HOME", str(home))
    run = formlint("check", "forms", "--cache-dir", arg, "-q", cwd=project, env={"HOME": str(home)})
    assert run.code == 2
    assert "--cache-dir" in run.err and "formlint" in run.err
    assert snapshot(project) == before and snapshot(home) == home_before


def test_a_new_or_empty_cache_dir_is_made_formlint_s_and_only_its_own_entries_go(project):
    (project / "cache").mkdir()
    assert formlint("check", "forms", "--cache-dir", "cache", "-q", cwd=project).code == 1
    assert "formlint" in (project / "cache" / "CACHEDIR.TAG").read_text()
    (project / "cache" / "mine.txt").write_text("someone's file")  # then someone adds a file
    for i in range(6):  # more salts than are kept: the old ones are pruned, nothing else
        run = formlint(
            "check", "forms", "--cache-dir", "cache", "--ignore", f"VAG00{i + 1}", "-q", cwd=project
        )
        assert run.code == 1
    assert (project / "cache" / "mine.txt").read_text() == "someone's file"
    assert formlint("clean", "--cache-dir", "cache", cwd=project).code == 0
    # the entries are gone; the folder, still marked as formlint's, keeps someone's file
    assert sorted(p.name for p in (project / "cache").iterdir()) == ["CACHEDIR.TAG", "mine.txt"]


def test_clean_refuses_a_folder_marked_by_another_tool(tmp_path):
    target = tmp_path / "target"  # cargo's and others' caches carry a CACHEDIR.TAG too
    target.mkdir()
    (target / "CACHEDIR.TAG").write_text("Signature: 8a477f597d28d172789f06886806bc55\n# cargo\n")
    (target / "debug").mkdir()
    before = snapshot(tmp_path)
    run = formlint("clean", "--cache-dir", "target", cwd=tmp_path)
    assert run.code == 2 and "target" in run.err
    assert snapshot(tmp_path) == before


# --- data loss: outputs ------------------------------------------------------------------------


@pytest.mark.parametrize("via", ["path", "symlink", "hard link"])
def test_a_baseline_never_replaces_an_input(tmp_path, via):
    form = good_form(tmp_path, "form.txt")
    target = {"path": form, "symlink": tmp_path / "link.json", "hard link": tmp_path / "hard.json"}[
        via
    ]
    if via == "symlink":
        target.symlink_to(form)
    elif via == "hard link":
        os.link(form, target)
    before = snapshot(tmp_path)
    run = formlint("check", "form.txt", "--write-baseline", target.name, "--no-cache", cwd=tmp_path)
    assert run.code == 2 and "one of the inputs" in run.err and target.name in run.err
    assert snapshot(tmp_path) == before


def test_a_baseline_is_not_written_over_a_file_of_another_kind(tmp_path):
    good_form(tmp_path, "form.txt")
    (tmp_path / "notes.json").write_text('{"mine": true}\n')
    before = snapshot(tmp_path)
    run = formlint(
        "check", "form.txt", "--write-baseline", "notes.json", "--no-cache", cwd=tmp_path
    )
    assert run.code == 2 and "notes.json" in run.err and "not a formlint baseline" in run.err
    assert snapshot(tmp_path) == before


def test_a_failed_baseline_write_leaves_the_old_baseline(tmp_path, monkeypatch, capsys):
    import linter.baseline

    form = good_form(tmp_path, "form.txt")
    baseline = tmp_path / "base.json"
    assert main(["check", str(form), "--no-cache", "--write-baseline", str(baseline)]) == 0
    old = baseline.read_bytes()

    def failing(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(linter.baseline.json, "dumps", failing)
    assert main(["check", str(form), "--no-cache", "--write-baseline", str(baseline)]) == 2
    assert baseline.read_bytes() == old
    assert sorted(p.name for p in tmp_path.iterdir()) == ["base.json", "form.txt"]


def test_ctrl_c_while_a_report_is_written_keeps_the_previous_report(tmp_path, monkeypatch):
    import linter.reporters.json_report as json_report

    form = good_form(tmp_path, "form.txt")
    report = tmp_path / "r.json"
    assert main(["check", str(form), "--no-cache", "--format", "json", "-o", str(report)]) == 1
    old = report.read_bytes()
    real = json_report.render_json

    def interrupted(result, ctx, out):
        out.write('{"version": 1, "diagnostics": [')
        raise KeyboardInterrupt

    monkeypatch.setattr(json_report, "render_json", interrupted)
    assert main(["check", str(form), "--no-cache", "--format", "json", "-o", str(report)]) == 2
    assert report.read_bytes() == old
    assert sorted(p.name for p in tmp_path.iterdir()) == ["form.txt", "r.json"]
    monkeypatch.setattr(json_report, "render_json", real)


def test_temporary_files_a_killed_run_left_are_removed(tmp_path):
    good_form(tmp_path, "form.txt")
    dead = 2**22 + 12345  # above any pid_max default: no such process
    stale = tmp_path / f".r.json.{dead}.1.formlint-tmp"
    stale.write_text("half a report")
    formlint("check", "form.txt", "--cache-dir", "cache", "-q", cwd=tmp_path)  # makes cache/
    stale_entry = tmp_path / "cache" / "tmp" / f".abc.{dead}.0.formlint-tmp"
    stale_entry.write_bytes(b"half an entry")
    (tmp_path / "form.txt").write_bytes(seed_path("003").read_bytes())  # an entry to write
    run = formlint("check", "form.txt", "--cache-dir", "cache", "-o", "r.json", "-q", cwd=tmp_path)
    assert run.code == 1
    assert not stale.exists() and not stale_entry.exists()
    assert (tmp_path / "r.json").stat().st_mode & 0o777 == 0o666 & ~_umask()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@pytest.mark.parametrize(
    ("target", "words"),
    [("missing/r.json", "does not exist"), ("", "empty"), (".", "directory")],
)
def test_an_output_that_cannot_be_written_is_named(tmp_path, target, words):
    good_form(tmp_path, "form.txt")
    before = snapshot(tmp_path)
    run = formlint("check", "form.txt", "--no-cache", "-o", target, cwd=tmp_path)
    assert run.code == 2 and words in run.err and "internal error" not in run.err
    assert snapshot(tmp_path) == before


def test_a_report_on_dev_null_stays_a_device(tmp_path):
    good_form(tmp_path, "form.txt")
    run = formlint("check", "form.txt", "--no-cache", "-o", os.devnull, cwd=tmp_path)
    assert run.code == 1 and not Path(os.devnull).is_file()


# --- the cache: no code, integrity, invalidation -----------------------------------------------


class _Boom:
    """What a rewritten cache entry would run, were it unpickled."""

    def __init__(self, marker: str) -> None:
        self.marker = marker

    def __reduce__(self):
        return (open, (self.marker, "w"))


def _entries(cache: Path) -> list[Path]:
    return [p for p in cache.glob("*/??/*") if p.is_file()]


def test_a_rewritten_cache_entry_runs_no_code_and_is_a_miss(tmp_path):
    form = good_form(tmp_path, "form.txt")
    cache = tmp_path / "cache"
    first = formlint("check", "form.txt", "--cache-dir", "cache", "--format", "json", cwd=tmp_path)
    (entry,) = _entries(cache)
    marker = tmp_path / "ran"
    entry.write_bytes(pickle.dumps(_Boom(str(marker))))
    for report in cache.glob("*/reports/*"):
        report.unlink()  # the run must read the entry, not replay the report
    again = formlint("check", form.name, "--cache-dir", "cache", "--format", "json", cwd=tmp_path)
    assert not marker.exists()
    assert again.json()["diagnostics"] == first.json()["diagnostics"]


@pytest.mark.parametrize("damage", ["flip a bit", "cut short", "swap two entries"])
def test_a_damaged_or_moved_entry_is_never_served(tmp_path, damage):
    registry, config = load_registry(), Config()
    a, b = good_form(tmp_path, "a.txt"), tmp_path / "b.txt"
    b.write_bytes(seed_path("004").read_bytes())
    cache = linter.cache.Cache.for_run(tmp_path / "cache", registry, config)
    expected = lint_paths([str(a), str(b)], registry, config)
    lint_paths([str(a), str(b)], registry, config, cache=cache)
    first, second = sorted(_entries(tmp_path / "cache"))
    if damage == "flip a bit":
        data = bytearray(first.read_bytes())
        data[len(data) // 2] ^= 0x01
        first.write_bytes(bytes(data))
    elif damage == "cut short":
        first.write_bytes(first.read_bytes()[:-10])
    else:
        one, two = first.read_bytes(), second.read_bytes()
        first.write_bytes(two)
        second.write_bytes(one)
    again = lint_paths([str(a), str(b)], registry, config, cache=cache)
    assert [f.diagnostics for f in again.files] == [f.diagnostics for f in expected.files]


def test_a_file_edited_during_a_run_is_stored_as_what_was_linted(tmp_path, monkeypatch):
    registry, config = load_registry(), Config()
    form = good_form(tmp_path, "form.txt")
    original, edited = form.read_bytes(), seed_path("004").read_bytes()
    cache = linter.cache.Cache.for_run(tmp_path / "cache", registry, config)
    real = linter.parallel.prepare

    def prepare_then_edit(paths, cache):
        jobs = real(paths, cache)  # the key of the original bytes, taken by the parent
        form.write_bytes(edited)  # … and the file changes before a worker reads it
        return jobs

    monkeypatch.setattr(linter.parallel, "prepare", prepare_then_edit)
    lint_paths([str(form)], registry, config, cache=cache)
    monkeypatch.setattr(linter.parallel, "prepare", real)
    form.write_bytes(original)
    served = lint_paths([str(form)], registry, config, cache=cache)
    fresh = lint_paths([str(form)], registry, config)
    assert [d for f in served.files for d in f.diagnostics] == fresh.diagnostics


def test_the_salt_takes_the_reading_libraries_versions(tmp_path, monkeypatch):
    registry, config = load_registry(), Config()
    found = linter.cache.library_versions()
    assert any("lark" in v for v in found) and any("openpyxl" in v for v in found)
    before = linter.cache.run_salt(registry, config)
    upgraded = [v.replace("openpyxl-", "openpyxl-99.") for v in found]
    monkeypatch.setattr(linter.cache, "library_versions", lambda: upgraded)
    assert linter.cache.run_salt(registry, config) != before


# --- memory and hangs: hostile inputs, each in one run with a good form -------------------------


@pytest.fixture(scope="module")
def hostile_tree(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("hostile23")
    tree = root / "tree"
    tree.mkdir()
    good_form(tree)
    hostile.xlsx_far_column(tree / "far-column.xlsx")
    hostile.xlsx_big_merges(tree / "merges.xlsx")
    hostile.xlsx_huge_shared_string(tree / "shared-string.xlsx")
    hostile.docx_grid_span(tree / "grid-span.docx")
    hostile.many_pages_pdf(tree / "pages.pdf")
    hostile.loop_pdf(tree / "loop.pdf")
    hostile.newlines(tree / "newlines.txt")
    hostile.one_line_forms(tree / "million-forms.txt")
    hostile.one_line_forms(tree / "many-forms.txt", 20_000)
    return root


EXPECTED = {
    "far-column.xlsx": "cells in one row",
    "shared-string.xlsx": "unpacks to more than",
    "grid-span.docx": "cells in one row",
    "pages.pdf": "too many pages",
    "loop.pdf": "cut off",
    "newlines.txt": "too many lines",
    "million-forms.txt": "too many lines",
    "many-forms.txt": "too many forms",
}


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_hostile_inputs_are_refused_within_the_limits(hostile_tree, jobs):
    before = snapshot(hostile_tree)
    run = formlint(
        "check", "tree", "--format", "json", "--lang", "en", "--no-cache", "-j", jobs,
        "--time-limit", str(LIMIT), cwd=hostile_tree,
    )  # fmt: skip
    assert run.code == 2, run.err
    assert run.seconds < LIMIT + START_UP
    found = run.by_path()
    for name, words in EXPECTED.items():
        (diag,) = [d for d in found[name] if d["code"] == "PARSE001"]
        assert words in diag["message"], (name, diag["message"])
    assert "merges.xlsx" in {Path(f["path"]).name for f in run.json()["files"]}
    forms = {Path(f["path"]).name: f["forms"] for f in run.json()["files"]}
    assert forms["good.txt"] == 6  # the other files are finished
    assert snapshot(hostile_tree) == before


@pytest.mark.parametrize("command", ["export", "parse"])
def test_export_and_parse_have_the_time_limit_too(hostile_tree, command):
    run = formlint(
        command, "tree/loop.pdf", "tree/good.txt", "--time-limit", str(LIMIT), cwd=hostile_tree
    )
    assert run.code == 2 and "loop.pdf" in run.err and "cut off" in run.err
    assert run.seconds < LIMIT + START_UP
    assert "good.txt" in run.out  # the other file is still given


# --- plugins -----------------------------------------------------------------------------------


PLUGIN = """
import os, signal, sys, time
from linter.hookspecs import hookimpl
from linter.rules import Finding, FormDigest, Rule

MODE = os.environ["BAD_PLUGIN"]


def check(form, options):
    if MODE == "exit0":
        sys.exit(0)
    if MODE == "exit3":
        sys.exit(3)
    if MODE == "loop":
        while True:
            pass
    if MODE == "deaf-loop":  # blind to every timer signal, as C code is
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
        time.sleep(3600)
    if MODE == "segfault":
        os.kill(os.getpid(), signal.SIGSEGV)
    if MODE == "memory":  # 8 GB: the worker's address space stops it at once
        yield Finding(form.title.span, str(len(bytearray(8 * 1024**3))), "en")
    if MODE == "bytes":
        yield Finding(form.title.span, b"bytes", "en")
    if MODE == "surrogate":
        yield Finding(form.title.span, "\\ud800 中文", "lone \\udc80 surrogate")


class Batch:
    def __init__(self, options):
        if MODE == "batch-factory":
            raise RuntimeError("factory")

    def see(self, path, info, digest):
        if MODE == "batch-see":
            raise RuntimeError("see")
        return ()

    def finish(self):
        if MODE == "batch-finish":
            sys.exit(4)
        return ()


def rule(code, **kw):
    return Rule(code=code, name=code.lower(), summary_zh="x", summary_en="x", why="", bad="",
                good="", policy="", **kw)


@hookimpl
def formlint_rules():
    return [
        rule("BAD001", check=check),
        rule("BAD002", batch=Batch, digest=lambda form, options: FormDigest(form.title.span, 1)),
    ]
"""

RUNNER = """
import sys
sys.path.insert(0, ".")
import badplugin, linter.cli, linter.plugins
real = linter.plugins.load_registry
linter.cli.load_registry = lambda: real(extra_plugins=(badplugin,))
sys.exit(linter.cli.main(sys.argv[1:]))
"""


@pytest.fixture(scope="module")
def plugin_tree(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("plugins23")
    (root / "badplugin.py").write_text(PLUGIN, encoding="utf-8")
    forms = root / "forms"
    forms.mkdir()
    for prefix in ("000", "002", "004"):
        (forms / f"{prefix}.txt").write_bytes(seed_path(prefix).read_bytes())
    return root


def _plugin_run(root: Path, mode: str, *extra: str) -> Run:
    return formlint(
        "check", "forms", "--format", "json", "--lang", "en", "--no-cache", "--time-limit",
        str(LIMIT), *extra, cwd=root, env={"BAD_PLUGIN": mode}, runner=RUNNER,
    )  # fmt: skip


def _builtin(run: Run) -> dict[str, list[tuple]]:
    return {
        path: sorted(
            (d["line"], d["code"]) for d in found if not d["code"].startswith(("BAD", "PARSE"))
        )
        for path, found in run.by_path().items()
    }


@pytest.fixture(scope="module")
def clean_run(plugin_tree) -> Run:
    return _plugin_run(plugin_tree, "none")


@pytest.mark.parametrize(
    ("mode", "words"),
    [
        ("exit0", "called sys.exit(0)"),
        ("exit3", "called sys.exit(3)"),
        ("bytes", "must be text"),
        ("segfault", "SIGSEGV"),
        ("memory", "MemoryError"),
        ("batch-see", "raised RuntimeError: see"),
    ],
)
def test_a_failing_plugin_is_a_finding_and_the_run_goes_on(plugin_tree, clean_run, mode, words):
    before = snapshot(plugin_tree)
    run = _plugin_run(plugin_tree, mode)
    assert run.code == 2, run.err
    assert len(run.json()["files"]) == 3  # the report is whole
    crashes = [d for d in run.json()["diagnostics"] if d["code"] == "PARSE004"]
    assert crashes and all(words in d["message"] for d in crashes), crashes
    assert _builtin(run) == _builtin(clean_run)  # formlint's own findings are all there
    assert snapshot(plugin_tree) == before


@pytest.mark.parametrize(
    ("mode", "words"), [("batch-factory", "failed to start"), ("batch-finish", "failed at the end")]
)
def test_a_batch_check_failing_outside_a_file_is_a_problem_of_the_run(
    plugin_tree, clean_run, mode, words
):
    run = _plugin_run(plugin_tree, mode)
    assert run.code == 2
    assert any("BAD002" in p and words in p for p in run.json()["summary"]["problems"])
    assert _builtin(run) == _builtin(clean_run)


def test_a_lone_surrogate_message_is_written_as_text(plugin_tree):
    run = _plugin_run(plugin_tree, "surrogate")
    assert run.code == 1
    messages = [d["message"] for d in run.json()["diagnostics"] if d["code"] == "BAD001"]
    assert messages and all(m == "lone \ufffd surrogate" for m in messages)


@pytest.mark.parametrize(("mode", "jobs"), [("loop", "2"), ("deaf-loop", "1")])
def test_a_plugin_that_hangs_costs_one_time_limit_and_keeps_the_built_in_findings(
    plugin_tree, clean_run, mode, jobs
):
    run = _plugin_run(plugin_tree, mode, "-j", jobs)
    assert run.code == 2
    # the breaker: the check is switched off after it was cut off once (twice at most with two
    # workers cut off at the same time), not once for each of the three files
    assert run.seconds < 2 * LIMIT + START_UP
    (problem,) = run.json()["summary"]["problems"]
    assert "BAD001" in problem and "switched off" in problem
    assert _builtin(run) == _builtin(clean_run)
    cut = [d for d in run.json()["diagnostics"] if d["code"] == "PARSE004"]
    assert cut and all("BAD001" in d["message"] and "cut off" in d["message"] for d in cut)


# --- crashes and smaller points ------------------------------------------------------------------


@pytest.fixture
def awkward(tmp_path) -> Path:
    """A form with a \\x1a in a cell and a 23-digit cost, under a file name in GBK."""
    lines = seed_path("000").read_text(encoding="utf-8").split("\n")[:23]
    lines.insert(19, "\t\t成本指标\t项目成本\t≤99999999999999999999999万元")
    lines[6] = lines[6].replace("服务窗口业务", "服务\x1a窗口业务")
    folder = tmp_path / "forms"
    folder.mkdir()
    (folder / "ok.txt").write_bytes(seed_path("004").read_bytes())
    name = os.path.join(os.fsencode(folder), "绩效表.txt".encode("gbk"))
    with open(name, "w", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")
    return tmp_path


@pytest.mark.parametrize(
    "fmt", ["json", "jsonl", "sarif", "junit", "csv", "github", "html", "xlsx", "concise", "rich"]
)
def test_every_report_holds_a_gbk_file_name_a_control_character_and_a_huge_amount(
    awkward, fmt, monkeypatch, capsys
):
    monkeypatch.chdir(awkward)  # in-process: ten formats, one interpreter
    before = snapshot(awkward, skip=("out",))
    assert main(["check", "forms", "--format", fmt, "-o", "out", "--no-cache"]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and "internal error" not in err
    assert (awkward / "out").stat().st_size > 0
    if fmt == "junit":
        import xml.dom.minidom

        xml.dom.minidom.parse(str(awkward / "out"))
    if fmt == "json":
        report = json.loads((awkward / "out").read_text(encoding="utf-8"))
        paths = {d["path"] for d in report["diagnostics"]}
        assert os.path.join("forms", os.fsdecode("绩效表.txt".encode("gbk"))) in paths
        assert not any(d["code"] == "PARSE004" for d in report["diagnostics"])
    assert snapshot(awkward, skip=("out",)) == before


def test_annotate_of_an_xlsm_prints_no_traceback(tmp_path):
    from formats import seed_lines, write_xlsx

    write_xlsx(seed_lines(seed_path("000")), tmp_path / "x.xlsm")
    run = formlint("annotate", "x.xlsm", "-o", "y.xlsm", cwd=tmp_path)
    assert run.code == 1 and "Exception ignored" not in run.err
    assert (tmp_path / "y.xlsm").stat().st_size > 0


def test_an_empty_select_is_a_usage_error(tmp_path):
    good_form(tmp_path, "form.txt")
    run = formlint("check", "form.txt", "--select", "", "--no-cache", cwd=tmp_path)
    assert run.code == 2 and "--select is empty" in run.err


@pytest.mark.parametrize(
    ("toml", "words"),
    [
        ("select = 5", "select must be"),
        ('severity = "x"', "severity must be a table"),
        ("[options]\nVAG001 = 5", "options.VAG001 must be a table"),
        ('[options.VAG003]\nmax_length = "eight"', "options.VAG003.max_length must be an integer"),
    ],
)
def test_a_configuration_of_the_wrong_kind_is_one_error_naming_the_key(tmp_path, toml, words):
    good_form(tmp_path, "form.txt")
    (tmp_path / "formlint.toml").write_text(toml + "\n", encoding="utf-8")
    run = formlint("check", "form.txt", "--no-cache", "--format", "concise", cwd=tmp_path)
    assert run.code == 2 and words in run.err and "formlint.toml" in run.err
    assert "internal error" not in run.err and "PARSE004" not in run.out


def test_annotate_has_the_time_limit_and_writes_nothing_when_cut_off(plugin_tree):
    from formats import seed_lines, write_xlsx

    write_xlsx(seed_lines(seed_path("000")), plugin_tree / "form.xlsx")
    before = snapshot(plugin_tree)
    run = formlint(
        "annotate", "form.xlsx", "-o", "annotated.xlsx", "--time-limit", str(LIMIT),
        cwd=plugin_tree, env={"BAD_PLUGIN": "deaf-loop"}, runner=RUNNER,
    )  # fmt: skip
    assert run.code == 2 and "form.xlsx" in run.err and "cut off" in run.err
    assert run.seconds < LIMIT + START_UP
    assert snapshot(plugin_tree) == before  # no annotated.xlsx, no temporary file


def test_utf16_without_a_bom_is_read_and_a_bad_byte_is_placed_on_its_line():
    from linter.parse.source import ReadError
    from linter.readers.text import read_text

    text = seed_path("000").read_text(encoding="utf-8")
    for encoding in ("utf-16-le", "utf-16-be"):
        assert (
            read_text("x.txt", text.encode(encoding)).lines
            == read_text("x.txt", text.encode()).lines
        )
    lines = text.encode().split(b"\n")
    lines[29] += b"\xff\xfe\xfd"  # line 30 of a UTF-8 file
    with pytest.raises(ReadError) as caught:
        read_text("x.txt", b"\n".join(lines))
    assert caught.value.line == 30 and "line 30" in caught.value.en


def test_every_built_in_digest_is_stored_as_plain_values(tmp_path):
    """The batch rules' digests (named tuples of Decimals, enums, spans) are cached as plain
    values and come back equal: no file is linted again for want of a pickle."""
    from conftest import SEEDS

    registry, config = load_registry(), Config()
    files = sorted(str(p) for p in SEEDS.glob("*.txt"))
    cache = linter.cache.Cache.for_run(tmp_path / "cache", registry, config)
    fresh = lint_paths(files, registry, config, cache=cache)
    assert len(_entries(tmp_path / "cache")) == len(files)
    for path in files:
        key = cache.file_key(path)[1]
        stored = cache.load(key, path)
        linted, _ = linter.parallel.lint_file(path, registry, config)
        assert stored is not None and stored.digests == linted.digests and stored.digests
    again = lint_paths(files, registry, config, cache=cache)
    assert again.diagnostics == fresh.diagnostics
