"""A file's format told by its bytes, for files whose name does not tell it.

Budget systems export under any name: a ``.xls`` that is an HTML table or an ``.xlsx`` package,
a download with no suffix at all. ``extend-include`` lets such files be linted, and the
spreadsheet reader hands a ``.xls`` that is not BIFF to the reader of what it is.
"""

from __future__ import annotations

import re
import zipfile
from io import BytesIO

from linter.readers._container import OLE_MAGIC, ZIP_MAGIC

_HTML = re.compile(rb"<(!doctype\s+html|html|table|body|head|meta)\b", re.IGNORECASE)
_MHTML = re.compile(rb"^[\w-]+:.*?content-type:\s*multipart/related", re.IGNORECASE | re.DOTALL)
_WORD_STREAM = "WordDocument".encode("utf-16-le")
_PACKAGE_PARTS = (
    ("xl/workbook.xml", ".xlsx"),
    ("word/document.xml", ".docx"),
    ("OFD.xml", ".ofd"),
)
_SNIFF_BYTES = 4096


def sniff_suffix(data: bytes) -> str | None:
    """The suffix of the reader for ``data`` (``.pdf``, ``.xlsx``, ``.html`` …): ``.txt`` for
    anything else without NUL bytes, None for binary data no reader takes."""
    head = data[:_SNIFF_BYTES]
    if b"%PDF-" in head[:1024]:
        return ".pdf"
    if head.startswith(ZIP_MAGIC):
        return _package(data)
    if head.startswith(OLE_MAGIC):
        return ".doc" if _WORD_STREAM in data[:65536] else ".xls"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if is_web_archive(text):
        return ".mhtml"
    if _HTML.search(text):
        return ".html"
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None
    return ".txt"


def is_web_archive(head: bytes) -> bool:
    """Whether bytes start as an MHTML web archive: mail headers, one of them multipart/related
    (browsers write ``From:`` or ``MIME-Version:`` first)."""
    return _MHTML.match(head[:_SNIFF_BYTES]) is not None


def _package(data: bytes) -> str | None:
    try:
        with zipfile.ZipFile(BytesIO(data)) as package:
            names = set(package.namelist())
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        return None
    for part, suffix in _PACKAGE_PARTS:
        if part in names:
            return suffix
    return None
