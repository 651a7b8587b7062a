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
import io
import json
import os
from collections.abc import Iterable, Iterator, Sequence
from typing import IO

from linter.cache import Cache
from linter.discovery import Input, Skipped
from linter.engine import Counts
from linter.parse.source import ReadError
from linter.reporters.base import ReportContext, Reporter

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
        self._tmp = self.folder / f".tmp-{os.getpid()}-{key}"
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

    def play(self, output: str | None, out: IO) -> Counts | None:
        """Write the stored report to the file ``output`` (as bytes: it was written as UTF-8
        with no newline translation) or to ``out``; its counts, or None when there is no whole
        entry. Once writing has begun, an error is the output's and goes up: the run must not
        write the report a second time after part of it."""
        try:
            src = open(self.path, "rb")  # noqa: SIM115 - closed by the with below
        except OSError:
            return None
        with src:
            counts = _stored_counts(src)
            if counts is None:
                return None
            if output is None:
                text = io.TextIOWrapper(src, encoding="utf-8", errors="surrogatepass")
                for chunk in iter(lambda: text.read(_CHUNK), ""):
                    out.write(chunk)
            else:
                with open(output, "wb") as dst:
                    for chunk in iter(lambda: src.read(_CHUNK), b""):
                        dst.write(chunk)
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
            copy = self._tmp.open("w", encoding="utf-8", errors="surrogatepass", newline="")
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


def _stored_counts(src: IO[bytes]) -> Counts | None:
    """The counts on an entry's first line; None unless the entry is whole (its report as long
    as the header records)."""
    try:
        stored = json.loads(src.readline())
        if os.fstat(src.fileno()).st_size != _HEADER + stored["bytes"]:
            return None
        counts = Counts(stored["files"], stored["forms"])
        counts.by_severity.update(stored["by_severity"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return counts


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
