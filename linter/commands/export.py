"""``formlint export FILE...``: the normalised TAB-separated text of any supported file.

It prints the rows exactly as the grammar reads them, one line per row, so a repository of .xlsx,
.docx or .pdf forms can use it as a git ``textconv`` driver and review changes as text diffs
(see docs/textconv.md). An unreadable file is reported on stderr, exit 2, and the others are
still printed.
"""

from __future__ import annotations

import argparse
import sys
from typing import IO

from linter import supervise
from linter.commands.check import add_time_limit
from linter.limits import read_bytes
from linter.parse.source import ReadError
from linter.plugins import Registry


def add_parser(sub) -> None:
    export = sub.add_parser(
        "export", help="print the normalised tab-separated text of forms (a git textconv driver)"
    )
    export.add_argument("paths", nargs="+", help="files; - reads stdin (see --reader)")
    export.add_argument(
        "--reader", help="read every file with this reader (text, xlsx, docx, pdf, ...)"
    )
    add_time_limit(export)


def run(args: argparse.Namespace, registry: Registry, out: IO) -> int:
    status = 0
    for path in args.paths:
        try:
            text = supervised_export(path, registry, args.reader, args.time_limit)
        except (ReadError, OSError) as exc:
            message = exc.en if isinstance(exc, ReadError) else (exc.strerror or str(exc))
            print(f"formlint: {path}: {message}", file=sys.stderr)
            status = 2
            continue
        if len(args.paths) > 1:
            text = f"==> {path} <==\n{text}"
        _write(out, text)
    return status


def supervised_export(
    path: str, registry: Registry, reader_name: str | None, limit: float | None
) -> str:
    """``export_text`` in a worker process killed after ``limit`` seconds (ReadError then)."""
    data = read_bytes(path) if path == "-" else None  # stdin is this process's to read
    outcome = supervise.call(export_text, (path, registry, reader_name, data), limit)
    if outcome.kind == "timeout":
        raise ReadError(
            f"处理超时：超过 {limit:g} 秒", f"cut off: reading took longer than {limit:g} s"
        )
    if outcome.kind == "crash":
        raise ReadError(
            f"读取时工作进程异常终止（{outcome.detail}）",
            f"the worker reading it died ({outcome.detail})",
        )
    return outcome.value


def export_text(
    path: str, registry: Registry, reader_name: str | None = None, data: bytes | None = None
) -> str:
    """The file's rows as TAB-joined lines, each ending in a newline."""
    if reader_name is not None:
        reader = next((r for r in registry.readers if r.name == reader_name), None)
        if reader is None:
            known = ", ".join(r.name for r in registry.readers)
            raise ReadError(
                f"没有名为 {reader_name} 的读取器", f"no reader {reader_name!r} ({known})"
            )
    else:
        reader = registry.reader_for(path if path != "-" else "-.txt")
        if reader is None:
            raise ReadError(
                "不支持的文件类型",
                f"unsupported file type (supported: {', '.join(registry.suffixes)})",
            )
    rows = reader.read(path, read_bytes(path) if data is None else data)
    return "".join(line + "\n" for line in rows.lines)


def _write(out: IO, text: str) -> None:
    """UTF-8 whatever the locale: git runs textconv drivers under LANG=C too."""
    buffer = getattr(out, "buffer", None)
    if buffer is None:
        out.write(text)
        return
    out.flush()
    buffer.write(text.encode("utf-8"))
    buffer.flush()
