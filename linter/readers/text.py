"""The tab-separated text export: one table row per line, cells split by TAB.

A line that starts with ``|`` and has no TAB is a pipe-table row, as a web page copied as text
arrives: its cells are split at ``|`` and the row's normalised line is their TAB-joined text.
"""

from __future__ import annotations

import codecs

from linter.parse.source import ReadError, Row, SourceRows


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030/GBK; anything else is an error."""
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
        raise ReadError("不是文本文件（含有 NUL 字节）", "not a text file (contains NUL bytes)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.end == len(data) and exc.reason == "unexpected end of data":
            # a file cut off inside its last character: keep what was written
            return data[: exc.start].decode("utf-8") + "\ufffd"
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ReadError(
            "无法识别的编码（不是 UTF-8、UTF-16 或 GB18030）",
            "unknown encoding (not UTF-8, UTF-16 or GB18030)",
            line,
        ) from exc


def read_text(path: str, data: bytes) -> SourceRows:
    text = decode(data)
    if "\r" in text:  # CR LF and lone CR end lines too; str.splitlines would also split at \f, \v …
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if len(lines) > 1 and lines[-1] == "":
        lines.pop()
    if "|" in text:
        lines = [_pipe_row(line) if line.lstrip(" ").startswith("|") else line for line in lines]
    new = tuple.__new__  # rows without their Python-level __new__: one per line
    rows = tuple([new(Row, (n, tuple(line.split("\t")), None)) for n, line in enumerate(lines, 1)])
    return SourceRows(path, tuple(lines), rows)


def _pipe_row(line: str) -> str:
    """A pipe-table line (``| 项目名称 | xxx | |||``, as Markdown and HTML-to-text converters
    write a web page's table) as the TAB-joined row it stands for; a Markdown rule line
    (``|---|:---:|``) is a blank row. A line with a TAB is a TAB row already: its ``|`` is text."""
    if "\t" in line:
        return line
    body = line.strip(" ")[1:]
    if body.endswith("|"):
        body = body[:-1]
    cells = [cell.strip() for cell in body.split("|")]
    if all(c and set(c) <= set("-: ") for c in cells):
        return ""
    return "\t".join(cells)
