"""Report replay: a re-run over unchanged inputs writes back the report the last such run wrote.

The result cache spares a re-run the parsing and checking, but the run still decodes every
finding and renders the report again (0.15 s of CPU for 16,000 findings). When the inputs'
paths and bytes, the configuration, the code (the cache's salt) and the report's options are all
what they were, the report is the same text, so it is kept beside the cache entries and written
back, as build tools replay a task's output. Only reporters whose output is a function of those
alone take part (``Reporter.replayable``: not the HTML page with its clock, nor rich's report
sized to a terminal), and only runs that ended without an unreadable file, a crashed check or a
plugin problem (whose findings may not come back the same) are kept.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import zlib
from collections.abc import Iterable, Iterator, Sequence
from typing import IO

from linter.cache import Cache
from linter.discovery import Input, Skipped
from linter.outputs import atomic_write, temp_name
from linter.parse.source import ReadError
from linter.reporters.base import ReportContext, Reporter
from linter.results import Counts

KEEP_REPORTS = 8  # per salt: a pre-commit hook checks a different set of files at each commit
_HEADER = 256  # bytes of the first line: the counts and the report's length, JSON padded
_CHUNK = 1 << 20


class Replay:
    """One run's stored report, named by a digest of everything its text depends on. The entry
    is the counts the exit code comes from, on a first line of fixed length, then the report."""

    def __init__(self, cache: Cache, key: str) -> None:
        self.cache = cache
        self.folder = cache.folder / "reports"
        self.path = self.folder / key
        self._tmp = cache.tmp / temp_name(f"report-{key}")
        self._tee: _Tee | None = None  # the recording, once it has begun

    @classmethod
    def for_run(
        cls, cache: Cache, files: Sequence[Input], reporter: Reporter, ctx: ReportContext
    ) -> Replay | None:
        """The replay of a run over ``files``; None when a file cannot be read (its finding
        says why, and is never replayed) or is stdin."""
        digest = hashlib.sha256(cache.salt.encode())
        options = (reporter.name, ctx._replace(rules=None))  # the rules: in the salt already
        digest.update(repr(options).encode("utf-8", "surrogatepass"))
        for path in files:
            if path == "-":
                return None
            if isinstance(path, Skipped):  # not read: its entry is the whole of its finding
                digest.update(repr(tuple(path)).encode("utf-8", "surrogatepass"))
                continue
            try:
                _, key = cache.file_key(path, keep=True)  # the run takes it, not reading again
            except (OSError, ReadError):
                return None
            name = path.encode("utf-8", "surrogatepass")
            digest.update(b"\0%d\0%s\0%s" % (len(name), name, key.encode()))
        return cls(cache, digest.hexdigest())

    def play(self, output: str | None, out: IO, inputs: Sequence[str] = ()) -> Counts | None:
        """Write the stored report to the file ``output`` (as bytes: it was written as UTF-8
        with no newline translation; atomically, never over one of ``inputs``) or to ``out``;
        its counts, or None when there is no whole and unchanged entry (its length and CRC are
        in its header). Once writing has begun, an error is the output's and goes up: the run
        must not write the report a second time after part of it."""
        try:
            src = open(self.path, "rb")  # noqa: SIM115 - closed by the with below
        except OSError:
            return None
        with src:
            stored = _stored_counts(src)
            if stored is None:
                return None
            counts, size, crc = stored
            if output is not None and (os.path.isfile(output) or not os.path.exists(output)):
                # one pass into the temporary file, renamed only when the CRC matches
                try:
                    with atomic_write(output, binary=True, inputs=inputs) as dst:
                        if _copy(src, dst) != crc:
                            raise _Damaged
                except _Damaged:
                    return None
            else:  # stdout or a device, where nothing written can be taken back: checked first
                if _crc(src) != crc:
                    return None
                src.seek(_HEADER)
                if output is None:
                    for chunk in iter(lambda: src.read(_CHUNK), b""):
                        out.write(chunk.decode("utf-8", "backslashreplace"))
                else:
                    with atomic_write(output, binary=True, inputs=inputs) as dst:
                        _copy(src, dst)
        with contextlib.suppress(OSError):  # a cache one may read but not touch still replays
            os.utime(self.path)  # recently used: kept when older reports are dropped
        return counts

    @contextlib.contextmanager
    def recording(self, out: IO) -> Iterator[IO]:
        """``out`` with every write also kept in a temporary entry; ``keep`` then stores it. Just
        ``out`` when the cache cannot be written: the report is written, and nothing is kept."""
        try:
            self.cache.prepare()
            self.folder.mkdir(exist_ok=True)
            self.cache.tmp.mkdir(exist_ok=True)
            copy = self._tmp.open("w", encoding="utf-8", errors="backslashreplace", newline="")
        except OSError:
            yield out
            return
        self._tee = _Tee(out, copy, " " * (_HEADER - 1) + "\n")
        try:
            yield self._tee
        except BaseException:
            with contextlib.suppress(OSError):
                copy.close()
                self._tmp.unlink()
            raise
        self._tee.close_copy()

    def keep(self, counts: Counts, problems: Sequence[str]) -> None:
        """Store the recorded report, unless the run had a problem (exit 2) or the copy is not
        whole; drop the least recently used reports beyond ``KEEP_REPORTS``. The header records
        the report's length, so that an entry cut short is never played."""
        try:
            stored = {
                "files": counts.files,
                "forms": counts.forms,
                "by_severity": counts.by_severity,
                "bytes": self._tmp.stat().st_size - _HEADER,
                "crc": _crc(self._tmp),
            }
            header = json.dumps(stored).encode()
            if (
                self._tee is None
                or not self._tee.intact
                or counts.exit_code(problems, "error", False) == 2
                or len(header) >= _HEADER
            ):
                self._tmp.unlink()
                return
            with open(self._tmp, "r+b") as fh:
                fh.write(header.ljust(_HEADER - 1))
            os.replace(self._tmp, self.path)
            self._prune()
        except OSError:
            with contextlib.suppress(OSError):
                self._tmp.unlink()

    def _prune(self) -> None:
        reports = sorted(
            (p for p in self.folder.iterdir() if not p.name.startswith(".")),
            key=lambda p: p.stat().st_mtime_ns,
            reverse=True,
        )
        for old in reports[KEEP_REPORTS:]:
            old.unlink(missing_ok=True)


