"""Every file formlint writes goes through here: reports (``-o``), baselines, annotated
workbooks and the result cache. The promises (docs/safety.md) and what holds them:

- **Never over an input.** A target that is one of the run's inputs, by any path, symlink or
  hard link, is refused (``check_target``), as is a directory, an empty name, or a folder that
  does not exist or cannot be written, each with a message naming it.
- **Whole or not at all.** A file is written to a temporary file beside it and renamed over the
  old one only when complete (``atomic_write``): a failed run, Ctrl-C or a full disk leaves the
  previous report or baseline as it was. Temporary files a killed run (``kill -9``) left behind
  are removed by the next write to the same place.
- **Only inside its own folders.** The result cache is a folder formlint created and marked
  (``CACHEDIR.TAG`` naming formlint); an existing folder without the mark is refused unless it
  is empty (``cache_root``), and formlint deletes nothing there but the entries it made.
"""

from __future__ import annotations

import contextlib
import os
import re
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from linter.config import ConfigError

TEMP_SUFFIX = ".formlint-tmp"
STALE_SECONDS = 24 * 3600  # a temporary file this old is stale whoever made it
CACHE_TAG = "CACHEDIR.TAG"
CACHE_TAG_TEXT = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This directory is a cache of formlint (https://pypi.org/project/formlint).\n"
    "# formlint created it and deletes nothing in it but its own entries.\n"
)
_CACHE_MARK = "cache of formlint"
_GITIGNORE = "# created by formlint\n*\n"


class OutputError(ConfigError):
    """A target formlint refuses to write; the CLI exits 2 with this message."""


# --- files -----------------------------------------------------------------------------------


def check_target(
    target: str | os.PathLike, inputs: Iterable[str | tuple] = (), what: str = "-o"
) -> Path:
    """The path to write for ``target``, or OutputError saying why formlint will not write it.
    A symlink is followed: the file it points at is replaced, the link kept."""
    text = os.fspath(target)
    if not text.strip():
        raise OutputError(f"{what}: the file name is empty (an unset variable?)")
    path = Path(text)
    if writes_over_an_input(path, inputs):
        raise OutputError(
            f"{what} {text} is one of the inputs; formlint never writes over an input"
        )
    real = Path(os.path.realpath(path))
    if real.is_dir():
        raise OutputError(f"{what} {text} is a directory; give a file name")
    folder = real.parent
    if not folder.is_dir():
        raise OutputError(f"{what} {text}: the folder {folder} does not exist")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputError(f"{what} {text}: the folder {folder} cannot be written")
    if real.exists() and not os.access(real, os.W_OK):
        raise OutputError(f"{what} {text} is read-only")
    return real


def writes_over_an_input(target: Path, inputs: Iterable[str | tuple]) -> bool:
    """Whether writing ``target`` would write over one of ``inputs``: the same file by any path,
    symlink or hard link; a file discovery found and skipped (``linter.discovery.Skipped``, its
    path first) counts too. A target that does not exist is none of them (one stat per input,
    no path resolution)."""
    try:
        wanted = target.stat()
    except OSError:
        return False
    for entry in inputs:
        path = entry if isinstance(entry, str) else entry[0]
        if path == "-":
            continue
        try:
            if os.path.samestat(os.stat(path), wanted):
                return True
        except OSError:
            continue
    return False


@contextlib.contextmanager
def atomic_write(
    target: str | os.PathLike,
    binary: bool = False,
    inputs: Iterable[str | tuple] = (),
    what: str = "-o",
) -> Iterator[IO]:
    """A file to write ``target`` through: a temporary file beside it, renamed over it when the
    block ends without an error, removed otherwise. Text is UTF-8 with no newline translation;
    what UTF-8 cannot hold (a file name in another encoding, a lone surrogate) is written as a
    backslash escape, never an error that loses the report."""
    real = check_target(target, inputs, what)
    if real.exists() and not real.is_file():  # /dev/null, /dev/stdout, a FIFO: written as it is
        with _open(real, binary, "w", target, what) as fh:
            yield fh
        return
    sweep_temps(real.parent, f".{real.name}.")
    temp = real.parent / f".{real.name}.{os.getpid()}.{time.monotonic_ns() % 10**9}{TEMP_SUFFIX}"
    fh = _open(temp, binary, "x", target, what)
    try:
        with fh:
            yield fh
        _keep_mode(real, temp)
        os.replace(temp, real)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


