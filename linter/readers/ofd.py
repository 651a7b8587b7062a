"""OFD documents (.ofd, GB/T 33190, the national fixed-layout format): the text objects of every
page grouped into rows and cells by position, as a PDF page's text is.

An OFD is a zip package: ``OFD.xml`` names the document (``DocBody/DocRoot``), whose ``Pages``
name each page's ``Content.xml``; a page's text is its ``TextObject``s (a ``Boundary`` and a
``Size`` in millimetres, a ``CTM`` if any) holding ``TextCode``s (a start ``X``/``Y`` and the
advance of each character in ``DeltaX``, where ``g 3 2.5`` is three advances of 2.5). Each
character is placed on the page; characters sharing a line form a row, and a gap wider than a
character starts a new cell (``_layout``). A page has no grid, so the cells of a page are put in
columns by where they start: the starts of all its cells, within half a character of each other,
are one column, and a row with nothing in a column has an empty cell there, as the text export
has for a merged or blank cell. Templates a page uses are read with it. A page break is a blank
row, as in the PDF reader.

The package is read with bounds: a part larger than ``MAX_PART_BYTES`` unpacked, more than
``MAX_PAGES`` pages or ``MAX_GLYPHS`` characters is a ReadError, and a part with a DTD (the
way to an XML entity bomb; OFD never has one) is refused before it is parsed.

Locations are ``p.2 row 5 col 3``. Image-only pages (a scanned OFD) have no text to read.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Iterator
from io import BytesIO
from xml.etree import ElementTree

from linter.parse.source import ReadError, SourceRows, rows_from_cells
from linter.readers._container import ZIP_MAGIC, corrupt
from linter.readers._layout import Glyph, cells_with_starts, rows

MAX_PART_BYTES = 32 * 1024 * 1024
MAX_PAGES = 2_000
MAX_GLYPHS = 2_000_000
_DTD = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)
_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|g")


def read_ofd(path: str, data: bytes) -> SourceRows:
    """Rows of every page, a blank row between pages; see the module docstring."""
    if not data.startswith(ZIP_MAGIC):
        raise ReadError("不是 OFD 文件（文件头不是 zip 包）", "not an OFD file (not a zip package)")
    try:
        package = zipfile.ZipFile(BytesIO(data))
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        raise corrupt("ofd", exc) from exc
    table: list[list[str]] = []
    where: list[list[str | None]] = []
    try:
        with package:
            glyph_count = 0
            for page_no, glyphs in enumerate(_pages(package), start=1):
                glyph_count += len(glyphs)
                if glyph_count > MAX_GLYPHS:
                    raise ReadError(
                        f"OFD 文字超过 {MAX_GLYPHS} 个字符，不像是绩效表单",
                        f"the OFD holds more than {MAX_GLYPHS} characters; that is not a performance form",
                    )
                if page_no > 1:
                    table.append([""])
                    where.append([None])
                for row_no, texts in enumerate(_page_rows(glyphs), start=1):
                    table.append(texts)
                    where.append(
                        [f"p.{page_no} row {row_no} col {j}" for j in range(1, len(texts) + 1)]
                    )
    except ReadError:
        raise
    except Exception as exc:  # noqa: BLE001 - any failure inside a damaged package
        raise corrupt("ofd", exc) from exc
    if not any(any(t.strip() for t in row) for row in table):
        raise ReadError(
            "OFD 中没有文字（可能是扫描件，只有图像）",
            "the OFD holds no text (it may be a scan, images only)",
        )
    return rows_from_cells(path, table, where)


def _pages(package: zipfile.ZipFile) -> Iterator[list[Glyph]]:
    """The glyphs of each page, in page order."""
    root = _xml(package, "OFD.xml")
    doc_root = next((e.text for e in root.iter() if _name(e) == "DocRoot" and e.text), None)
    if doc_root is None:
        raise ReadError("OFD.xml 中没有 DocRoot", "OFD.xml names no DocRoot")
    doc_path = _resolve("", doc_root)
    document = _xml(package, doc_path)
    folder = posixpath.dirname(doc_path)
    templates = {
        e.get("ID"): _resolve(folder, e.get("BaseLoc", ""))
        for e in document.iter()
        if _name(e) == "TemplatePage"
    }
    pages = [e for e in document.iter() if _name(e) == "Page" and e.get("BaseLoc")]
    if len(pages) > MAX_PAGES:
        raise ReadError(
            f"OFD 超过 {MAX_PAGES} 页，不像是绩效表单",
            f"the OFD has more than {MAX_PAGES} pages; that is not a performance form",
        )
    for page in pages:
        content = _xml(package, _resolve(folder, page.get("BaseLoc", "")))
        glyphs: list[Glyph] = []
        for used in (e for e in content.iter() if _name(e) == "Template"):
            template = templates.get(used.get("TemplateID"))
            if template is not None:
                glyphs.extend(_glyphs(_xml(package, template)))
        glyphs.extend(_glyphs(content))
        yield glyphs


def _page_rows(glyphs: list[Glyph]) -> list[list[str]]:
    """Rows of a page's cells, each cell in the column where it starts."""
    lines = []
    for row in rows(glyphs):
        cells = _cells(row)
        if cells:
            lines.append(cells)
    if not lines:
        return []
    sizes = [size for cells in lines for _, size, _ in cells]
    tolerance = sorted(sizes)[len(sizes) // 2] / 2
    stops: list[float] = []
    for x0 in sorted(x0 for cells in lines for x0, _, _ in cells):
        if not stops or x0 - stops[-1] > tolerance:
            stops.append(x0)
    out = []
    for cells in lines:
        texts: list[str] = []
        for x0, _, text in cells:
            column = max(i for i, stop in enumerate(stops) if stop <= x0 + tolerance)
            while len(texts) < column:
                texts.append("")
            texts.append(text)
        out.append(texts)
    return out


def _cells(row: list[Glyph]) -> list[tuple[float, float, str]]:
    """The cells of one row with the x where each starts and its size."""
    return [(first.x0, first.size, text) for first, text in cells_with_starts(row)]


def _glyphs(content: ElementTree.Element) -> Iterator[Glyph]:
    for obj in content.iter():
        if _name(obj) != "TextObject":
            continue
        bx, by = (_numbers(obj.get("Boundary", "0 0 0 0")) + [0.0, 0.0])[:2]
        size = _float(obj.get("Size"), 3.5)
        ctm = _numbers(obj.get("CTM", ""))
        a, b, c, d, e, f = ctm[:6] if len(ctm) >= 6 else (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
        scale = abs(d) or 1.0
        x = y = 0.0
        for code in obj:
            if _name(code) != "TextCode":
                continue
            x, y = _float(code.get("X"), x), _float(code.get("Y"), y)
            advances = _advances(code.get("DeltaX", ""))
            text = code.text or ""
            cx = x
            for i, ch in enumerate(text):
                step = (
                    advances[i] if i < len(advances) else (size if not ch.isascii() else size / 2)
                )
                px, py = a * cx + c * y + e + bx, b * cx + d * y + f + by
                height = size * scale
                width = (size if not ch.isascii() else size / 2) * abs(a or 1.0)
                yield Glyph(px, px + width, py - height, py, ch, height)
                cx += step


def _advances(delta: str) -> list[float]:
    """``DeltaX`` as one advance per character: ``g N v`` is N advances of v."""
    tokens = _NUMBER.findall(delta)
    out: list[float] = []
    i = 0
    while i < len(tokens) and len(out) < 100_000:
        if tokens[i] == "g" and i + 2 < len(tokens):
            out.extend([float(tokens[i + 2])] * min(int(float(tokens[i + 1])), 100_000))
            i += 3
        elif tokens[i] != "g":
            out.append(float(tokens[i]))
            i += 1
        else:
            i += 1
    return out


def _numbers(text: str) -> list[float]:
    return [float(t) for t in _NUMBER.findall(text) if t != "g"]


def _float(text: str | None, default: float) -> float:
    try:
        return float(text) if text is not None else default
    except ValueError:
        return default


def _name(element: ElementTree.Element) -> str:
    """An element's local name: OFD's namespace is written in more than one way."""
    tag = element.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _resolve(folder: str, location: str) -> str:
    """A location inside the package: absolute (``/Doc_0/…``) or relative to ``folder``."""
    location = location.strip().replace("\\", "/")
    if location.startswith("/"):
        return posixpath.normpath(location.lstrip("/"))
    return posixpath.normpath(posixpath.join(folder, location))


def _xml(package: zipfile.ZipFile, name: str) -> ElementTree.Element:
    """A part of the package, parsed, read no further than ``MAX_PART_BYTES``."""
    try:
        with package.open(name) as part:
            data = part.read(MAX_PART_BYTES + 1)
    except KeyError as exc:
        raise ReadError(f"OFD 包中缺少 {name}", f"the OFD package has no part {name}") from exc
    if len(data) > MAX_PART_BYTES:
        raise ReadError(
            f"OFD 的 {name} 解压后超过 {MAX_PART_BYTES // 2**20} MB，不像是绩效表单",
            f"{name} of the OFD unpacks to more than {MAX_PART_BYTES // 2**20} MB; "
            "that is not a performance form",
        )
    if _DTD.search(data):
        raise ReadError(
            f"OFD 的 {name} 含有 DTD 声明（可能是 XML 实体炸弹），拒绝读取",
            f"{name} of the OFD declares a DTD (an XML entity bomb, maybe); not read",
        )
    return ElementTree.fromstring(data)
