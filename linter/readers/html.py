"""Saved web pages (.html, .htm) and web archives (.mhtml, .mht): tables and paragraphs as rows.

Counties publish forms as web pages. Every ``<table>`` becomes rows of its cells, laid out on
its grid as the text export lays merged cells: a cell spanning rows or columns (rowspan,
colspan) keeps its text in its first position and leaves the others empty. Text outside tables
becomes one row per paragraph or line break. A table that holds tables is the page's layout,
not a form: its own texts are paragraphs, and the tables inside it are read as tables. Two
tables with nothing between them are one table cut by a page break of the document the page was
made from: a blank row goes between them, as the text export has, so a row the break cut in two
is joined again by the parser.

The stdlib's ``html.parser`` reads the page: it expands only HTML's own character references,
never entities a page declares, so a page cannot make it expand text without bound; spans are
capped as browsers cap them, and a page whose grid would exceed ``MAX_CELLS`` is refused.

Locations are ``table 2 row 5 col 3`` (grid columns) and ``paragraph 7``, as for Word.
"""

from __future__ import annotations

import codecs
import email
import email.policy
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from linter.parse.source import ReadError, SourceRows, rows_from_cells
from linter.readers._layout import join_lines
from linter.readers.sniff import is_web_archive
from linter.readers.text import decode

MAX_COLSPAN = 1000  # the HTML standard's own caps
MAX_ROWSPAN = 65534
MAX_CELLS = 2_000_000  # grid positions in one page; a form has a few thousand
MAX_PAGE_BYTES = 16 * 1024 * 1024  # the page itself (an archive's pictures are not read)
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w.:-]+)""", re.IGNORECASE)
_SPACE = re.compile(r"[ \t\f\v\u00a0\u3000]+")  # HTML's white space, &nbsp;, the ideographic space
_HIDDEN = {"script", "style", "title", "template", "noscript", "select"}  # text never shown
_BLOCKS = {
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd",
    "section", "article", "header", "footer", "center", "blockquote", "pre", "caption",
    "form", "hr", "address", "body", "main", "nav", "aside", "figure", "figcaption",
}  # fmt: skip

Cell = tuple[str, int, int]  # text, rowspan, colspan


def read_html(path: str, data: bytes) -> SourceRows:
    """Rows of the page's tables and paragraphs in document order."""
    page = _page(data)
    parser = _FormPage()
    try:
        parser.feed(page)
        parser.close()
    except AssertionError as exc:  # html.parser's way of refusing a malformed declaration
        raise ReadError(f"网页无法解析：{exc}", f"the page cannot be parsed: {exc}") from exc
    parser.end_paragraph()
    table, where = parser.table, parser.where
    if not any(any(t.strip() for t in row) for row in table):
        raise ReadError("网页中没有任何文字", "the page holds no text")
    return rows_from_cells(path, table, where)


def _page(data: bytes) -> str:
    """The page's text: the HTML part of a web archive, decoded by its declared charset or,
    without one, as a text export is."""
    head = data[:4096].lstrip()
    if is_web_archive(head):
        data, charset = _archived_page(data)
    else:
        found = _CHARSET.search(head)
        charset = found.group(1).decode("ascii", "replace") if found else None
    if len(data) > MAX_PAGE_BYTES:
        raise ReadError(
            f"网页超过 {MAX_PAGE_BYTES // 2**20} MB，不像是绩效表单",
            f"the page is larger than {MAX_PAGE_BYTES // 2**20} MB; that is not a performance form",
        )
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return decode(data)
    codec = _codec(charset)
    if codec is None:
        return decode(data.replace(b"\x00", b""))
    return data.decode(codec, errors="replace")


def _codec(charset: str | None) -> str | None:
    """A codec for a declared charset: GB2312 and GBK pages are read as GB18030, which holds
    both (pages declared GB2312 often use GBK characters)."""
    if not charset:
        return None
    try:
        name = codecs.lookup(charset).name
    except LookupError:
        return None
    return "gb18030" if name in ("gb2312", "gbk") else name


def _archived_page(data: bytes) -> tuple[bytes, str | None]:
    """The first HTML part of an MHTML archive, with its charset."""
    message = email.message_from_bytes(data, policy=email.policy.compat32)
    for part in message.walk():
        if part.get_content_type() == "text/html":
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes):
                return payload, part.get_content_charset()
    raise ReadError("网页存档（MHTML）中没有网页", "the web archive (MHTML) holds no HTML page")


@dataclass
class _Table:
    number: int
    rows: list[list[Cell]] = field(default_factory=list)
    row: list[Cell] | None = None
    cell: list[str] | None = None  # the texts of the open cell
    spans: tuple[int, int] = (1, 1)
    layout: bool = False  # it holds a table: its cells are paragraphs


