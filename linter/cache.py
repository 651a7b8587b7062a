"""The result cache: a re-run on an unchanged archive is near instant.

An entry is one file's result (with the digests batch rules took from its forms), keyed on the file's
content and path and on a salt that changes whenever findings could: the formlint version, the
effective configuration, the set of rules and plugins with their options, and the code of the
modules that read, parse and check. Entries are written atomically, so parallel workers and
interrupted runs never leave a half-written entry behind.
Entries are written by ``linter.wire``.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import shutil
import sys
from pathlib import Path

import linter
from linter import __version__
from linter.config import Config
from linter.engine import FileResult, read_bytes
from linter.parse.grammar import grammar_dir
from linter.plugins import Registry
from linter.readers import OUTSIDE_TOOLS
from linter.wire import dump_result, load_result

FORMAT = "3"  # bump when the layout of an entry changes
KEEP_SALTS = 4  # configurations (or code versions) whose entries are kept side by side


class Cache:
    """A directory of entries under one salt; picklable, so workers write their own entries."""

    def __init__(self, directory: str | os.PathLike, salt: str) -> None:
        self.directory = Path(directory)
        self.salt = salt
        self.folder = self.directory / salt[:20]
        self._kept: dict[str, tuple[int, str]] = {}  # file_key(keep=True) results not yet taken

    @classmethod
    def for_run(cls, directory: str | os.PathLike, registry: Registry, config: Config) -> Cache:
        return cls(directory, run_salt(registry, config))

    def key(self, path: str, data: bytes) -> str:
        digest = hashlib.sha256(self.salt.encode())
        digest.update(b"\0" + os.path.abspath(path).encode("utf-8", "surrogatepass") + b"\0")
        digest.update(data)
        return digest.hexdigest()

    def file_key(self, path: str, keep: bool = False) -> tuple[int, str]:
        """A file's size and key; OSError or ReadError when it cannot be read. With ``keep``, the
        next call for the path takes them instead of reading the file again: the replay's pass
        over a run's inputs leaves them for the run's own pass (``linter.parallel``)."""
        known = self._kept.pop(path, None)
        if known is None:
            data = read_bytes(path)
            known = len(data), self.key(path, data)
        if keep:
            self._kept[path] = known
        return known

    def load(self, key: str, path: str) -> FileResult | None:
        """The stored result, with ``path`` as the caller wrote it; None on a miss or a bad entry."""
        data = self._read(key)
        try:
            return None if data is None else load_result(data, path)
        except ValueError:
            return None

    def store(self, key: str, result: FileResult) -> None:
        """Write an entry; a cache that cannot be written is skipped, never an error (nor is a
        result a plugin filled with values marshal cannot store)."""
        try:
            data = dump_result(result)
        except (ValueError, TypeError, pickle.PicklingError):
            return
        self._write(key, data)

    def _read(self, name: str) -> bytes | None:
        try:
            with open(self.folder / _shard(name) / name, "rb") as fh:
                return fh.read()
        except OSError:
            return None

    def _write(self, name: str, data: bytes) -> None:
        folder = self.folder / _shard(name)
        tmp = folder / f".tmp-{os.getpid()}-{name}"
        try:
            self.prepare()
            folder.mkdir(parents=True, exist_ok=True)
            tmp.write_bytes(data)
            os.replace(tmp, folder / name)
        except OSError:
            with contextlib.suppress(OSError):
                tmp.unlink()

    def prepare(self) -> None:
        """Mark the directory as a cache (git ignores it, backup tools may skip it) and, for a
        new salt, drop all but the most recently used salts, so edits never pile up entries."""
        if self.folder.is_dir():
            return
        self.directory.mkdir(parents=True, exist_ok=True)
        salts = sorted(
            (p for p in self.directory.iterdir() if p.is_dir()),
            key=lambda p: p.stat().st_mtime,
            reverse=True,
        )
        for old in salts[KEEP_SALTS - 1 :]:
            _remove_tree(old)
        self.folder.mkdir(exist_ok=True)
        if (self.directory / ".gitignore").exists():
            return
        (self.directory / ".gitignore").write_text("# created by formlint\n*\n", encoding="utf-8")
        (self.directory / "CACHEDIR.TAG").write_text(
            "Signature: 8a477f597d28d172789f06886806bc55\n"
            "# This directory is a cache of formlint (https://pypi.org/project/formlint).\n",
            encoding="utf-8",
        )


def _shard(name: str) -> str:
    """Entries spread over 256 folders by the first two hex digits of their key."""
    return name.removeprefix("batch-")[:2]


def run_salt(registry: Registry, config: Config) -> str:
    """What, besides a file's content, decides its findings (the outside programs a reader
    runs too: a .doc read before LibreOffice was installed reads differently after)."""
    digest = hashlib.sha256()
    parts = [
        FORMAT,
        __version__,
        sys.version,
        config.fingerprint(),
        repr(config.root),
    ]
    for code, rule in sorted(registry.rules.items()):
        parts.append(
            repr((code, rule.plugin, rule.severity, rule.enabled, sorted(rule.options.items())))
        )
    parts.extend(repr((r.name, r.suffixes)) for r in registry.readers)
    parts.extend(repr((tool, shutil.which(tool))) for tool in OUTSIDE_TOOLS)
    for part in parts:
        digest.update(part.encode("utf-8", "surrogatepass") + b"\0")
    for stamp in _code_stamps(registry):
        digest.update(stamp.encode("utf-8", "surrogatepass") + b"\0")
    return digest.hexdigest()


def _code_stamps(registry: Registry) -> list[str]:
    """Size and mtime of the code behind the findings and reports, so editing a rule invalidates
    the cache: formlint's own package, the grammars, and every package or module a rule, reader
    or reporter comes from."""
    packages = {os.path.dirname(linter.__file__), str(grammar_dir())}
    modules: set[str] = set()
    functions = [r.check or r.batch for r in registry.rules.values()]
    functions.extend(r.read for r in registry.readers)
    functions.extend(r.render for r in registry.reporters.values())  # for linter.replay
    for name in {getattr(f, "__module__", None) or "" for f in functions}:
        filename = getattr(sys.modules.get(name.split(".")[0]), "__file__", None)
        if filename is None:
            continue
        if os.path.basename(filename) == "__init__.py":  # a package: its helpers count too
            packages.add(os.path.dirname(filename))
        else:
            modules.add(filename)
    files = set(modules)
    for package in packages:
        for root, dirs, names in os.walk(package):
            dirs[:] = [d for d in dirs if d != "__pycache__"]
            files.update(os.path.join(root, n) for n in names if n.endswith((".py", ".lark")))
    stamps = []
    for path in sorted(files):
        try:
            st = os.stat(path)
        except OSError:
            continue
        stamps.append(f"{path}:{st.st_size}:{st.st_mtime_ns}")
    return stamps


def clean(directory: str | os.PathLike) -> bool:
    """Remove a cache directory; True when there was one. Refuses a directory formlint did not make."""
    path = Path(directory)
    if not path.exists():
        return False
    if not (path / "CACHEDIR.TAG").is_file():
        raise ValueError(f"{path} does not look like a formlint cache (no CACHEDIR.TAG)")
    _remove_tree(path, ignore_errors=False)
    return True


def _remove_tree(path: Path, ignore_errors: bool = True) -> None:
    import shutil  # only to drop old salts or clean: it costs a run ~4 ms at start-up

    shutil.rmtree(path, ignore_errors=ignore_errors)