def _open(path: Path, binary: bool, mode: str, target: str | os.PathLike, what: str) -> IO:
    try:
        if binary:
            return open(path, mode + "b")  # noqa: SIM115 - the caller closes it
        return open(path, mode, encoding="utf-8", errors="backslashreplace", newline="")  # noqa: SIM115
    except OSError as exc:
        raise OutputError(
            f"{what} {os.fspath(target)}: cannot write: {exc.strerror or exc}"
        ) from exc


def write_text(
    target: str | os.PathLike, text: str, inputs: Iterable[str] = (), what: str = "-o"
) -> None:
    with atomic_write(target, inputs=inputs, what=what) as fh:
        fh.write(text)


def _keep_mode(real: Path, temp: Path) -> None:
    """The new file keeps the old one's permissions, or gets the umask's like any new file."""
    try:
        mode = real.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    with contextlib.suppress(OSError):
        os.chmod(temp, mode)


_TEMP = re.compile(r"\.(\d+)\.\d+" + re.escape(TEMP_SUFFIX) + "$")


def sweep_temps(folder: Path, prefix: str = "") -> None:
    """Remove the temporary files (of ``prefix``) that a killed formlint left in ``folder``: those
    of a process that no longer runs, or older than a day."""
    try:
        names = [n for n in os.listdir(folder) if n.startswith(prefix) and n.endswith(TEMP_SUFFIX)]
    except OSError:
        return
    now = time.time()
    for name in names:
        match = _TEMP.search(name)
        if match is None:
            continue
        path = folder / name
        with contextlib.suppress(OSError):
            if not _running(int(match.group(1))) or now - path.lstat().st_mtime > STALE_SECONDS:
                path.unlink()


def temp_name(name: str) -> str:
    """A temporary file's name for ``name``, which ``sweep_temps`` recognises."""
    return f".{name}.{os.getpid()}.{time.monotonic_ns() % 10**9}{TEMP_SUFFIX}"


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # another user's process
    return True


# --- the cache folder --------------------------------------------------------------------------


def is_formlint_cache(folder: Path) -> bool:
    """Whether ``folder`` carries formlint's mark (also that of earlier versions)."""
    try:
        with open(folder / CACHE_TAG, encoding="utf-8", errors="replace") as fh:
            return _CACHE_MARK in fh.read(4096)
    except OSError:
        return False


def cache_root(directory: str | os.PathLike, option: str = "--cache-dir") -> Path:
    """The cache folder named by ``directory``, checked before anything is written there: one
    that does not exist yet (created, with its mark, at the first write), an empty one, or one
    formlint marked. Anything else is OutputError: formlint would otherwise write, and prune,
    inside a folder of the user's."""
    text = os.fspath(directory)
    if not text.strip():
        raise OutputError(f"{option} is empty (an unset variable?); give a folder, or --no-cache")
    path = Path(text)
    if not path.exists() and not path.is_symlink():
        return path
    if not path.is_dir():
        raise OutputError(f"{option} {text} is not a folder")
    if is_formlint_cache(path):
        return path
    try:
        empty = not any(os.scandir(path))
    except OSError:
        empty = False
    if empty:
        return path
    raise OutputError(
        f"{option} {text} is a folder formlint did not create (no formlint {CACHE_TAG} in it); "
        "formlint writes and deletes only in its own cache folder: give a new or empty folder, "
        "or --no-cache"
    )


def mark_cache(path: Path) -> None:
    """Create the cache folder (if it does not exist) and mark it, before anything else is
    written in it; OSError if it cannot be."""
    if not path.exists():
        path.mkdir(parents=True)
    elif not is_formlint_cache(path) and any(os.scandir(path)):
        raise OSError(f"{path} is not formlint's")
    if not is_formlint_cache(path):
        (path / CACHE_TAG).write_text(CACHE_TAG_TEXT, encoding="utf-8")
        gitignore = path / ".gitignore"
        if not gitignore.exists():
            gitignore.write_text(_GITIGNORE, encoding="utf-8")
