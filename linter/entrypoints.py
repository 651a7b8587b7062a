"""The ``formlint`` entry points, listed without importing importlib.metadata on every run.

Importing importlib.metadata and reading every installed distribution's metadata costs a
one-file run about 35 ms, half of formlint's own start-up. The list is kept in the user cache
directory under a key made of the Python version, ``sys.path`` and the modification time of each
of its directories: installing, upgrading or removing a distribution adds or removes a
``*.dist-info`` directory, which changes its parent's mtime, so the key changes and the list is
read again from importlib.metadata.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import os
import sys
from pathlib import Path

from linter.usercache import user_cache_dir

EntryPoint = tuple[str, str]  # (name, value) as in entry_points.txt: "module" or "module:attr"


def entry_points(group: str) -> list[EntryPoint]:
    """Every entry point of ``group`` as (name, value), sorted by name."""
    folder = user_cache_dir("plugins")
    key = _key(group)
    path = None if folder is None else folder / f"{group}.json"
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
