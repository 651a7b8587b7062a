"""Rows to a Document: the row lexer, the segmenter, the form grammar, then the builders.

The file is cut into forms first (``segment``), and each form is parsed on its own. A row the
grammar does not expect where it stands is skipped with a PARSE002 finding naming it, and the
parse goes on: a form never dies on one row.

The grammar sees only the sequence of row kinds, so the tree of a sequence is the same whatever
the cells say: forms of one template share their shape, and Lark parses each shape once. Tokens
index the rows of their own form, which is what the builders are given.
"""

from __future__ import annotations

from functools import lru_cache

from lark import Token, Tree
from lark.exceptions import UnexpectedInput, UnexpectedToken

from linter.limits import MAX_FORMS, refuse
from linter.parse.build.common import row_span
from linter.parse.build.form import build_forms
from linter.parse.grammar import form_parser
from linter.parse.lexer import Classified, classify
from linter.parse.nodes import Document, Form, ParseProblem, Span
from linter.parse.segment import segments
from linter.parse.source import SourceRows

_KIND_ZH = {
    "TITLE": "表头标题",
    "YEAR": "年度行",
    "FIELD": "字段行",
    "FUNDS_HEAD": "资金表头",
    "FUNDS": "资金行",
    "GOAL_HEAD": "目标表头",
    "GOAL": "目标行",
    "PERIOD": "期间行",
    "TEXT": "文本行",
    "TABLE_HEAD": "指标表头",
    "HEAD": "表头续行",
    "IND": "指标行",
    "LABEL": "标签行",
    "FRAGMENT": "续行",
    "TOTAL": "合计行",
    "GRADE": "等级行",
    "NOTE": "说明行",
    "SIGN": "签章行",
    "FLAT": "整段文字",
}


def parse_rows(source: SourceRows) -> Document:
    rows = classify(source.rows)
    titles = sum(1 for item in rows if item.kind == "TITLE")
    if titles > MAX_FORMS:  # a million one-line forms: refused before a form is built
        raise refuse("表单", "forms", titles, MAX_FORMS)
    forms: list[Form] = []
    problems: list[ParseProblem] = []
    for segment in segments(rows):
        kinds = tuple([item.kind for item in segment.rows])
        tree, skipped = _shape(kinds)
        problems.extend(_skipped(segment.rows[i]) for i in skipped)
        built, found = build_forms(tree, segment.rows, segment.titled, len(forms) + 1)
        forms.extend(built)
        problems.extend(found)
        if len(forms) > MAX_FORMS:  # forms without titles: refused as soon as they are too many
            raise refuse("表单", "forms", len(forms), MAX_FORMS)
    flat = [item for item in rows if item.kind == "FLAT"]
    if flat:
        problems.append(_unreadable(flat))
    elif not forms:
        problems.append(_no_form())
    problems.sort(key=lambda p: p.span.line)
    return Document(
        path=source.path, lines=source.lines, forms=tuple(forms), problems=tuple(problems)
    )


@lru_cache(maxsize=4096)
def _shape(kinds: tuple[str, ...]) -> tuple[Tree, tuple[int, ...]]:
    """The parse tree of a sequence of row kinds, and the rows it had to skip; shared by every
    form of that shape, read only. Most shapes parse at once; one that does not is fed row by
    row, each row the grammar rejects skipped."""
    try:
        return form_parser().parse(kinds), ()
    except UnexpectedInput:
        pass
    parser = form_parser().parse_interactive(start="form")
    skipped = []
    for index, kind in enumerate(kinds):
        before = parser.copy()
        try:
            parser.feed_token(Token(kind, kind, index))
        except UnexpectedToken:
            skipped.append(index)
            parser = before
    return parser.feed_eof(), tuple(skipped)


def _skipped(item: Classified) -> ParseProblem:
    got = _KIND_ZH.get(item.kind, item.kind)
    text = next((t.strip() for t in item.row.texts if t.strip()), "")[:20]
    return ParseProblem(
        "PARSE002",
        f"{got}「{text}」不在表单中应有的位置，已跳过",
        f"{item.kind} row 「{text}」 is out of place in the form and was skipped",
        row_span(item.row),
    )


def _unreadable(flat: list[Classified]) -> ParseProblem:
    lines = len(flat)
    return ParseProblem(
        "PARSE009",
        f"表格被压成整段文字（{lines} 行），无法分辨单元格和行，表单无法读取；请提供原表格文件",
        f"the table is run together into plain text ({lines} lines): no cell or row can be told"
        " apart, so the form cannot be read; check the original table file",
        row_span(flat[0].row),
    )


def _no_form() -> ParseProblem:
    return ParseProblem(
        "PARSE003",
        "未找到任何表单（如“财政项目支出绩效目标申报表”的标题、项目名称或指标表）",
        "no form found (no title such as 财政项目支出绩效目标申报表, no 项目名称, no indicator table)",
        Span(1, 1, 1, 2),
    )