class _FormPage(HTMLParser):
    """Collects rows (``table``) and their locations (``where``) while the page is fed."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.table: list[list[str]] = []
        self.where: list[list[str | None]] = []
        self._stack: list[_Table] = []
        self._tables = 0
        self._paragraphs = 0
        self._cells = 0
        self._text: list[str] = []  # the open paragraph
        self._after_table = False  # the last row was a table's: no text since
        self._hidden = 0

    # --- the parser's events

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:
            self._hidden += 1
        elif tag == "body":  # whatever a broken head left open, the body is shown
            self._hidden = 0
            self._block()
        elif tag == "table":
            self._open_table()
        elif tag == "tr":
            self._open_row()
        elif tag in ("td", "th"):
            self._open_cell(dict(attrs))
        elif tag == "br":
            self._break()
        elif tag in _BLOCKS:
            self._block()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:  # <script/> opens nothing
            return
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self._hidden = max(0, self._hidden - 1)
        elif tag == "table":
            self._close_table()
        elif tag == "tr":
            self._close_row()
        elif tag in ("td", "th"):
            self._close_cell()
        elif tag in _BLOCKS:
            self._block()

    def handle_data(self, data: str) -> None:
        if self._hidden:
            return
        data = data.replace("\r", " ").replace("\n", " ")  # the source's own line ends are
        # white space; only <br> and blocks break a line
        top = self._stack[-1] if self._stack else None
        if top is not None and top.cell is not None:
            top.cell.append(data)
        else:
            self._text.append(data)

    # --- paragraphs

    def _break(self) -> None:
        top = self._stack[-1] if self._stack else None
        if top is not None and top.cell is not None:
            top.cell.append("\n")
        else:
            self.end_paragraph()

    def _block(self) -> None:
        self._break()

    def end_paragraph(self) -> None:
        self._paragraph("".join(self._text))
        self._text = []

    def _paragraph(self, text: str) -> None:
        for line in text.split("\n"):
            line = _SPACE.sub(" ", line).strip()
            if line:
                self._after_table = False
                self._paragraphs += 1
                self.table.append([line])
                self.where.append([f"paragraph {self._paragraphs}"])

    # --- tables

    def _open_table(self) -> None:
        top = self._stack[-1] if self._stack else None
        if top is None:
            self.end_paragraph()
            if self._after_table:  # two tables back to back: a page break between them
                self.table.append([""])
                self.where.append([None])
        elif top.cell is not None:  # a table in a cell: the outer table is the page's layout
            if not top.layout:
                top.layout = True
                for row in top.rows:
                    for text, _, _ in row:
                        self._paragraph(text)
                top.rows = []
            self._paragraph("".join(top.cell))
            top.cell = []
        self._tables += 1
        self._stack.append(_Table(self._tables))

    def _open_row(self) -> None:
        if self._stack:
            self._close_row()
            self._stack[-1].row = []

    def _open_cell(self, attrs: dict[str, str | None]) -> None:
        if not self._stack:
            self._block()  # a stray cell outside any table: its text is a paragraph
            return
        top = self._stack[-1]
        self._close_cell()
        if top.row is None:
            top.row = []
        top.cell = []
        top.spans = (
            _span(attrs.get("rowspan"), MAX_ROWSPAN),
            _span(attrs.get("colspan"), MAX_COLSPAN),
        )

    def _close_cell(self) -> None:
        if not self._stack:
            self._block()
            return
        top = self._stack[-1]
        if top.cell is None:
            return
        text = "".join(top.cell)
        top.cell = None
        if top.layout:
            self._paragraph(text)
            return
        if top.row is None:
            top.row = []
        top.row.append((_cell_text(text), *top.spans))

    def _close_row(self) -> None:
        if not self._stack:
            return
        top = self._stack[-1]
        self._close_cell()
        if top.row is not None:
            if not top.layout:
                top.rows.append(top.row)
            top.row = None

    def _close_table(self) -> None:
        if not self._stack:
            return
        self._close_row()
        done = self._stack.pop()
        if not done.layout:
            self._lay_out(done)

    def _lay_out(self, done: _Table) -> None:
        """The table's rows on its grid: a spanned position is empty, as in the text export."""
        carried: dict[int, int] = {}  # grid column → rows a rowspan above still covers
        for row_no, row in enumerate(done.rows, start=1):
            texts: list[str] = []
            where: list[str | None] = []
            name = f"table {done.number} row {row_no} col "
            for text, rowspan, colspan in row:
                while carried.get(len(texts), 0) > 0:
                    carried[len(texts)] -= 1
                    self._place(texts, where, "", f"{name}{len(texts) + 1}")
                first, ref = len(texts), f"{name}{len(texts) + 1}"
                self._place(texts, where, text, ref)
                for _ in range(colspan - 1):
                    self._place(texts, where, "", ref)
                if rowspan > 1:
                    carried.update(dict.fromkeys(range(first, first + colspan), rowspan - 1))
            last = max((c for c, n in carried.items() if n > 0), default=-1)
            while len(texts) <= last:
                if carried.get(len(texts), 0) > 0:
                    carried[len(texts)] -= 1
                self._place(texts, where, "", f"{name}{len(texts) + 1}")
            self.table.append(texts)
            self.where.append(where)
        self._after_table = True

    def _place(self, texts: list[str], where: list[str | None], text: str, ref: str) -> None:
        """One grid position; a page with more than ``MAX_CELLS`` of them is refused."""
        self._cells += 1
        if self._cells > MAX_CELLS:
            raise ReadError(
                f"网页表格超过 {MAX_CELLS} 个单元格，不像是绩效表单",
                f"the page's tables have more than {MAX_CELLS} cells; that is not a performance form",
            )
        texts.append(text)
        where.append(ref)


def _span(value: str | None, cap: int) -> int:
    try:
        return min(max(int((value or "1").strip()), 1), cap)
    except ValueError:
        return 1


def _cell_text(text: str) -> str:
    """A cell's lines with HTML's white space collapsed, joined as a wrapped cell is."""
    return join_lines("\n".join(_SPACE.sub(" ", line).strip() for line in text.split("\n")))
