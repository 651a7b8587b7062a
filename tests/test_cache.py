"""The result cache: a re-run is served from it, and anything that could change a finding misses."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import SEEDS

import linter.parallel
from linter.cache import Cache
from linter.cli import main
from linter.config import Config
from linter.engine import lint_paths
from linter.plugins import load_registry


@pytest.fixture
def forms(tmp_path) -> Path:
    folder = tmp_path / "forms"
    shutil.copytree(SEEDS, folder)
    return folder


def no_linting(*args, **kwargs):
    raise AssertionError("lint_file called although the cache should answer")


def test_second_run_is_served_from_the_cache(forms, tmp_path, monkeypatch):
    registry, config = load_registry(), Config()
    cache = Cache.for_run(tmp_path / "cache", registry, config)
    first = lint_paths([str(forms)], registry, config, cache=cache)
    monkeypatch.setattr(linter.parallel, "lint_file", no_linting)
    second = lint_paths([str(forms)], registry, config, cache=cache)
    assert [(f.path, f.diagnostics, f.forms) for f in first.files] == [
        (f.path, f.diagnostics, f.forms) for f in second.files
    ]
    assert (tmp_path / "cache" / ".gitignore").read_text().strip().endswith("*")


def test_changed_content_and_configuration_miss(forms, tmp_path, monkeypatch):
    registry = load_registry()
    cache = Cache.for_run(tmp_path / "cache", registry, Config())
    lint_paths([str(forms)], registry, Config(), cache=cache)
    calls = tmp_path / "calls"  # written by the worker process that lints
    real = linter.parallel.lint_file

    def lint(path, *a, **k):
        with calls.open("a") as fh:
            fh.write(path + "\n")
        return real(path, *a, **k)

    monkeypatch.setattr(linter.parallel, "lint_file", lint)
    changed = next(forms.glob("000_*.txt"))
    changed.write_text(changed.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    lint_paths([str(forms)], registry, Config(), cache=cache)
    assert calls.read_text().splitlines() == [str(changed)]
    other = Config(ignore=("VAG",))
    assert Cache.for_run(tmp_path / "cache", registry, other).salt != cache.salt


def test_paths_written_differently_still_hit(forms, tmp_path, monkeypatch):
    registry, config = load_registry(), Config()
    cache = Cache.for_run(tmp_path / "cache", registry, config)
    lint_paths([str(forms)], registry, config, cache=cache)
    monkeypatch.setattr(linter.parallel, "lint_file", no_linting)
    monkeypatch.chdir(forms.parent)
    again = lint_paths(["./forms"], registry, config, cache=cache)
    assert all(d.path.startswith("./forms") for d in again.diagnostics)


def test_cli_cache_dir_no_cache_and_clean(forms, tmp_path, capsys):
    cache_dir = tmp_path / "c"
    args = ["check", str(forms), "--format", "json", "--cache-dir", str(cache_dir)]
    main(args)
    cold = json.loads(capsys.readouterr().out)
    assert any(cache_dir.rglob("*"))
    main(args)
    assert json.loads(capsys.readouterr().out) == cold
    other = tmp_path / "other"
    main([*args[:-1], str(other), "--no-cache"])
    capsys.readouterr()
    assert not other.exists()
    assert main(["clean", "--cache-dir", str(cache_dir)]) == 0
    assert not cache_dir.exists()
    assert main(["clean", "--cache-dir", str(cache_dir)]) == 0
    assert "no cache" in capsys.readouterr().err


def test_clean_refuses_a_folder_that_is_not_a_cache(tmp_path, capsys):
    folder = tmp_path / "precious"
    folder.mkdir()
    (folder / "form.txt").write_text("x", encoding="utf-8")
    assert main(["clean", "--cache-dir", str(folder)]) == 2
    assert (folder / "form.txt").exists()


@pytest.mark.parametrize("damage", ["cut in half", "garbage", "empty"])
def test_a_damaged_entry_is_a_miss_not_an_error(forms, tmp_path, damage):
    registry, config = load_registry(), Config()
    cache = Cache.for_run(tmp_path / "cache", registry, config)
    first = lint_paths([str(forms)], registry, config, cache=cache)
    entries = [p for p in (tmp_path / "cache").rglob("*") if p.is_file() and len(p.name) == 64]
    assert entries
    for entry in entries:
        data = entry.read_bytes()
        entry.write_bytes(
            {"cut in half": data[: len(data) // 2], "garbage": b"\x00?"}.get(damage, b"")
        )
    second = lint_paths([str(forms)], registry, config, cache=cache)
    assert [f.diagnostics for f in second.files] == [f.diagnostics for f in first.files]
