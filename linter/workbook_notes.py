"""Notes written into a copy of an Excel workbook: a cell comment and a fill on each cell a finding
is about, and nothing else changed.

openpyxl rewrites a whole workbook from what it understood, and drops the rest: the cached
results of formulas (a copy checked again had PARSE005 and SUM002), drawings, charts and the
parts it does not know. So the copy is the original zip package with only the parts the notes
need rewritten, by lxml, which keeps every namespace prefix the parts declare:

- each annotated sheet's XML: the annotated cells' style index (a missing cell is added), and a
  ``<legacyDrawing>`` if the sheet had no comments;
- its comments part: an author's comment keeps its text, the notes are appended after a
  separator (a second annotate replaces them instead of stacking); new comments are by formlint;
- its VML drawing, where Excel keeps the comment boxes: a box for each new comment, appended as
  text so that nothing Excel wrote there is re-serialised;
- its relationships, ``xl/styles.xml`` (a fill per severity, and a copy of each annotated cell's
  format with that fill) and ``[Content_Types].xml``.

Every other part is copied as it is.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from collections.abc import Iterable, Mapping
from copy import deepcopy
from dataclasses import dataclass, field
from typing import NamedTuple

from lxml import etree

from linter.readers._sheetxml import sheet_parts
from linter.reporters.location import native

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
DOC_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
CONTENT_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
COMMENTS_TYPE = f"{DOC_REL}/comments"
VML_TYPE = f"{DOC_REL}/vmlDrawing"
STYLES_TYPE = f"{DOC_REL}/styles"
COMMENTS_CONTENT = "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"
VML_CONTENT = "application/vnd.openxmlformats-officedocument.vmlDrawing"
AUTHOR = "formlint"
SEPARATOR = "—— formlint ——"
FILLS = {"error": "FFFFC7CE", "warning": "FFFFEB9C", "info": "FFDDEBF7"}  # Excel's own tints
RANK = {"info": 0, "warning": 1, "error": 2}
# what may follow <legacyDrawing> in a worksheet (CT_Worksheet's sequence)
AFTER_LEGACY_DRAWING = (
    "legacyDrawingHF",
    "drawingHF",
    "picture",
    "oleObjects",
    "controls",
    "webPublishItems",
    "tableParts",
    "extLst",
)
_CELL = re.compile(r"([A-Z]{1,3})([1-9]\d*)")
_SHAPE_ID = re.compile(rb"_x0000_s(\d+)")
_PARSER = etree.XMLParser(remove_blank_text=False, resolve_entities=False, huge_tree=True)


class Note(NamedTuple):
    """What goes on one cell: the findings' lines and the worst severity among them."""

    lines: tuple[str, ...]
    severity: str


def _m(tag: str) -> str:
    return f"{{{MAIN}}}{tag}"


def column_number(letters: str) -> int:
    number = 0
    for ch in letters:
        number = number * 26 + ord(ch) - 64
    return number


