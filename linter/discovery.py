"""Which files a run lints, and every file of a directory scan it does not lint, with why.

A scan that passed over a form in silence would report a clean run for a form nobody checked,
so nothing is dropped without a word: a file no reader takes, a symlink that leads out of the
linted tree and a directory that cannot be listed each become a ``Skipped`` entry, reported as
a finding of its own (PARSE006, or PARSE001 for what cannot be read). Only what is excluded is
passed over, as ruff does it: ``exclude`` (which replaces ``DEFAULT_EXCLUDE``) and
``extend-exclude`` take glob patterns, a bare name (``*.png``, ``.git``) matching a file or
directory anywhere in the tree, a pattern with a ``/`` (``archive/2019``) a path relative to
the configuration's folder. ``extend-include`` names files to lint that no reader's suffix
names; their reader is chosen by their content (``linter.readers.sniff``).

Paths given on the command line are linted as given, excluded or not (ruff's default).
Symlinks are not followed out of the tree that is being walked (ruff's behaviour either); a
symlinked directory inside it is not walked twice, since its files are linted where they are.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator, Sequence
from fnmatch import translate
from typing import NamedTuple

from linter.config import Config
from linter.parse.source import ReadError
from linter.plugins import Registry
from linter.urls import is_url

# hidden files (.git, the cache), Office's lock files, what tools leave behind, and formlint's
# own configuration files, which sit among the forms they configure
DEFAULT_EXCLUDE = (".*", "~$*", "__pycache__", "node_modules", "formlint.toml", "pyproject.toml")


class Skipped(NamedTuple):
    """A file (or directory) a scan found and does not lint, reported under ``code``."""

    path: str
    code: str
    zh: str
    en: str


Input = str | Skipped


class Patterns:
    """The exclude and extend-include globs of a configuration, each list one regular
    expression over names and one over paths relative to the configuration's folder."""

    def __init__(self, config: Config, cache_dir: str | None = None) -> None:
        exclude = (*(DEFAULT_EXCLUDE if config.exclude is None else config.exclude),)
        self.root = os.path.abspath(config.root or os.curdir)
        self.exclude = _compile(exclude + config.extend_exclude)
        self.include = _compile(config.extend_include)
        self.cache_dir = os.path.abspath(cache_dir) if cache_dir else None

    def excludes(self, path: str) -> bool:
        return self._matches(self.exclude, path) or (
            self.cache_dir is not None and os.path.abspath(path) == self.cache_dir
        )

    def includes(self, path: str) -> bool:
        return self._matches(self.include, path)

    def _matches(self, compiled: tuple[re.Pattern | None, re.Pattern | None], path: str) -> bool:
        by_name, by_path = compiled
        if by_name is not None and by_name.match(os.path.basename(path)):
            return True
        if by_path is None:
            return False
        rel = os.path.relpath(os.path.abspath(path), self.root).replace(os.sep, "/")
        return bool(by_path.match(rel))


def _compile(patterns: Iterable[str]) -> tuple[re.Pattern | None, re.Pattern | None]:
    names = [translate(p) for p in patterns if "/" not in p.rstrip("/")]
    paths = [translate(p.strip("/").removeprefix("./")) for p in patterns if "/" in p.rstrip("/")]
    return (
        re.compile("|".join(names)) if names else None,
        re.compile("|".join(paths)) if paths else None,
    )


def discover(
    paths: Sequence[Input], registry: Registry, config: Config, cache_dir: str | None = None
) -> Iterator[Input]:
    """What to lint, in a stable order: given files as they are (``Skipped`` when no reader
    takes them), directories walked and sorted; already discovered entries pass through."""
    patterns = Patterns(config, cache_dir)
    for path in paths:
        if isinstance(path, Skipped):
            yield path
        elif is_url(path):
            yield from _walk_url(path, registry, patterns)
        elif path == "-" or not os.path.isdir(path):
            yield _file(path, registry, patterns) if os.path.lexists(path) else path
        else:
            yield from _walk(path, registry, patterns)


def _walk(top: str, registry: Registry, patterns: Patterns) -> Iterator[Input]:
    tree = os.path.realpath(top)
    unreadable: list[Skipped] = []

    def cannot_list(exc: OSError) -> None:
        reason = exc.strerror or str(exc)
        unreadable.append(
            Skipped(
                exc.filename or top,
                "PARSE001",
                f"无法读取目录：{reason}，其中的文件未检查",
                f"cannot list the directory: {reason}; its files were not linted",
            )
        )

    for root, dirs, files in os.walk(top, onerror=cannot_list):
        yield from unreadable
        unreadable.clear()
        kept = []
        for name in sorted(dirs):
            path = os.path.join(root, name)
            if patterns.excludes(path):
                continue
            if os.path.islink(path):
                outside = _outside(path, tree)
                if outside is not None:
                    yield outside
                continue  # inside the tree, its files are linted where they are
            kept.append(name)
        dirs[:] = kept
        for name in sorted(files):
            path = os.path.join(root, name)
            if patterns.excludes(path):
                continue
            outside = _outside(path, tree) if os.path.islink(path) else None
            yield outside or _file(path, registry, patterns)
    yield from unreadable


def _walk_url(url: str, registry: Registry, patterns: Patterns) -> Iterator[Input]:
    """A URL's folder walked as a local one is, in the same order; the exclude patterns that
    name files or folders apply (those with a ``/`` are relative to a local folder). A URL
    that cannot be listed is one PARSE001 entry; a URL of a file is linted as given."""
    from linter import urls

    try:
        if not urls.is_folder(url):
            yield _file(url, registry, patterns)
            return
        for folder, dirs, files in urls.walk(url):
            dirs[:] = sorted(d for d in dirs if not patterns.excludes(f"{folder}/{d}"))
            for name in sorted(files):
                path = f"{folder}/{name}"
                if not patterns.excludes(path):
                    yield _file(path, registry, patterns)
    except ReadError as exc:
        yield Skipped(url, "PARSE001", exc.zh, exc.en)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        yield Skipped(
            url, "PARSE001", f"无法列出此 URL 的内容：{reason}", f"cannot list this URL: {reason}"
        )


def _outside(link: str, tree: str) -> Skipped | None:
    """A Skipped entry for a symlink whose target lies outside ``tree``."""
    target = os.path.realpath(link)
    if target == tree or target.startswith(tree.rstrip(os.sep) + os.sep):
        return None
    return Skipped(
        link,
        "PARSE006",
        f"符号链接指向被检查目录之外（{target}），未跟随，未检查",
        f"a symlink out of the linted tree (to {target}): not followed, not linted",
    )


def _file(path: str, registry: Registry, patterns: Patterns) -> Input:
    if path == "-" or registry.reader_for(path) is not None or patterns.includes(path):
        return path
    suffix = os.path.splitext(path)[1] or "（无扩展名）"
    suffix_en = os.path.splitext(path)[1] or "(no suffix)"
    known = ", ".join(dict.fromkeys(registry.suffixes))  # as the other messages list them
    return Skipped(
        path,
        "PARSE006",
        f"不支持的文件类型 {suffix}，未检查（支持：{known}）；"
        "不是表单的文件请在配置的 extend-exclude 中排除",
        f"unsupported file type {suffix_en}, not linted (supported: {known}); "
        "exclude files that are not forms with extend-exclude",
    )
