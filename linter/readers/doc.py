"""Legacy Word documents (.doc) and WPS documents (.wps): converted by LibreOffice, then read as
.docx.

No well-kept Python library reads the binary Word format, and LibreOffice reads it, and WPS's,
as Word does. The bytes are written into a private temporary directory (mode 0700, removed
afterwards) with LibreOffice's own profile beside them, so nothing is ever written beside the
input and two conversions at once do not share a profile; ``soffice --headless --convert-to
docx`` writes the .docx there, and the docx reader reads it. A converter that hangs is stopped
after ``CONVERT_SECONDS``. Without LibreOffice the file is a ReadError naming the package.

Locations are the docx reader's: ``paragraph 7``, ``table 2 row 5 col 3``, which are Word's own
tables and paragraphs.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from linter.parse.source import ReadError, SourceRows
from linter.readers._container import OLE_MAGIC, ZIP_MAGIC
from linter.readers._tools import find_tool, run_tool
from linter.readers.docx import read_docx

CONVERT_SECONDS = 45.0  # LibreOffice converts a form in 1–3 s, its first start a few more
MAX_DOCX_BYTES = 64 * 1024 * 1024  # the converted document read back


def read_doc(path: str, data: bytes) -> SourceRows:
    """Rows of the document, converted to .docx by LibreOffice."""
    if data.startswith(ZIP_MAGIC):  # a .docx saved under the old name
        return read_docx(path, data)
    if not data.startswith(OLE_MAGIC):
        raise ReadError(
            "不是 Word 97-2003（.doc）或 WPS 文档", "not a Word 97-2003 (.doc) or WPS document"
        )
    soffice = find_tool(
        "soffice", "libreoffice-writer", "读取 .doc / .wps 文档", "reading .doc / .wps"
    )
    suffix = Path(path).suffix.lower() if Path(path).suffix.lower() in (".doc", ".wps") else ".doc"
    with tempfile.TemporaryDirectory(prefix="formlint-doc-") as private:
        source = os.path.join(private, "form" + suffix)
        with open(source, "wb") as fh:
            fh.write(data)
        run_tool(
            [
                soffice,
                f"-env:UserInstallation={Path(private, 'profile').as_uri()}",
                "--headless",
                "--norestore",
                "--nologo",
                "--convert-to",
                "docx",
                "--outdir",
                private,
                source,
            ],
            timeout=CONVERT_SECONDS,
            cwd=private,
        )
        converted = Path(private, "form.docx")
        if not converted.is_file():
            raise ReadError(
                "LibreOffice 无法转换此文档（文件可能已损坏或设有密码）",
                "LibreOffice could not convert the document (it may be corrupt or password-protected)",
            )
        if converted.stat().st_size > MAX_DOCX_BYTES:
            raise ReadError(
                f"转换后的文档超过 {MAX_DOCX_BYTES // 2**20} MB，不像是绩效表单",
                f"the converted document is larger than {MAX_DOCX_BYTES // 2**20} MB; "
                "that is not a performance form",
            )
        return read_docx(path, converted.read_bytes())
