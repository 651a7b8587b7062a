"""The limits one input may reach, shared by the engine and every reader (built-in or new).

A form has a few hundred rows of a dozen cells; a file of forms a few thousand rows. Anything far
beyond is either not a form or built to exhaust the machine (a cell in column XFD on every row,
a gridSpan of 10^8, a 3 GB shared string, 30 MB of newlines). Each limit is checked before the
big thing is built, so a hostile file is refused with a message naming what was too large, and a
run's peak memory stays well under 500 MB (``tests/test_safety.py`` measures it).

A reader that builds a table row by row takes a ``CellBudget`` and calls ``row(width)`` before it
builds each row; one that unpacks a zip package calls ``check_part`` before a library reads a part
whole. The time a file may take is bounded elsewhere, from outside the work (``linter.supervise``).
"""

from __future__ import annotations

import os
import stat
import sys
from typing import TYPE_CHECKING

from linter.parse.source import ReadError
from linter.urls import is_url

if TYPE_CHECKING:
    import zipfile

MAX_BYTES = 64 * 1024 * 1024  # one input file
MAX_LINES = 150_000  # rows of one file (lines of text, or rows a reader makes)
MAX_CELLS = 1_000_000  # cells of one file, all rows together
MAX_COLUMNS = 2_048  # cells in one row (Excel allows 16,384: column XFD)
MAX_FORMS = 10_000  # forms in one file
MAX_PAGES = 1_000  # pages of one PDF
MAX_PART_BYTES = 32 * 1024 * 1024  # a zip part that a library reads whole (strings, document)
MAX_SHEET_BYTES = 256 * 1024 * 1024  # a worksheet part, which is streamed


def refuse(what_zh: str, what_en: str, count: int, limit: int, line: int = 1) -> ReadError:
    """The ReadError of an input over a limit: what, how many, and the limit."""
    return ReadError(
        f"{what_zh}过多（{count}，上限 {limit}），不像是绩效表单，已跳过",
        f"too many {what_en} ({count}, limit {limit}); that is not a performance form",
        line,
    )


class CellBudget:
    """Rows and cells of one file, counted as a reader builds them."""

    __slots__ = ("rows", "cells")

    def __init__(self) -> None:
        self.rows = 0
        self.cells = 0

    def row(self, width: int) -> None:
        """Count one row of ``width`` cells; ReadError beyond a limit, before it is built."""
        self.rows += 1
        self.cells += width
        if width > MAX_COLUMNS:
            raise refuse("单行单元格", "cells in one row", width, MAX_COLUMNS, self.rows)
        if self.rows > MAX_LINES:
            raise refuse("行", "rows", self.rows, MAX_LINES, self.rows)
        if self.cells > MAX_CELLS:
            raise refuse("单元格", "cells", self.cells, MAX_CELLS, self.rows)


def check_text(data: bytes, sep: bytes = b"\t") -> None:
    """Lines and cells of a text export, counted in C before it is decoded and split."""
    lines = data.count(b"\n") + 1
    if lines > MAX_LINES:
        raise refuse("行", "lines", lines, MAX_LINES)
    cells = lines + data.count(sep)
    if cells > MAX_CELLS:
        raise refuse("单元格", "cells", cells, MAX_CELLS)


def check_part(package: zipfile.ZipFile, name: str, limit: int = MAX_PART_BYTES) -> None:
    """A zip part's unpacked size, from its header, before anything unpacks it (a zip reader never
    gives more bytes than the header says, so a header that lies only cuts the part short)."""
    try:
        size = package.getinfo(name).file_size
    except KeyError:
        return
    if size > limit:
        raise ReadError(
            f"文件内部的 {name} 解压后超过 {limit // 2**20} MB，不像是绩效表单",
            f"its part {name} unpacks to more than {limit // 2**20} MB; that is not a performance form",
        )


def check_parts(package: zipfile.ZipFile, streamed: tuple[str, ...] = ()) -> None:
    """Every XML part of a package: those a library reads whole within ``MAX_PART_BYTES``, those
    streamed (names starting with one of ``streamed``) within ``MAX_SHEET_BYTES``. Pictures and
    other media are never unpacked, whatever their size."""
    for info in package.infolist():
        if not info.filename.endswith((".xml", ".rels")):
            continue
        limit = MAX_SHEET_BYTES if info.filename.startswith(streamed) else MAX_PART_BYTES
        if info.file_size > limit:
            check_part(package, info.filename, limit)


def read_bytes(path: str) -> bytes:
    """The file's bytes; a FIFO or device is refused, since reading one could block forever, and
    so is a file over ``MAX_BYTES`` (stdin and URLs too, read no further than the limit)."""
    if path == "-":
        data = sys.stdin.buffer.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            raise ReadError(
                f"标准输入过大（上限 {MAX_BYTES} 字节）",
                f"stdin too large (limit {MAX_BYTES} bytes)",
            )
        return data
    if is_url(path):
        from linter.urls import read_url  # fsspec: imported for a URL only

        return read_url(path, MAX_BYTES)
    st = os.stat(path)
    if not stat.S_ISREG(st.st_mode):
        raise ReadError(
            "不是普通文件（管道、设备或目录）", "not a regular file (a pipe, device or directory)"
        )
    size = st.st_size
    if size > MAX_BYTES:
        raise ReadError(
            f"文件过大（{size} 字节，上限 {MAX_BYTES}）",
            f"file too large ({size} bytes, limit {MAX_BYTES})",
        )
    with open(path, "rb") as fh:
        data = fh.read(size + 1)  # a buffer of the file's size, not of the limit
        if len(data) > size:  # it grows while it is read: no further than the limit
            data += fh.read(MAX_BYTES + 1 - len(data))
    if len(data) > MAX_BYTES:
        raise ReadError(
            f"文件过大（上限 {MAX_BYTES} 字节）", f"file too large (limit {MAX_BYTES} bytes)"
        )
    return data