def column_letters(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def group_notes(
    findings: Iterable[tuple[str | None, str, str]], sheets: list[str], merged: Mapping
) -> dict[tuple[str, str], Note]:
    """(where, severity, line) of each finding → one Note per (sheet, cell). A finding on no cell
    of the workbook (a form-level problem) goes on A1 of the first sheet; one inside a merged
    range on the range's first cell, where Excel shows a comment."""
    lines: dict[tuple[str, str], list[str]] = {}
    worst: dict[tuple[str, str], str] = {}
    for where, severity, line in findings:
        parts = native(where) or {}
        sheet, cell = parts.get("sheet"), parts.get("cell")
        if sheet not in sheets or not isinstance(cell, str):
            sheet, cell = sheets[0], "A1"
        cell = merged.get(sheet, {}).get(cell, cell)
        key = (sheet, cell)
        lines.setdefault(key, []).append(line)
        if key not in worst or RANK[severity] > RANK[worst[key]]:
            worst[key] = severity
    return {key: Note(tuple(found), worst[key]) for key, found in lines.items()}


@dataclass
class _Package:
    """The zip package read once; parts rewritten or added are kept by name until written."""

    source: zipfile.ZipFile
    changed: dict[str, bytes] = field(default_factory=dict)

    def has(self, name: str) -> bool:
        return name in self.changed or name in self.source.NameToInfo

    def xml(self, name: str):
        data = self.changed.get(name)
        return etree.fromstring(data if data is not None else self.source.read(name), _PARSER)

    def raw(self, name: str) -> bytes:
        data = self.changed.get(name)
        return data if data is not None else self.source.read(name)

    def put(self, name: str, root) -> None:
        self.changed[name] = etree.tostring(
            root, xml_declaration=True, encoding="UTF-8", standalone=True
        )

    def free_name(self, pattern: str) -> str:
        n = 1
        while self.has(pattern.format(n)):
            n += 1
        return pattern.format(n)

    def write(self, out: io.BufferedIOBase) -> None:
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for info in self.source.infolist():
                data = self.changed.pop(info.filename, None)
                target.writestr(info, data if data is not None else self.source.read(info))
            for name, data in self.changed.items():
                target.writestr(name, data)


def _merged_anchors(sheet) -> dict[str, str]:
    """Every cell of a merged range → the range's first cell."""
    anchors: dict[str, str] = {}
    for merge in sheet.iter(_m("mergeCell")):
        first, _, last = (merge.get("ref") or "").partition(":")
        a, b = _CELL.fullmatch(first), _CELL.fullmatch(last or first)
        if not a or not b:
            continue
        cols = range(column_number(a[1]), column_number(b[1]) + 1)
        rows = range(int(a[2]), int(b[2]) + 1)
        if len(cols) * len(rows) > 10_000:  # a whole-column merge: its first cell is enough
            continue
        for row in rows:
            for col in cols:
                anchors[f"{column_letters(col)}{row}"] = first
    return anchors


def _cell(sheet, coordinate: str):
    """The <c> of a cell, added (with its <row>) in order when the sheet has none."""
    match = _CELL.fullmatch(coordinate)
    assert match is not None
    col, row_no = column_number(match[1]), int(match[2])
    data = sheet.find(_m("sheetData"))
    row, before, implied = None, None, 0
    for candidate in data.iterfind(_m("row")):
        implied = int(candidate.get("r") or implied + 1)
        if implied == row_no:
            row = candidate
            break
        if implied > row_no:
            before = candidate
            break
    if row is None:
        row = etree.Element(_m("row"), r=str(row_no))
        if before is None:
            data.append(row)
        else:
            before.addprevious(row)
    implied = 0
    for c in row.iterfind(_m("c")):
        ref = _CELL.fullmatch(c.get("r") or "")
        implied = column_number(ref[1]) if ref else implied + 1
        if implied == col:
            return c
        if implied > col:
            c.addprevious(new := etree.Element(_m("c"), r=coordinate))
            return new
    row.append(new := etree.Element(_m("c"), r=coordinate))
    return new


class _Styles:
    """styles.xml with a fill per severity, and each (format, severity) as a new cell format."""

    def __init__(self, package: _Package) -> None:
        self.package = package
        found = _Relationships(package, "xl/workbook.xml").find(STYLES_TYPE)
        self.name = found[1] if found is not None and package.has(found[1]) else None
        self.root = package.xml(self.name) if self.name else None
        self.fills: dict[str, int] = {}
        self.formats: dict[tuple[int, str], int] = {}

    def format_with_fill(self, xf: int, severity: str) -> int | None:
        if self.root is None:
            return None
        key = (xf, severity)
        if key in self.formats:
            return self.formats[key]
        cell_xfs = self.root.find(_m("cellXfs"))
        formats = cell_xfs.findall(_m("xf")) if cell_xfs is not None else []
        if not formats:
            return None
        copy = deepcopy(formats[xf] if xf < len(formats) else formats[0])
        copy.set("fillId", str(self._fill(severity)))
        copy.set("applyFill", "1")
        cell_xfs.append(copy)
        cell_xfs.set("count", str(len(formats) + 1))
        self.formats[key] = len(formats)
        return len(formats)

    def _fill(self, severity: str) -> int:
        if severity not in self.fills:
            fills = self.root.find(_m("fills"))
            pattern = etree.SubElement(
                etree.SubElement(fills, _m("fill")), _m("patternFill"), patternType="solid"
            )
            etree.SubElement(pattern, _m("fgColor"), rgb=FILLS[severity])
            etree.SubElement(pattern, _m("bgColor"), indexed="64")
            count = len(fills.findall(_m("fill")))
            fills.set("count", str(count))
            self.fills[severity] = count - 1
        return self.fills[severity]

    def save(self) -> None:
        if self.root is not None and self.formats:
            self.package.put(self.name, self.root)


def _rels_name(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", name + ".rels")


def _target(part: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(part), target))


class _Relationships:
    def __init__(self, package: _Package, part: str) -> None:
        self.package, self.part, self.name = package, part, _rels_name(part)
        self.root = (
            package.xml(self.name)
            if package.has(self.name)
            else etree.Element(f"{{{PKG_REL}}}Relationships", nsmap={None: PKG_REL})
        )

    def find(self, rel_type: str) -> tuple[str, str] | None:
        for rel in self.root:
            if rel.get("Type") == rel_type:
                return rel.get("Id"), _target(self.part, rel.get("Target", ""))
        return None

    def target_of(self, rel_id: str) -> str | None:
        for rel in self.root:
            if rel.get("Id") == rel_id:
                return _target(self.part, rel.get("Target", ""))
        return None

    def add(self, rel_type: str, target: str) -> str:
        ids = {rel.get("Id") for rel in self.root}
        n = 1
        while f"rId{n}" in ids:
            n += 1
        relative = posixpath.relpath(target, posixpath.dirname(self.part))
        etree.SubElement(
            self.root, f"{{{PKG_REL}}}Relationship", Id=f"rId{n}", Type=rel_type, Target=relative
        )
        self.package.put(self.name, self.root)
        return f"rId{n}"


def _content_types(package: _Package, overrides: dict[str, str], vml: bool) -> None:
    if not overrides and not vml:
        return
    root = package.xml("[Content_Types].xml")
    tag = f"{{{CONTENT_TYPES}}}"
    if vml and not any(d.get("Extension", "").lower() == "vml" for d in root.iter(f"{tag}Default")):
        root.insert(0, etree.Element(f"{tag}Default", Extension="vml", ContentType=VML_CONTENT))
    for part, content in overrides.items():
        etree.SubElement(root, f"{tag}Override", PartName="/" + part, ContentType=content)
    package.put("[Content_Types].xml", root)


def _comment_text(comment) -> etree._Element:
    text = comment.find(_m("text"))
    if text is None:
        text = etree.SubElement(comment, _m("text"))
    return text


def _append_run(text, body: str) -> None:
    run = etree.SubElement(text, _m("r"))
    t = etree.SubElement(run, _m("t"))
    t.text = body
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


def _write_comment(comments, author_id: int, coordinate: str, note: Note) -> bool:
    """Put the note on the cell's comment; True when the comment is new (it needs a box)."""
    body = "\n".join(note.lines)
    for comment in comments.iter(_m("comment")):
        if comment.get("ref") != coordinate:
            continue
        text = _comment_text(comment)
        if comment.get("authorId") == str(author_id):  # formlint's own, from an earlier run
            for child in list(text):
                text.remove(child)
            _append_run(text, body)
            return False
        for run in text.findall(_m("r")):  # notes an earlier run appended
            t = run.find(_m("t"))
            if t is not None and (t.text or "").startswith(f"\n\n{SEPARATOR}"):
                text.remove(run)
        _append_run(text, f"\n\n{SEPARATOR}\n{body}")
        return False
    comment_list = comments.find(_m("commentList"))
    comment = etree.SubElement(comment_list, _m("comment"), ref=coordinate)
    comment.set("authorId", str(author_id))
    _append_run(etree.SubElement(comment, _m("text")), body)
    return True


def _author(comments) -> int:
    authors = comments.find(_m("authors"))
    if authors is None:
        authors = etree.Element(_m("authors"))
        comments.insert(0, authors)
    names = [a.text or "" for a in authors.findall(_m("author"))]
    if AUTHOR in names:
        return names.index(AUTHOR)
    etree.SubElement(authors, _m("author")).text = AUTHOR
    return len(names)


VML_NS = (
    'xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
    'xmlns:x="urn:schemas-microsoft-com:office:excel"'
)
SHAPE_TYPE = (
    f'<v:shapetype {VML_NS} id="_x0000_t202" coordsize="21600,21600" o:spt="202"'
    ' path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/>'
    '<v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>'
)


def _shape(shape_id: int, coordinate: str, lines: int) -> str:
    """A hidden comment box beside its cell, as Excel draws one."""
    match = _CELL.fullmatch(coordinate)
    assert match is not None
    col, row = column_number(match[1]) - 1, int(match[2]) - 1
    height = min(24, 3 + 2 * lines)
    return (
        f'<v:shape {VML_NS} id="_x0000_s{shape_id}" type="#_x0000_t202"'
        ' style="position:absolute;margin-left:80pt;margin-top:2pt;width:260pt;'
        f'height:{12 * height}pt;z-index:{shape_id};visibility:hidden" fillcolor="#ffffe1"'
        ' o:insetmode="auto"><v:fill color2="#ffffe1"/><v:shadow color="black" obscured="t"/>'
        '<v:path o:connecttype="none"/><v:textbox style="mso-direction-alt:auto">'
        '<div style="text-align:left"></div></v:textbox><x:ClientData ObjectType="Note">'
        f"<x:MoveWithCells/><x:SizeWithCells/><x:Anchor>{col + 1}, 15, {row}, 2, {col + 5}, 15,"
        f" {row + height}, 4</x:Anchor><x:AutoFill>False</x:AutoFill><x:Row>{row}</x:Row>"
        f"<x:Column>{col}</x:Column></x:ClientData></v:shape>"
    )


def _add_boxes(package: _Package, vml: str | None, block: int, boxes: list[tuple[str, int]]) -> str:
    """Comment boxes for new comments, appended to the sheet's VML drawing (or a new one)."""
    if vml is not None and package.has(vml):
        data = package.raw(vml)
        first = max((int(n) for n in _SHAPE_ID.findall(data)), default=block * 1024) + 1
        shapes = "".join(_shape(first + i, cell, n) for i, (cell, n) in enumerate(boxes))
        if b'id="_x0000_t202"' not in data:
            shapes = SHAPE_TYPE + shapes
        end = data.rstrip().rfind(b"</xml>")
        package.changed[vml] = data[:end] + shapes.encode() + data[end:]
        return vml
    name = package.free_name("xl/drawings/vmlDrawing{}.vml")
    shapes = "".join(_shape(block * 1024 + 1 + i, cell, n) for i, (cell, n) in enumerate(boxes))
    package.changed[name] = (
        f'<xml {VML_NS}><o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="{block}"/>'
        f"</o:shapelayout>{SHAPE_TYPE}{shapes}</xml>"
    ).encode()
    return name


def _legacy_drawing(sheet, rel_id: str) -> None:
    element = etree.Element(_m("legacyDrawing"))
    element.set(f"{{{DOC_REL}}}id", rel_id)
    for tag in AFTER_LEGACY_DRAWING:
        later = sheet.find(_m(tag))
        if later is not None:
            later.addprevious(element)
            return
    sheet.append(element)


def annotate_workbook(
    data: bytes, findings: Iterable[tuple[str | None, str, str]]
) -> tuple[bytes, int]:
    """The workbook ``data`` with a note on the cell of each finding (where, severity, line);
    returns the new package and how many cells it annotated."""
    package = _Package(zipfile.ZipFile(io.BytesIO(data)))
    parts = sheet_parts(package.source)
    sheets = {part.name: package.xml(part.path) for part in parts}
    merged = {name: _merged_anchors(sheet) for name, sheet in sheets.items()}
    notes = group_notes(findings, [part.name for part in parts], merged)
    styles = _Styles(package)
    overrides: dict[str, str] = {}
    new_vml = False
    for block, part in enumerate(parts, start=100):
        on_sheet = {cell: note for (name, cell), note in notes.items() if name == part.name}
        if not on_sheet:
            continue
        sheet = sheets[part.name]
        for coordinate, note in on_sheet.items():
            cell = _cell(sheet, coordinate)
            style = styles.format_with_fill(int(cell.get("s") or 0), note.severity)
            if style is not None:
                cell.set("s", str(style))
        rels = _Relationships(package, part.path)
        found = rels.find(COMMENTS_TYPE)
        if found is None:
            comments_part = package.free_name("xl/comments{}.xml")
            comments = etree.Element(_m("comments"), nsmap={None: MAIN})
            etree.SubElement(comments, _m("authors"))
            etree.SubElement(comments, _m("commentList"))
            rels.add(COMMENTS_TYPE, comments_part)
            overrides[comments_part] = COMMENTS_CONTENT
        else:
            comments_part = found[1]
            comments = package.xml(comments_part)
            if comments.find(_m("commentList")) is None:
                etree.SubElement(comments, _m("commentList"))
        author = _author(comments)
        boxes = [
            (coordinate, len(note.lines))
            for coordinate, note in on_sheet.items()
            if _write_comment(comments, author, coordinate, note)
        ]
        package.put(comments_part, comments)
        if boxes:
            legacy = sheet.find(_m("legacyDrawing"))
            vml = rels.target_of(legacy.get(f"{{{DOC_REL}}}id", "")) if legacy is not None else None
            written = _add_boxes(package, vml, block, boxes)
            if written != vml:
                new_vml = True
                if legacy is not None:
                    sheet.remove(legacy)
                _legacy_drawing(sheet, rels.add(VML_TYPE, written))
        package.put(part.path, sheet)
    styles.save()
    _content_types(package, overrides, new_vml)
    out = io.BytesIO()
    package.write(out)
    return out.getvalue(), len(notes)
