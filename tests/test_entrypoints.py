"""The entry-point list is cached per user and read again when the installed packages change."""

from __future__ import annotations

import os
import sys

import pytest

from linter import entrypoints


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("FORMLINT_CACHE_DIR", str(tmp_path / "cache"))
    site = tmp_path / "site"
    site.mkdir()
    monkeypatch.setattr(sys, "path", [str(site), *sys.path])
    return site


def test_a_second_run_reads_the_cached_list(cache, monkeypatch):
    first = entrypoints.entry_points("formlint")
    assert ("builtin-checks", "checks") in first

    def no_scan(group):
        raise AssertionError("scanned again although nothing was installed")

    monkeypatch.setattr(entrypoints, "_scan", no_scan)
    assert entrypoints.entry_points("formlint") == first


def test_installing_a_package_invalidates_the_list(cache, monkeypatch):
    entrypoints.entry_points("formlint")
    scans = []
    monkeypatch.setattr(entrypoints, "_scan", lambda group: scans.append(group) or [])
    (cache / "new_plugin-0.1.dist-info").mkdir()  # what pip does: the directory's mtime moves
    stat = os.stat(cache)
    os.utime(cache, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert entrypoints.entry_points("formlint") == []
    assert scans == ["formlint"]


def test_load_resolves_module_and_attribute():
    assert entrypoints.load("linter.entrypoints:load") is entrypoints.load
    assert entrypoints.load("linter.entrypoints") is entrypoints


def test_a_damaged_cache_file_is_read_again_from_the_installed_packages(cache, tmp_path):
    first = entrypoints.entry_points("formlint")
    (stored,) = (tmp_path / "cache" / "formlint" / "plugins").glob("formlint-*.json")
    for damage in (b"\xff\x00 not json", b'{"key": 1}', b"[]"):
        stored.write_bytes(damage)
        assert entrypoints.entry_points("formlint") == first


def test_two_environments_keep_their_own_lists(cache, tmp_path, monkeypatch):
    """A pre-commit hook's environment and a person's, run in turn, each scan only once."""
    other = tmp_path / "other-site"
    other.mkdir()
    paths = [list(sys.path), [str(other), *sys.path]]
    for path in paths:
        monkeypatch.setattr(sys, "path", path)
        entrypoints.entry_points("formlint")
    monkeypatch.setattr(entrypoints, "_scan", lambda group: pytest.fail("scanned again"))
    for path in paths * 2:
        monkeypatch.setattr(sys, "path", path)
        assert ("builtin-checks", "checks") in entrypoints.entry_points("formlint")


def test_only_the_most_recent_lists_are_kept(cache, tmp_path, monkeypatch):
    for n in range(entrypoints.KEEP_FILES + 3):
        monkeypatch.setattr(sys, "path", [str(tmp_path / f"env{n}"), *sys.path])
        entrypoints.entry_points("formlint")
    folder = tmp_path / "cache" / "formlint" / "plugins"
    assert len(list(folder.glob("formlint-*.json"))) == entrypoints.KEEP_FILES
