"""Text that XML 1.0 can hold: what it cannot (control characters such as \\x1a from a cell, a
lone surrogate from a file name in another encoding) is written as a visible escape, ``\\x1a``,
so an XML report (JUnit, an .xlsx workbook) stays well-formed and loses no finding."""

from __future__ import annotations

import re

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str | None) -> str | None:
    """``text`` with every character XML 1.0 forbids written as a backslash escape."""
    if text is None or not _NOT_XML.search(text):
        return text
    return _NOT_XML.sub(
        lambda m: (
            f"\\x{ord(m.group()):02x}" if ord(m.group()) < 256 else f"\\u{ord(m.group()):04x}"
        ),
        text,
    )
