"""The ``formlint`` entry points, listed without importing importlib.metadata on every run.

Importing importlib.metadata and reading every installed distribution's metadata costs a
one-file run about 35 ms, half of formlint's own start-up. The list is kept in the user cache
directory under a key made of the Python version, ``sys.path`` and the modification time of each
of its directories: installing, upgrading or removing a distribution adds or removes a
``*.dist-info`` directory, which changes its parent's mtime, so the key changes and the list is
read again from importlib.metadata. Each environment (interpreter and ``sys.path``) has a file of
its own, so that a pre-commit hook's environment and a person's, or ``python -m linter`` (with
the working directory on ``sys.path``) and the ``formlint`` script, do not replace each other's
list on every run; the most recently written ``KEEP_FILES`` are kept.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import os
import sys
import zlib
from pathlib import Path

from linter.usercache import user_cache_dir

KEEP_FILES = 16  # environments whose lists are kept side by side
EntryPoint = tuple[str, str]  # (name, value) as in entry_points.txt: "module" or "module:attr"


def entry_points(group: str) -> list[EntryPoint]:
    """Every entry point of ``group`` as (name, value), sorted by name."""
    folder = user_cache_dir("plugins")
    key = _key(group)
    path = None if folder is None else folder / _file_name(group)
    if path is not None:
        try:
            stored = json.loads(path.read_text(encoding="utf-8"))
            if stored.get("key") == key:
                return [(name, value) for name, value in stored["entry_points"]]
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            pass
    found = _scan(group)
    if path is not None:
        _store(path, {"key": key, "entry_points": found})
        _prune(path.parent, group)
    return found


def load(value: str) -> object:
    """The object an entry point names: ``package.module`` or ``package.module:attr.sub``."""
    module, _, attr = value.partition("[")[0].partition(":")
    obj: object = importlib.import_module(module.strip())
    for part in filter(None, attr.strip().split(".")):
        obj = getattr(obj, part)
    return obj


def _scan(group: str) -> list[EntryPoint]:
    from importlib.metadata import entry_points as installed

    return sorted({(ep.name, ep.value) for ep in installed(group=group)})


def _file_name(group: str) -> str:
    """The file of this environment: a checksum of the interpreter and ``sys.path`` (a collision
    only costs a scan, since the stored key is compared in full)."""
    identity = repr((sys.version, sys.prefix, sys.path)).encode("utf-8", "surrogatepass")
    return f"{group}-{zlib.crc32(identity):08x}.json"


def _prune(folder: Path, group: str) -> None:
    """Keep the ``KEEP_FILES`` most recently written lists of ``group``."""
    with contextlib.suppress(OSError):
        files = sorted(folder.glob(f"{group}-*.json"), key=lambda p: p.stat().st_mtime_ns)
        for old in files[:-KEEP_FILES]:
            old.unlink(missing_ok=True)


def _key(group: str) -> list:
    stamps = []
    for entry in sys.path:
        try:
            stamps.append([entry, os.stat(entry or ".").st_mtime_ns])
        except OSError:
            stamps.append([entry, None])
    return [group, sys.version, sys.prefix, stamps]


def _store(path: Path, data: dict) -> None:
    """Written atomically; a cache that cannot be written is skipped."""
    tmp = path.with_name(f".tmp-{os.getpid()}-{path.name}")
    try:
        tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink()
