"""The tab-separated text export: one table row per line, cells split by TAB.

A line that starts with ``# `` is a comment (a note of where the text came from): it keeps its
line number but is no row. A web page copied as text arrives as pipe rows (``| 项目名称 | xxx |
|||``): a line with no TAB that starts or ends with ``|``, or holds `` | `` (a row whose end a page
cut off), has its cells split at ``|``. A pipe is
one character, like the TAB it stands for, so every cell keeps its column in the file. A
Markdown rule line (``|---|:---:|``) is a blank row, as the table it rules has none there.
"""

from __future__ import annotations

import codecs

from linter.limits import check_text
from linter.parse.source import ReadError, Row, SourceRows


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 (with a BOM, or without one when its NUL bytes show
    the byte order), or GB18030/GBK; anything else is an error naming the line where it fails."""
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="strict")
        except UnicodeDecodeError as exc:
            line = data[: len(codecs.BOM_UTF8) + exc.start].count(b"\n") + 1
            raise ReadError("UTF-8 编码损坏", "broken UTF-8 encoding", line) from exc
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise ReadError("UTF-16 编码损坏", "broken UTF-16 encoding") from exc
    if b"\x00" in data:
        text = _utf16_without_bom(data)
        if text is None:
            raise ReadError("不是文本文件（含有 NUL 字节）", "not a text file (contains NUL bytes)")
        return text
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.end == len(data) and exc.reason == "unexpected end of data":
            # a file cut off inside its last character: keep what was written
            return data[: exc.start].decode("utf-8") + "\ufffd"
        utf8_error = exc.start
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError as exc:
        # the line is where the likelier encoding fails: the one that read further
        line = data[: max(utf8_error, exc.start)].count(b"\n") + 1
        raise ReadError(
            f"无法识别的编码（不是 UTF-8、UTF-16 或 GB18030），第 {line} 行有无法解码的字节",
            f"unknown encoding (not UTF-8, UTF-16 or GB18030): undecodable bytes on line {line}",
            line,
        ) from exc


def _utf16_without_bom(data: bytes) -> str | None:
    """Text saved as UTF-16 without a byte-order mark: its ASCII characters (tabs, newlines,
    digits) have their NUL byte on one side; None when the NULs show no such order."""
    if len(data) % 2:
        return None
    odd, even = data[1::2].count(0), data[0::2].count(0)
    if max(odd, even) < 2 or min(odd, even) * 4 > max(odd, even):
        return None
    try:
        text = data.decode("utf-16-le" if odd > even else "utf-16-be")
    except UnicodeDecodeError:
        return None
    return None if "\x00" in text else text


def read_text(path: str, data: bytes) -> SourceRows:
    check_text(data)
    text = decode(data)
    if "\r" in text:  # CR LF and lone CR end lines too; str.splitlines would also split at \f, \v …
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if len(lines) > 1 and lines[-1] == "":
        lines.pop()
    new = tuple.__new__  # rows without their Python-level __new__: one per line
    rows = tuple(
        [
            new(
                Row,
                (
                    n,
                    tuple(line.split("\t")) if "\t" in line or "|" not in line else _cells(line),
                    None,
                ),
            )
            for n, line in enumerate(lines, 1)
            if line[:2] != "# "
        ]
    )  # a TAB row split in place: the most lines by far
    return SourceRows(path, tuple(lines), rows)


_RULE = frozenset("-: ")  # what a Markdown rule line's cells are made of


def _cells(line: str) -> tuple[str, ...]:
    if "|" in line and "\t" not in line:
        edge = line.strip()
        if edge.startswith("|") or edge.endswith("|") or " | " in line:
            parts = line.split("|")
            if "-" in line and _is_rule(parts, edge):
                return tuple(" " * len(part) for part in parts)  # blank, its columns kept
            return tuple(parts)
    return tuple(line.split("\t"))


def _is_rule(parts: list[str], edge: str) -> bool:
    """A Markdown rule line (``|---|:---:|``): every cell between the edge pipes is dashes,
    with colons for alignment."""
    inner = parts[1 if edge.startswith("|") else 0 : -1 if edge.endswith("|") else None]
    cells = [part.strip() for part in inner]
    return bool(cells) and all(c and "-" in c and set(c) <= _RULE for c in cells)
