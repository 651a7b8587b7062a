"""Rows to a Document: the row lexer, the form grammar, then the builders, one form at a time.

The token stream is cut at every title row and each form is parsed on its own, so a form the
grammar rejects becomes a PARSE problem and the parser recovers at the next form.

The grammar sees only the sequence of row kinds, so the tree of a sequence is the same whatever
the cells say: forms of one template share their shape, and Lark parses each shape once. Tokens
index the rows of their own form, which is what the builders are given.
"""

from __future__ import annotations

from functools import lru_cache

from lark import Tree
from lark.exceptions import UnexpectedInput

from linter.limits import MAX_FORMS, refuse
from linter.parse.build.common import row_span
from linter.parse.build.form import build_form
from linter.parse.grammar import form_parser
from linter.parse.lexer import Classified, classify
from linter.parse.nodes import Document, Form, ParseProblem
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
    "IND": "指标行",
    "LABEL": "标签行",
    "FRAGMENT": "续行",
    "TOTAL": "合计行",
    "GRADE": "等级行",
    "NOTE": "说明行",
}


def parse_rows(source: SourceRows) -> Document:
    rows = classify(source.rows, source.lines)
    titles = sum(1 for item in rows if item.kind == "TITLE")
    if titles > MAX_FORMS:  # a million one-line forms: refused before a form is built
        raise refuse("表单", "forms", titles, MAX_FORMS)
    forms: list[Form] = []
    problems: list[ParseProblem] = []
    for chunk in _chunks(rows):
        is_form = chunk[0].kind == "TITLE"
        try:
            tree = _shape(tuple([item.kind for item in chunk]), "form" if is_form else "preamble")
        except UnexpectedInput as exc:
            problems.append(_problem(exc, chunk))
            continue
        if is_form:
            forms.append(build_form(tree, chunk, len(forms) + 1))
    if not forms and not problems:
        problems.append(_no_form(source))
    return Document(
        path=source.path, lines=source.lines, forms=tuple(forms), problems=tuple(problems)
    )


@lru_cache(maxsize=4096)
def _shape(kinds: tuple[str, ...], start: str) -> Tree:
    """The parse tree of a sequence of row kinds; shared by every form of that shape, read only."""
    return form_parser().parse(kinds, start=start)


def _chunks(rows: list[Classified]):
    """The rows of the preamble and of each form."""
    chunk: list[Classified] = []
    for item in rows:
        if item.kind == "TITLE" and chunk:
            yield chunk
            chunk = []
        chunk.append(item)
    if chunk:
        yield chunk


def _problem(exc: UnexpectedInput, rows: list[Classified]) -> ParseProblem:
    token = getattr(exc, "token", None)
    index = token.start_pos if token is not None and token.type != "$END" else None
    expected = sorted(getattr(exc, "expected", None) or getattr(exc, "allowed", None) or [])
    exp_zh = "、".join(_KIND_ZH.get(e, e) for e in expected) or "表单结束"
    exp_en = ", ".join(expected) or "end of form"
    if index is None:
        last = rows[-1]
        return ParseProblem(
            "PARSE002",
            f"表单意外结束；应为：{exp_zh}",
            f"form ends too early; expected: {exp_en}",
            row_span(last.row),
        )
    item = rows[index]
    got = _KIND_ZH.get(item.kind, item.kind)
    return ParseProblem(
        "PARSE002",
        f"此处不应出现{got}；应为：{exp_zh}",
        f"unexpected {item.kind} row; expected: {exp_en}",
        row_span(item.row),
    )


def _no_form(source: SourceRows) -> ParseProblem:
    from linter.parse.nodes import Span

    return ParseProblem(
        "PARSE003",
        "未找到任何表单标题（如“财政项目支出绩效目标申报表”）",
        "no form title found (such as 财政项目支出绩效目标申报表)",
        Span(1, 1, 1, 2),
    )
