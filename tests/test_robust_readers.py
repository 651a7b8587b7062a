"""Every registered reader, given arbitrary bytes, returns rows or raises ReadError, nothing else:
bytes that start like the real format (a zip, a PDF header) but break later included."""

from __future__ import annotations

import pytest
from conftest import registry
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linter.parse.parser import parse_rows
from linter.parse.source import ReadError, SourceRows

READERS = registry().readers
MAGIC = [
    b"",
    b"PK\x03\x04",
    b"%PDF-1.4\n",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\xd0\xcf\x11\xe0",
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",  # the whole OLE header: .xls, .doc, .et, .wps
    b"<html><table><tr><td rowspan=",
    b"MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=b\r\n\r\n--b\r\n",
]
quick = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.parametrize("reader", READERS, ids=lambda r: r.name)
@quick
@given(prefix=st.sampled_from(MAGIC), data=st.binary(max_size=3000))
def test_reader_never_raises_anything_but_read_error(reader, prefix, data):
    try:
        rows = reader.read(f"fuzz{reader.suffixes[0]}", prefix + data)
    except ReadError:
        return
    assert isinstance(rows, SourceRows)
    parse_rows(rows)
