"""Uploads on their way to the engine: safe, unique names in a private temporary folder.

The engine reads paths, so a request's files are written into a folder only this user can enter
(``mkdtemp``: 0700, each file 0600) and linted there under their own names, which is what the
reports show; the folder and everything in it is removed when the request is answered. Nothing
is ever written beside a user's own files, since the server never sees them.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import PurePosixPath

FALLBACK_NAME = "upload"
MAX_NAME_BYTES = 240  # a file name's limit is 255 bytes on Linux; room for a " (2)"
_UNSAFE = re.compile(r"[\x00-\x1f\x7f/\\]")


def safe_names(filenames: Sequence[str | None]) -> list[str]:
    """The name each upload is linted under: the last part of what the browser sent (a path
    from an old browser, or a crafted ``../x``, loses its folders), without control characters,
    short enough for the file system, and unique in the request (``a (2).txt``)."""
    taken: set[str] = set()
    names = []
    for filename in filenames:
        name = _one_name(filename or "")
        stem, suffix = _split(name)
        n = 2
        while name in taken:
            name = f"{stem} ({n}){suffix}"
            n += 1
        taken.add(name)
        names.append(name)
    return names


def _one_name(filename: str) -> str:
    last = re.split(r"[/\\]", filename)[-1]
    name = _UNSAFE.sub("", last).strip()
    if name in ("", ".", "..", "-"):  # "-" is standard input to the engine
        return FALLBACK_NAME
    stem, suffix = _split(name)
    while len(f"{stem}{suffix}".encode()) > MAX_NAME_BYTES and stem:
        stem = stem[:-1]
    return f"{stem}{suffix}" if stem else FALLBACK_NAME + suffix


def _split(name: str) -> tuple[str, str]:
    suffix = PurePosixPath(name).suffix
    if len(suffix.encode()) > 16:  # not a suffix any reader knows: part of the name
        suffix = ""
    return name[: len(name) - len(suffix)], suffix


@contextmanager
def private_folder(files: Sequence[tuple[str, bytes]]) -> Iterator[str]:
    """A new folder holding ``files`` (name, bytes), readable by this user only, removed with
    everything in it when the block ends, however it ends."""
    folder = tempfile.mkdtemp(prefix="formlint-serve-")
    try:
        for name, data in files:
            fd = os.open(
                os.path.join(folder, name),
                os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW,
                0o600,
            )
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