class _Damaged(Exception):
    """A stored report whose CRC does not match: not played."""


def _copy(src: IO[bytes], dst: IO[bytes]) -> int:
    """Copy the rest of ``src`` to ``dst``; the CRC-32 of what was copied."""
    crc = 0
    for chunk in iter(lambda: src.read(_CHUNK), b""):
        crc = zlib.crc32(chunk, crc)
        dst.write(chunk)
    return crc


def _crc(source: os.PathLike | str | IO[bytes]) -> int:
    """The CRC-32 of a report entry's report (what follows its header)."""
    crc = 0
    with contextlib.ExitStack() as stack:
        fh = source if hasattr(source, "read") else stack.enter_context(open(source, "rb"))
        fh.seek(_HEADER)
        for chunk in iter(lambda: fh.read(_CHUNK), b""):
            crc = zlib.crc32(chunk, crc)
    return crc


def _stored_counts(src: IO[bytes]) -> tuple[Counts, int, int] | None:
    """The counts on an entry's first line, with the report's length and CRC; None unless the
    entry is as long as its header records (the CRC is the caller's to check)."""
    try:
        stored = json.loads(src.readline())
        size = int(stored["bytes"])
        if os.fstat(src.fileno()).st_size != _HEADER + size:
            return None
        src.seek(_HEADER)
        counts = Counts(stored["files"], stored["forms"])
        counts.by_severity.update(stored["by_severity"])
        return counts, size, int(stored["crc"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


class _Tee:
    """A text stream that writes to ``out`` and to ``copy`` (which starts with ``head``);
    anything else is ``out``'s. A copy that cannot be written (a full disk) is given up, never
    the report: ``intact`` then turns False."""

    def __init__(self, out: IO, copy: IO, head: str) -> None:
        self._out, self._copy = out, copy
        self.intact = True
        self._keep(head)

    def write(self, text: str) -> int:
        self._keep(text)
        return self._out.write(text)

    def writelines(self, lines: Iterable[str]) -> None:
        for line in lines:
            self.write(line)

    def close_copy(self) -> None:
        try:
            self._copy.close()
        except OSError:
            self.intact = False

    def _keep(self, text: str) -> None:
        if self.intact:
            try:
                self._copy.write(text)
            except OSError:
                self.intact = False

    def __getattr__(self, name: str):
        return getattr(self._out, name)
