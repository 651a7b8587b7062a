"""The result cache: a re-run on an unchanged archive is near instant.

An entry is one file's result (with the digests batch rules took from its forms), keyed on the
bytes that were linted and the file's path and on a salt that changes whenever findings could:
the formlint version, the effective configuration, the set of rules and plugins with their
options, the code of the modules that read, parse and check (the grammars and their vocabulary
too), and the versions of the libraries that read and parse (lark, openpyxl, pdfplumber,
pdfminer.six, python-docx, lxml).

What is safe about it (docs/safety.md):

- An entry is ``linter.wire`` bytes, marshalled plain values: loading one runs no code (no pickle).
  It starts with the SHA-256 of its key and bytes, checked before it is loaded, so a flipped bit,
  a cut entry or an entry moved under another key is a miss, never a wrong result.
- A worker stores a result under the key of the bytes it read itself, so a file edited during a
  run is stored as what was linted.
- Entries are written to ``tmp/`` and renamed into place, so parallel workers and interrupted
  runs never leave a half-written entry behind; what a killed run left in ``tmp/`` is removed.
- The cache folder is one formlint created and marked (``linter.outputs.cache_root``), and the
  only things it ever deletes there are its own salt folders (20 hex digits), never anything else.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
import sys
from pathlib import Path

import linter
from linter import __version__
from linter.config import Config
from linter.limits import read_bytes
from linter.outputs import CACHE_TAG, cache_root, is_formlint_cache, mark_cache, sweep_temps
from linter.parse.grammar import grammar_dir
from linter.plugins import Registry
from linter.readers import OUTSIDE_TOOLS
from linter.results import FileResult
from linter.wire import dump_result, load_result

FORMAT = "4"  # bump when the layout of an entry changes
KEEP_SALTS = 4  # configurations (or code versions) whose entries are kept side by side
SALT_NAME = re.compile(r"[0-9a-f]{20}")  # a salt's folder: the only kind formlint deletes
TMP = "tmp"
_DIGEST = 32  # bytes of SHA-256 ahead of an entry
# the libraries whose versions change what is read and parsed, as their dist-info names start
LIBRARIES = ("lark", "openpyxl", "pdfplumber", "pdfminer_six", "python_docx", "lxml", "et_xmlfile")


class Cache:
    """A directory of entries under one salt; picklable, so workers write their own entries."""

    def __init__(self, directory: str | os.PathLike, salt: str) -> None:
        self.directory = Path(directory)
        self.salt = salt
        self.folder = self.directory / salt[:20]
        self.tmp = self.directory / TMP
        self._kept: dict[str, tuple[int, str]] = {}  # file_key(keep=True) results not yet taken
        self._swept = False

    @classmethod
    def for_run(cls, directory: str | os.PathLike, registry: Registry, config: Config) -> Cache:
        """The cache of a run; OutputError when ``directory`` is not a folder formlint may use."""
        return cls(cache_root(directory), run_salt(registry, config))

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
        """The stored result, with ``path`` as the caller wrote it; None on a miss or on an entry
        that is not whole and unchanged."""
        data = self._read(key)
        if data is None:
            return None
        try:
            return load_result(data, path)
        except ValueError:
            return None

    def store(self, key: str, result: FileResult) -> None:
        """Write an entry; a cache that cannot be written is skipped, never an error (nor is a
        result whose batch digests are not plain values)."""
        try:
            data = dump_result(result)
        except (ValueError, TypeError):
            return
        self._write(key, data)

    def _read(self, name: str) -> bytes | None:
        try:
            with open(self.folder / _shard(name) / name, "rb") as fh:
                stored = fh.read()
        except OSError:
            return None
        data = memoryview(stored)[_DIGEST:]
        if stored[:_DIGEST] != _seal(name, data):
            return None
        return bytes(data)

    def _write(self, name: str, data: bytes) -> None:
        folder = self.folder / _shard(name)
        tmp = self.tmp / f".{name}.{os.getpid()}.0.formlint-tmp"
        try:
            self.prepare()
            folder.mkdir(parents=True, exist_ok=True)
            with open(tmp, "wb") as fh:
                fh.write(_seal(name, data))
                fh.write(data)
            os.replace(tmp, folder / name)
        except OSError:
            with contextlib.suppress(OSError):
                tmp.unlink()

    def prepare(self) -> None:
        """Create and mark the cache folder if it is new; for a new salt, drop all but the most
        recently used salts, so edits never pile up entries. Once per run, remove the temporary
        files of runs that were killed."""
        if not self._swept:
            self._swept = True
            sweep_temps(self.tmp)
        if self.folder.is_dir():
            return
        mark_cache(self.directory)
        self.tmp.mkdir(exist_ok=True)
        salts = sorted(
            (p for p in self.directory.iterdir() if _is_salt(p)),
            key=lambda p: p.stat().st_mtime,
            reverse=True,
        )
        for old in salts[KEEP_SALTS - 1 :]:
            _remove_tree(old)
        self.folder.mkdir(exist_ok=True)


def _seal(key: str, data: bytes | memoryview) -> bytes:
    """The SHA-256 an entry starts with: of its key and its bytes."""
    digest = hashlib.sha256(key.encode())
    digest.update(data)
    return digest.digest()


def _is_salt(path: Path) -> bool:
    return bool(SALT_NAME.fullmatch(path.name)) and path.is_dir() and not path.is_symlink()


def _shard(name: str) -> str:
    """Entries spread over 256 folders by the first two hex digits of their key."""
    return name.removeprefix("batch-")[:2]


def run_salt(registry: Registry, config: Config) -> str:
    """What, besides a file's content, decides its findings (the outside programs a reader
    runs too: a .doc read before LibreOffice was installed reads differently after)."""
    digest = hashlib.sha256()
    parts = [FORMAT, sys.version, repr(config.root), *findings_parts(registry, config)]
    parts.extend(repr((tool, shutil.which(tool))) for tool in OUTSIDE_TOOLS)
    for part in parts:
        digest.update(part.encode("utf-8", "surrogatepass") + b"\0")
    for stamp in _code_stamps(registry):
        digest.update(stamp.encode("utf-8", "surrogatepass") + b"\0")
    return digest.hexdigest()


def findings_parts(registry: Registry, config: Config) -> list[str]:
    """What decides findings besides a file's bytes, the code and the machine's programs, alike
    on every machine: formlint's version, the configuration, the rules and readers with their
    options, and the versions of the libraries that read and parse."""
    parts = [__version__, config.fingerprint()]
    for code, rule in sorted(registry.rules.items()):
        parts.append(
            repr((code, rule.plugin, rule.severity, rule.enabled, sorted(rule.options.items())))
        )
    parts.extend(repr((r.name, r.suffixes)) for r in registry.readers)
    parts.extend(library_versions())
    return parts


def library_versions() -> list[str]:
    """The installed versions of ``LIBRARIES``, from their dist-info folders' names on
    ``sys.path`` (no import, no importlib.metadata: a listing of each folder)."""
    found = []
    for entry in sys.path:
        if os.path.basename(entry) not in ("site-packages", "dist-packages"):
            continue
        try:
            names = os.listdir(entry)
        except OSError:
            continue
        for name in names:
            if name.endswith((".dist-info", ".egg-info")) and name.lower().startswith(LIBRARIES):
                found.append(f"{entry}/{name}")
    return sorted(found)


def _code_stamps(registry: Registry) -> list[str]:
    """Size and mtime of the code behind the findings and reports, so editing a rule invalidates
    the cache."""
    stamps = []
    for path in code_files(registry):
        try:
            st = os.stat(path)
        except OSError:
            continue
        stamps.append(f"{path}:{st.st_size}:{st.st_mtime_ns}")
    return stamps


def code_files(registry: Registry) -> list[str]:
    """The code behind the findings and reports, sorted: formlint's own package, the grammars,
    and every package or module a rule, reader or reporter comes from."""
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
            files.update(
                os.path.join(root, n) for n in names if n.endswith((".py", ".lark", ".tsv"))
            )
    return sorted(files)


def clean(directory: str | os.PathLike) -> bool:
    """Remove a cache folder; True when there was one. Refuses a folder formlint did not mark,
    and removes only what formlint makes there (salt folders, tmp/, its mark and .gitignore):
    anything else someone put in it is left, and so is the folder then."""
    path = Path(directory)
    if not os.fspath(directory).strip():
        raise ValueError("--cache-dir is empty (an unset variable?)")
    if not path.exists():
        return False
    if not path.is_dir() or not is_formlint_cache(path):
        raise ValueError(f"{path} does not look like a formlint cache (no formlint {CACHE_TAG})")
    for child in path.iterdir():
        if _is_salt(child) or (child.name == TMP and child.is_dir() and not child.is_symlink()):
            _remove_tree(child, ignore_errors=False)
    with contextlib.suppress(OSError):
        gitignore = path / ".gitignore"
        if gitignore.read_text(encoding="utf-8").startswith("# created by formlint"):
            gitignore.unlink()
    if not any(p.name != CACHE_TAG for p in path.iterdir()):
        (path / CACHE_TAG).unlink()
        path.rmdir()
    return True


def _remove_tree(path: Path, ignore_errors: bool = True) -> None:
    import shutil  # only to drop old salts or clean: it costs a run ~4 ms at start-up

    shutil.rmtree(path, ignore_errors=ignore_errors)
